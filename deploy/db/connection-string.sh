#!/usr/bin/env bash
# Prints the Npgsql connection string of the farm's PostgreSQL database, built from the same
# RENDERFARM_PG_* variables (and defaults) that setup-postgres.sh uses:
#   conn=$(bash deploy/db/connection-string.sh)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/pg-settings.sh"
renderfarm_pg_connection_string
