/** Reads a cucumber message stream (ndjson) into one outcome per scenario name: worst status, every error text. */

export interface ScenarioOutcome {
  status: string;
  messages: string[];
  /** Longest run of a scenario of this name, start to finish, in ms. */
  durationMs: number;
}

const RANK = ['PASSED', 'SKIPPED', 'PENDING', 'UNDEFINED', 'AMBIGUOUS', 'UNKNOWN', 'FAILED'];

/** The harness names a scenario `<serial>: <name>` in its setUp; this gives the name alone. */
export function scenarioName(setUpName: string): string {
  return setUpName.replace(/^\d+: /, '');
}

/** Outcomes keyed by scenario name; scenarios sharing a name are merged (the worst status wins). */
export function scenarioOutcomes(ndjson: string): Map<string, ScenarioOutcome> {
  const pickles = new Map<string, string>();
  const testCases = new Map<string, string>();
  const started = new Map<string, string>();
  const startedAt = new Map<string, number>();
  const ms = (t: { seconds: number; nanos: number }) => t.seconds * 1000 + t.nanos / 1e6;
  const outcomes = new Map<string, ScenarioOutcome>();
  for (const line of ndjson.split('\n')) {
    if (!line.trim()) continue;
    const m = JSON.parse(line);
    if (m.pickle) pickles.set(m.pickle.id, m.pickle.name);
    else if (m.testCase) testCases.set(m.testCase.id, pickles.get(m.testCase.pickleId)!);
    else if (m.testCaseStarted) {
      const name = testCases.get(m.testCaseStarted.testCaseId)!;
      started.set(m.testCaseStarted.id, name);
      startedAt.set(m.testCaseStarted.id, ms(m.testCaseStarted.timestamp));
      if (!outcomes.has(name)) outcomes.set(name, { status: 'PASSED', messages: [], durationMs: 0 });
    } else if (m.testCaseFinished) {
      const id = m.testCaseFinished.testCaseStartedId;
      const outcome = outcomes.get(started.get(id)!)!;
      outcome.durationMs = Math.max(outcome.durationMs, ms(m.testCaseFinished.timestamp) - startedAt.get(id)!);
    } else if (m.testStepFinished) {
      const outcome = outcomes.get(started.get(m.testStepFinished.testCaseStartedId)!)!;
      const result = m.testStepFinished.testStepResult;
      if (RANK.indexOf(result.status) > RANK.indexOf(outcome.status)) outcome.status = result.status;
      if (result.message) outcome.messages.push(result.message);
    }
  }
  return outcomes;
}
