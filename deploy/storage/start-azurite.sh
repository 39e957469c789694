#!/usr/bin/env bash
# Starts Azurite's blob service on 127.0.0.1:PORT in the background, keeping its data in DIR, and returns
# once it answers (within AZURITE_START_TIMEOUT seconds, 30 by default). Its process id is in
# DIR/azurite.pid and its output in DIR/azurite.log; stop-azurite.sh DIR stops it.
# The well-known emulator account serves it: devstoreaccount1 at http://127.0.0.1:PORT/devstoreaccount1.
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 PORT DIR" >&2
  exit 2
fi
port=$1
dir=$2
case "$port" in
  ''|*[!0-9]*) echo "PORT must be a number (was '$port')" >&2; exit 2 ;;
esac
here="$(cd "$(dirname "$0")" && pwd)"
bash "$here/install-emulators.sh"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
pidfile="$dir/azurite.pid"
log="$dir/azurite.log"
if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  echo "Azurite already runs on $dir (pid $(cat "$pidfile"))" >&2
  exit 1
fi

# Telemetry would call out of the machine; the SDK may ask for an API version newer than this Azurite knows.
"$here/node_modules/.bin/azurite-blob" --blobHost 127.0.0.1 --blobPort "$port" --location "$dir" \
  --skipApiVersionCheck --disableTelemetry </dev/null >>"$log" 2>&1 &
pid=$!
echo "$pid" >"$pidfile"

limit=${AZURITE_START_TIMEOUT:-30}
deadline=$((SECONDS + limit))
# Any HTTP answer means it listens: an unsigned request is refused with 403.
until node -e '
  const request = require("http").get({ host: "127.0.0.1", port: Number(process.argv[1]), path: "/devstoreaccount1?comp=list", timeout: 1000 },
    response => process.exit(0));
  request.on("timeout", () => request.destroy());
  request.on("error", () => process.exit(1));' "$port" 2>/dev/null; do
  if ! kill -0 "$pid" 2>/dev/null; then
    rm -f "$pidfile"
    echo "Azurite exited while starting on port $port; its log ($log):" >&2
    tail -n 20 "$log" >&2
    exit 1
  fi
  if [ $SECONDS -ge $deadline ]; then
    kill "$pid" 2>/dev/null || true
    rm -f "$pidfile"
    echo "Azurite did not answer on 127.0.0.1:$port within ${limit}s; its log ($log):" >&2
    tail -n 20 "$log" >&2
    exit 1
  fi
  sleep 0.2
done
echo "Azurite blob service on http://127.0.0.1:$port/devstoreaccount1 (pid $pid, data in $dir)"
