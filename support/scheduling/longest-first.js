/**
 * A cucumber plugin (cucumber.js `plugin`) that runs the selected scenarios longest first.
 *
 * Cucumber's parallel coordinator hands the next scenario in plan order to whichever worker is idle
 * (runtime/parallel/adapter.js, `nextWorkPlacement`). In file order a long scenario that starts late
 * leaves the other workers idle at the end of the run; longest first, the run ends with short ones
 * filling the gaps (the longest-processing-time rule). Only the order changes, never the selection, and
 * only when no `--order` was given on the command line (`--order random` keeps cucumber's meaning).
 *
 * A scenario's length comes from scenario-durations.json beside this file: seconds as if run at time scale
 * 1 (measured seconds ÷ the scenario's scale), written by `scripts/scenario-durations.ts` from a run's
 * cucumber messages. The estimate at this run's scale follows support/time/scale.ts: the run's scale,
 * or the scenario's own `@time-scale:` tag when the run is scaled at all. A scenario not in the file
 * (new or renamed) counts as the median length, so a stale file costs speed, never a scenario.
 */
const fs = require('node:fs');
const path = require('node:path');

const DURATIONS_FILE = path.join(__dirname, 'scenario-durations.json');
const TIME_SCALE_TAG = '@time-scale:';

/** `uri :: name` of a pickle: the key of scenario-durations.json. */
const scenarioKey = (pickle) => `${pickle.uri} :: ${pickle.name}`;

/** The scale a scenario runs at (support/time/scale.ts `resolveTimeScale`, without its checks). */
function scenarioScale(runScale, tags) {
  const tag = tags.find((t) => t.startsWith(TIME_SCALE_TAG));
  const tagged = tag ? Number(tag.slice(TIME_SCALE_TAG.length)) : NaN;
  return runScale < 1 && tagged > 0 && tagged <= 1 ? tagged : runScale;
}

/**
 * The items (cucumber's `{ pickle, location, gherkinDocument }`) longest first by estimate; equal
 * estimates keep their plan order, so the order is the same on every machine.
 */
function orderLongestFirst(items, realTimeSeconds, runScale) {
  const known = items.map((it) => realTimeSeconds[scenarioKey(it.pickle)]).filter((s) => typeof s === 'number');
  const sorted = [...known].sort((a, b) => a - b);
  const median = sorted.length > 0 ? sorted[Math.floor(sorted.length / 2)] : 0;
  const estimate = (it) => {
    const s = realTimeSeconds[scenarioKey(it.pickle)];
    return (typeof s === 'number' ? s : median) * scenarioScale(runScale, it.pickle.tags.map((t) => t.name));
  };
  return items
    .map((it, index) => ({ it, index, s: estimate(it) }))
    .sort((a, b) => b.s - a.s || a.index - b.index)
    .map((x) => x.it);
}

/** An explicit `--order` on the command line wins over this plugin. */
const orderGiven = (argv) => argv.some((a) => a === '--order' || a.startsWith('--order='));

function readDurations(file = DURATIONS_FILE) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')).realTimeSeconds ?? {};
  } catch {
    return {};
  }
}

/** The run's time scale as support/config.ts reads it; the realtime profile says 1 in `pluginOptions`. */
function runTimeScale(options) {
  const fromOptions = Number(options?.timeScale);
  if (fromOptions > 0) return fromOptions;
  const fromEnv = Number(process.env.FAULTLINE_TIME_SCALE);
  return fromEnv > 0 ? fromEnv : 0.1;
}

module.exports = {
  type: 'plugin',
  optionsKey: 'longestFirst',
  coordinator({ transform, options }) {
    if (orderGiven(process.argv)) return;
    const durations = readDurations();
    const scale = runTimeScale(options);
    transform('pickles:order', async (items) => orderLongestFirst(items, durations, scale));
  },
  orderLongestFirst,
  scenarioKey,
  scenarioScale,
  orderGiven,
  // Also read by report/time-left.js (the progress line's time left).
  readDurations,
  runTimeScale,
  DURATIONS_FILE,
};
