/**
 * The longest-first plugin (support/scheduling/longest-first.js): orders by estimated length at the run's
 * scale, keeps plan order between equals, counts an unknown scenario as the median, steps aside for an
 * explicit --order, and is what `npx cucumber-js` runs with.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { Envelope } from '@cucumber/messages';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const plugin = require('../support/scheduling/longest-first.js') as {
  orderLongestFirst<T extends { pickle: Pick<Pickle, 'uri' | 'name' | 'tags'> }>(items: T[], seconds: Record<string, number>, runScale: number): T[];
  orderGiven(argv: string[]): boolean;
  coordinator(context: { transform(event: string, fn: (items: unknown[]) => Promise<unknown[]>): void; options?: { timeScale?: number } }): void;
  DURATIONS_FILE: string;
};

interface Pickle {
  uri: string;
  name: string;
  tags: ReadonlyArray<{ name: string }>;
}
const item = (name: string, tags: string[] = []) => ({ pickle: { uri: 'features/x.feature', name, tags: tags.map((t) => ({ name: t })) } });
const names = (items: Array<{ pickle: { name: string } }>) => items.map((i) => i.pickle.name);
const seconds = (entries: Record<string, number>) => Object.fromEntries(Object.entries(entries).map(([n, s]) => [`features/x.feature :: ${n}`, s]));

test('longest first; equal lengths keep their plan order', () => {
  const items = [item('a'), item('b'), item('c'), item('d')];
  assert.deepEqual(names(plugin.orderLongestFirst(items, seconds({ a: 10, b: 30, c: 10, d: 20 }), 0.1)), ['b', 'd', 'a', 'c']);
});

test('a scenario with its own @time-scale is estimated at that scale in a scaled run, at the run scale in real time', () => {
  // 1000 s at 0.01 is 10 s; 200 s at the run's 0.1 is 20 s. In real time both run at scale 1.
  const items = [item('tagged', ['@time-scale:0.01']), item('plain')];
  const lengths = seconds({ tagged: 1000, plain: 200 });
  assert.deepEqual(names(plugin.orderLongestFirst(items, lengths, 0.1)), ['plain', 'tagged']);
  assert.deepEqual(names(plugin.orderLongestFirst(items, lengths, 1)), ['tagged', 'plain']);
});

test('a scenario without a recorded length counts as the median, so it is neither first nor last', () => {
  const items = [item('new'), item('short'), item('long'), item('middle')];
  assert.deepEqual(names(plugin.orderLongestFirst(items, seconds({ short: 1, middle: 5, long: 9 }), 0.1)), ['long', 'new', 'middle', 'short']);
});

test('the run scale comes from pluginOptions (the realtime profile says 1), else FAULTLINE_TIME_SCALE or 0.1', async () => {
  const recorded = (JSON.parse(fs.readFileSync(plugin.DURATIONS_FILE, 'utf8')) as { realTimeSeconds: Record<string, number> }).realTimeSeconds;
  const key = (re: RegExp) => Object.keys(recorded).find((k) => re.test(k))!;
  // A 20-minute scenario tagged to run 1000 times faster, against a 90 s one at the run's scale.
  const items = [key(/cut off for 90 s/), key(/20 minutes without the server.*native-android/)].map((k) => {
    const [uri, name] = k.split(' :: ') as [string, string];
    return { pickle: { uri, name, tags: /20 minutes/.test(name) ? [{ name: '@time-scale:0.001' }] : [] } };
  });
  const firstAt = async (options: { timeScale?: number }) => {
    let transform: ((items: unknown[]) => Promise<unknown[]>) | undefined;
    plugin.coordinator({ transform: (_event, fn) => (transform = fn), options });
    return ((await transform!(items)) as typeof items)[0]!.pickle.name;
  };
  assert.match(await firstAt({ timeScale: 1 }), /20 minutes/, 'real time: 20 minutes before 90 s');
  assert.match(await firstAt({}), /90 s/, 'at 0.1: 90 s (9 s) before 20 minutes at 0.001 (1.2 s)');
});

test('an explicit --order on the command line turns the plugin off', () => {
  assert.equal(plugin.orderGiven(['node', 'cucumber-js', '--order', 'random:3']), true);
  assert.equal(plugin.orderGiven(['node', 'cucumber-js', '--order=defined']), true);
  assert.equal(plugin.orderGiven(['node', 'cucumber-js', '--tags', '@agora-rtm']), false);
});

test('npx cucumber-js plans the longest recorded scenario first, and --order defined keeps file order', () => {
  const root = path.join(__dirname, '..');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-order-'));
  const plannedOrder = (...extra: string[]) => {
    const out = path.join(tmp, `${extra.length}.ndjson`);
    const r = spawnSync(process.execPath, [path.join(root, 'node_modules/@cucumber/cucumber/bin/cucumber.js'), '--dry-run', '--parallel', '0', '--tags', '@agora-rtc', '--format', `message:${out}`, ...extra], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const envelopes = fs.readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Envelope);
    const pickles = new Map(envelopes.flatMap((e) => (e.pickle ? [[e.pickle.id, e.pickle] as const] : [])));
    const cases = new Map(envelopes.flatMap((e) => (e.testCase ? [[e.testCase.id, e.testCase.pickleId] as const] : [])));
    return envelopes.flatMap((e) => (e.testCaseStarted ? [pickles.get(cases.get(e.testCaseStarted.testCaseId)!)!] : []));
  };
  try {
    const recorded = (JSON.parse(fs.readFileSync(plugin.DURATIONS_FILE, 'utf8')) as { realTimeSeconds: Record<string, number> }).realTimeSeconds;
    const ordered = plannedOrder();
    const first = ordered[0]!;
    const scale = (p: Pickle) => Number(p.tags.find((t) => t.name.startsWith('@time-scale:'))?.name.split(':')[1] ?? 0.1);
    const estimate = (p: Pickle) => (recorded[`${p.uri} :: ${p.name}`] ?? 0) * scale(p);
    assert.ok(ordered.every((p) => estimate(p) <= estimate(first)), `${first.name} is planned first but is not the longest`);
    const defined = plannedOrder('--order', 'defined');
    assert.deepEqual(defined.map((p) => p.uri), [...defined.map((p) => p.uri)].sort(), 'file order under --order defined');
    assert.notDeepEqual(ordered.map((p) => p.id), defined.map((p) => p.id));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
