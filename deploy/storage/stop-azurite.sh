#!/usr/bin/env bash
# Stops the Azurite that start-azurite.sh started on DIR, letting it save its data first (SIGTERM),
# and kills it if it has not exited within AZURITE_STOP_TIMEOUT seconds (10 by default).
set -euo pipefail
if [ $# -ne 1 ]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
pidfile="$1/azurite.pid"
if [ ! -f "$pidfile" ]; then
  echo "No Azurite was started on $1 ($pidfile is missing)" >&2
  exit 0
fi
pid=$(cat "$pidfile")
if kill -TERM "$pid" 2>/dev/null; then
  limit=${AZURITE_STOP_TIMEOUT:-10}
  deadline=$((SECONDS + limit))
  while kill -0 "$pid" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then
      echo "Azurite (pid $pid) did not exit within ${limit}s of SIGTERM; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.1
  done
fi
rm -f "$pidfile"
