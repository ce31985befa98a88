/** report.html: the clause matrix per profile, then every scenario with its timeline picture. Self-contained. */
import type { ScenarioResult } from './cucumber-messages';
import type { Summary } from './summary';
import { escapeXml, timelineSvg } from './timeline-svg';

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}
h1{font-size:22px}h2{font-size:18px;margin-top:32px}h3{font-size:15px;margin:20px 0 6px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
.pass{background:#d8f5d8}.fail{background:#f8d4d4}.not-applicable{background:#eee;color:#666}.informative{background:#dde8fb}
.PASSED{color:#176917}.FAILED{color:#b00}.SKIPPED{color:#777}
pre{background:#f6f6f6;padding:8px;overflow:auto;max-height:320px;font-size:12px}
svg.timeline{border:1px solid #ddd;background:#fff;margin:4px 0}
.lane{stroke:#bbb}.lane-label{font:bold 12px sans-serif}.lane-sub{font:10px sans-serif;fill:#777}
.window.expected{fill:#3a3;fill-opacity:.15}.window.forbidden{fill:#888;fill-opacity:.12}.window.failed{stroke:#d00;stroke-width:2}
.fault{fill:#d33;fill-opacity:.55}.fault.media{fill:#d80;fill-opacity:.55}
.callback{fill:#1656c0}.callback-label{font:9.5px sans-serif;fill:#123}.leader{stroke:#9ab;stroke-width:.6}.action{fill:#444}
.tick{stroke:#eee}.tick-label{font:10px sans-serif;fill:#888;text-anchor:middle}
`;

export function htmlReport(summary: Summary, scenarios: ScenarioResult[]): string {
  const profiles = [...new Set(summary.clauses.flatMap((c) => c.profiles))];
  const matrix = profiles
    .map((profile) => {
      const rows = summary.clauses
        .filter((c) => c.profiles.includes(profile) && c.source === 'page')
        .map((c) => {
          const measured = c.measured.map((m) => `${m.measuredMs} ms${m.nominalMs !== null ? ` / ${Math.round(m.nominalMs * m.scale)} ms` : ''}`).join('<br>');
          return `<tr class="${c.verdict}"><td>${c.id}</td><td>${escapeXml(c.title)}</td><td>${c.verdict}${c.verdict === 'harness-error' ? ' (no verdict on the SDK)' : ''}</td><td>${c.nominalMs ?? ''}</td><td>${measured}</td><td>${escapeXml(c.reason ?? '')}</td></tr>`;
        })
        .join('');
      return `<h2>${escapeXml(profile)}</h2><table><tr><th>clause</th><th>behaviour</th><th>verdict</th><th>nominal ms</th><th>measured / expected (scaled)</th><th>reason</th></tr>${rows}</table>`;
    })
    .join('');
  const details = scenarios
    .map(
      (s) =>
        `<section><h3 class="${s.status}">${escapeXml(s.status)} — ${escapeXml(s.name)} <small>${escapeXml(s.tags.join(' '))} · ${Math.round(s.durationMs)} ms</small></h3>` +
        (s.timeline ? timelineSvg(s.timeline) : '<p>(no timeline recorded)</p>') +
        (s.failure ? `<pre>${escapeXml(s.failure)}</pre>` : '') +
        `</section>`,
    )
    .join('');
  const t = summary.totals;
  return `<!doctype html><html><head><meta charset="utf-8"><title>faultline certification: ${escapeXml(summary.sdk.name)} ${escapeXml(summary.sdk.version)}</title><style>${STYLE}</style></head><body>
<h1>faultline certification — ${escapeXml(summary.sdk.name)} ${escapeXml(summary.sdk.version)}</h1>
<p>Driver ${escapeXml(summary.driver)} · time scale ${summary.timeScale} · tolerance ${summary.tolerance.relative * 100}% + ${summary.tolerance.absoluteMs} ms · Toxiproxy ${escapeXml(summary.toxiproxy)} · tags ${escapeXml(summary.tags ?? '(all)')} · ${escapeXml(summary.startedAt)} · ${(summary.durationMs / 1000).toFixed(1)} s</p>
<p><b>${t.pass}</b> pass · <b>${t.fail}</b> fail · <b>${t.incomplete}</b> incomplete · <b>${t['harness-error']}</b> harness error · <b>${t.informative}</b> informative · <b>${t['not-applicable']}</b> not applicable · exit ${summary.exitCode}: ${escapeXml(summary.exitReason)}</p>
${matrix}${implementationSection(summary)}${conflictsSection(summary)}<h2>Scenarios</h2>${details}
<script>document.body.dataset.rendered = String(document.querySelectorAll('svg.timeline').length);</script>
</body></html>`;
}

/** Implementation clauses: numbers and orders from an SDK's source, reported apart from the page's verdict. */
function implementationSection(summary: Summary): string {
  const rows = summary.clauses
    .filter((c) => c.source === 'implementation')
    .map((c) => `<tr class="${c.verdict}"><td>${c.id}</td><td>${escapeXml(c.title)}</td><td>${c.verdict}</td><td>${escapeXml(c.reason ?? '')}</td></tr>`)
    .join('');
  return rows ? `<h2>Implementation clauses (from an SDK's source, not the pages: not part of the verdict above)</h2><table><tr><th>clause</th><th>behaviour</th><th>verdict</th><th>reason</th></tr>${rows}</table>` : '';
}

/** Where the pages disagree, and the reading this run took. */
function conflictsSection(summary: Summary): string {
  const items = summary.conflicts
    .map((c) => `<li><b>${c.id}</b> ${escapeXml(c.title)} [${c.clauses.join(', ')}]<br>default: ${escapeXml(c.chosen.reading)}<br>other: ${escapeXml(c.other.reading)}<br>choose: ${escapeXml(c.howToChoose)}</li>`)
    .join('');
  return items ? `<h2>Documentation conflicts</h2><ul>${items}</ul>` : '';
}
