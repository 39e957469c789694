#!/usr/bin/env bash
# Empties the Orleans tables (membership, grain state, reminders) and the job index of the farm database and keeps
# the schema and the OrleansQuery rows, so that tests and a local farm start from a clean slate.
# Uses the same RENDERFARM_PG_* variables as setup-postgres.sh; run that first.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/pg-settings.sh"

renderfarm_psql <<'SQL'
TRUNCATE TABLE orleans_membership, orleans_membership_version, orleans_storage, orleans_reminders, job_index;
SQL
echo "emptied membership, grain state, reminders and the job index in database $RENDERFARM_PG_DATABASE" >&2
