// A cucumber formatter for long runs: one line per scenario with its verdict, elapsed and estimated remaining
// time. Plain JavaScript because cucumber loads custom formatters with import(), not through ts-node.
'use strict';
const { Formatter } = require('@cucumber/cucumber');

class FaultlineProgressFormatter extends Formatter {
  constructor(options) {
    super(options);
    this.total = 0;
    this.done = 0;
    this.startedAt = Date.now();
    this.names = new Map();
    this.cases = new Map();
    this.started = new Map();
    this.worst = new Map();
    options.eventBroadcaster.on('envelope', (envelope) => this.onEnvelope(envelope));
  }

  onEnvelope(envelope) {
    if (envelope.pickle) this.names.set(envelope.pickle.id, envelope.pickle.name);
    if (envelope.testCase) {
      this.cases.set(envelope.testCase.id, envelope.testCase.pickleId);
      this.total++;
    }
    if (envelope.testCaseStarted) this.started.set(envelope.testCaseStarted.id, { caseId: envelope.testCaseStarted.testCaseId, at: Date.now() });
    if (envelope.testStepFinished) {
      const status = envelope.testStepFinished.testStepResult.status;
      const id = envelope.testStepFinished.testCaseStartedId;
      const rank = ['PASSED', 'SKIPPED', 'PENDING', 'UNDEFINED', 'AMBIGUOUS', 'UNKNOWN', 'FAILED'];
      if (rank.indexOf(status) > rank.indexOf(this.worst.get(id) || 'PASSED')) this.worst.set(id, status);
    }
    if (envelope.testCaseFinished) {
      const id = envelope.testCaseFinished.testCaseStartedId;
      const started = this.started.get(id);
      if (!started || envelope.testCaseFinished.willBeRetried) return;
      this.done++;
      const elapsed = (Date.now() - this.startedAt) / 1000;
      const remaining = this.done > 0 ? (elapsed / this.done) * (this.total - this.done) : 0;
      const name = this.names.get(this.cases.get(started.caseId)) || '?';
      const took = ((Date.now() - started.at) / 1000).toFixed(1);
      this.log(`[${this.done}/${this.total}] ${(this.worst.get(id) || 'PASSED').padEnd(7)} ${name} (${took} s) — elapsed ${elapsed.toFixed(0)} s, ~${remaining.toFixed(0)} s left\n`);
    }
  }
}

FaultlineProgressFormatter.documentation = 'One line per scenario with elapsed and remaining time';
module.exports = FaultlineProgressFormatter;
