#!/usr/bin/env bash
# The web dashboard against the farm deploy/local/start-farm.sh started, on http://127.0.0.1:8090
# (RENDERFARM_DASHBOARD_URL): gateways found in the farm database as the clients' role, the local
# farm's client certificate, and the operator key start-farm.sh made as the dashboard's feed key.
# Sign in with any user's key of the farm's keys file (renderfarm key new).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$(dirname "${BASH_SOURCE[0]}")/../db/pg-settings.sh"
dashboard_dll="$repo_root/Client/Dashboard/bin/Release/net10.0/renderfarm-dashboard.dll"
[ -f "$dashboard_dll" ] || dotnet build "$repo_root/Client/Dashboard" -c Release >/dev/null
RenderFarm__Database=$(farm_connection | sed -E "s/Username=[^;]*/Username=$RENDERFARM_PG_GATEWAYS_USER/; s/Password=[^;]*/Password=$RENDERFARM_PG_GATEWAYS_PASSWORD/")
export RenderFarm__Database
[ -s "$run_dir/api-key" ] && export Dashboard__FeedApiKeyFile="$run_dir/api-key"
export Urls="${RENDERFARM_DASHBOARD_URL:-http://127.0.0.1:8090}"
# Sign-ins outlive a restart of the dashboard.
export Dashboard__KeyRingFolder="$run_dir/dashboard-keys"
exec dotnet "$dashboard_dll" "$@"
