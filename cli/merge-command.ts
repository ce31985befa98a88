/**
 * `faultline merge --out DIR BUNDLE…`: one certification bundle from several (the shards of
 * `certify --shard i/n`): summary.json with the verdicts computed from every scenario, cucumber.ndjson,
 * report.html, and each input's junit.xml as junit-<k>.xml. Exits with the merged summary's code (the verdict
 * model's 0/1/2: an interrupted shard or a harness error is 2), or 2 when the bundles cannot be merged (not
 * from one run, a shard missing or given twice).
 */
import fs from 'node:fs';
import path from 'node:path';
import { CATALOGUE } from '../support/catalogue/catalogue';
import { htmlReport } from '../report/html-report';
import { mergeBundles, readBundle } from '../report/merge-bundles';
import { implementationLine, retriedLine, totalsLine } from '../report/summary';
import { type CommandSpec, runCommand, stringValue, UsageError } from './command-line';

export const MERGE_COMMAND: CommandSpec = {
  name: 'faultline merge',
  summary:
    'Joins the bundles of `certify --shard i/n` into one certificate (summary.json, cucumber.ndjson, report.html, ' +
    'junit-<k>.xml). Exit as the merged verdicts say: 0 all judged clauses pass, 1 a clause fails (FL-C), 2 not ' +
    'everything could be judged or the bundles cannot be merged.',
  options: { out: { type: 'string', value: 'DIR', description: 'where the merged bundle goes (required)' } },
  positionals: { usage: 'BUNDLE_DIR...', min: 1, max: 1000 },
  examples: ['npx faultline merge --out reports/certification reports/certification-shard-*'],
};

export function runMergeCommand(argv: string[]): Promise<number> {
  return runCommand(MERGE_COMMAND, argv, async ({ values, positionals }) => {
    const outFlag = stringValue(values, 'out');
    if (outFlag === undefined) throw new UsageError('--out DIR is required');
    let merged;
    try {
      const bundles = positionals.map(readBundle);
      merged = { bundles, ...mergeBundles(bundles, CATALOGUE) };
    } catch (err) {
      process.stderr.write(`faultline merge: ${err instanceof Error ? err.message : err}\n`);
      return 2;
    }
    const out = path.resolve(outFlag);
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, 'summary.json'), `${JSON.stringify(merged.summary, null, 2)}\n`);
    fs.writeFileSync(path.join(out, 'cucumber.ndjson'), merged.ndjson);
    fs.writeFileSync(path.join(out, 'report.html'), htmlReport(merged.summary, merged.scenarios));
    merged.bundles.forEach((b, k) => {
      const junit = path.join(b.dir, 'junit.xml');
      if (fs.existsSync(junit)) fs.copyFileSync(junit, path.join(out, `junit-${k + 1}.xml`));
    });
    const s = merged.summary;
    const lines = [`merged ${merged.bundles.length} bundles, ${merged.scenarios.length} scenarios`, totalsLine(s.totals), implementationLine(s.clauses), retriedLine(s), `exit ${s.exitCode}: ${s.exitReason}`, `bundle: ${out}`];
    process.stdout.write(`${lines.filter((l) => l !== undefined).join('\n')}\n`);
    return s.exitCode;
  });
}
