// cucumber-js profiles. `npx cucumber-js` runs `default`: every feature at the default time scale
// (FAULTLINE_TIME_SCALE, 0.1), against the bundled reference SDK through the embedded Toxiproxy.
// TypeScript loads through the transpile cache (bin/register-ts.js, filled by npm install): `npm run typecheck` type-checks.
// Where the run's files go (FAULTLINE_REPORTS_DIR, support/config.ts): `faultline certify` points it into its --out.
const REPORTS = process.env.FAULTLINE_REPORTS_DIR || 'reports';

const common = {
  requireModule: [require.resolve('./bin/register-ts.js')],
  require: ['support/**/*.ts', 'steps/**/*.ts'],
  // No `paths`: cucumber's default is features/**/*.feature, and a path given on the command line then
  // replaces it instead of adding to it.
  // One line per scenario (clause ids, verdict, time, time left), informative timings with their nominal
  // values, failure text: report/progress-formatter.js. `--format summary` etc. on the command line add to it.
  // The verdict formatter gives every run the certificate's verdicts, totals line and exit code (0/1/2).
  format: [require.resolve('./report/progress-formatter.js'), `./report/verdict-formatter.js:${REPORTS}/verdicts.json`],
  formatOptions: { snippetInterface: 'async-await' },
  strict: true,
  // One retry, taken only by a scenario whose only failure was the harness's own lateness (FL-H-LATE):
  // support/time/late-retry.ts ends any other retried attempt at once with the first attempt's verdict.
  retry: 1,
  // Longest scenarios first (support/scheduling/longest-first.js): an idle worker takes the next scenario in
  // plan order, so a long one left to the end keeps the run going after the others are done.
  plugin: [require.resolve('./support/scheduling/longest-first.js')],
};

// Scenarios are independent (each has its own server, proxies and clients) and spend their time in
// documented waits, so they run in 5 parallel worker processes, longest first (the plugin above). Why 5
// (docs/CI.md, `npm run bench:workers`): the floor, Σ scenario durations ÷ workers, is ≈ 62 s with 4, so 4
// cannot make the 60 s target; with 5 it is ≈ 50 s and the suite took 56-67 s at load 5-15 from other runs
// (54.2-55.0 s, all passed, at load 1-3); with 6, 46-62 s (46.8 s at load 3), its workers loading later
// (first scenario at 6.5-10 s against 3-7 s) and no steadier verdicts: at that load 4 and 5 workers gave
// a timing failure in 2 runs of 6, 6 workers in 3. 8 moved timing verdicts at load 10 (last round). Serial:
// `--parallel 0` or `--profile serial`. Against a driver process (FAULTLINE_DRIVER) the default is serial:
// one driver process would host every worker's SDK clients at once, which a driver need not support (the
// reference driver's timers ran 100-200 ms late that way at 8 workers); `faultline certify --parallel N`
// when your driver takes N sessions, or shard (docs/CI.md).
const PARALLEL = process.env.FAULTLINE_DRIVER ? 0 : 5;

// Each profile's tags (support/profile-tags.js): the scale scenario runs only in `--profile scale`.
const { PROFILE_TAGS } = require('./support/profile-tags.js');

module.exports = {
  default: { ...common, parallel: PARALLEL, tags: PROFILE_TAGS.default },
  serial: { ...common, tags: PROFILE_TAGS.serial },
  // Real time: scale 1. Long; meant for a sample of clauses via --tags, or for certification.
  realtime: { ...common, parallel: PARALLEL, worldParameters: { timeScale: 1 }, pluginOptions: { longestFirst: { timeScale: 1 } }, tags: PROFILE_TAGS.realtime },
  // One scenario using the whole machine: serial. `npm run bench:scale` runs it and prints its figures.
  scale: { ...common, tags: PROFILE_TAGS.scale },
  ci: {
    ...common,
    parallel: PARALLEL,
    tags: PROFILE_TAGS.ci,
    format: [
      ...common.format,
      `junit:${REPORTS}/junit.xml`,
      `html:${REPORTS}/cucumber.html`,
      `message:${REPORTS}/cucumber.ndjson`,
    ],
  },
};

// Bad input (a FAULTLINE_* value, a --tags expression, a profile or feature path) stops `npx cucumber-js` here, in
// the coordinator, before any worker starts: one line each, exit 2 (support/cucumber-input.ts).
require('./bin/register-ts.js');
require('./support/cucumber-input.ts').refuseBadCucumberInput(Object.keys(module.exports));
