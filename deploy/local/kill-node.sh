#!/usr/bin/env bash
# Kills node I of the farm deploy/local/start-farm.sh started with SIGKILL (no goodbye to the
# cluster), to try failover by hand; prints the time of the kill (UTC). Watch the other silos'
# logs (RUN/logs) for "Membership declared silo ... dead" and "Node node-I is down".
#   deploy/local/kill-node.sh I
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [ "$#" -ne 1 ] || ! [[ "$1" =~ ^[0-9]+$ ]]; then
  die "usage: $0 NODE-NUMBER (e.g. 2 for node-2)"
fi
pid=$(node_pid "$1")
[ -n "$pid" ] || die "node-$1 of the farm in $run_dir is not running"
kill -KILL "$pid"
echo "killed node-$1 (pid $pid) at $(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)"
