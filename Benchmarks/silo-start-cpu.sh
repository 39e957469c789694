#!/usr/bin/env bash
# CPU a silo spends starting and then idling, with profile-guided re-compilation (TieredPGO) on and
# off, run alternately so both see the same machine. Usage: Benchmarks/silo-start-cpu.sh [rounds] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
seconds=${2:-12}
silo=Silo/bin/Release/net10.0/renderfarm-silo.dll
[ -f "$silo" ] || dotnet build Silo -c Release > /dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cpu_seconds() {
  local pgo=$1
  # A local silo on ports of its own; the time it is given includes its start and its idle seconds.
  DOTNET_TieredPGO=$pgo RenderNode__MeasureBenchmarkAtStart=false RenderNode__WorkDirectory="$work/node" \
    MediaStore__Root="$work/store" RenderEngine__WorkDirectory="$work/engine" \
    /usr/bin/time -f "%U %S" -o "$work/time" timeout -s INT "$seconds" dotnet "$silo" > /dev/null 2>&1 || true
  # The last line holds the times (a line before it may say timeout's exit status).
  tail -1 "$work/time" | awk '{ printf "%.2f", $1 + $2 }'
}

results=()
for round in $(seq "$rounds"); do
  a=$(cpu_seconds 1); b=$(cpu_seconds 0)
  echo "round $round: TieredPGO on $a CPU s, off $b CPU s"
  results+=("$a $b")
done
printf '%s\n' "${results[@]}" | awk -v n="$rounds" -v s="$seconds" \
  '{ on += $1; off += $2 } END { printf "mean over %d round(s) of %d s: on %.2f CPU s, off %.2f CPU s, off/on %.3f\n", n, s, on / n, off / n, off / on }'
