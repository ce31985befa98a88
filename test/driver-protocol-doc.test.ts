/**
 * Issue 14 item 7: docs/DRIVER_PROTOCOL.md is enough to write a driver without reading faultline's code. It
 * must keep naming every request op, every `invoke` method and `admin` operation the scenarios call, every
 * client option they send, the connection lifecycle and the limits; and its schema file naming must be the
 * one `faultline schemas` uses. Found by reading the harness's call sites, so a new call without docs fails.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { schemaFiles } from '../cli/schemas-command';
import { driverRequest } from '../contract/driver-protocol';

const ROOT = path.join(__dirname, '..');
const doc = fs.readFileSync(path.join(ROOT, 'docs', 'DRIVER_PROTOCOL.md'), 'utf8');

function harnessSources(): string {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name));
      else if (e.name.endsWith('.ts')) files.push(path.join(dir, e.name));
    }
  };
  walk(path.join(ROOT, 'support'));
  walk(path.join(ROOT, 'steps'));
  return files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
}

test('every request op is documented', () => {
  const ops = driverRequest.options.map((o) => (o.shape.op as { value: string }).value);
  assert.ok(ops.length >= 9);
  for (const op of ops) assert.match(doc, new RegExp(`\\| \`${op}\` \\|`), `op ${op}`);
});

test('every invoke method and admin operation the scenarios call is in the method vocabulary', () => {
  const src = harnessSources();
  const invoked = new Set([...src.matchAll(/invoke\(\w+, (?:[^,]*\? )?'(\w+)'(?: : '(\w+)')?/g)].flatMap((m) => [m[1]!, m[2]].filter(Boolean) as string[]));
  const admin = new Set([...src.matchAll(/admin\('(\w+)'/g)].map((m) => m[1]!));
  assert.ok(invoked.size >= 10 && admin.size >= 6, `found ${[...invoked]} / ${[...admin]}`);
  const vocabulary = doc.slice(doc.indexOf('## Method vocabulary per profile'));
  for (const m of invoked) assert.match(vocabulary, new RegExp(`\`invoke ${m}\``), `invoke ${m} documented`);
  for (const m of admin) assert.match(vocabulary, new RegExp(`\`admin ${m}\``), `admin ${m} documented`);
});

test('every client option the steps send is documented', () => {
  const steps = harnessSources();
  const options = new Set([...steps.matchAll(/addOpenViduClient\(this, \w+, \{ (\w+):/g)].map((m) => m[1]!));
  assert.ok(options.size >= 2);
  for (const o of options) assert.match(doc, new RegExp(`\\| \`${o}\` \\|`), `option ${o}`);
});

test('lifecycle, limits and schema naming are written down, and the naming is the one schemas uses', () => {
  for (const heading of ['## Connection lifecycle', '#### `options`: every field the scenarios send', '## Schema files', '## Honest limits']) assert.ok(doc.includes(heading), heading);
  assert.match(doc, /does \*\*not\*\* mean\s+"exit"/);
  assert.match(doc, /several can be open \*\*at the same time\*\*/);
  assert.match(doc, /UDP/);
  assert.match(doc, /`session:reconnecting` is\s+`session_reconnecting\.schema\.json`/);
  assert.ok('callbacks/openvidu/browser/session_reconnecting.schema.json' in schemaFiles());
  assert.ok('callbacks/agora-rtc/web/peer-leave.schema.json' in schemaFiles(), 'agora-web callbacks live under the agora-rtc family');
});
