// cucumber-js profiles. `npx cucumber-js` runs `default`: every feature at the default time scale
// (FAULTLINE_TIME_SCALE, 0.1), against the bundled reference SDK through the embedded Toxiproxy.
// TypeScript loads transpile-only: `npm test` type-checks once with tsc --noEmit.
const common = {
  requireModule: [require.resolve('ts-node/register/transpile-only')],
  require: ['support/**/*.ts', 'steps/**/*.ts'],
  // No `paths`: cucumber's default is features/**/*.feature, and a path given on the command line then
  // replaces it instead of adding to it.
  // One line per scenario (clause ids, verdict, time, time left), informative timings with their nominal
  // values, failure text: report/progress-formatter.js. `--format summary` etc. on the command line add to it.
  // The verdict formatter gives every run the certificate's verdicts, totals line and exit code (0/1/2).
  format: [require.resolve('./report/progress-formatter.js'), './report/verdict-formatter.js:reports/verdicts.json'],
  formatOptions: { snippetInterface: 'async-await' },
  strict: true,
};

module.exports = {
  default: { ...common },
  // Real time: scale 1. Long; meant for a sample of clauses via --tags, or for certification.
  realtime: { ...common, worldParameters: { timeScale: 1 } },
  ci: {
    ...common,
    format: [
      ...common.format,
      'junit:reports/junit.xml',
      'html:reports/cucumber.html',
      'message:reports/cucumber.ndjson',
    ],
  },
};
