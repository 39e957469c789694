# Shared settings for the deploy/db scripts (sourced, not run). Every value comes from an
# environment variable with a default, so a fresh machine needs none of them set.
RENDERFARM_PG_HOST="${RENDERFARM_PG_HOST:-localhost}"
RENDERFARM_PG_PORT="${RENDERFARM_PG_PORT:-5432}"
RENDERFARM_PG_USER="${RENDERFARM_PG_USER:-renderfarm}"
RENDERFARM_PG_PASSWORD="${RENDERFARM_PG_PASSWORD:-renderfarm}"
RENDERFARM_PG_DATABASE="${RENDERFARM_PG_DATABASE:-renderfarm}"
# The role clients find the gateways with (renderfarm_gateways, named in deploy/sql/50-gateway-reader.sql):
# it reads the membership and the providers' queries, nothing else.
RENDERFARM_PG_GATEWAYS_USER=renderfarm_gateways
RENDERFARM_PG_GATEWAYS_PASSWORD="${RENDERFARM_PG_GATEWAYS_PASSWORD:-renderfarm_gateways}"
# How long setup-postgres.sh waits for the server to accept connections.
RENDERFARM_PG_WAIT_SECONDS="${RENDERFARM_PG_WAIT_SECONDS:-60}"
# The least max_connections setup-postgres.sh leaves a local server with.
RENDERFARM_PG_MAX_CONNECTIONS="${RENDERFARM_PG_MAX_CONNECTIONS:-500}"

renderfarm_pg_connection_string() {
  printf 'Host=%s;Port=%s;Username=%s;Password=%s;Database=%s\n' \
    "$RENDERFARM_PG_HOST" "$RENDERFARM_PG_PORT" "$RENDERFARM_PG_USER" \
    "$RENDERFARM_PG_PASSWORD" "$RENDERFARM_PG_DATABASE"
}

# psql as the application role over TCP (the way the silos connect).
renderfarm_psql() {
  PGPASSWORD="$RENDERFARM_PG_PASSWORD" psql -X -q -v ON_ERROR_STOP=1 \
    -h "$RENDERFARM_PG_HOST" -p "$RENDERFARM_PG_PORT" \
    -U "$RENDERFARM_PG_USER" -d "$RENDERFARM_PG_DATABASE" "$@"
}
