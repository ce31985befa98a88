/**
 * drivers/openvidu-browser/check-published.ts, CI's comparison of a fresh openvidu-browser certification
 * with the published one: a verdict that moved is a difference (exit 1) unless the clause is listed as
 * run-dependent; a clause added to the catalogue since publication counts only when the fresh run judged it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

const SCRIPT = path.join(__dirname, '..', 'drivers', 'openvidu-browser', 'check-published.ts');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-published-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

type Clause = { id: string; verdict: string; selectionOnly?: boolean };
let serial = 0;
function compare(published: Clause[], fresh: Clause[], runDependent?: Record<string, string>): { code: number | null; out: string } {
  const dir = path.join(tmp, String(++serial));
  fs.mkdirSync(path.join(dir, 'published'), { recursive: true });
  const sdk = { name: 'openvidu-browser', version: '2.32.2' };
  fs.writeFileSync(path.join(dir, 'published', 'summary.json'), JSON.stringify({ sdk, clauses: published }));
  if (runDependent) fs.writeFileSync(path.join(dir, 'published', 'run-dependent.json'), JSON.stringify(runDependent));
  fs.writeFileSync(path.join(dir, 'fresh.json'), JSON.stringify({ sdk, clauses: fresh }));
  const r = spawnSync(process.execPath, ['-r', require.resolve('../bin/register-ts.js'), SCRIPT, path.join(dir, 'fresh.json'), path.join(dir, 'published', 'summary.json')], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout + r.stderr };
}

const published: Clause[] = [
  { id: 'OV-SIG-001', verdict: 'pass' },
  { id: 'OV-PLANE-002', verdict: 'fail' },
];

test('the same verdicts: exit 0', () => {
  const r = compare(published, published);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /matches the published one, clause by clause \(2 clauses\)/);
});

test('a verdict that moved is a difference, exit 1, named with both verdicts', () => {
  const r = compare(published, [{ id: 'OV-SIG-001', verdict: 'fail' }, published[1]!]);
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /OV-SIG-001: published pass, fresh fail/);
});

test('a run-dependent clause that moved is printed and not counted', () => {
  const r = compare(published, [{ id: 'OV-SIG-001', verdict: 'fail' }, published[1]!], { 'OV-SIG-001': 'on the edge of its window' });
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /OV-SIG-001: published pass, fresh fail: run-dependent, not counted/);
});

test('a clause added since publication counts only when the fresh run judged it', () => {
  const notSelected = compare(published, [...published, { id: 'RTC-KILL-009', verdict: 'incomplete', selectionOnly: true }]);
  assert.equal(notSelected.code, 0, notSelected.out);
  const judged = compare(published, [...published, { id: 'OV-NEW-001', verdict: 'fail' }]);
  assert.equal(judged.code, 1, judged.out);
  assert.match(judged.out, /OV-NEW-001: published absent, fresh fail/);
});
