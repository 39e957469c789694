#!/usr/bin/env bash
# Starts a farm-mode render farm on this machine: N silos (default 3) in the background, sharing one
# PostgreSQL database (membership, grain state, reminders) and one media store.
#
#   deploy/local/start-farm.sh [--resume] [N]
#
# 1. deploy/db/setup-postgres.sh (installs/starts PostgreSQL if needed, applies the schema) and
#    deploy/db/reset-farm-state.sh (empties the Orleans tables: every start is a fresh farm). With
#    --resume the database, media store and work folders are kept and logs are appended to: the
#    farm stopped by stop-farm.sh (or lost to a power cut) comes back and finishes its jobs;
# 2. dotnet build of Silo and Client/Cli in Release (skipped with RENDERFARM_LOCAL_SKIP_BUILD=1);
# 3. the sample media (samples/make-media.sh samples/media), which is the farm's assets root;
# 4. silo i (1..N): node id node-i, silo port 11110+i, gateway port 29999+i, monitoring port 9400+i
#    (/metrics, /healthz, /readyz), log RUN/logs/node-i.log,
#    pid RUN/pids/node-i.pid, media store RUN/store, work folders RUN/nodes/node-i, RENDERFARM_LOCAL_SLOTS
#    render slots each (default 1: the nodes share this machine), certificate RUN/tls/node-i.pem of the
#    farm's authority RUN/tls/ca.pem (made once by deploy/tls/make-farm-certs.sh and kept, as is
#    RUN/tls/cli.pem, the command line's);
# 5. waits (RENDERFARM_LOCAL_WAIT seconds, default 90) until `renderfarm cluster` lists N nodes Ready,
#    then writes the connection string to RUN/connection and prints how to use the CLI.
# RUN is RENDERFARM_LOCAL_DIR (default /tmp/renderfarm-local); see lib.sh for the other settings.
# Stop with deploy/local/stop-farm.sh; kill one node with deploy/local/kill-node.sh I.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

resume=0
if [ "${1:-}" = --resume ]; then
  resume=1
  shift
fi
nodes="${1:-3}"
[[ "$nodes" =~ ^[1-9][0-9]*$ ]] || die "N must be a positive number (was '$nodes')"
wait_seconds="${RENDERFARM_LOCAL_WAIT:-90}"
# The nodes share this machine, so each gets one slot unless told (a node alone on a machine gets the machine's).
slots_per_node="${RENDERFARM_LOCAL_SLOTS:-1}"
[[ "$slots_per_node" =~ ^[1-9][0-9]*$ ]] || die "RENDERFARM_LOCAL_SLOTS must be a positive number (was '$slots_per_node')"
cd "$repo_root"

for i in $(node_numbers); do
  [ -z "$(node_pid "$i")" ] || die "node-$i of a farm in $run_dir is still running: run deploy/local/stop-farm.sh first"
done
if command -v ss >/dev/null 2>&1; then
  for ((i = 1; i <= nodes; i++)); do
    for port in $((silo_port_base + i)) $((gateway_port_base + i)) $((metrics_port_base + i)); do
      ! ss -ltnH "sport = :$port" | grep -q . || die "port $port is already in use (set RENDERFARM_LOCAL_SILO_PORT / RENDERFARM_LOCAL_GATEWAY_PORT / RENDERFARM_LOCAL_METRICS_PORT)"
    done
  done
fi

log "preparing PostgreSQL database $RENDERFARM_PG_DATABASE"
conn=$(bash deploy/db/setup-postgres.sh)
[ -n "$conn" ] || die "deploy/db/setup-postgres.sh printed no connection string"
[ "$resume" = 1 ] || bash deploy/db/reset-farm-state.sh

if [ "${RENDERFARM_LOCAL_SKIP_BUILD:-0}" != 1 ] || [ ! -f "$silo_dll" ] || [ ! -f "$cli_dll" ]; then
  log "building Silo and Client/Cli (Release)"
  dotnet build Silo -c Release -nologo -v quiet >&2
  dotnet build Client/Cli -c Release -nologo -v quiet >&2
fi
bash samples/make-media.sh samples/media >&2

mkdir -p "$run_dir"
run_dir="$(cd "$run_dir" && pwd)"
[ "$resume" = 1 ] || rm -rf "$run_dir/logs" "$run_dir/pids" "$run_dir/nodes" "$run_dir/store" "$run_dir/connection" "$run_dir/keys" "$run_dir/api-key"
mkdir -p "$run_dir/logs" "$run_dir/pids" "$run_dir/nodes" "$run_dir/store"
# A farm requires API keys: this one knows one operator, whoever runs it, whose key the CLI reads from RUN/api-key.
if [ ! -s "$run_dir/keys" ] || [ ! -s "$run_dir/api-key" ]; then
  made=$(dotnet "$cli_dll" key new --user "$(id -un | tr -cd 'A-Za-z0-9._@-')" --role operator 2>/dev/null)
  (umask 077 && sed -n 's/^key: *//p' <<<"$made" >"$run_dir/api-key")
  sed -n 's/^line: *//p' <<<"$made" >"$run_dir/keys"
  [ -s "$run_dir/api-key" ] && [ -s "$run_dir/keys" ] || die "renderfarm key new made no key"
fi
use_farm_key
tls_dir="$run_dir/tls"
bash "$repo_root/deploy/tls/make-farm-certs.sh" "$tls_dir" ca 2>/dev/null
bash "$repo_root/deploy/tls/make-farm-certs.sh" "$tls_dir" node $(seq -f 'node-%g' 1 "$nodes") 2>/dev/null
bash "$repo_root/deploy/tls/make-farm-certs.sh" "$tls_dir" client cli 2>/dev/null
# Whatever stops this script before the farm is ready stops the silos it started.
started=1
trap 'if [ "$started" = 1 ]; then RENDERFARM_LOCAL_DIR="$run_dir" bash "$local_here/stop-farm.sh" || true; fi' EXIT
trap 'exit 130' INT TERM

for ((i = 1; i <= nodes; i++)); do
  node_dir="$run_dir/nodes/node-$i"
  mkdir -p "$node_dir/work" "$node_dir/engine"
  # Console logs on one line each with a UTC timestamp, so the logs are easy to grep. Orleans stays at
  # Warning (appsettings.json) but for its grain directory, whose Information line "LocalGrainDirectory
  # is deactivating N activations because silo ... entered status Dead" tells what a node's death
  # does to the grains on the other nodes.
  env \
    Cluster__Database="$conn" \
    Access__KeysFile="$run_dir/keys" \
    Tls__CertificateFile="$tls_dir/node-$i.pem" \
    Tls__KeyFile="$tls_dir/node-$i.key" \
    Tls__AuthorityFile="$tls_dir/ca.pem" \
    Cluster__SiloPort=$((silo_port_base + i)) \
    Cluster__GatewayPort=$((gateway_port_base + i)) \
    Monitoring__Port=$((metrics_port_base + i)) \
    RenderNode__NodeId="node-$i" \
    RenderNode__RenderSlots="$slots_per_node" \
    RenderNode__WorkDirectory="$node_dir/work" \
    RenderEngine__WorkDirectory="$node_dir/engine" \
    MediaStore__Root="$run_dir/store" \
    MediaStore__AssetsRoot="$repo_root/samples/media" \
    Logging__Console__FormatterName=simple \
    Logging__Console__FormatterOptions__SingleLine=true \
    Logging__Console__FormatterOptions__UseUtcTimestamp=true \
    Logging__Console__FormatterOptions__TimestampFormat="yyyy-MM-ddTHH:mm:ss.fffZ " \
    Logging__LogLevel__Orleans.Runtime.GrainDirectory.LocalGrainDirectory=Information \
    nohup dotnet "$silo_dll" </dev/null >>"$run_dir/logs/node-$i.log" 2>&1 &
  echo $! >"$run_dir/pids/node-$i.pid"
  log "started node-$i (pid $!, silo port $((silo_port_base + i)), gateway port $((gateway_port_base + i)), metrics http://localhost:$((metrics_port_base + i))/metrics)"
done

log "waiting up to ${wait_seconds}s for $nodes node(s) Ready"
deadline=$((SECONDS + wait_seconds))
ready=0
while :; do
  for ((i = 1; i <= nodes; i++)); do
    if [ -z "$(node_pid "$i")" ]; then
      tail -n 20 "$run_dir/logs/node-$i.log" >&2 || true
      die "node-$i exited while starting; its log: $run_dir/logs/node-$i.log"
    fi
  done
  listing=$(RENDERFARM_CLI_TIMEOUT=30 wide_cli --database "$conn" cluster || true)
  ready=$(grep -cE '^│ node-[0-9]+ +│.*│ Ready +│' <<<"$listing" || true)
  [ "$ready" -ge "$nodes" ] && break
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "$listing" >&2
    die "only $ready of $nodes node(s) Ready after ${wait_seconds}s; logs in $run_dir/logs"
  fi
  sleep 1
done
echo "$conn" >"$run_dir/connection"
started=0
echo "$listing" >&2

cat <<EOF
Farm of $nodes node(s) running; logs in $run_dir/logs, media store $run_dir/store.
Use the command line against it with --database:
  dotnet $cli_dll --database "$conn" cluster
  dotnet $cli_dll --database "$conn" submit samples/feature.json --chunks 6 --watch
(with RenderFarm__ApiKeyFile=$run_dir/api-key, the operator's key), or, shorter,
deploy/local/farm-cli.sh cluster (it reads $run_dir/connection and the key).
Kill a node to try failover: deploy/local/kill-node.sh 2.   Stop the farm: deploy/local/stop-farm.sh
EOF
