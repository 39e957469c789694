#!/usr/bin/env bash
# Validates Grafana dashboard JSON files against the `Dashboard` type that Grafana publishes in the
# npm package @grafana/schema (the one `import { Dashboard } from '@grafana/schema'` gives):
# ts-json-schema-generator turns that TypeScript type into a JSON Schema, ajv validates with it.
#
#   deploy/grafana/schema/check-dashboard.sh DASHBOARD.json...
#
# Installs the pinned tools with `npm ci` when node_modules is missing (needs Node and the npm
# registry), and generates the schema once into node_modules/.cache (npm ci starts it afresh).
# Exit code 0 when every file is valid, 1 when one is not, 2 on a usage or setup error.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [ $# -eq 0 ]; then
  echo "usage: $0 DASHBOARD.json..." >&2
  exit 2
fi
dashboards=()
for file in "$@"; do
  [ -f "$file" ] || { echo "$0: no such file: $file" >&2; exit 2; }
  dashboards+=("$(cd "$(dirname "$file")" && pwd)/$(basename "$file")")
done

cd "$here"
if [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund --loglevel=error >&2 || { echo "$0: npm ci failed" >&2; exit 2; }
fi

# The exported Dashboard re-exports names from two modules (DataSourceRef twice): `--expose none`
# inlines every type but the root, so the two never meet as definitions.
schema=node_modules/.cache/renderfarm/dashboard.schema.json
if [ ! -s "$schema" ]; then
  mkdir -p "$(dirname "$schema")"
  node_modules/.bin/ts-json-schema-generator \
    --path node_modules/@grafana/schema/dist/types/veneer/dashboard.types.d.ts \
    --type Dashboard --expose none --out "$schema.tmp" >&2 \
    || { echo "$0: generating the schema failed" >&2; exit 2; }
  mv "$schema.tmp" "$schema"
fi

status=0
for dashboard in "${dashboards[@]}"; do
  node_modules/.bin/ajv validate -s "$schema" -d "$dashboard" -c ajv-formats --all-errors --errors=text || status=1
done
exit "$status"
