/** Reads a cucumber message stream (.ndjson) into scenarios with their status, failure text and faultline timeline. */
import type { Envelope } from '@cucumber/messages';

import { TIMELINE_MEDIA_TYPE, timelineRecord, type TimelineRecord } from '../contract/timeline';

export { TIMELINE_MEDIA_TYPE };
/** The timeline record support/world.ts attaches, parsed with its zod schema (contract/timeline.ts). */
export type TimelineData = TimelineRecord;

export interface ScenarioResult {
  name: string;
  uri: string;
  tags: string[];
  status: 'PASSED' | 'FAILED' | 'SKIPPED' | 'PENDING' | 'UNDEFINED' | 'AMBIGUOUS' | 'UNKNOWN';
  failure?: string;
  timeline?: TimelineData;
  durationMs: number;
}

const RANK = ['PASSED', 'SKIPPED', 'PENDING', 'UNDEFINED', 'AMBIGUOUS', 'UNKNOWN', 'FAILED'];

export function readScenarios(ndjson: string): ScenarioResult[] {
  const pickles = new Map<string, { name: string; uri: string; tags: string[] }>();
  const testCases = new Map<string, string>();
  const results = new Map<string, ScenarioResult & { startedAt: number }>();
  const order: string[] = [];
  for (const line of ndjson.split('\n')) {
    if (!line.trim()) continue;
    const env = JSON.parse(line) as Envelope;
    if (env.pickle) pickles.set(env.pickle.id, { name: env.pickle.name, uri: env.pickle.uri, tags: env.pickle.tags.map((t) => t.name) });
    if (env.testCase) testCases.set(env.testCase.id, env.testCase.pickleId);
    if (env.testCaseStarted) {
      const p = pickles.get(testCases.get(env.testCaseStarted.testCaseId) ?? '');
      if (!p) continue;
      const t = env.testCaseStarted.timestamp;
      results.set(env.testCaseStarted.id, { ...p, status: 'PASSED', durationMs: 0, startedAt: Number(t.seconds) * 1000 + t.nanos / 1e6 });
      order.push(env.testCaseStarted.id);
    }
    if (env.testStepFinished) {
      const r = results.get(env.testStepFinished.testCaseStartedId);
      const step = env.testStepFinished.testStepResult;
      if (!r) continue;
      if (RANK.indexOf(step.status) > RANK.indexOf(r.status)) r.status = step.status as ScenarioResult['status'];
      if (step.status === 'FAILED' && step.message && !r.failure) r.failure = step.message;
    }
    if (env.attachment?.mediaType === TIMELINE_MEDIA_TYPE && env.attachment.testCaseStartedId) {
      const r = results.get(env.attachment.testCaseStartedId);
      if (r) {
        // A record that does not parse (another version wrote it) is left out: the scenario stays, without its picture.
        const parsed = timelineRecord.safeParse(JSON.parse(env.attachment.body));
        if (parsed.success) r.timeline = parsed.data;
      }
    }
    if (env.testCaseFinished) {
      const r = results.get(env.testCaseFinished.testCaseStartedId);
      const t = env.testCaseFinished.timestamp;
      if (r) r.durationMs = Number(t.seconds) * 1000 + t.nanos / 1e6 - r.startedAt;
    }
  }
  return order.map((id) => {
    const { startedAt: _ignored, ...rest } = results.get(id)!;
    return rest;
  });
}
