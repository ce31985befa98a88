/**
 * Compares a fresh certification of openvidu-browser with the published one, clause by clause:
 *
 *   node -r ./bin/register-ts.js drivers/openvidu-browser/check-published.ts FRESH/summary.json [PUBLISHED/summary.json]
 *
 * Prints one line per clause whose verdict differs (and the SDK versions if they differ) and exits 1 if
 * any does, 0 when the fresh run says what the published certification says. The default published
 * summary is docs/certifications/openvidu-browser-2.32.2/summary.json. A clause listed in the
 * `run-dependent.json` beside the published summary (a measurement on the edge of its window, with the
 * reason) may differ: the difference is printed and does not count. A clause added to the catalogue since
 * the publication and outside the certification's --tags (incomplete only because not selected) is not a
 * difference.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const PUBLISHED = path.join(__dirname, '..', '..', 'docs', 'certifications', 'openvidu-browser-2.32.2', 'summary.json');

interface Summary {
  sdk: { name: string; version: string };
  clauses: Array<{ id: string; verdict: string; reason?: string; selectionOnly?: boolean }>;
}

function load(file: string): Summary {
  const data = JSON.parse(readFileSync(file, 'utf8')) as Summary;
  if (!data?.sdk || !Array.isArray(data.clauses)) throw new Error(`${file} is not a certification summary.json`);
  return data;
}

function main(): number {
  const [freshFile, publishedFile = PUBLISHED] = process.argv.slice(2);
  if (!freshFile) {
    process.stderr.write('usage: check-published.ts FRESH/summary.json [PUBLISHED/summary.json]\n');
    return 2;
  }
  const fresh = load(freshFile);
  const published = load(publishedFile);
  const runDependentFile = path.join(path.dirname(publishedFile), 'run-dependent.json');
  const runDependent = existsSync(runDependentFile) ? (JSON.parse(readFileSync(runDependentFile, 'utf8')) as Record<string, string>) : {};
  const differences: string[] = [];
  if (fresh.sdk.name !== published.sdk.name || fresh.sdk.version !== published.sdk.version) {
    differences.push(`SDK: published ${published.sdk.name} ${published.sdk.version}, fresh ${fresh.sdk.name} ${fresh.sdk.version}`);
  }
  const ids = new Set([...published.clauses, ...fresh.clauses].map((c) => c.id));
  for (const id of [...ids].sort()) {
    const was = published.clauses.find((c) => c.id === id);
    const now = fresh.clauses.find((c) => c.id === id);
    if (!was && now?.selectionOnly) continue; // a clause added since publication, outside this certification's --tags
    if (was?.verdict !== now?.verdict && runDependent[id]) {
      process.stdout.write(`${id}: published ${was?.verdict ?? 'absent'}, fresh ${now?.verdict ?? 'absent'}: run-dependent, not counted (${runDependentFile})\n`);
    } else if (was?.verdict !== now?.verdict) {
      differences.push(`${id}: published ${was?.verdict ?? 'absent'}, fresh ${now?.verdict ?? 'absent'}${now?.reason ? ` (${now.reason.split('\n')[0]})` : ''}`);
    }
  }
  for (const line of differences) process.stdout.write(`${line}\n`);
  process.stdout.write(differences.length === 0 ? `the fresh certification matches the published one, clause by clause (${ids.size} clauses)\n` : `${differences.length} difference(s) from ${publishedFile}\n`);
  return differences.length === 0 ? 0 : 1;
}

try {
  process.exitCode = main();
} catch (err) {
  process.stderr.write(`check-published: ${(err as Error).message}\n`);
  process.exitCode = 2;
}
