/**
 * report.html, read the way people read test reports (Playwright's, Allure's): it opens on the totals and
 * on what failed; the clause matrix per profile folds away the profiles that did not run; each scenario
 * shows its failure text, its timeline picture and the same timeline as text, on one axis whose zero is the
 * fault; a legend explains every colour and mark. Self-contained: no script or style from elsewhere.
 */
import type { ScenarioResult } from './cucumber-messages';
import { legendHtml, STYLE } from './report-style';
import { retriedLine, type Summary } from './summary';
import { axisTime, describeEntry, redactTokens, timeAxis } from './timeline-entries';
import { escapeXml, timelineSvg } from './timeline-svg';
import { failureCodeOf } from '../support/errors';

type Clause = Summary['clauses'][number];

const HEADER = '<colgroup><col style="width:120px"><col style="width:30%"><col style="width:110px"><col style="width:70px"><col style="width:110px"><col></colgroup><tr><th>clause</th><th>behaviour</th><th>verdict</th><th>nominal ms</th><th>measured / expected (scaled)</th><th>reason</th></tr>';

function verdictLabel(c: Clause): string {
  const text = String(c.verdict).replace('-', ' ');
  // A harness failure is its own verdict (harness-error) or, in older summaries, a fail marked failure: 'harness'.
  const harness = (c as { failure?: unknown }).failure === 'harness' ? ' (harness error: no verdict on the SDK)' : '';
  return `<span class="verdict ${escapeXml(String(c.verdict))}">${escapeXml(text)}</span>${harness}`;
}

function counts(clauses: Clause[]): string {
  const byVerdict = new Map<string, number>();
  for (const c of clauses) byVerdict.set(String(c.verdict), (byVerdict.get(String(c.verdict)) ?? 0) + 1);
  return [...byVerdict].map(([v, n]) => `${n} ${v.replace('-', ' ')}`).join(' · ');
}

/** The reason in a table cell: the error code and what happened, not the whole failure text (that is under the scenario). */
function shortReason(c: Clause, failure: string | undefined): string {
  const reason = c.reason ?? '';
  const code = failureCodeOf(reason);
  const actual = /^Actual: (.*)$/m.exec(failure ?? '')?.[1];
  if (code) return `${code}${actual ? `: ${actual}` : ''}`;
  return reason.length > 200 ? `${reason.slice(0, 199)}…` : reason;
}

/** Per clause: the id of the scenario its row links to, and that scenario's failure text. */
type Links = Map<string, { id: string; failure?: string }>;

/**
 * A failed check's measurement (summary.json's failure.window): a failed timing reports no measurement of its
 * own (the step stopped at the check), so the cell shows what the check measured and the window it missed.
 */
export function failedMeasurement(c: Clause): string {
  const w = c.failure?.window;
  if (!w || w.measured === undefined) return '';
  // Every time of summary.json's failure window is ms after the check's anchor (report/failure-text.ts).
  const window = ` / ${Math.round(w.from)}..${Math.round(w.to)} ms`;
  const title = `measured ${Math.round(w.measured)} ms after ${w.anchor ?? 'its anchor'}; ${c.failure?.expected ?? ''}`;
  return `<span class="failed-measure" title="${escapeXml(title)}">${Math.round(w.measured)} ms${window} (failed)</span>`;
}

/**
 * The reason cell's title: the whole reason, then every scenario of the clause that did not pass with its
 * outcome and why (the cell itself says it in a few words, with counts).
 */
export function reasonTitle(c: Clause): string {
  const others = c.scenarios.filter((s) => s.outcome !== 'pass');
  if (others.length === 0) return c.reason ?? '';
  return [c.reason ?? '', ...others.map((s) => `• ${s.name} — ${s.reason ?? s.outcome.replace('-', ' ')}`)].join('\n');
}

/**
 * A clause's own measurements, one line per distinct figure (×N when several checks measured the same), each
 * saying in its title what was measured in which scenario; a measurement of another duration than the
 * clause's own (the 4 s interruption inside a 30 s clause's scenario) names its nominal duration.
 */
export function measuredCells(c: Clause): string[] {
  const lines = new Map<string, string[]>();
  for (const m of c.measured) {
    const other = m.nominalMs !== null && m.nominalMs !== c.nominalMs ? ` (its ${m.nominalMs / 1000} s)` : '';
    const text = `${m.measuredMs} ms${m.nominalMs !== null ? ` / ${Math.round(m.nominalMs * m.scale)} ms` : ''}${other}`;
    lines.set(text, [...(lines.get(text) ?? []), `${m.what} — ${m.scenario}`]);
  }
  return [...lines].map(([text, titles]) => `<span class="measure" title="${escapeXml(titles.join('\n')).replace(/\n/g, '&#10;')}">${escapeXml(text)}${titles.length > 1 ? ` ×${titles.length}` : ''}</span>`);
}

function clauseRow(c: Clause, anchors: Links): string {
  const measured = [failedMeasurement(c), ...measuredCells(c)].filter(Boolean).join('<br>');
  const link = anchors.get(c.id);
  const id = link ? `<a href="#${link.id}">${escapeXml(c.id)}</a>` : escapeXml(c.id);
  return `<tr class="${escapeXml(String(c.verdict))}"><td>${id}</td><td>${escapeXml(c.title)}</td><td>${verdictLabel(c)}</td><td>${c.nominalMs ?? ''}</td><td>${measured}</td><td title="${escapeXml(reasonTitle(c)).replace(/\n/g, '&#10;')}">${escapeXml(shortReason(c, link?.failure))}</td></tr>`;
}

/** A clause none of whose scenarios ran: not applicable, or not selected by --tags. */
const unrun = (c: Clause) => c.verdict === 'not-applicable' || (c.selectionOnly === true && c.scenarios.every((s) => s.outcome !== 'pass' && s.outcome !== 'fail'));

const clauseTable = (rows: Clause[], anchors: Links) => `<table class="clauses">${HEADER}${rows.map((c) => clauseRow(c, anchors)).join('')}</table>`;

/** The clauses that ran, then those that did not, folded away (all of them when none ran). */
function clauseTables(clauses: Clause[], anchors: Links): string {
  const ran = clauses.filter((c) => !unrun(c));
  const notRun = clauses.filter(unrun);
  if (ran.length === 0) return clauseTable(clauses, anchors);
  const folded = notRun.length ? `<details class="not-run"><summary>${notRun.length} clauses not run (not applicable, or not selected by --tags)</summary><div class="body">${clauseTable(notRun, anchors)}</div></details>` : '';
  return `${clauseTable(ran, anchors)}${folded}`;
}

function profileSection(profile: string, clauses: Clause[], anchors: Links): string {
  // A profile made only of clauses not run is folded away.
  const notRun = clauses.every(unrun);
  const failing = clauses.some((c) => c.verdict === 'fail');
  return (
    `<details class="profile${notRun ? ' not-run' : ''}"${notRun ? '' : ' open'}><summary>${escapeXml(profile)} — ${notRun ? `not run (${clauses.length} clauses not applicable or not selected)` : counts(clauses)}${failing ? ' ⚠' : ''}</summary>` +
    `<div class="body">${clauseTables(clauses, anchors)}</div></details>`
  );
}

function textTimeline(s: ScenarioResult): string {
  if (!s.timeline) return '';
  const t = s.timeline;
  const axis = timeAxis(t);
  const lines = t.entries.map((e) => `${axisTime(e.at - axis.zero).padStart(10)}  ${describeEntry(t, e)}`);
  return `<details class="text-timeline"><summary>Timeline as text (time relative to ${escapeXml(axis.label)})</summary><pre>${escapeXml(lines.join('\n'))}</pre></details>`;
}

function scenarioSection(s: ScenarioResult, id: string): string {
  const failed = s.status === 'FAILED';
  return (
    `<details class="scenario ${escapeXml(s.status)}" id="${id}"${failed ? ' open' : ''}><summary><span class="status ${escapeXml(s.status)}">${escapeXml(s.status)}</span> ${escapeXml(s.name)} <small>${escapeXml(s.tags.join(' '))} · ${(s.durationMs / 1000).toFixed(1)} s</small></summary><div class="body">` +
    (s.timeline ? timelineSvg(s.timeline) : '<p>(no timeline recorded)</p>') +
    (s.failure ? `<pre class="failure">${escapeXml(redactTokens(s.failure.replace(/\n\s+at [^\n]*/g, '')))}</pre>` : '') +
    textTimeline(s) +
    `</div></details>`
  );
}

export function htmlReport(summary: Summary, scenarios: ScenarioResult[]): string {
  const ids = new Map(scenarios.map((s, i) => [s, `scenario-${i + 1}`]));
  // A clause links to its first failing scenario, else its first scenario that ran.
  const anchors: Links = new Map();
  for (const c of summary.clauses) {
    const mine = scenarios.filter((s) => s.tags.includes(`@${c.id}`));
    const target = mine.find((s) => s.status === 'FAILED') ?? mine.find((s) => s.status !== 'SKIPPED');
    if (target) anchors.set(c.id, { id: ids.get(target)!, failure: target.failure });
  }
  const profiles = [...new Set(summary.clauses.flatMap((c) => c.profiles))];
  const matrix = profiles.map((p) => profileSection(p, summary.clauses.filter((c) => c.profiles.includes(p) && c.source === 'page'), anchors)).join('');
  const failing = summary.clauses.filter((c) => c.verdict === 'fail');
  const failures = failing.length
    ? `<h2>Failed clauses</h2><table class="clauses">${HEADER}${failing.map((c) => clauseRow(c, anchors)).join('')}</table>`
    : '';
  const ran = scenarios.filter((s) => s.status !== 'SKIPPED');
  const skipped = scenarios.filter((s) => s.status === 'SKIPPED');
  const ordered = [...ran.filter((s) => s.status === 'FAILED'), ...ran.filter((s) => s.status !== 'FAILED')];
  const notRun = skipped.length
    ? `<details class="profile not-run"><summary>${skipped.length} scenarios not run (not applicable to this driver)</summary><div class="body">${skipped.map((s) => scenarioSection(s, ids.get(s)!)).join('')}</div></details>`
    : '';
  const chips = Object.entries(summary.totals)
    .filter(([verdict]) => verdict !== 'selectionOnly')
    .map(([verdict, n]) => `<span class="chip ${escapeXml(verdict)}">${n} ${escapeXml(verdict.replace('-', ' '))}</span>`)
    .join('');
  const implementation = implementationSection(summary, anchors);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>faultline certification: ${escapeXml(summary.sdk.name)} ${escapeXml(summary.sdk.version)}</title><style>${STYLE}</style></head><body><main>
<h1>faultline certification — ${escapeXml(summary.sdk.name)} ${escapeXml(summary.sdk.version)}</h1>
<p class="run">Driver ${escapeXml(summary.driver)} · time scale ${summary.timeScale} · tolerance ${summary.tolerance.relative * 100}% + ${summary.tolerance.absoluteMs} ms · Toxiproxy ${escapeXml(summary.toxiproxy)} · tags ${escapeXml(summary.tags ?? '(all)')} · ${escapeXml(summary.startedAt)} · ${(summary.durationMs / 1000).toFixed(1)} s</p>
<div class="chips">${chips}</div>
<p class="exit">exit ${summary.exitCode}: ${escapeXml(summary.exitReason)}</p>${retriedLine(summary) ? `\n<p class="retried">${escapeXml(retriedLine(summary)!)}</p>` : ''}
${failures}
${legendHtml(Object.keys(summary.totals).filter((verdict) => verdict !== 'selectionOnly'))}
<h2>Clauses by profile</h2>${matrix}${implementation}${conflictsSection(summary)}
<h2>Scenarios</h2>${ordered.map((s) => scenarioSection(s, ids.get(s)!)).join('')}${notRun}
<script>document.body.dataset.rendered = String(document.querySelectorAll('svg.timeline').length);</script>
</main></body></html>`;
}

/**
 * Implementation clauses: numbers and orders from an SDK's source, reported apart from the page's verdict, in
 * the same table as the page's clauses (a short reason, the scenarios in its title), those not run folded away.
 */
function implementationSection(summary: Summary, anchors: Links): string {
  const clauses = summary.clauses.filter((c) => c.source === 'implementation');
  if (clauses.length === 0) return '';
  return `<h2>Implementation clauses (from an SDK's source, not the pages: not part of the verdict above)</h2><p class="implementation-counts">${counts(clauses)}</p>${clauseTables(clauses, anchors)}`;
}

/** Where the pages disagree, and the reading this run took. */
function conflictsSection(summary: Summary): string {
  const items = summary.conflicts
    .map((c) => `<li><b>${c.id}</b> ${escapeXml(c.title)} [${c.clauses.join(', ')}]<br>default: ${escapeXml(c.chosen.reading)}<br>other: ${escapeXml(c.other.reading)}<br>choose: ${escapeXml(c.howToChoose)}</li>`)
    .join('');
  return items ? `<h2>Documentation conflicts</h2><ul>${items}</ul>` : '';
}
