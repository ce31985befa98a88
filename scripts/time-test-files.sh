#!/usr/bin/env bash
# Where the time of `npm test` goes, per test file: runs each file alone (node --test, one at a time) and
# prints its wall time, exit code and the load average when it ended; last, the sum. A measurement, not a
# test: the figures are upper bounds on a busy machine.
#   scripts/time-test-files.sh                 every test file
#   scripts/time-test-files.sh test/*.e2e.test.ts
set -uo pipefail
cd "$(dirname "$0")/.."
files=("$@")
[ ${#files[@]} -gt 0 ] || files=(test/*.test.ts)
total=0
for f in "${files[@]}"; do
  start=$(date +%s%N)
  node --test --test-concurrency=1 -r ./bin/register-ts.js "$f" >/dev/null 2>&1
  rc=$?
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  total=$(( total + ms ))
  printf '%-48s %7.1f s  exit %d  load %s\n' "$f" "$(awk -v ms=$ms 'BEGIN{print ms/1000}')" "$rc" "$(cut -d' ' -f1 /proc/loadavg)"
done
printf '%-48s %7.1f s\n' "total (one file at a time)" "$(awk -v ms=$total 'BEGIN{print ms/1000}')"
