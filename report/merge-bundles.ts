/**
 * `faultline merge DIR…`: joins certification bundles of one SDK (the shards of a run, `certify --shard i/n`)
 * into one bundle whose verdicts are those of a single run over the same scenarios. Verdicts are computed
 * again from the joined per-scenario results, never by combining the shards' verdicts. The bundles must
 * agree on the SDK, time scale, tolerance and tags, and no scenario may appear twice; when they are shards,
 * every shard 1..n must be there exactly once.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Clause } from '../support/catalogue/clause';
import { readScenarios, type ScenarioResult } from './cucumber-messages';
import { buildSummary, type RunDescription, type Summary } from './summary';

export const SHARD_FILE = 'shard.json';

export interface ShardRecord {
  shard: { index: number; total: number };
  tags: string | null;
  /** cucumber paths (features/x.feature:LINE) of the scenarios this shard ran */
  scenarios: string[];
}

export interface Bundle {
  dir: string;
  summary: Summary;
  ndjson: string;
  scenarios: ScenarioResult[];
  shard?: ShardRecord;
}

export function readBundle(dir: string): Bundle {
  const file = (name: string) => path.join(dir, name);
  for (const name of ['summary.json', 'cucumber.ndjson']) {
    if (!fs.existsSync(file(name))) throw new Error(`${dir} is not a certification bundle: no ${name}`);
  }
  const ndjson = fs.readFileSync(file('cucumber.ndjson'), 'utf8');
  return {
    dir,
    summary: JSON.parse(fs.readFileSync(file('summary.json'), 'utf8')) as Summary,
    ndjson,
    scenarios: readScenarios(ndjson),
    ...(fs.existsSync(file(SHARD_FILE)) ? { shard: JSON.parse(fs.readFileSync(file(SHARD_FILE), 'utf8')) as ShardRecord } : {}),
  };
}

/** What must be equal for bundles to be one run; a difference is an error naming the bundle. */
function runIdentity(s: Summary): string {
  return JSON.stringify({ sdk: s.sdk, timeScale: s.timeScale, tolerance: s.tolerance, tags: s.tags, toxiproxy: s.toxiproxy === 'embedded' ? 'embedded' : 'external' });
}

export function checkMergeable(bundles: Bundle[]): void {
  if (bundles.length === 0) throw new Error('no bundle to merge');
  const first = bundles[0]!;
  for (const b of bundles.slice(1)) {
    if (runIdentity(b.summary) !== runIdentity(first.summary)) {
      throw new Error(`${b.dir} is not from the same run as ${first.dir}: ${runIdentity(b.summary)} vs ${runIdentity(first.summary)}`);
    }
  }
  const sharded = bundles.filter((b) => b.shard);
  if (sharded.length > 0) {
    if (sharded.length !== bundles.length) throw new Error(`mixing sharded and unsharded bundles: ${bundles.filter((b) => !b.shard).map((b) => b.dir).join(', ')}`);
    const total = first.shard!.shard.total;
    const seen = new Map<number, string>();
    for (const b of bundles) {
      const { index, total: t } = b.shard!.shard;
      if (t !== total) throw new Error(`${b.dir} is shard ${index}/${t}, ${first.dir} is of ${total}`);
      if (seen.has(index)) throw new Error(`shard ${index}/${total} twice: ${seen.get(index)} and ${b.dir}`);
      seen.set(index, b.dir);
    }
    const missing = Array.from({ length: total }, (_, k) => k + 1).filter((k) => !seen.has(k));
    if (missing.length > 0) throw new Error(`shard(s) ${missing.map((k) => `${k}/${total}`).join(', ')} missing: the merged verdicts would claim scenarios that did not run`);
  }
  const owner = new Map<string, string>();
  for (const b of bundles) {
    for (const s of b.scenarios) {
      const key = `${s.uri}\0${s.name}`;
      if (owner.has(key)) throw new Error(`scenario "${s.name}" (${s.uri}) is in both ${owner.get(key)} and ${b.dir}`);
      owner.set(key, b.dir);
    }
  }
}

/** The merged bundle's summary, messages and scenarios. */
export function mergeBundles(bundles: Bundle[], catalogue: readonly Clause[]): { summary: Summary; ndjson: string; scenarios: ScenarioResult[] } {
  checkMergeable(bundles);
  const first = bundles[0]!.summary;
  const starts = bundles.map((b) => Date.parse(b.summary.startedAt));
  const ends = bundles.map((b) => Date.parse(b.summary.startedAt) + b.summary.durationMs);
  const run: RunDescription = {
    sdk: first.sdk,
    profiles: first.profiles,
    driver: [...new Set(bundles.map((b) => b.summary.driver))].join(', '),
    timeScale: first.timeScale,
    tolerance: first.tolerance,
    tags: first.tags,
    toxiproxy: first.toxiproxy,
    startedAt: new Date(Math.min(...starts)).toISOString(),
    durationMs: Math.max(...ends) - Math.min(...starts),
    // An interrupted shard leaves the merged run interrupted: exit 2, never a pass.
    finished: bundles.every((b) => b.summary.finished !== false),
  };
  const scenarios = bundles.flatMap((b) => b.scenarios);
  const ndjson = bundles.map((b) => (b.ndjson.endsWith('\n') ? b.ndjson : `${b.ndjson}\n`)).join('');
  return { summary: buildSummary(run, catalogue, scenarios), ndjson, scenarios };
}
