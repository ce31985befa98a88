/**
 * Regenerates the clause tables of a published certification's README.md from its summary.json (and
 * run-dependent.json), between the README's two markers (report/certification-table.ts):
 *
 *   node -r ./bin/register-ts.js scripts/certification-readme.ts docs/certifications/openvidu-browser-2.32.2
 *   node -r ./bin/register-ts.js scripts/certification-readme.ts --check docs/certifications/openvidu-browser-2.32.2
 *
 * --check writes nothing and exits 1 when the README's tables differ from what summary.json says.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseScriptArgs } from '../cli/command-line';
import { certificationTables, withTables } from '../report/certification-table';
import type { Summary } from '../report/summary';

const { values, positionals } = parseScriptArgs(
  {
    name: 'scripts/certification-readme.ts',
    summary: "Writes a certification's clause tables into its README.md from its summary.json.",
    options: { check: { type: 'boolean', description: 'write nothing; exit 1 when the README is out of date' } },
    positionals: { usage: 'CERTIFICATION_DIR', min: 1, max: 1 },
    examples: ['node -r ./bin/register-ts.js scripts/certification-readme.ts docs/certifications/openvidu-browser-2.32.2'],
  },
  process.argv.slice(2),
);

const dir = positionals[0]!;
const read = (name: string) => readFileSync(path.join(dir, name), 'utf8');
for (const name of ['summary.json', 'README.md']) {
  if (!existsSync(path.join(dir, name))) {
    process.stderr.write(`certification-readme: ${path.join(dir, name)} does not exist\n`);
    process.exit(2);
  }
}
const summary = JSON.parse(read('summary.json')) as Summary;
const runDependent = existsSync(path.join(dir, 'run-dependent.json')) ? (JSON.parse(read('run-dependent.json')) as Record<string, string>) : {};
const readme = read('README.md');
const updated = withTables(readme, certificationTables(summary, runDependent));
if (values.check) {
  process.stdout.write(updated === readme ? `${dir}/README.md: the clause tables match summary.json\n` : `${dir}/README.md: the clause tables are out of date (run without --check)\n`);
  process.exitCode = updated === readme ? 0 : 1;
} else {
  writeFileSync(path.join(dir, 'README.md'), updated);
  process.stdout.write(`${dir}/README.md: clause tables written from summary.json\n`);
}
