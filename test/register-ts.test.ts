/**
 * bin/register-ts.js: TypeScript is transpiled once and then loaded from the cache without loading the
 * compiler; an edited file is transpiled again; type errors do not stop loading (npm run typecheck has them).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

const LOADER = path.join(__dirname, '..', 'bin', 'register-ts.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-register-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Loads `file` in a fresh node with the loader: what it exports as `value`, and whether typescript was loaded. */
function load(file: string): { value: unknown; compilerLoaded: boolean } {
  const script = `const m = require(${JSON.stringify(file)}); console.log(JSON.stringify({ value: m.value, compilerLoaded: Object.keys(require.cache).some((k) => k.endsWith('typescript/lib/typescript.js')) }))`;
  return JSON.parse(execFileSync(process.execPath, ['-r', LOADER, '-e', script], { encoding: 'utf8' }));
}

test('the first load transpiles; the next ones come from the cache without the compiler', () => {
  const file = path.join(dir, `first-${process.pid}.ts`);
  fs.writeFileSync(file, `export const value: number = ${Date.now()} % 1000;\n`);
  const first = load(file);
  assert.equal(first.compilerLoaded, true);
  const second = load(file);
  assert.deepEqual(second, { value: first.value, compilerLoaded: false });
});

test('an edited file is transpiled again, not served stale', () => {
  const file = path.join(dir, `edited-${process.pid}.ts`);
  fs.writeFileSync(file, `export const value: string = 'before';\n`);
  assert.equal(load(file).value, 'before');
  fs.writeFileSync(file, `export const value: string = 'after';\n`);
  assert.equal(load(file).value, 'after');
});

test('a type error does not stop loading (transpile only)', () => {
  const file = path.join(dir, `typed-${process.pid}.ts`);
  fs.writeFileSync(file, `// @ts-nocheck is absent: this is a real type error\nexport const value: number = 'not a number';\n`);
  assert.equal(load(file).value, 'not a number');
});
