# Lanes for .ci/run (sourced): parts of CI that run at once, each in its own process group, logged to
# reports/ci/<lane>.log and printed when it ends. A lane that fails fails the run; on exit (also Ctrl-C
# or SIGTERM) every lane's process group is stopped, so nothing outlives the run.
#   phase 'what'            a timestamped line in the run's log: seconds since the run started
#   lane NAME 'commands'    start a lane (bash -euo pipefail; `phase` works inside it too); when
#                           CI_MAX_LANES lanes already run, first wait until one of them ends
#   wait_lanes              wait for every lane started so far; `lanes_failed` lists the failed ones (a
#                           later wait_lanes adds to it, so a run can go on and report every failure)
CI_START=${CI_START:-$(date +%s)}
export CI_START
phase() { echo "== [$(date -u +%H:%M:%S) +$(( $(date +%s) - CI_START )) s] $*"; }
export -f phase

declare -A lane_pid=()
declare -A lane_start=()
lanes_failed=()
CI_MAX_LANES=${CI_MAX_LANES:-3}
lane() {
  local name=$1 script=$2
  while [ ${#lane_pid[@]} -ge "$CI_MAX_LANES" ]; do reap_lanes; [ ${#lane_pid[@]} -lt "$CI_MAX_LANES" ] || sleep 1; done
  mkdir -p reports/ci
  lane_start[$name]=$(date +%s)
  # `times` at the lane's end: the CPU its commands used (user, system), to see what loads the machine.
  setsid -w bash -c "trap 'echo \"== lane $name CPU (user system: the lane shell, then its commands)\"; times' EXIT; set -euo pipefail; $script" \
    </dev/null >"reports/ci/$name.log" 2>&1 &
  lane_pid[$name]=$!
  phase "lane $name started"
}
stop_lanes() {
  local pid
  for pid in "${lane_pid[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
}
trap stop_lanes EXIT
trap 'echo "== interrupted: stopping every lane"; exit 130' INT TERM HUP

# Report and forget every lane that has ended.
reap_lanes() {
  local name rc
  for name in "${!lane_pid[@]}"; do
    kill -0 "${lane_pid[$name]}" 2>/dev/null && continue
    rc=0
    wait "${lane_pid[$name]}" || rc=$?
    phase "lane $name: exit $rc after $(( $(date +%s) - lane_start[$name] )) s; its log:"
    cat "reports/ci/$name.log"
    [ "$rc" = 0 ] || lanes_failed+=("$name")
    unset "lane_pid[$name]"
  done
  return 0
}
wait_lanes() {
  while [ ${#lane_pid[@]} -gt 0 ]; do
    reap_lanes
    if [ ${#lane_pid[@]} -gt 0 ]; then sleep 1; fi
  done
  return 0 # failures are in lanes_failed; the loop's last test is not the function's result
}
