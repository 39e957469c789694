#!/usr/bin/env bash
# Installs the local servers that speak S3 (s3rver) and Azure Blob Storage (Azurite) into
# deploy/storage/node_modules, pinned by package-lock.json. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")"
bash ../install-deps.sh
if [ ! -x node_modules/.bin/s3rver ] || [ ! -x node_modules/.bin/azurite-blob ]; then
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
