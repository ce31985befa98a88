/**
 * Reads a cucumber message stream (.ndjson) into scenarios with their status, steps, failure text and
 * faultline timeline. A scenario that did not run to its end (the run was interrupted, a step never
 * finished) is UNFINISHED, never PASSED; a scenario selected but never started is NOT_RUN.
 * Retries (cucumber.js `retry`, support/time/late-retry.ts): a scenario's result is its first attempt's,
 * unless that attempt failed only with FL-H-LATE; then it is the second attempt's, marked `retriedAfter`.
 */
import type { Envelope } from '@cucumber/messages';
import { stepAnnotations } from './step-annotations';
import { failedOnlyLate } from '../support/time/late-retry';

import { TIMELINE_MEDIA_TYPE, timelineRecord, type TimelineRecord } from '../contract/timeline';

export { TIMELINE_MEDIA_TYPE };

export type ScenarioStatus =
  | 'PASSED'
  | 'FAILED'
  | 'SKIPPED'
  | 'PENDING'
  | 'UNDEFINED'
  | 'AMBIGUOUS'
  | 'UNKNOWN'
  | 'UNFINISHED'
  | 'NOT_RUN';

export interface StepResult {
  /** The pickle step's text; hooks are `Before hook` / `After hook`. */
  text: string;
  hook: boolean;
  /** Not finished when the run stopped while it ran or before it. */
  status: ScenarioStatus;
  /** Clause ids a `# checks: ID ...` comment above the step names; undefined when the step is not annotated. */
  checks?: string[];
  message?: string;
}

export interface ScenarioResult {
  name: string;
  uri: string;
  tags: string[];
  status: ScenarioStatus;
  failure?: string;
  timeline?: TimelineData;
  durationMs: number;
  steps: StepResult[];
  /** Set when the first attempt failed only with FL-H-LATE and this is the retry's result: the first attempt's failure text. */
  retriedAfter?: string;
}

/** The timeline record support/world.ts attaches, parsed with its zod schema (contract/timeline.ts). */
export type TimelineData = TimelineRecord;

const RANK: ScenarioStatus[] = ['PASSED', 'SKIPPED', 'PENDING', 'UNDEFINED', 'AMBIGUOUS', 'UNKNOWN', 'UNFINISHED', 'FAILED'];

interface Pickle {
  name: string;
  uri: string;
  tags: string[];
  steps: Map<string, { text: string; astNodeId: string }>;
}

interface Running extends ScenarioResult {
  testCaseId: string;
  startedAt: number;
  finished: boolean;
  stepIds: string[];
  stepIndex: Map<string, number>;
}

/** Turns a stream of envelopes into scenario results; `add` one envelope at a time, `results()` at any point. */
export class ScenarioCollector {
  private readonly pickles = new Map<string, Pickle>();
  private readonly annotations = new Map<string, string[]>();
  private readonly testCases = new Map<string, { pickleId: string; steps: Array<{ id: string; pickleStepId?: string; hook: boolean }> }>();
  private readonly results = new Map<string, Running>();
  private readonly started = new Set<string>();
  /** Test case → its attempts' testCaseStarted ids, in order. */
  private readonly attempts = new Map<string, string[]>();
  /** Test cases in the order their first attempt started. */
  private readonly order: string[] = [];
  /** Test cases in the order cucumber planned them, started or not. */
  private readonly planned: string[] = [];
  runFinished = false;

  add(env: Envelope): void {
    if (env.gherkinDocument) {
      for (const [astNodeId, ids] of stepAnnotations(env.gherkinDocument)) this.annotations.set(astNodeId, ids);
    }
    if (env.pickle) {
      this.pickles.set(env.pickle.id, {
        name: env.pickle.name,
        uri: env.pickle.uri,
        tags: env.pickle.tags.map((t) => t.name),
        steps: new Map(env.pickle.steps.map((s) => [s.id, { text: s.text, astNodeId: s.astNodeIds[0] ?? '' }])),
      });
    }
    if (env.testCase) {
      this.testCases.set(env.testCase.id, {
        pickleId: env.testCase.pickleId,
        steps: env.testCase.testSteps.map((s) => ({ id: s.id, pickleStepId: s.pickleStepId, hook: s.hookId !== undefined })),
      });
      this.planned.push(env.testCase.id);
    }
    if (env.testCaseStarted) this.start(env.testCaseStarted.id, env.testCaseStarted.testCaseId, env.testCaseStarted.timestamp);
    if (env.testStepFinished) {
      const r = this.results.get(env.testStepFinished.testCaseStartedId);
      const i = r?.stepIndex.get(env.testStepFinished.testStepId);
      if (!r || i === undefined) return;
      const step = env.testStepFinished.testStepResult;
      r.steps[i]!.status = step.status as ScenarioStatus;
      if (step.message) r.steps[i]!.message = step.message;
      if (step.status === 'FAILED' && step.message && !r.failure) r.failure = step.message;
    }
    if (env.attachment?.mediaType === TIMELINE_MEDIA_TYPE && env.attachment.testCaseStartedId) {
      const r = this.results.get(env.attachment.testCaseStartedId);
      if (r) {
        // A record that does not parse (another version wrote it) is left out: the verdict does not depend on it.
        try {
          const parsed = timelineRecord.safeParse(JSON.parse(env.attachment.body));
          if (parsed.success) r.timeline = parsed.data;
        } catch {
          // not JSON at all: left out too
        }
      }
    }
    if (env.testCaseFinished) {
      const r = this.results.get(env.testCaseFinished.testCaseStartedId);
      if (!r) return;
      const t = env.testCaseFinished.timestamp;
      r.durationMs = Number(t.seconds) * 1000 + t.nanos / 1e6 - r.startedAt;
      r.finished = true; // a retried attempt finished too: verdictAttempt decides which attempt counts
    }
    if (env.testRunFinished) this.runFinished = true;
  }

  private start(startedId: string, testCaseId: string, t: { seconds: number; nanos: number }): void {
    const tc = this.testCases.get(testCaseId);
    const p = this.pickles.get(tc?.pickleId ?? '');
    if (!tc || !p) return;
    if (!this.started.has(testCaseId)) this.order.push(testCaseId);
    this.started.add(testCaseId);
    this.attempts.set(testCaseId, [...(this.attempts.get(testCaseId) ?? []), startedId]);
    const steps: StepResult[] = tc.steps.map((s, i) => {
      const ps = s.pickleStepId ? p.steps.get(s.pickleStepId) : undefined;
      const checks = ps ? this.annotations.get(ps.astNodeId) : undefined;
      return {
        text: ps?.text ?? (i === 0 ? 'Before hook' : 'After hook'),
        hook: s.hook,
        status: 'UNFINISHED',
        ...(checks ? { checks } : {}),
      };
    });
    this.results.set(startedId, {
      name: p.name,
      uri: p.uri,
      tags: p.tags,
      status: 'UNFINISHED',
      durationMs: 0,
      steps,
      testCaseId,
      startedAt: Number(t.seconds) * 1000 + t.nanos / 1e6,
      finished: false,
      stepIds: tc.steps.map((s) => s.id),
      stepIndex: new Map(tc.steps.map((s, i) => [s.id, i])),
    });
  }

  /** The attempt that gives the scenario its result: the first, or the retry after an FL-H-LATE-only failure. */
  private verdictAttempt(testCaseId: string): ScenarioResult {
    const [first, second] = this.attempts.get(testCaseId)!.map((id) => this.resultOf(this.results.get(id)!));
    const late = first!.status === 'FAILED' && failedOnlyLate(first!.steps.filter((s) => s.status === 'FAILED').map((s) => s.message));
    return late && second ? { ...second, retriedAfter: first!.failure ?? '' } : first!;
  }

  private resultOf(r: Running): ScenarioResult {
    const { startedAt: _s, finished, testCaseId: _t, stepIds: _ids, stepIndex: _ix, ...rest } = r;
    const worst = rest.steps.reduce<ScenarioStatus>((w, s) => (RANK.indexOf(s.status) > RANK.indexOf(w) ? s.status : w), 'PASSED');
    // Cucumber marks the steps after a failure SKIPPED; a scenario without testCaseFinished did not end.
    return { ...rest, status: !finished && worst !== 'FAILED' ? 'UNFINISHED' : worst };
  }

  scenarios(): ScenarioResult[] {
    const ran = this.order.map((id) => this.verdictAttempt(id));
    const notRun = this.planned
      .filter((id) => !this.started.has(id))
      .flatMap((id) => {
        const p = this.pickles.get(this.testCases.get(id)!.pickleId);
        return p ? [{ name: p.name, uri: p.uri, tags: p.tags, status: 'NOT_RUN' as const, durationMs: 0, steps: [] }] : [];
      });
    return [...ran, ...notRun];
  }

  /** How many scenarios cucumber selected for this run (after --tags). */
  get selected(): number {
    return this.planned.length;
  }
}

export function readScenarios(ndjson: string): ScenarioResult[] {
  return collect(ndjson).scenarios();
}

export function collect(ndjson: string): ScenarioCollector {
  const collector = new ScenarioCollector();
  for (const line of ndjson.split('\n')) {
    if (!line.trim()) continue;
    let env: Envelope;
    try {
      env = JSON.parse(line) as Envelope;
    } catch {
      continue; // an interrupted run can leave a half-written last line
    }
    collector.add(env);
  }
  return collector;
}
