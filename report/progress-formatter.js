// The default formatter of `npx cucumber-js` (cucumber.js) and of `faultline certify`: one line per scenario
// with its clause ids, verdict, time taken, elapsed and estimated remaining time (report/time-left.js); under it the informative
// timings measured (printed with their nominal values, since they are reported, never failed) and, for a
// failing scenario, its failure text. A last line gives the totals.
// Retries (cucumber.js `retry`, support/time/late-retry.ts): a scenario's line is its first attempt's, unless
// that attempt failed only with FL-H-LATE; then it is the retry's, saying "retried after FL-H-LATE".
// Plain JavaScript because cucumber loads custom formatters with import(), not through ts-node.
'use strict';
const { Formatter } = require('@cucumber/cucumber');

const TIMELINE_MEDIA_TYPE = 'application/vnd.faultline.timeline+json';
const RANK = ['PASSED', 'SKIPPED', 'PENDING', 'UNDEFINED', 'AMBIGUOUS', 'UNKNOWN', 'FAILED'];
// Clause ids are tags like @RTC-RECON-001, @RTM-LOGIN-003, @OV-EVT-002.
const CLAUSE_TAG = /^@[A-Z]+(?:-[A-Z0-9]+)*-\d{3}$/;

function seconds(ms) {
  return ms >= 10000 ? `${(ms / 1000).toFixed(0)} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** `join: 212 ms, nominal ≈ 200 ms × 0.1 = 20 ms` — the figure and what the page says it should be. */
function describeMeasurement(m) {
  // Below 10 ms (a proxy's added round trip) whole milliseconds would print 0: three significant digits.
  const measured = `${Math.abs(m.measuredMs) < 10 ? Number(m.measuredMs.toPrecision(3)) : Math.round(m.measuredMs)} ms`;
  if (m.nominalMs === null || m.nominalMs === undefined) return `${m.what}: ${measured}`;
  const scaled = m.scale === 1 ? '' : ` × ${m.scale} = ${Math.round(m.nominalMs * m.scale)} ms`;
  return `${m.what}: ${measured}, nominal ≈ ${m.nominalMs} ms${scaled}`;
}

function indent(text, prefix) {
  return text
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');
}

class FaultlineProgressFormatter extends Formatter {
  constructor(options) {
    super(options);
    this.total = 0;
    this.done = 0;
    this.startedAt = Date.now();
    this.pickles = new Map();
    this.cases = new Map();
    this.started = new Map();
    this.counts = new Map();
    // The retry rule is TypeScript, loaded through cucumber's requireModule hook (cucumber.js).
    this.retry = require('../support/time/late-retry');
    // Time left from the known durations of the scenarios still to run (report/time-left.js).
    const { TimeLeft } = require('./time-left');
    this.timeLeft = new TimeLeft();
    /** Test case → the first attempt's FL-H-LATE failure, while its retry runs. */
    this.retriedAfter = new Map();
    /** Test cases whose line is printed: a retried attempt after any other failure only repeats it. */
    this.settled = new Set();
    options.eventBroadcaster.on('envelope', (envelope) => this.onEnvelope(envelope));
  }

  onEnvelope(envelope) {
    if (envelope.pickle) this.pickles.set(envelope.pickle.id, envelope.pickle);
    if (envelope.testCase) {
      this.cases.set(envelope.testCase.id, envelope.testCase.pickleId);
      this.timeLeft.planned(envelope.testCase.id, this.pickles.get(envelope.testCase.pickleId));
      this.total++;
    }
    if (envelope.testCaseStarted) {
      const s = envelope.testCaseStarted;
      this.started.set(s.id, { caseId: s.testCaseId, at: Date.now(), status: 'PASSED', failure: undefined, failures: [], measurements: [] });
      this.timeLeft.started(s.testCaseId, s.workerId, Date.now());
    }
    if (envelope.testStepFinished) {
      const state = this.started.get(envelope.testStepFinished.testCaseStartedId);
      const result = envelope.testStepFinished.testStepResult;
      if (state && RANK.indexOf(result.status) > RANK.indexOf(state.status)) state.status = result.status;
      if (state && result.status === 'FAILED' && !state.failure) state.failure = result.message || result.exception?.message;
      if (state && result.status === 'FAILED') state.failures.push(result.message || result.exception?.message);
    }
    if (envelope.attachment && envelope.attachment.mediaType === TIMELINE_MEDIA_TYPE) {
      const state = this.started.get(envelope.attachment.testCaseStartedId);
      try {
        if (state) state.measurements = JSON.parse(envelope.attachment.body).measurements || [];
      } catch {
        // a timeline that cannot be read shows no measurements; the report says more
      }
    }
    if (envelope.testCaseFinished) this.onScenarioFinished(envelope.testCaseFinished);
    if (envelope.testRunFinished) this.onRunFinished();
  }

  onScenarioFinished(finished) {
    const state = this.started.get(finished.testCaseStartedId);
    if (!state || this.settled.has(state.caseId)) return;
    if (finished.willBeRetried && this.retry.failedOnlyLate(state.failures)) {
      this.retriedAfter.set(state.caseId, state.failure);
      return;
    }
    this.settled.add(state.caseId);
    this.done++;
    this.counts.set(state.status, (this.counts.get(state.status) || 0) + 1);
    const elapsed = Date.now() - this.startedAt;
    this.timeLeft.finished(state.caseId, Date.now());
    const remaining = this.timeLeft.estimate(Date.now(), this.startedAt);
    const pickle = this.pickles.get(this.cases.get(state.caseId));
    const clauses = pickle ? pickle.tags.map((t) => t.name).filter((t) => CLAUSE_TAG.test(t)).map((t) => t.slice(1)) : [];
    const name = pickle ? pickle.name : '?';
    const lines = [
      `[${this.done}/${this.total}] ${state.status.padEnd(7)} ${clauses.join(',') || '-'}  ${name} (${seconds(Date.now() - state.at)}) — ${seconds(elapsed)} elapsed, ~${seconds(remaining)} left`,
    ];
    if (this.retriedAfter.has(state.caseId)) lines.push(`          ${this.retry.retriedNote(this.retriedAfter.get(state.caseId))}`);
    for (const m of state.measurements.filter((x) => x.normative === false)) lines.push(`          informative ${describeMeasurement(m)}`);
    // The harness's own stack frames say nothing to a vendor: the failure text stands on its own.
    if (state.failure) lines.push(indent(state.failure.replace(/\n\s+at [^\n]*/g, '').trimEnd(), '          '));
    this.log(`${lines.join('\n')}\n`);
  }

  onRunFinished() {
    const parts = RANK.filter((s) => this.counts.has(s)).map((s) => `${this.counts.get(s)} ${s.toLowerCase()}`);
    if (this.retriedAfter.size > 0) parts.push(`${this.retriedAfter.size} retried after FL-H-LATE`);
    this.log(`${this.done} scenario${this.done === 1 ? '' : 's'}${parts.length ? `: ${parts.join(', ')}` : ''} in ${seconds(Date.now() - this.startedAt)}\n`);
  }
}

FaultlineProgressFormatter.documentation = 'One line per scenario: clause ids, verdict, time, elapsed and remaining; informative timings; failures';
module.exports = FaultlineProgressFormatter;
