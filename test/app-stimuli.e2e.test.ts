/**
 * End to end through cucumber: a driver that does not claim the optional operations (driver mutant
 * driver-no-app-stimuli: hello without capabilities.voipMode / closePage) gets the VoIP-mode and page-closing
 * scenarios not applicable, with the reason in the summary, never a failure (exit 2: nothing judged).
 *
 * Run: node --test -r ./bin/register-ts.js test/app-stimuli.e2e.test.ts
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { runCucumber } from './support/run-cucumber';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-app-stimuli-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('a driver claiming neither voipMode nor closePage: RTC-KILL-008 and RTC-KILL-009 not applicable with the reason, exit 2', async () => {
  const summaryFile = path.join(tmp, 'summary.json');
  const run = await runCucumber(['--tags', '@RTC-KILL-008 or @RTC-KILL-009', '--format', `./report/verdict-formatter.js:${summaryFile}`], { FAULTLINE_MUTANT: 'driver-no-app-stimuli' });
  assert.equal(run.code, 2, run.output);
  assert.match(run.output, /0 pass, 0 fail, .* 2 not applicable/);
  const summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as { clauses: Array<{ id: string; verdict: string; reason?: string }> };
  const byId = new Map(summary.clauses.map((c) => [c.id, c]));
  assert.equal(byId.get('RTC-KILL-008')?.verdict, 'not-applicable');
  assert.match(byId.get('RTC-KILL-008')?.reason ?? '', /does not claim capabilities\.voipMode/);
  assert.equal(byId.get('RTC-KILL-009')?.verdict, 'not-applicable');
  assert.match(byId.get('RTC-KILL-009')?.reason ?? '', /does not claim capabilities\.closePage/);
});
