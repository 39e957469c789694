#!/usr/bin/env bash
# The renderfarm command line against the farm deploy/local/start-farm.sh started (its --database
# comes from RUN/connection):   deploy/local/farm-cli.sh cluster | submit ... | status JOB | watch JOB
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ -f "$cli_dll" ] || die "$cli_dll is missing: run deploy/local/start-farm.sh (or dotnet build Client/Cli -c Release)"
conn=$(farm_connection)
use_farm_key
exec dotnet "$cli_dll" --database "$conn" "$@"
