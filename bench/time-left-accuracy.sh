#!/bin/sh
# How right the progress line's "~N s left" was (report/time-left.js), against the old estimate
# (elapsed ÷ finished × scenarios left) and the truth (the last line's elapsed − this line's), from the
# output of a run:
#   npx cucumber-js > run.txt 2>&1; sh bench/time-left-accuracy.sh run.txt
# Prints the first, a quarter-way and the halfway line, and the mean absolute error of both estimates.
# Times are the formatter's (0.1 s under 10 s, whole seconds above): figures, not a test.
[ -f "$1" ] || { echo "usage: sh bench/time-left-accuracy.sh OUTPUT_OF_A_CUCUMBER_RUN" >&2; exit 2; }
grep -E '^\[[0-9]+/[0-9]+\] .* elapsed, ~[0-9.]+ s left$' "$1" |
  sed -E 's/^\[([0-9]+)\/([0-9]+)\].* — ([0-9.]+) s elapsed, ~([0-9.]+) s left$/\1 \2 \3 \4/' |
  awk '{ d[NR] = $1; t[NR] = $2; e[NR] = $3; l[NR] = $4 }
    END {
      if (NR == 0) { print "no progress lines"; exit 2 }
      last = e[NR]
      for (i = 1; i <= NR; i++) {
        old = e[i] / d[i] * (t[i] - d[i]); truth = last - e[i]
        errNew += (l[i] > truth) ? l[i] - truth : truth - l[i]
        errOld += (old > truth) ? old - truth : truth - old
        if (i == 1 || i == int(NR / 4) || i == int(NR / 2)) printf "line %d/%d: %.1f s left in truth, printed ~%.1f s, old estimate %.1f s\n", d[i], t[i], truth, l[i], old
      }
      printf "mean absolute error over %d lines: printed %.2f s, old estimate %.2f s\n", NR, errNew / NR, errOld / NR
    }'
