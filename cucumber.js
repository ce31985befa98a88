// cucumber-js profiles. `npx cucumber-js` runs `default`: every feature at the default time scale
// (FAULTLINE_TIME_SCALE, 0.1), against the bundled reference SDK through the embedded Toxiproxy.
// TypeScript loads through the transpile cache (bin/register-ts.js, filled by npm install): `npm run typecheck` type-checks.
const os = require('node:os');

const common = {
  requireModule: [require.resolve('./bin/register-ts.js')],
  require: ['support/**/*.ts', 'steps/**/*.ts'],
  // No `paths`: cucumber's default is features/**/*.feature, and a path given on the command line then
  // replaces it instead of adding to it.
  format: ['progress'],
  formatOptions: { snippetInterface: 'async-await' },
  strict: true,
};

// Scenarios are independent (each has its own server, proxies and clients) and spend their time in
// documented waits, so they run in parallel worker processes: two per core, less the machine's load (the
// 1-minute load average), at most 8. On an idle 2-core machine that is 4; with two busy loops beside it, 2;
// on a saturated one, serial. Measured on 2 cores (docs/CI.md): 4 workers kept every verdict on an idle
// machine, but with two busy loops moved 1-3 of 48 RTM/OpenVidu verdicts per run, where 2 and serial moved
// none; 8 moved RTM timings by 30-230 ms at load 10. Serial: `--parallel 0` or `--profile serial`.
// Against a driver process (FAULTLINE_DRIVER) the default is serial: one driver process would host every
// worker's SDK clients at once, which a driver need not support (the reference driver's timers ran 100-200 ms
// late that way); `faultline certify --parallel N` when your driver takes N sessions, or shard (docs/CI.md).
function defaultWorkers() {
  if (process.env.FAULTLINE_DRIVER) return 0;
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const workers = Math.min(8, Math.floor(2 * cores - os.loadavg()[0]));
  return workers >= 2 ? workers : 0;
}
const PARALLEL = defaultWorkers();

module.exports = {
  default: { ...common, parallel: PARALLEL },
  serial: { ...common },
  // Real time: scale 1. Long; meant for a sample of clauses via --tags, or for certification.
  realtime: { ...common, parallel: PARALLEL, worldParameters: { timeScale: 1 } },
  ci: {
    ...common,
    parallel: PARALLEL,
    format: [
      'progress',
      'junit:reports/junit.xml',
      'html:reports/cucumber.html',
      'message:reports/cucumber.ndjson',
    ],
  },
};
