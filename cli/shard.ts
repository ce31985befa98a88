/**
 * `--shard i/n`: a deterministic slice of the run. The scenarios the run would select (features, tags) are
 * listed in cucumber's plan order and dealt round-robin: scenario k goes to shard (k mod n) + 1. Every
 * machine computes the same plan from the same checkout, so the n slices are disjoint and cover the run.
 */
import { loadConfiguration, loadSources } from '@cucumber/cucumber/api';
import { UsageError } from './command-line';

export interface Shard {
  index: number;
  total: number;
}

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(m?.[1]);
  const total = Number(m?.[2]);
  if (!m || total < 1 || index < 1 || index > total) throw new UsageError(`--shard wants i/n with 1 ≤ i ≤ n (e.g. 2/3), got "${text}"`);
  return { index, total };
}

/** The scenarios of one shard as cucumber paths (`features/x.feature:LINE`), in plan order. */
export async function shardLocations(shard: Shard, tags: string | undefined, cwd: string): Promise<{ locations: string[]; planned: number }> {
  const { runConfiguration } = await loadConfiguration({ provided: tags ? { tags } : {} }, { cwd });
  const { plan } = await loadSources(runConfiguration.sources, { cwd });
  const locations = plan.filter((_, k) => k % shard.total === shard.index - 1).map((p) => `${p.uri}:${p.location.line}`);
  return { locations, planned: plan.length };
}
