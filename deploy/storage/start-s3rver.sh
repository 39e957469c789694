#!/usr/bin/env bash
# Starts s3rver (a local server speaking the S3 API) on 127.0.0.1:PORT, keeping its buckets in DIR, in
# the background; waits until it answers and prints its process id. stop-s3rver.sh DIR stops it.
# Its credentials are s3rver's built-in account: access key S3RVER, secret key S3RVER.
#   S3RVER_START_TIMEOUT  seconds to wait for it to answer (default 30)
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 PORT DIR" >&2
  exit 2
fi
port=$1
dir=$(realpath -m "$2")
limit=${S3RVER_START_TIMEOUT:-30}
here=$(cd "$(dirname "$0")" && pwd)

bash "$here/install-emulators.sh"
mkdir -p "$dir"
pid_file="$dir.s3rver.pid"
log_file="$dir.s3rver.log"
if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
  echo "s3rver for $dir is already running (pid $(cat "$pid_file"))" >&2
  exit 1
fi

if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/" || true)" != "000" ]; then
  echo "something already answers on 127.0.0.1:$port" >&2
  exit 1
fi

# Each start appends to the log; only what this start wrote counts as its answer.
touch "$log_file"
log_start=$(($(stat -c %s "$log_file") + 1))
# s3rver's list continuation tokens use DES, which Node 17+ (OpenSSL 3) only has in its legacy provider.
NODE_OPTIONS="--openssl-legacy-provider${NODE_OPTIONS:+ $NODE_OPTIONS}" setsid "$here/node_modules/.bin/s3rver" --silent --address 127.0.0.1 --port "$port" --directory "$dir" \
  </dev/null >>"$log_file" 2>&1 &
pid=$!
echo "$pid" >"$pid_file"

deadline=$((SECONDS + limit))
# s3rver prints this line once it holds the port, so another server on the port cannot pass for it.
until grep -qF "S3rver listening on 127.0.0.1:$port" < <(tail -c "+$log_start" "$log_file"); do
  if ! kill -0 "$pid" 2>/dev/null; then
    rm -f "$pid_file"
    echo "s3rver exited before answering on 127.0.0.1:$port; its log ($log_file) ends:" >&2
    tail -n 20 "$log_file" >&2
    exit 1
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    kill "$pid" 2>/dev/null || true
    rm -f "$pid_file"
    echo "s3rver did not answer on 127.0.0.1:$port within ${limit}s; its log is $log_file" >&2
    exit 1
  fi
  sleep 0.1
done
echo "$pid"
