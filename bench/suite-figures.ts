/**
 * Figures from one run's cucumber messages: the floor the wall time could reach with N workers, each
 * scenario's set-up/tear-down overhead, and what the realtime profile would take.
 */
import type { Envelope } from '@cucumber/messages';
import { readScenarios } from '../report/cucumber-messages';

export const percentile = (xs: number[], p: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

/** Longest-first onto `workers` lanes: the makespan of the given durations. */
export function makespan(durations: number[], workers: number): number {
  const lanes = new Array<number>(Math.max(1, workers)).fill(0);
  for (const d of [...durations].sort((a, b) => b - a)) {
    const i = lanes.indexOf(Math.min(...lanes));
    lanes[i] = lanes[i]! + d;
  }
  return Math.max(...lanes);
}

export interface SuiteFigures {
  scenarios: number;
  failed: number;
  sumS: number;
  longestS: number;
  /** max(longest scenario, Σ durations ÷ workers): no schedule over `workers` can finish sooner. */
  floorS: number;
  /** Median per scenario of its Before and After hooks: driver session, World set-up, tear-down of proxies, clients and server. */
  overheadP50Ms: number;
  overheadP90Ms: number;
  /** Each scenario's duration ÷ its time scale (the realtime profile runs everything at scale 1), scheduled longest-first: an upper bound, set-up does not slow down at scale 1. */
  realtimeEstimateS: number;
}

export function suiteFigures(ndjson: string, workers: number): SuiteFigures {
  const scenarios = readScenarios(ndjson);
  const durations = scenarios.map((s) => s.durationMs / 1000);
  const sumS = durations.reduce((a, b) => a + b, 0);
  const longestS = Math.max(...durations);
  const realtime = scenarios.map((s) => s.durationMs / 1000 / (s.timeline?.timeScale ?? 0.1));
  return {
    scenarios: scenarios.length,
    failed: scenarios.filter((s) => s.status !== 'PASSED').length,
    sumS,
    longestS,
    floorS: Math.max(longestS, sumS / workers),
    ...hookOverheads(ndjson),
    realtimeEstimateS: makespan(realtime, workers),
  };
}

function hookOverheads(ndjson: string): { overheadP50Ms: number; overheadP90Ms: number } {
  const hookSteps = new Set<string>();
  const perCase = new Map<string, number>();
  for (const line of ndjson.split('\n')) {
    if (!line.trim()) continue;
    const env = JSON.parse(line) as Envelope;
    if (env.testCase) for (const step of env.testCase.testSteps) if (step.hookId) hookSteps.add(step.id);
    const done = env.testStepFinished;
    if (done && hookSteps.has(done.testStepId)) {
      const d = done.testStepResult.duration;
      perCase.set(done.testCaseStartedId, (perCase.get(done.testCaseStartedId) ?? 0) + Number(d.seconds) * 1000 + d.nanos / 1e6);
    }
  }
  const xs = [...perCase.values()];
  return { overheadP50Ms: percentile(xs, 50), overheadP90Ms: percentile(xs, 90) };
}
