#!/usr/bin/env bash
# Runs the whole test suite on a fresh Debian machine with the .NET SDK: installs what the tests
# need (ffmpeg, the title font, PostgreSQL with the farm schema), then prints the totals as
# "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"
bash deploy/install-deps.sh
# The store tests run against s3rver (S3) and Azurite (Azure Blob), installed from npm.
bash deploy/storage/install-emulators.sh
# The farm-mode tests run against a real PostgreSQL: install, start and prepare it.
RENDERFARM_PG_CONNECTION=$(bash deploy/db/setup-postgres.sh)
export RENDERFARM_PG_CONNECTION
log=$(mktemp)
set +e
dotnet test --project Tests -c Release 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
passed=$(grep -E '^\s+succeeded: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || true)
failed=$(grep -E '^\s+failed: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || true)
rm -f "$log"
echo "${passed:-0} passed, ${failed:-0} failed"
if [ "$status" -ne 0 ] && [ "${failed:-0}" -eq 0 ]; then
  echo "dotnet test exited with $status" >&2
fi
exit "$status"
