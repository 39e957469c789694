# Shared settings of the deploy/local scripts (sourced, not run).
#   RENDERFARM_LOCAL_DIR    run folder: logs/, pids/, store/, nodes/, tls/, connection (default /tmp/renderfarm-local)
#   RENDERFARM_PG_DATABASE  database of the local farm (default renderfarm_local: its own, so that
#                           resetting it never touches the database the tests use)
#   RENDERFARM_LOCAL_SILO_PORT / RENDERFARM_LOCAL_GATEWAY_PORT  node i gets base+i (defaults 11110 / 29999,
#                           so node-1 has 11111 / 30000)

local_here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$local_here/../.." && pwd)"
run_dir="${RENDERFARM_LOCAL_DIR:-/tmp/renderfarm-local}"
export RENDERFARM_PG_DATABASE="${RENDERFARM_PG_DATABASE:-renderfarm_local}"
silo_port_base="${RENDERFARM_LOCAL_SILO_PORT:-11110}"
gateway_port_base="${RENDERFARM_LOCAL_GATEWAY_PORT:-29999}"
# Node i serves /metrics, /healthz and /readyz on metrics_port_base + i (deploy/prometheus scrapes 9401..).
metrics_port_base="${RENDERFARM_LOCAL_METRICS_PORT:-9400}"
silo_dll="$repo_root/Silo/bin/Release/net10.0/renderfarm-silo.dll"
cli_dll="$repo_root/Client/Cli/bin/Release/net10.0/renderfarm.dll"
# The local farm's links are mutual TLS (docs/security.md): its authority and certificates live in
# RUN/tls (deploy/tls/make-farm-certs.sh, made by start-farm.sh); every command line run presents cli.pem.
tls_dir="$run_dir/tls"
export RenderFarm__Tls__CertificateFile="$tls_dir/cli.pem" RenderFarm__Tls__KeyFile="$tls_dir/cli.key" RenderFarm__Tls__AuthorityFile="$tls_dir/ca.pem"

log() { echo "$(basename "$0"): $*" >&2; }
die() { log "error: $*"; exit 1; }

# The pid of node I if that process is alive and is a silo of ours, else nothing.
node_pid() {
  local file="$run_dir/pids/node-$1.pid" pid
  [ -s "$file" ] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q renderfarm-silo; then
    echo "$pid"
  fi
  return 0
}

# Node numbers with a pid file, in order.
node_numbers() {
  local file
  for file in "$run_dir"/pids/node-*.pid; do
    [ -e "$file" ] || continue
    file=${file##*/node-}
    echo "${file%.pid}"
  done | sort -n
}

# The connection string written by start-farm.sh.
farm_connection() {
  [ -s "$run_dir/connection" ] || die "no $run_dir/connection: start the farm with deploy/local/start-farm.sh"
  cat "$run_dir/connection"
}

# The operator's API key start-farm.sh made, for the CLI: an environment variable names its file, so the key never shows in ps.
use_farm_key() {
  if [ -s "$run_dir/api-key" ]; then export RenderFarm__ApiKeyFile="$run_dir/api-key"; fi
}

# The CLI with its own wide pseudo-terminal, so that its tables come out one row per line (without a
# terminal Spectre.Console wraps them at 80 columns); stdout and stderr together, without colours
# or carriage returns; ended after RENDERFARM_CLI_TIMEOUT seconds (default 60). Exit code of the CLI
# (124: timed out).   wide_cli --database CONN status JOB
wide_cli() {
  local command
  use_farm_key
  command=$(printf '%q ' timeout "${RENDERFARM_CLI_TIMEOUT:-60}" dotnet "$cli_dll" "$@")
  NO_COLOR=1 script -qec "stty cols 400 rows 100 2>/dev/null; exec $command" /dev/null </dev/null \
    | tr -d '\r' | sed -E 's/\x1b(\[[0-9;?]*[A-Za-z]|[=>])//g'
  return "${PIPESTATUS[0]}"
}
