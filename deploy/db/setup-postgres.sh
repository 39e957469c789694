#!/usr/bin/env bash
# Makes the farm's PostgreSQL database ready, from nothing or from any state in between, and
# prints its connection string as the only line on stdout (progress goes to stderr):
#   1. installs PostgreSQL with apt when it is missing;
#   2. starts a server on RENDERFARM_PG_PORT when none is listening there (Debian's
#      pg_ctlcluster when the machine has it, otherwise initdb + pg_ctl with a data dir of its
#      own; no systemd needed), and waits until it accepts connections;
#   3. creates the application role and database when the role cannot log in yet;
#   4. creates the clients' role renderfarm_gateways, which may only find the gateways;
#   5. applies deploy/sql/*.sql in order (each file is idempotent, so this is safe to repeat).
# Settings (environment, with defaults): RENDERFARM_PG_HOST=localhost, RENDERFARM_PG_PORT=5432,
# RENDERFARM_PG_USER=renderfarm, RENDERFARM_PG_PASSWORD=renderfarm,
# RENDERFARM_PG_DATABASE=renderfarm, RENDERFARM_PG_GATEWAYS_PASSWORD=renderfarm_gateways,
# RENDERFARM_PG_WAIT_SECONDS=60,
# RENDERFARM_PG_MAX_CONNECTIONS=500 (a local server is raised to at least this) and, for the
# initdb route only, RENDERFARM_PG_DATA_DIR=/var/lib/postgresql/renderfarm-data.
# Installing and starting happen only for a local host; a remote server must already exist.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
sql_dir="$(cd "$here/../sql" && pwd)"
. "$here/pg-settings.sh"
data_dir="${RENDERFARM_PG_DATA_DIR:-/var/lib/postgresql/renderfarm-data}"
socket_dir=/var/run/postgresql

log() { echo "setup-postgres: $*" >&2; }
die() { log "error: $*"; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "must run as root or have sudo to do: $*"
  fi
}

# Runs a command as the postgres OS user from a directory that user can read.
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@")
  else (cd / && sudo -u postgres -- "$@")
  fi
}

is_local_host() {
  case "$RENDERFARM_PG_HOST" in
    localhost | 127.* | ::1 | "") return 0 ;;
    *) return 1 ;;
  esac
}

# The newest server binaries apt installed (/usr/lib/postgresql/<version>/bin), if any.
server_bin_dir() {
  local dirs
  dirs=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null || true)
  [ -n "$dirs" ] && printf '%s\n' "$dirs" | sort -V | tail -n 1
  return 0
}

install_postgres() {
  local packages=(postgresql-client)
  is_local_host && packages=(postgresql)
  log "installing ${packages[*]} with apt"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
}

# 0: accepting connections, 1: rejecting (starting up or shutting down), 2: no answer.
server_state() {
  local rc=0
  pg_isready -q -h "$RENDERFARM_PG_HOST" -p "$RENDERFARM_PG_PORT" -t 3 || rc=$?
  echo "$rc"
}

start_with_pg_ctlcluster() {
  local cluster version name
  cluster=$(pg_lsclusters -h | awk -v port="$RENDERFARM_PG_PORT" '$3 == port { print $1, $2; exit }')
  if [ -z "$cluster" ]; then
    version=$(basename "$(dirname "$(server_bin_dir)")")
    log "creating PostgreSQL $version cluster 'renderfarm' on port $RENDERFARM_PG_PORT"
    as_root pg_createcluster --port "$RENDERFARM_PG_PORT" "$version" renderfarm >&2
    cluster="$version renderfarm"
  fi
  read -r version name <<<"$cluster"
  log "starting cluster $version/$name with pg_ctlcluster"
  as_root pg_ctlcluster "$version" "$name" start >&2
}

start_with_pg_ctl() {
  local bin
  bin=$(server_bin_dir)
  [ -n "$bin" ] || bin=$(dirname "$(command -v initdb || die "no initdb found")")
  if [ ! -s "$data_dir/PG_VERSION" ]; then
    log "initialising a data directory at $data_dir"
    as_root install -d -o postgres -g postgres -m 700 "$data_dir"
    as_postgres "$bin/initdb" -D "$data_dir" -U postgres --auth-local=peer \
      --auth-host=scram-sha-256 >&2
  fi
  log "starting PostgreSQL from $data_dir with pg_ctl"
  as_postgres "$bin/pg_ctl" -D "$data_dir" -l "$data_dir/server.log" \
    -o "-p $RENDERFARM_PG_PORT -k $socket_dir" start >&2
}

restart_server() {
  if command -v pg_ctlcluster >/dev/null 2>&1 && command -v pg_lsclusters >/dev/null 2>&1; then
    local version name
    read -r version name < <(pg_lsclusters -h | awk -v port="$RENDERFARM_PG_PORT" '$3 == port { print $1, $2; exit }')
    as_root pg_ctlcluster "$version" "$name" restart >&2
  else
    local bin
    bin=$(server_bin_dir)
    [ -n "$bin" ] || bin=$(dirname "$(command -v pg_ctl)")
    as_postgres "$bin/pg_ctl" -D "$data_dir" -l "$data_dir/server.log" \
      -o "-p $RENDERFARM_PG_PORT -k $socket_dir" restart >&2
  fi
}

# Every silo process keeps a pool of up to 100 connections (Npgsql's default), so PostgreSQL's
# default of 100 connections runs out with a handful of silos and a client.
ensure_connection_capacity() {
  local current
  current=$(as_postgres psql -X -At -h "$socket_dir" -p "$RENDERFARM_PG_PORT" -d postgres -c 'SHOW max_connections')
  [ "$current" -ge "$RENDERFARM_PG_MAX_CONNECTIONS" ] && return 0
  log "raising max_connections from $current to $RENDERFARM_PG_MAX_CONNECTIONS (restarts the server)"
  as_postgres psql -X -q -h "$socket_dir" -p "$RENDERFARM_PG_PORT" -d postgres \
    -c "ALTER SYSTEM SET max_connections = $RENDERFARM_PG_MAX_CONNECTIONS" >/dev/null
  restart_server
  wait_until_accepting
}

start_server() {
  # /var/run is often a fresh tmpfs in containers: the socket directory may be gone.
  as_root install -d -o postgres -g postgres -m 2775 "$socket_dir"
  if command -v pg_ctlcluster >/dev/null 2>&1 && command -v pg_lsclusters >/dev/null 2>&1; then
    start_with_pg_ctlcluster
  else
    start_with_pg_ctl
  fi
}

wait_until_accepting() {
  local deadline=$((SECONDS + RENDERFARM_PG_WAIT_SECONDS))
  until [ "$(server_state)" = 0 ]; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      die "PostgreSQL on $RENDERFARM_PG_HOST:$RENDERFARM_PG_PORT did not accept connections within ${RENDERFARM_PG_WAIT_SECONDS}s"
    fi
    sleep 0.5
  done
}

app_role_can_connect() {
  renderfarm_psql -c 'SELECT 1' >/dev/null 2>&1
}

create_role_and_database() {
  log "creating role '$RENDERFARM_PG_USER' and database '$RENDERFARM_PG_DATABASE' if missing"
  as_postgres psql -X -q -v ON_ERROR_STOP=1 -h "$socket_dir" -p "$RENDERFARM_PG_PORT" -d postgres \
    -v role="$RENDERFARM_PG_USER" -v password="$RENDERFARM_PG_PASSWORD" \
    -v db="$RENDERFARM_PG_DATABASE" >/dev/null <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'role', :'password')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I LOGIN PASSWORD %L', :'role', :'password') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL
}

# Clients connect to the database only to find the gateways: their role logs in and reads what
# deploy/sql/50-gateway-reader.sql grants it (the membership and the query texts), never grain state.
ensure_gateway_role() {
  log "ensuring role '$RENDERFARM_PG_GATEWAYS_USER' (clients: gateways only)"
  as_postgres psql -X -q -v ON_ERROR_STOP=1 -h "$socket_dir" -p "$RENDERFARM_PG_PORT" -d postgres \
    -v role="$RENDERFARM_PG_GATEWAYS_USER" -v password="$RENDERFARM_PG_GATEWAYS_PASSWORD" >/dev/null <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L NOINHERIT', :'role', :'password')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I LOGIN PASSWORD %L', :'role', :'password') \gexec
SQL
}

apply_schema() {
  local file
  for file in "$sql_dir"/*.sql; do
    log "applying $(basename "$file")"
    PGOPTIONS='-c client_min_messages=warning' renderfarm_psql --single-transaction -f "$file"
  done
}

if ! command -v psql >/dev/null 2>&1 || ! command -v pg_isready >/dev/null 2>&1 \
  || { is_local_host && [ -z "$(server_bin_dir)" ] && ! command -v initdb >/dev/null 2>&1; }; then
  install_postgres
fi

if [ "$(server_state)" = 2 ]; then
  is_local_host || die "nothing answers on $RENDERFARM_PG_HOST:$RENDERFARM_PG_PORT (only a local server is started by this script)"
  start_server
fi
wait_until_accepting
is_local_host && ensure_connection_capacity

if ! app_role_can_connect; then
  is_local_host || die "cannot log in to $RENDERFARM_PG_HOST:$RENDERFARM_PG_PORT as $RENDERFARM_PG_USER (create the role and database there first)"
  create_role_and_database
  app_role_can_connect || die "role $RENDERFARM_PG_USER still cannot log in to database $RENDERFARM_PG_DATABASE"
fi

is_local_host && ensure_gateway_role
apply_schema
log "database ready"
renderfarm_pg_connection_string
