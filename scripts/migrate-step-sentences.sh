#!/bin/sh
# Issue 12: one sentence per check. Re-applies the step-sentence renames to the feature files given, so
# features written in parallel with the old sentences can be migrated the same way.
# Run it ONCE per file, on files written with the old sentences: the old "never receives X within N after
# the heal" (its window opened at the fault) and the new one (opens at the heal) read the same, so a second
# run would turn new sentences into "between the fault and". Pass the files: scripts/migrate-step-sentences.sh a.feature b.feature
#   old → new
#   never receives X within N after the heal (opened at the fault)  → never receives X between the fault and N after the heal
#   receives no X between the heal and N after it                    → never receives X within N after the heal
#   never receives X in the N after the heal                         → never receives X within N after the heal
#   never receives X from the fault until N after the heal           → never receives X between the fault and N after the heal
#   hears nothing from the fault until N after the heal              → receives no callback at all between the fault and N after the heal
#   receives no callback at all from the fault until N after the heal→ receives no callback at all between the fault and N after the heal
#   receives X within N after the heal began                         → receives X within N after the heal
#   receives no X within N   (OpenVidu, after the last action)       → never receives X within N
set -eu
if [ $# -eq 0 ]; then echo 'usage: scripts/migrate-step-sentences.sh FILE.feature... (once per file, old-vocabulary files only)' >&2; exit 2; fi
files=$*
D='[0-9.]* \{0,1\}[a-z]*'
for f in $files; do
  sed -i \
    -e "s/never receives \([^|]*\) within \($D\) after the heal\( *|\| *\$\)/never receives \1 between the fault and \2 after the heal\3/" \
    -e "s/receives no \([^|]*\) between the heal and \($D\) after it/never receives \1 within \2 after the heal/" \
    -e "s/never receives \([^|]*\) in the \($D\) after the heal/never receives \1 within \2 after the heal/" \
    -e "s/never receives \([^|]*\) from the fault until \($D\) after the heal/never receives \1 between the fault and \2 after the heal/" \
    -e "s/hears nothing from the fault until/receives no callback at all between the fault and/" \
    -e "s/receives no callback at all from the fault until/receives no callback at all between the fault and/" \
    -e "s/ after the heal began/ after the heal/" \
    -e "s/receives no \([A-Za-z:]*\(([^)]*)\)\{0,1\}\) within \($D\) *\$/never receives \1 within \3/" \
    "$f"
done
