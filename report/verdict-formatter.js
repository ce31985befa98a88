// A cucumber formatter that gives plain `npx cucumber-js` runs the certificate's verdicts, totals and exit
// codes (docs/VERDICTS.md): 0 at least one clause judged and every selected clause passed, 1 a conformance
// failure, 2 nothing or not everything could be judged (harness error, interrupted run, no scenario
// selected, a --tags tag that names no clause). It writes summary JSON to its output (a file: see
// cucumber.js) and prints the totals line on stderr. Plain JavaScript because cucumber loads custom
// formatters with import(); the verdict model itself is TypeScript, loaded through the requireModule hook.
'use strict';
const path = require('node:path');
const { Formatter } = require('@cucumber/cucumber');

const ROOT = path.join(__dirname, '..');

class FaultlineVerdictFormatter extends Formatter {
  constructor(options) {
    super(options);
    const { ScenarioCollector } = require('./cucumber-messages');
    const { scanFeatures } = require('../support/catalogue/feature-scan');
    const { unknownTags, tagsOfArgv } = require('./tag-check');
    this.collector = new ScenarioCollector();
    this.known = scanFeatures(path.join(ROOT, 'features'));
    // What this run's profiles can select: a scenario only its own profile runs (@scale) is not "left out".
    const { scenariosOfProfiles, profilesOfArgv } = require('../support/run-selection');
    this.inProfiles = scenariosOfProfiles(this.known, profilesOfArgv(process.argv));
    // Under `faultline certify` the command computes and prints the verdicts itself; a dry run judges nothing.
    this.quiet = process.env.FAULTLINE_CERTIFY === '1' || process.argv.includes('--dry-run') || process.argv.includes('-d');
    const unknown = tagsOfArgv(process.argv).flatMap((expr) => unknownTags(expr, this.known));
    if (unknown.length > 0) {
      for (const line of unknown) process.stderr.write(`faultline: --tags: ${line}\n`);
      process.stderr.write('faultline: nothing was run (exit 2)\n');
      process.exit(2);
    }
    this.exitCode = 2; // until the run says otherwise: an interrupted run could not judge everything
    this.runDone = false;
    // A run that still finishes after Ctrl-C (its workers stopped) says so beside its verdicts.
    this.interruptedBy = undefined;
    for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => (this.interruptedBy ??= signal));
    process.on('exit', () => {
      if (this.quiet) return;
      if (!this.runDone) process.stderr.write('faultline: the run did not finish: its verdicts are incomplete (exit 2)\n');
      process.exitCode = this.exitCode;
    });
    options.eventBroadcaster.on('envelope', (envelope) => {
      this.collector.add(envelope);
      if (envelope.testRunFinished) this.finish();
    });
  }

  finish() {
    this.runDone = true;
    const { buildSummary, totalsLine, implementationLine, retriedLine } = require('./summary');
    const { CATALOGUE } = require('../support/catalogue/catalogue');
    const scenarios = this.collector.scenarios();
    const summary = buildSummary(
      { sdk: { name: 'unknown', version: '' }, profiles: [], driver: process.env.FAULTLINE_DRIVER || 'in-process reference', timeScale: Number(process.env.FAULTLINE_TIME_SCALE || 0.1), tolerance: { relative: 0, absoluteMs: 0 }, tags: null, toxiproxy: process.env.TOXIPROXY_URL || 'embedded', startedAt: '', durationMs: 0, finished: true },
      CATALOGUE,
      scenarios,
      this.inProfiles,
      /^(1|true|yes)$/i.test(process.env.FAULTLINE_STRICT_IMPLEMENTATION || ''),
    );
    if (this.collector.selected === 0) {
      summary.exitCode = 2;
      summary.exitReason = 'no scenario was selected';
    }
    this.exitCode = summary.exitCode;
    this.log(`${JSON.stringify(summary, null, 2)}\n`);
    if (this.quiet) return;
    const extra = [implementationLine(summary.clauses), retriedLine(summary)].filter(Boolean).map((line) => `${line}\n`).join('');
    const interrupted = this.interruptedBy ? `; the run was interrupted (${this.interruptedBy}): scenarios it did not run are not passed` : '';
    process.stderr.write(`${totalsLine(summary.totals)}\n${extra}exit ${summary.exitCode}: ${summary.exitReason}${interrupted}\n`);
  }
}

module.exports = FaultlineVerdictFormatter;
