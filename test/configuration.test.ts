import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { configurationMarkdown, loadConfig } from '../support/config';
import { HarnessError } from '../support/errors';

test('docs/CONFIGURATION.md is generated from support/config.ts and not stale', () => {
  const onDisk = fs.readFileSync(path.join(__dirname, '..', 'docs', 'CONFIGURATION.md'), 'utf8');
  assert.equal(onDisk, configurationMarkdown(), 'regenerate with: npx faultline config --markdown > docs/CONFIGURATION.md');
});

test('defaults apply when nothing is set', () => {
  const config = loadConfig({});
  assert.equal(config.timeScale, 0.1);
  assert.equal(config.toleranceRelative, 0.05);
  assert.equal(config.toleranceAbsoluteMs, 40);
  assert.equal(config.driver, undefined);
  assert.equal(config.toxiproxyUrl, undefined);
  assert.equal(config.legacyLostSeconds, 15);
});

test('a bad value is a harness configuration error that names the variable', () => {
  assert.throws(
    () => loadConfig({ FAULTLINE_TIME_SCALE: 'fast', FAULTLINE_DRIVER: 'http://x' }),
    (err: unknown) =>
      err instanceof HarnessError && err.code === 'FL-H-CONFIG' && /FAULTLINE_TIME_SCALE/.test(err.message) && /FAULTLINE_DRIVER/.test(err.message),
  );
});

test('the legacy lost threshold accepts only the two documented values', () => {
  assert.equal(loadConfig({ FAULTLINE_LEGACY_LOST_SECONDS: '10' }).legacyLostSeconds, 10);
  assert.throws(() => loadConfig({ FAULTLINE_LEGACY_LOST_SECONDS: '12' }), HarnessError);
});
