#!/usr/bin/env bash
# Benchmark (not a test): how long a farm on this machine takes to get over a render node killed
# with SIGKILL in the middle of a chunk.
#
#   deploy/local/bench-failover.sh [RUNS]        (default 5)
#
# Each run starts a fresh 3-node farm (start-farm.sh, in RUN=$RENDERFARM_BENCH_DIR/run-R, default
# /tmp/renderfarm-failover/run-R), submits samples/feature.json in 6 chunks, polls `status` until a
# chunk is Rendering, kills that chunk's node with SIGKILL and measures, from the kill:
#   dead      the earliest "Membership declared silo <addr> dead at <time>" in the surviving logs
#   requeued  the job's "Job <id>: silo <addr> is dead; its attempts are rendered again elsewhere"
#             (the job re-queues the dead node's attempts; the time is the log line's own)
#   elsewhere the first `status` poll showing the killed node's chunk Rendering on another node
#             (status is polled back to back, about once a second: up to a poll late; every
#             poll is in RUN/polls.txt)
# then waits for the job with `watch` and checks that it Completed, and stops the farm. Prints one
# line per run and the median, min and max of each figure; exits 1 if any run failed. The logs of
# every run stay in its RUN folder. Every wait is bounded (seconds, from the environment):
# BENCH_RENDERING_WAIT=120, BENCH_ELSEWHERE_WAIT=150, BENCH_LOG_WAIT=30, BENCH_JOB_WAIT=300.
# BENCH_SPARE_JOB_NODE=1 only kills a node that does not hold the job's grain. A run fails when the
# job does not complete, the chunk is not seen again elsewhere, or a log line is missing.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

runs="${1:-5}"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive number (was '$runs')"
bench_dir="${RENDERFARM_BENCH_DIR:-/tmp/renderfarm-failover}"
rendering_wait="${BENCH_RENDERING_WAIT:-120}"
elsewhere_wait="${BENCH_ELSEWHERE_WAIT:-150}"
log_wait="${BENCH_LOG_WAIT:-30}"
job_wait="${BENCH_JOB_WAIT:-300}"
spare_job_node="${BENCH_SPARE_JOB_NODE:-0}"
nodes=3
cd "$repo_root"

current_run=""
cleanup() {
  if [ -n "$current_run" ]; then
    RENDERFARM_LOCAL_DIR="$current_run" bash "$local_here/stop-farm.sh" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { date +%s.%N; }
# Seconds from $1 to $2 (epoch seconds), one decimal.
since() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
iso_to_epoch() { date -u -d "$1" +%s.%N; }

# The chunks of a status output as "INDEX STATE NODE" lines.
chunk_rows() {
  awk -F'│' '/^│ *[0-9]+ *│/ { for (i = 2; i <= 7; i++) gsub(/ /, "", $i); print $2, $5, $7 }'
}

# Earliest epoch time of the ISO times that follow "$2" in lines matching ERE $1 in the logs of the
# nodes other than $3; nothing if none.
earliest_log_time() {
  local pattern="$1" marker="$2" victim="$3" file iso best="" t
  for file in "$run_dir"/logs/node-*.log; do
    [ "$file" = "$run_dir/logs/node-$victim.log" ] && continue
    while IFS= read -r iso; do
      [ -n "$iso" ] || continue
      t=$(iso_to_epoch "$iso") || continue
      if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
    done < <(grep -E "$pattern" "$file" 2>/dev/null | grep -oE "$marker [0-9T:.+Z-]+" | sed "s/^$marker //")
  done
  echo "$best"
}

# The time (epoch seconds) of the earliest line matching an extended regex in the survivors' logs, from
# the timestamp that starts every line (start-farm.sh logs single lines, UTC, ISO 8601).
earliest_line_time() {
  local pattern="$1" victim="$2" file iso best="" t
  for file in "$run_dir"/logs/node-*.log; do
    [ "$file" = "$run_dir/logs/node-$victim.log" ] && continue
    while IFS= read -r iso; do
      [ -n "$iso" ] || continue
      t=$(iso_to_epoch "$iso") || continue
      if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
    done < <(grep -E "$pattern" "$file" 2>/dev/null | grep -oE "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z")
  done
  echo "$best"
}

results="$bench_dir/results.txt"
mkdir -p "$bench_dir"
: >"$results"
failures=0

for ((r = 1; r <= runs; r++)); do
  run_dir="$bench_dir/run-$r"
  rm -rf "$run_dir"
  mkdir -p "$run_dir"
  export RENDERFARM_LOCAL_DIR="$run_dir"
  current_run="$run_dir"
  fail() {
    echo "run $r: FAILED: $*" | tee -a "$results"
    failures=$((failures + 1))
  }

  # Build once, in the first run.
  skip_build=1
  [ "$r" -eq 1 ] && skip_build=0
  load=$(cut -d' ' -f1 /proc/loadavg)
  log "run $r/$runs: starting a $nodes-node farm in $run_dir (load average $load)"
  if ! RENDERFARM_LOCAL_SKIP_BUILD=$skip_build bash "$local_here/start-farm.sh" "$nodes" >"$run_dir/start.out" 2>"$run_dir/start.err"; then
    tail -n 5 "$run_dir/start.err" >&2
    fail "start-farm.sh failed (see $run_dir/start.err)"
    continue
  fi
  conn=$(cat "$run_dir/connection")

  # A silo can be Ready while its reminder service is still starting; the job's submit then fails
  # with "Reminder Service is still initializing ... Please retry again later": retry that (bounded).
  job=""
  for attempt in 1 2 3 4 5 6; do
    job=$(timeout 60 dotnet "$cli_dll" --database "$conn" submit samples/feature.json --chunks 6 2>"$run_dir/submit.err" | tail -n 1 || true)
    [[ "$job" =~ ^[0-9a-f-]{36}$ ]] && break
    grep -q "still initializing" "$run_dir/submit.err" || break
    log "run $r: submit attempt $attempt: $(head -n 1 "$run_dir/submit.err"); retrying in 5 s"
    sleep 5
  done
  if ! [[ "$job" =~ ^[0-9a-f-]{36}$ ]]; then
    fail "submit printed no job id: $(head -c 300 "$run_dir/submit.err")"
    bash "$local_here/stop-farm.sh" >/dev/null 2>&1 || true
    continue
  fi
  submitted=$(now)

  # A chunk Rendering (with BENCH_SPARE_JOB_NODE=1: on a node other than the job's): kill its node.
  # The job's node is the one whose log has the job grain's "Job ... queued" line.
  victim="" chunk="" job_node=none spare=""
  deadline=$((SECONDS + rendering_wait))
  while [ -z "$victim" ] && [ "$SECONDS" -lt "$deadline" ]; do
    if [ "$job_node" = none ]; then
      job_node=$(grep -l "RenderFarm.Jobs.RenderJobGrain.* Job $job .* queued" "$run_dir"/logs/node-*.log 2>/dev/null | head -n 1 || true)
      job_node=$(basename "${job_node:-none}" .log)
      [ "$spare_job_node" = 1 ] && spare=$job_node
    fi
    if [ "$spare_job_node" = 1 ] && [ "$job_node" = none ]; then
      sleep 0.5
      continue
    fi
    read -r chunk victim < <(wide_cli --database "$conn" status "$job" | chunk_rows \
      | awk -v spare="$spare" '$2 == "Rendering" && $3 ~ /^node-[0-9]+$/ && $3 != spare { print $1, $3; exit }') || true
  done
  if [ -z "$victim" ]; then
    fail "no chunk Rendering${spare:+ outside $spare} within ${rendering_wait}s"
    bash "$local_here/stop-farm.sh" >/dev/null 2>&1 || true
    continue
  fi
  k=${victim#node-}
  pid=$(node_pid "$k")
  if [ -z "$pid" ]; then
    fail "$victim had already exited before the kill (see $run_dir/logs/$victim.log)"
    bash "$local_here/stop-farm.sh" >/dev/null 2>&1 || true
    continue
  fi
  killed=$(now)
  kill -KILL "$pid"
  echo "$killed" >"$run_dir/killed-at"
  log "run $r: chunk $chunk Rendering on $victim; killed it (pid $pid) $(since "$submitted" "$killed") s after submit"

  # The killed node's chunk Rendering on another node.
  # A job whose status cannot be read 20 polls in a row is not waited for any longer.
  elsewhere="" elsewhere_node="" status_error="" errors_in_a_row=0
  deadline=$((SECONDS + elsewhere_wait))
  while [ -z "$elsewhere" ] && [ "$SECONDS" -lt "$deadline" ]; do
    wide_cli --database "$conn" status "$job" >"$run_dir/status-last.txt" || true
    polled=$(now)
    row=$(chunk_rows <"$run_dir/status-last.txt" | awk -v c="$chunk" '$1 == c')
    # Every poll, for a look afterwards: seconds since the kill, then the chunk's row or the error.
    echo "$(since "$killed" "$polled") ${row:-$(grep -m 1 . "$run_dir/status-last.txt" || echo no output)}" >>"$run_dir/polls.txt"
    if [ -z "$row" ]; then
      status_error=$(grep -m 1 . "$run_dir/status-last.txt" || echo "no output")
      errors_in_a_row=$((errors_in_a_row + 1))
      [ "$errors_in_a_row" -ge 20 ] && break
      sleep 1
      continue
    fi
    errors_in_a_row=0
    read -r _ state node <<<"$row" || true
    if [ "${state:-}" = Rendering ] && [ -n "${node:-}" ] && [ "$node" != "$victim" ] && [ "$node" != - ]; then
      elsewhere=$polled elsewhere_node=$node
    elif [ "${state:-}" = Completed ] && [ "${node:-}" != "$victim" ]; then
      elsewhere_node="$node (Completed before a poll saw it Rendering)"
      break
    fi
  done
  [ -n "$elsewhere" ] && status_error=""

  # The scheduler grain logs on its silo; when it died with the node, the survivor that rebuilds it
  # re-queues the node's chunks without a "Node ... is down" line.
  scheduler_on_victim=no
  grep -q 'RenderFarm.Scheduling.SchedulerGrain' "$run_dir/logs/$victim.log" && scheduler_on_victim=yes

  # The log lines (normally written before the chunk starts again).
  port=$((silo_port_base + k))
  deadline=$((SECONDS + log_wait))
  while :; do
    dead=$(earliest_log_time "Membership declared silo S?127\.0\.0\.1:$port:.* dead at" "dead at" "$k")
    requeued=$(earliest_line_time "Job $job: silo S?127\.0\.0\.1:$port:[0-9]+ is dead; its attempts are rendered again elsewhere" "$k")
    { [ -n "$dead" ] && [ -n "$requeued" ]; } || [ "$SECONDS" -ge "$deadline" ] && break
    sleep 1
  done
  job_on_victim=no
  [ "$job_node" = "$victim" ] && job_on_victim=yes
  # Activations on the survivors that Orleans deactivated because the killed silo held their
  # grain-directory entries, and chunk attempts the job gave up on as stalled (no progress for
  # Failover:StallTimeout) on a surviving node.
  directory_losses=$(grep -hoE "LocalGrainDirectory is deactivating [0-9]+ activations because silo S?127\.0\.0\.1:$port:" \
    "$run_dir"/logs/node-*.log 2>/dev/null | grep -oE '[0-9]+ activations' | cut -d' ' -f1 | paste -sd+ - || true)
  stalled_elsewhere=$(grep -hE "chunk [0-9]+ attempt [0-9]+ stalled on node-[0-9]+" "$run_dir"/logs/node-*.log 2>/dev/null \
    | grep -vc "stalled on $victim;" || true)
  job_state_unreadable=no
  grep -q "Error reading grain state: .*GrainType=job" "$run_dir"/logs/node-*.log && job_state_unreadable=yes

  # The job to its end.
  watch_rc=0
  timeout "$job_wait" dotnet "$cli_dll" --database "$conn" watch "$job" </dev/null >"$run_dir/watch.out" 2>&1 || watch_rc=$?
  finished=$(now)
  final=$(wide_cli --database "$conn" status "$job" | tee "$run_dir/status-final.txt" | awk -F'│' '$2 ~ /^ *State *$/ { gsub(/ /, "", $3); print $3; exit }' || true)
  # The job's own time from submit to the end, from its "Job ... Completed after h:mm:ss" line.
  job_time=$(grep -hoE "Job $job (Completed|Failed|Cancelled) after [0-9:.]+" "$run_dir"/logs/node-*.log 2>/dev/null | head -n 1 \
    | awk '{ split($NF, t, ":"); printf "%.1f", t[1] * 3600 + t[2] * 60 + t[3] }' || true)
  bash "$local_here/stop-farm.sh" >/dev/null 2>&1 || true
  current_run=""

  fig() { if [ -n "$1" ]; then since "$killed" "$1"; else echo "n/a"; fi; }
  line="run $r (load $load): killed $victim (chunk $chunk; scheduler there: $scheduler_on_victim, job there: $job_on_victim)"
  line+=" | declared dead $(fig "$dead") s"
  line+=" | re-queued by the job $(fig "$requeued") s"
  line+=" | rendering elsewhere $(fig "$elsewhere") s${elsewhere_node:+ on $elsewhere_node}"
  line+=" | job ${final:-unknown}${job_time:+ after $job_time s} (watch returned $(since "$submitted" "$finished") s after submit)"
  line+=" | activations deactivated on the survivors (lost directory partition): ${directory_losses:-0}"
  line+=" | attempts stalled on surviving nodes: ${stalled_elsewhere:-0}"
  [ "$job_state_unreadable" = yes ] && line+=" | job state unreadable on reactivation (JsonSerializationException)"
  [ -n "$status_error" ] && line+=" | status error: $status_error"
  printf '%s\tdead=%s\trequeued=%s\telsewhere=%s\n' "$line" "$(fig "$dead")" "$(fig "$requeued")" "$(fig "$elsewhere")" >>"$results"
  echo "$line"
  problems=()
  [ -n "$dead" ] || problems+=("no 'Membership declared silo ... dead' line within ${log_wait}s")
  [ -n "$requeued" ] || problems+=("no 'Job $job: silo ... is dead' line within ${log_wait}s")
  [ -n "$elsewhere" ] || problems+=("chunk $chunk not seen Rendering on another node within ${elsewhere_wait}s")
  [ "$watch_rc" -eq 0 ] || problems+=("watch exited with $watch_rc")
  [ "$final" = Completed ] || problems+=("job ended ${final:-in an unknown state}")
  if [ "${#problems[@]}" -gt 0 ]; then
    fail "$(IFS=';'; echo "${problems[*]}") (logs in $run_dir/logs)"
  fi
done

# Median, min and max of one figure over the runs that have it.
summary() {
  local name="$1" label="$2"
  grep -oE $'\t'"$name=[0-9.]+" "$results" | cut -d= -f2 | sort -n | awk -v label="$label" '
    { v[NR] = $1 }
    END {
      if (NR == 0) { printf "%-28s no value\n", label; exit }
      median = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf "%-28s median %.1f s, min %.1f s, max %.1f s (%d run(s))\n", label, median, v[1], v[NR], NR
    }'
}
echo
echo "kill -9 of a rendering node, $runs run(s) of $nodes nodes, samples/feature.json in 6 chunks:"
summary dead "kill -> declared dead"
summary requeued "kill -> re-queued"
summary elsewhere "kill -> rendering elsewhere"
echo "$failures of $runs run(s) failed; per-run lines in $results"
[ "$failures" -eq 0 ]
