// The progress line's "time left" (report/progress-formatter.js). Scenarios run longest first
// (support/scheduling/longest-first.js), so the time per finished scenario so far, extrapolated over the
// scenarios left, overstates what is left early in a run (the first ones are the longest) and understates
// it for a run whose long scenarios are still going. Instead: the known durations of the scenarios still to
// run (support/scheduling/scenario-durations.json, at this run's scale), minus what the running ones have
// already spent, ÷ the workers; never less than the longest running scenario still needs. The file's
// figures are scaled by how long this run's finished scenarios took against theirs (a busy machine, or a
// profile at another time scale). A scenario the file does not know counts as the time per finished
// scenario so far (elapsed ÷ finished: the old estimate, already per worker).
// Plain JavaScript, like the formatter that uses it: cucumber loads formatters with import().
'use strict';
const { readDurations, runTimeScale, scenarioKey, scenarioScale } = require('../support/scheduling/longest-first');

class TimeLeft {
  /**
   * `realTimeSeconds`: scenario-durations.json's figures (seconds at scale 1, by `uri :: name`);
   * `runScale`: this run's time scale as the scheduler reads it.
   */
  constructor(realTimeSeconds = readDurations(), runScale = runTimeScale(undefined)) {
    this.realTimeSeconds = realTimeSeconds;
    this.runScale = runScale;
    /** Test case id → { estimateMs (undefined when unknown), startedAt, finished }. */
    this.cases = new Map();
    this.workers = new Set();
    this.finishedCount = 0;
    this.knownSpentMs = 0;
    this.knownEstimatedMs = 0;
  }

  /** A test case of the run (cucumber's testCase envelope) and its pickle (uri, name, tags). */
  planned(caseId, pickle) {
    const seconds = pickle ? this.realTimeSeconds[scenarioKey(pickle)] : undefined;
    const scale = pickle ? scenarioScale(this.runScale, pickle.tags.map((t) => t.name)) : this.runScale;
    this.cases.set(caseId, { estimateMs: typeof seconds === 'number' ? seconds * scale * 1000 : undefined, startedAt: undefined, finished: false });
  }

  /** An attempt started (a retry starts its case again); `workerId` is cucumber's, undefined when serial. */
  started(caseId, workerId, at) {
    const c = this.cases.get(caseId);
    if (c) c.startedAt = at;
    this.workers.add(workerId ?? 'serial');
  }

  /** A case's last attempt ended. */
  finished(caseId, at) {
    const c = this.cases.get(caseId);
    if (!c || c.finished) return;
    c.finished = true;
    this.finishedCount++;
    if (c.estimateMs !== undefined && c.startedAt !== undefined && c.estimateMs > 0) {
      this.knownSpentMs += at - c.startedAt;
      this.knownEstimatedMs += c.estimateMs;
    }
  }

  /** Ms left at `now`, the run having started at `runStartedAt`. */
  estimate(now, runStartedAt) {
    const ratio = this.knownEstimatedMs > 0 ? this.knownSpentMs / this.knownEstimatedMs : 1;
    const perFinished = this.finishedCount > 0 ? (now - runStartedAt) / this.finishedCount : 0;
    let knownMs = 0;
    let longestRunningMs = 0;
    let unknown = 0;
    for (const c of this.cases.values()) {
      if (c.finished) continue;
      if (c.estimateMs === undefined) {
        unknown++;
        continue;
      }
      const left = Math.max(0, c.estimateMs * ratio - (c.startedAt !== undefined ? now - c.startedAt : 0));
      knownMs += left;
      if (c.startedAt !== undefined) longestRunningMs = Math.max(longestRunningMs, left);
    }
    return Math.max(knownMs / Math.max(1, this.workers.size), longestRunningMs) + unknown * perFinished;
  }
}

module.exports = { TimeLeft };
