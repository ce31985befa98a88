/**
 * `faultline merge --out DIR BUNDLE…`: one certification bundle from several (the shards of
 * `certify --shard i/n`): summary.json with the verdicts computed from every scenario, cucumber.ndjson,
 * report.html, and each input's junit.xml as junit-<k>.xml. Exit 0 when no clause fails, 1 when one does,
 * 2 when the bundles cannot be merged (not from one run, a shard missing or given twice).
 */
import fs from 'node:fs';
import path from 'node:path';
import { CATALOGUE } from '../support/catalogue/catalogue';
import { htmlReport } from '../report/html-report';
import { mergeBundles, readBundle } from '../report/merge-bundles';
import { retriedLine } from '../report/summary';
import { parseArgs } from 'node:util';

export async function runMergeCommand(argv: string[]): Promise<number> {
  let flags: { out?: string };
  let positional: string[];
  try {
    const parsed = parseArgs({ args: argv, options: { out: { type: 'string' } }, allowPositionals: true });
    flags = parsed.values;
    positional = parsed.positionals;
  } catch (err) {
    process.stderr.write(`faultline merge: ${err instanceof Error ? err.message : err}\n`);
    return 2;
  }
  if (typeof flags.out !== 'string' || positional.length === 0) {
    process.stderr.write('usage: faultline merge --out DIR BUNDLE_DIR...\n');
    return 2;
  }
  let merged;
  try {
    const bundles = positional.map(readBundle);
    merged = { bundles, ...mergeBundles(bundles, CATALOGUE) };
  } catch (err) {
    process.stderr.write(`faultline merge: ${err instanceof Error ? err.message : err}\n`);
    return 2;
  }
  const out = path.resolve(flags.out);
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'summary.json'), `${JSON.stringify(merged.summary, null, 2)}\n`);
  fs.writeFileSync(path.join(out, 'cucumber.ndjson'), merged.ndjson);
  fs.writeFileSync(path.join(out, 'report.html'), htmlReport(merged.summary, merged.scenarios));
  merged.bundles.forEach((b, k) => {
    const junit = path.join(b.dir, 'junit.xml');
    if (fs.existsSync(junit)) fs.copyFileSync(junit, path.join(out, `junit-${k + 1}.xml`));
  });
  const t = merged.summary.totals;
  process.stdout.write(`merged ${merged.bundles.length} bundles, ${merged.scenarios.length} scenarios\nclauses: ${t.pass} pass, ${t.fail} fail, ${t.informative} informative, ${t['not-applicable']} not applicable\n${retriedLine(merged.summary) ? `${retriedLine(merged.summary)}\n` : ''}bundle: ${out}\n`);
  return t.fail > 0 ? 1 : 0;
}
