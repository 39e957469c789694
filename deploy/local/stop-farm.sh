#!/usr/bin/env bash
# Stops the silos deploy/local/start-farm.sh started (pids in RUN/pids): SIGTERM to each, then
# SIGKILL to any still running after RENDERFARM_LOCAL_STOP_TIMEOUT seconds (default 30). Safe to run
# again, or when nothing runs. RUN is RENDERFARM_LOCAL_DIR (default /tmp/renderfarm-local).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

timeout_seconds="${RENDERFARM_LOCAL_STOP_TIMEOUT:-30}"
pids=()
for i in $(node_numbers); do
  pid=$(node_pid "$i")
  if [ -n "$pid" ]; then
    log "stopping node-$i (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    pids+=("$pid")
  fi
done

deadline=$((SECONDS + timeout_seconds))
for pid in "${pids[@]}"; do
  while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "pid $pid still running after ${timeout_seconds}s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
done
rm -f "$run_dir"/pids/node-*.pid
if [ "${#pids[@]}" -gt 0 ]; then
  log "farm in $run_dir stopped"
else
  log "no silo of a farm in $run_dir was running"
fi
