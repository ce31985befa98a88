import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CATALOGUE, clauseById, clauseRecords } from '../support/catalogue/catalogue';
import { CONFLICTS } from '../support/catalogue/conflicts';
import { SEEDS } from '../support/catalogue/clause';
import { clauseIdsOf, scanFeatures } from '../support/catalogue/feature-scan';

const FEATURES = path.join(__dirname, '..', 'features');
/** The seed pages: FAULTLINE_SEEDS_DIR, else the nearest shared/seeds above the repository (beside /work/main, or above a worktree). */
function seedDir(): string {
  if (process.env.FAULTLINE_SEEDS_DIR) return process.env.FAULTLINE_SEEDS_DIR;
  for (let dir = path.join(__dirname, '..'); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const candidate = path.join(path.dirname(dir), 'shared', 'seeds');
    if (fs.existsSync(candidate)) return candidate;
  }
  return path.join(__dirname, '..', '..', 'shared', 'seeds');
}
const SEED_DIR = seedDir();
const scenarios = scanFeatures(FEATURES);
const known = new Set(CATALOGUE.map((c) => c.id));

test('every clause in the catalogue has at least one scenario tagged with its id', () => {
  const tagged = new Set(scenarios.flatMap((s) => clauseIdsOf(s.tags)));
  const orphans = CATALOGUE.map((c) => c.id).filter((id) => !tagged.has(id));
  assert.deepEqual(orphans, [], `clauses without a scenario: ${orphans.join(', ')}`);
});

test('every scenario carries a clause id, and only known ones', () => {
  const bad = scenarios.filter((s) => {
    const ids = clauseIdsOf(s.tags);
    return ids.length === 0 || ids.some((id) => !known.has(id));
  });
  assert.deepEqual(
    bad.map((s) => `${s.uri}:${s.line} "${s.name}" tags ${s.tags.join(' ')}`),
    [],
  );
});

test('clause ids are unique and well-formed', () => {
  const ids = CATALOGUE.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, /^[A-Z]+(-[A-Z0-9]+)+$/);
});

test('every clause names a seed file that exists and a non-empty quote', () => {
  const seeds = new Set(Object.values(SEEDS));
  for (const c of CATALOGUE) {
    assert.ok(c.sources.length > 0, c.id);
    for (const s of c.sources) {
      assert.ok(seeds.has(s.seed as never), `${c.id}: unknown seed ${s.seed}`);
      assert.ok(s.quote.length > 10, `${c.id}: empty quote`);
    }
    assert.ok(c.profiles.length > 0, `${c.id}: no profile`);
  }
});

test('quotes are verbatim from their seed (modulo whitespace and elided "...")', { skip: !fs.existsSync(SEED_DIR) && 'shared/seeds not beside the repo' }, () => {
  const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
  const texts = new Map<string, string>(Object.values(SEEDS).map((f) => [f, squash(fs.readFileSync(path.join(SEED_DIR, f), 'utf8'))]));
  const misquoted: string[] = [];
  for (const c of CATALOGUE) {
    for (const s of c.sources) {
      const pieces = squash(s.quote).split(/\s*(?:\.\.\.|\(\.\.\.\))\s*/).filter((p) => p.length > 0);
      const text = texts.get(s.seed)!;
      for (const piece of pieces) if (!text.includes(piece.replace(/\]\(\.\.\.\)/g, ''))) misquoted.push(`${c.id} (${s.seed}): "${piece.slice(0, 80)}"`);
    }
  }
  assert.deepEqual(misquoted, []);
});

test('the JSON records carry the promised fields', () => {
  for (const r of clauseRecords()) {
    assert.equal(typeof r.id, 'string');
    assert.equal(typeof r.seed, 'string');
    assert.equal(typeof r.quote, 'string');
    assert.ok(Array.isArray(r.profiles));
    assert.ok(r.nominalMs === null || typeof r.nominalMs === 'number');
    assert.equal(typeof r.normative, 'boolean');
  }
});

test('every documentation conflict quotes both sides verbatim and names known clauses', { skip: !fs.existsSync(SEED_DIR) && 'shared/seeds not beside the repo' }, () => {
  const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
  const problems: string[] = [];
  for (const k of CONFLICTS) {
    for (const side of [k.chosen, k.other]) {
      const text = squash(fs.readFileSync(path.join(SEED_DIR, side.seed), 'utf8'));
      if (!text.includes(squash(side.quote))) problems.push(`${k.id} (${side.seed}): "${side.quote.slice(0, 80)}"`);
    }
    for (const id of k.clauses) if (!known.has(id)) problems.push(`${k.id}: unknown clause ${id}`);
  }
  assert.deepEqual(problems, []);
  assert.ok(CONFLICTS.length >= 5);
});

test('implementation clauses say where they come from; page clauses do not', () => {
  for (const c of CATALOGUE) {
    if (c.source === 'implementation') assert.ok(c.implementation?.sdk && c.implementation.where, `${c.id}: implementation source missing`);
    else assert.equal(c.implementation, undefined, `${c.id}: a page clause with an implementation source`);
  }
  const records = clauseRecords();
  assert.ok(records.every((r) => r.source === 'page' || r.source === 'implementation'));
  assert.ok(records.some((r) => r.source === 'implementation'));
});

test("every scenario's durations match its clause's nominal time", () => {
  const UNIT: Record<string, number> = { ms: 1, s: 1000, second: 1000, seconds: 1000, min: 60000, minute: 60000, minutes: 60000 };
  const durations = (text: string) => [...text.matchAll(/(\d+(?:\.\d+)?) ?(ms|seconds?|s|minutes?|min)\b/g)].map((m) => Number(m[1]) * UNIT[m[2]!]!);
  const off: string[] = [];
  for (const sc of scenarios) {
    const timed = clauseIdsOf(sc.tags).map((id) => clauseById(id)).filter((c) => c?.nominalMs);
    if (timed.length === 0) continue;
    const all = sc.steps.flatMap(durations);
    const matches = timed.some((c) => all.includes(c!.nominalMs!));
    // The legacy threshold is named, not numbered: FAULTLINE_LEGACY_LOST_SECONDS chooses it (RTC-LEGACY-003).
    const named = sc.steps.some((t) => t.includes('legacy connection-lost threshold'));
    // A bound the scenario stays inside ("back within 7 s"): a fault held for less than it.
    const inside = sc.steps.some((t) => /\bfor \d/.test(t) && durations(t.slice(t.indexOf(' for '))).some((d) => timed.some((c) => d < c!.nominalMs!)));
    // Never the clause's callback over a window longer than its time (data that never stops long enough).
    const longer = sc.steps.some((t) => /never receives/.test(t) && durations(t).some((d) => timed.some((c) => d > c!.nominalMs!)));
    if (!matches && !named && !inside && !longer) off.push(`${sc.uri}:${sc.line} ${timed.map((c) => `${c!.id}=${c!.nominalMs} ms`).join(', ')}: durations ${all.join(', ') || 'none'}`);
  }
  assert.deepEqual(off, []);
});
