/**
 * Writes docs/CLAUSE_AUDIT.md from the catalogue and the features (support/catalogue/audit-report.ts);
 * `--check` only compares and exits 1 when the file is stale or a value is untraced.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseScriptArgs } from '../cli/command-line';
import { auditClauses } from '../support/catalogue/audit';
import { renderAudit } from '../support/catalogue/audit-report';
import { CATALOGUE } from '../support/catalogue/catalogue';
import { CONFLICTS } from '../support/catalogue/conflicts';
import { scanFeatures } from '../support/catalogue/feature-scan';

const ROOT = path.join(__dirname, '..');
export const AUDIT_FILE = path.join(ROOT, 'docs', 'CLAUSE_AUDIT.md');

export function auditText(): { text: string; untraced: string[] } {
  const audits = auditClauses(CATALOGUE, CONFLICTS, scanFeatures(path.join(ROOT, 'features')));
  const untraced = audits.flatMap((a) => a.values.filter((v) => !v.trace).map((v) => `${a.clause.id}: ${v.kind} "${v.value}" (${v.where.join(', ')})`));
  return { text: `${renderAudit(audits, CONFLICTS)}\n`, untraced };
}

if (require.main === module) {
  const { values } = parseScriptArgs(
    {
      name: 'npm run clause-audit --',
      summary: 'Write docs/CLAUSE_AUDIT.md: every value each clause\'s scenarios assert, with the page quote or reading it comes from.',
      options: { check: { type: 'boolean', description: 'Do not write: exit 1 when the file is stale or a value has no trace.' } },
      examples: ['npm run clause-audit', 'npm run clause-audit -- --check'],
      notes: 'Exit codes: 0 written (or up to date), 1 stale or untraced values, 2 a usage error.',
    },
    process.argv.slice(2),
  );
  const { text, untraced } = auditText();
  for (const line of untraced) process.stderr.write(`untraced: ${line}\n`);
  if (values.check) {
    const stale = !fs.existsSync(AUDIT_FILE) || fs.readFileSync(AUDIT_FILE, 'utf8') !== text;
    if (stale) process.stderr.write(`${path.relative(process.cwd(), AUDIT_FILE)} is stale: run npm run clause-audit\n`);
    process.exit(stale || untraced.length > 0 ? 1 : 0);
  }
  fs.writeFileSync(AUDIT_FILE, text);
  process.stdout.write(`wrote ${path.relative(process.cwd(), AUDIT_FILE)}${untraced.length > 0 ? ` (${untraced.length} untraced values)` : ''}\n`);
  process.exit(untraced.length > 0 ? 1 : 0);
}
