/**
 * The one-way import rule (docs/ARCHITECTURE.md): steps → support → contract. The reference implementation
 * and the embedded Toxiproxy import nothing of the harness but contract/ (an SDK under test sharing the
 * harness's tables would pass with the harness's mistakes). contract/ imports nothing of the project.
 * The one exception is the composition point, support/composition.ts, which chooses the in-process driver.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(__dirname, '..');

/** Which top-level parts each part may import (itself always). */
const MAY_IMPORT: Record<string, string[]> = {
  contract: [],
  support: ['contract'],
  steps: ['support', 'contract'],
  'reference-impl': ['contract'],
  'embedded-toxiproxy': ['contract'],
  // A driver for a real client SDK hosts the reference server that SDK talks to (drivers/openvidu-browser/).
  drivers: ['contract', 'reference-impl'],
  report: ['support', 'contract'],
};
const EXCEPTIONS = new Set(['support/composition.ts → reference-impl', 'support/composition.ts → embedded-toxiproxy']);

function tsFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : tsFiles(full);
    return /\.(ts|js)$/.test(e.name) ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  const src = fs.readFileSync(file, 'utf8');
  const specs = [...src.matchAll(/(?:\bfrom\s+|\brequire\(\s*|\bimport\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
  return specs.map((s) => path.relative(ROOT, path.resolve(path.dirname(file), s)));
}

test('imports run one way: steps → support → contract; SDKs and the proxy import only contract/', () => {
  const backwards: string[] = [];
  for (const [part, allowed] of Object.entries(MAY_IMPORT)) {
    for (const file of tsFiles(path.join(ROOT, part))) {
      const from = path.relative(ROOT, file);
      for (const target of importsOf(file)) {
        const top = target.split(path.sep)[0]!;
        if (top === part || allowed.includes(top) || top.startsWith('node_modules')) continue;
        if (EXCEPTIONS.has(`${from} → ${top}`)) continue;
        backwards.push(`${from} imports ${target} (${part} may import ${[part, ...allowed].join(', ')})`);
      }
    }
  }
  assert.deepEqual(backwards, []);
});

test('an SDK under test takes only types from the harness: no value (enum, timing, dialect table) can leak into it', () => {
  const values: string[] = [];
  for (const part of ['reference-impl', 'drivers', 'embedded-toxiproxy']) {
    for (const file of tsFiles(path.join(ROOT, part))) {
      const src = fs.readFileSync(file, 'utf8');
      for (const m of src.matchAll(/^import (?!type )[^;]*from ['"](\.{1,2}\/[^'"]+)['"]/gm)) {
        const target = path.relative(ROOT, path.resolve(path.dirname(file), m[1]!));
        if (target.split(path.sep)[0] === 'contract') values.push(`${path.relative(ROOT, file)}: ${m[0]}`);
      }
    }
  }
  assert.deepEqual(values, []);
});

test('the check sees a backwards import (it can fail)', () => {
  const probe = path.join(ROOT, 'contract', '__probe_import_direction.ts');
  fs.writeFileSync(probe, "import { x } from '../support/world';\n");
  try {
    const targets = importsOf(probe);
    assert.deepEqual(targets, [path.join('support', 'world')]);
  } finally {
    fs.rmSync(probe);
  }
});
