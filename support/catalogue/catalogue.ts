/**
 * The clause catalogue: every documented behaviour with a stable id. `npx faultline clauses --json` prints
 * it; test/catalogue.test.ts fails when a clause has no scenario or a scenario names no known clause.
 */
import type { Clause } from './clause';
import { conflictsOf } from './conflicts';
import { AGORA_RTC_CLAUSES } from './clauses/agora-rtc';
import { AGORA_RTM_CLAUSES } from './clauses/agora-rtm';
import { IMPLEMENTATION_CLAUSES } from './clauses/implementation';
import { OPENVIDU_CLAUSES } from './clauses/openvidu';
import { CLAUSE_TRACES } from './traces';

/** Each clause with the audit's traces of the values its scenarios assert (support/catalogue/traces/, docs/CLAUSE_AUDIT.md). */
export const CATALOGUE: readonly Clause[] = [...AGORA_RTC_CLAUSES, ...AGORA_RTM_CLAUSES, ...OPENVIDU_CLAUSES, ...IMPLEMENTATION_CLAUSES].map((c) =>
  CLAUSE_TRACES[c.id] ? { ...c, traces: [...CLAUSE_TRACES[c.id]!] } : c,
);

const byId = new Map(CATALOGUE.map((c) => [c.id, c]));

export function clauseById(id: string): Clause | undefined {
  return byId.get(id);
}

/** The JSON shape promised by `faultline clauses --json`. */
export function clauseRecords() {
  return CATALOGUE.map((c) => ({
    id: c.id,
    title: c.title,
    seed: c.sources[0]!.seed,
    quote: c.sources[0]!.quote,
    sources: c.sources,
    profiles: c.profiles,
    nominalMs: c.nominalMs,
    normative: c.normative,
    source: c.source ?? 'page',
    ...(c.implementation ? { implementation: c.implementation } : {}),
    ...(c.reading ? { reading: c.reading } : {}),
    ...(c.note ? { note: c.note } : {}),
    ...(c.traces ? { traces: c.traces } : {}),
    conflicts: conflictsOf(c.id).map((k) => k.id),
  }));
}
