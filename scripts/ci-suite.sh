#!/usr/bin/env bash
# CI's suite lane (.ci/run): the full acceptance suite in process, then the same suite through the
# reference SDK as driver processes: four `faultline driver` processes, one `certify --shard i/4` each (a
# driver hosts one session at a time), the bundles joined with `faultline merge`, and every scenario's
# verdict compared with the in-process run.
# WORKERS (default 2): the in-process suite's workers. Not cucumber.js's default: the e2e tests, the mutant
# runs and the openvidu-browser certification go on beside it, and with 4 workers there 3 of 133 timing
# verdicts came out late (legacy interruption +30 ms, a renegotiation +23 ms).
set -euo pipefail
cd "$(dirname "$0")/.."
type phase >/dev/null 2>&1 || phase() { echo "== [$(date -u +%H:%M:%S)] $*"; }

phase "suite in process, ${WORKERS:-2} workers (cucumber-js --profile ci)"
npx cucumber-js --profile ci --parallel "${WORKERS:-2}"

phase "suite through four faultline driver processes, one certify --shard i/4 each"
pids=()
trap 'kill ${pids[*]+"${pids[@]}"} 2>/dev/null || true' EXIT
for i in 1 2 3 4; do
  node bin/faultline.js driver --port 0 >"reports/ci/driver-$i.log" &
  pids+=($!)
done
# The four certify runs load together and start their first scenario together, 20 s from now: a first
# scenario timed while the other three were still loading came out late (+17 ms, or missing).
export FAULTLINE_START_AT=$(( $(date +%s) * 1000 + 20000 ))
for i in 1 2 3 4; do
  for _ in $(seq 1 100); do grep -q "^ws://" "reports/ci/driver-$i.log" && break; sleep 0.2; done
  url=$(grep -m1 "^ws://" "reports/ci/driver-$i.log")
  node bin/faultline.js certify --driver "$url" --shard "$i/4" --out "reports/certification-shard-$i" >"reports/ci/certify-$i.log" 2>&1 &
  pids+=($!)
done
status=0
for pid in "${pids[@]:4}"; do wait "$pid" || status=$?; done
tail -n 3 reports/ci/certify-*.log
[ "$status" = 0 ]

phase "merge the four bundles and compare every verdict with the in-process run"
node bin/faultline.js merge --out reports/certification reports/certification-shard-*
node -r ./bin/register-ts.js report/compare-runs.ts reports/cucumber.ndjson reports/certification/cucumber.ndjson
phase "suite lane done"
