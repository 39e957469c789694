#!/usr/bin/env bash
# The renderfarm command line against the farm deploy/local/start-farm.sh started:
#   deploy/local/farm-cli.sh cluster | submit ... | status JOB | watch JOB
# It finds the gateways in the farm database (RUN/connection) as the clients' role, which reads the
# membership and nothing else, and is given it in the environment, so no password shows in ps.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$(dirname "${BASH_SOURCE[0]}")/../db/pg-settings.sh"
[ -f "$cli_dll" ] || die "$cli_dll is missing: run deploy/local/start-farm.sh (or dotnet build Client/Cli -c Release)"
RenderFarm__Database=$(farm_connection | sed -E "s/Username=[^;]*/Username=$RENDERFARM_PG_GATEWAYS_USER/; s/Password=[^;]*/Password=$RENDERFARM_PG_GATEWAYS_PASSWORD/")
export RenderFarm__Database
use_farm_key
exec dotnet "$cli_dll" "$@"
