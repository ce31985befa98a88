/**
 * Issue 14 item 5: plain `npx cucumber-js` prints one line per scenario (clause ids, verdict, time, time
 * left), the informative timings with their nominal values, a failing scenario's failure text without the
 * harness's stack frames, and the totals.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCucumber } from './support/run-cucumber';

test('the default formatter prints a line per scenario with clause ids and time left, and informative timings with their nominal values', async () => {
  const { code, output } = await runCucumber(['--tags', '@RTC-JOIN-001']);
  assert.equal(code, 0, output);
  const lines = output.match(/^\[\d+\/\d+\] .*$/gm) ?? [];
  assert.ok(lines.length >= 1, output);
  for (const line of lines) assert.match(line, /^\[\d+\/(\d+)\] PASSED  \S*RTC-JOIN-001\S*  .+ \(\d+\.\d s\) — \d+\.\d s elapsed, ~\d+(\.\d)? s left$/);
  // Below 10 ms a figure has three significant digits (6.23 ms), above it whole milliseconds.
  assert.match(output, /^ {10}informative .*: -?\d+(\.\d+)? ms, nominal ≈ 200 ms/m);
  assert.match(output, new RegExp(`^${lines.length} scenarios?: ${lines.length} passed in `, 'm'));
  assert.doesNotMatch(output, /^\.+$/m, 'no progress dots');
});

test('a failing scenario shows its failure text under its line, without stack frames', async () => {
  const { code, output } = await runCucumber(['--tags', '@RTC-RECON-001', '--fail-fast'], { FAULTLINE_MUTANT: 'agora-rtc-interrupted-late' });
  assert.notEqual(code, 0);
  assert.match(output, /^\[1\/\d+\] FAILED  RTC-RECON-001\S*  /m);
  assert.match(output, /^ {10}ConformanceError: \[FL-C-TIMING\] RTC-RECON-001/m);
  assert.match(output, /^ {10}Expected: /m);
  assert.doesNotMatch(output, /^\s+at .*\.ts:\d+:\d+\)?$/m, 'no harness stack frames');
});
