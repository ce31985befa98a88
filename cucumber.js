// cucumber-js profiles. `npx cucumber-js` runs `default`: every feature at the default time scale
// (FAULTLINE_TIME_SCALE, 0.1), against the bundled reference SDK through the embedded Toxiproxy.
// TypeScript loads through the transpile cache (bin/register-ts.js, filled by npm install): `npm run typecheck` type-checks.
const common = {
  requireModule: [require.resolve('./bin/register-ts.js')],
  require: ['support/**/*.ts', 'steps/**/*.ts'],
  // No `paths`: cucumber's default is features/**/*.feature, and a path given on the command line then
  // replaces it instead of adding to it.
  // One line per scenario (clause ids, verdict, time, time left), informative timings with their nominal
  // values, failure text: report/progress-formatter.js. `--format summary` etc. on the command line add to it.
  // The verdict formatter gives every run the certificate's verdicts, totals line and exit code (0/1/2).
  format: [require.resolve('./report/progress-formatter.js'), './report/verdict-formatter.js:reports/verdicts.json'],
  formatOptions: { snippetInterface: 'async-await' },
  strict: true,
  // One retry, taken only by a scenario whose only failure was the harness's own lateness (FL-H-LATE):
  // support/time/late-retry.ts ends any other retried attempt at once with the first attempt's verdict.
  retry: 1,
};

// Scenarios are independent (each has its own server, proxies and clients) and spend their time in
// documented waits, so they run in 4 parallel worker processes (docs/CI.md has the measurements on 2 cores:
// beside two busy loops, 4 workers gave no conformance failure in two runs of the RTM and OpenVidu families
// where serial runs gave 1 and 2; 8 moved timing verdicts at load 10). Serial: `--parallel 0` or
// `--profile serial`. Against a driver process (FAULTLINE_DRIVER) the default is serial: one driver process
// would host every worker's SDK clients at once, which a driver need not support (the reference driver's
// timers ran 100-200 ms late that way at 8 workers); `faultline certify --parallel N` when your driver takes
// N sessions, or shard (docs/CI.md).
const PARALLEL = process.env.FAULTLINE_DRIVER ? 0 : 4;

// Each profile's tags (support/profile-tags.js): the scale scenario runs only in `--profile scale`.
const { PROFILE_TAGS } = require('./support/profile-tags.js');

module.exports = {
  default: { ...common, parallel: PARALLEL, tags: PROFILE_TAGS.default },
  serial: { ...common, tags: PROFILE_TAGS.serial },
  // Real time: scale 1. Long; meant for a sample of clauses via --tags, or for certification.
  realtime: { ...common, parallel: PARALLEL, worldParameters: { timeScale: 1 }, tags: PROFILE_TAGS.realtime },
  // One scenario using the whole machine: serial. `npm run bench:scale` runs it and prints its figures.
  scale: { ...common, tags: PROFILE_TAGS.scale },
  ci: {
    ...common,
    parallel: PARALLEL,
    tags: PROFILE_TAGS.ci,
    format: [
      ...common.format,
      'junit:reports/junit.xml',
      'html:reports/cucumber.html',
      'message:reports/cucumber.ndjson',
    ],
  },
};
