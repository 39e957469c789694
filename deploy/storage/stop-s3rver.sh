#!/usr/bin/env bash
# Stops the s3rver start-s3rver.sh started for DIR, waiting (at most S3RVER_STOP_TIMEOUT seconds,
# default 10) for it to exit before killing it outright. Nothing running is not an error.
set -euo pipefail
if [ $# -ne 1 ]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
pid_file="$(realpath -m "$1").s3rver.pid"
limit=${S3RVER_STOP_TIMEOUT:-10}
[ -f "$pid_file" ] || exit 0
pid=$(cat "$pid_file")
if kill "$pid" 2>/dev/null; then
  deadline=$((SECONDS + limit))
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      kill -9 "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.1
  done
fi
rm -f "$pid_file"
