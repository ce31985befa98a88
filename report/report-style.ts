/** report.html's look: the style sheet, and the legend that explains every colour and mark it uses. */

export const STYLE = `
:root{--pass:#1a7f37;--fail:#cf222e;--info:#0969da;--na:#6e7781;--bg-pass:#dafbe1;--bg-fail:#ffebe9;--bg-info:#ddf4ff;--bg-na:#f6f8fa}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1f2328;background:#fff}
main{max-width:1060px;margin:0 auto;padding:20px 24px 60px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
.run{color:#57606a;font-size:13px;margin:0 0 12px}
.chips{display:flex;gap:8px;flex-wrap:wrap;margin:10px 0}
.chip{border-radius:12px;padding:2px 10px;font-weight:600;font-size:13px}
.chip.pass,.verdict.pass{background:var(--bg-pass);color:var(--pass)}.chip.fail,.verdict.fail{background:var(--bg-fail);color:var(--fail)}
.chip.informative,.verdict.informative{background:var(--bg-info);color:var(--info)}
.chip.incomplete,.verdict.incomplete{background:#fff8c5;color:#9a6700}.chip.harness-error,.verdict.harness-error{background:#fbefff;color:#8250df}.chip.not-applicable,.verdict.not-applicable{background:var(--bg-na);color:var(--na)}
.verdict{border-radius:4px;padding:0 6px;font-weight:600;font-size:12px;white-space:nowrap}
details{border:1px solid #d0d7de;border-radius:6px;margin:8px 0;background:#fff}
details>summary{cursor:pointer;padding:6px 10px;font-weight:600;list-style-position:inside}
details[open]>summary{border-bottom:1px solid #d0d7de}
details.profile.not-run>summary{color:var(--na);font-weight:400}
details.scenario.FAILED{border-color:var(--fail)}details.scenario.FAILED>summary{background:var(--bg-fail)}
.body{padding:8px 10px}
table{border-collapse:collapse;width:100%;font-size:13px}td,th{border-bottom:1px solid #eaeef2;padding:4px 6px;text-align:left;vertical-align:top}
th{color:#57606a;font-weight:600}
table.clauses{table-layout:fixed}table.clauses td{overflow-wrap:anywhere}
details details{margin:8px 0 0}
tr.fail td{background:#fff8f7}
.status{font-weight:700}.status.PASSED{color:var(--pass)}.status.FAILED{color:var(--fail)}.status.SKIPPED{color:var(--na)}
pre{background:#f6f8fa;padding:8px;overflow:auto;max-height:360px;font-size:12px;white-space:pre-wrap;margin:6px 0}
.failure{border-left:3px solid var(--fail)}.failed-measure{color:var(--fail)}
svg.timeline{display:block;max-width:100%;height:auto;border:1px solid #eaeef2;background:#fff;margin:6px 0}
.lane{stroke:#afb8c1}.lane-label{font:600 12px sans-serif;fill:#1f2328}.lane-sub{font:10px sans-serif;fill:#6e7781}
.window.expected{fill:#2da44e;fill-opacity:.10;stroke:#2da44e;stroke-opacity:.35}.window.forbidden{fill:#6e7781;fill-opacity:.12}
.window.failed{fill:#cf222e;fill-opacity:.10;stroke:#cf222e;stroke-width:2;stroke-dasharray:5 3}
.fault{fill:#cf222e;fill-opacity:.6}.fault.media{fill:#bc4c00;fill-opacity:.6}
.callback{fill:#0969da}.callback.failing{fill:#cf222e}.failing-ring{fill:none;stroke:#cf222e;stroke-width:2.5}
.missing{stroke:#cf222e;stroke-width:3}
.callback-label{font:10px sans-serif;fill:#1f2328}.callback-label.failing{fill:#cf222e;font-weight:700}
.leader{stroke:#8c959f;stroke-width:.6}.leader.failing{stroke:#cf222e;stroke-width:1}
.action{fill:#57606a}
.tick{stroke:#eaeef2}.tick.zero{stroke:#cf222e;stroke-opacity:.5;stroke-dasharray:2 2}.tick-label{font:10px sans-serif;fill:#57606a}
.axis-caption{font:italic 10px sans-serif;fill:#57606a}
.legend{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:4px 18px;font-size:12.5px;padding:8px 10px}
.legend div{display:flex;align-items:center;gap:8px}.legend svg{flex:none}
`;

/** What each clause verdict means, for the legend (the report shows the verdicts its summary has). */
const VERDICT_MEANING: Record<string, string> = {
  pass: 'every scenario of the clause passed',
  fail: 'a scenario failed: FL-C-* the SDK does not conform; a row marked "harness error" is FL-H-*, no verdict on the SDK',
  incomplete: 'not every selected scenario ran to its end: never a pass',
  'harness-error': 'the harness or its environment broke (FL-H-*): no verdict on the SDK',
  informative: 'measured and reported, not judged (≈ and "roughly" figures)',
  'not-applicable': 'not run: not claimed by the driver, or not selected',
};

/** One swatch per mark of the timeline picture, drawn with the same classes, and the verdict colours. */
export function legendHtml(verdicts: readonly string[]): string {
  const swatch = (inner: string) => `<svg width="34" height="18" viewBox="0 0 34 18" class="swatch">${inner}</svg>`;
  const items: Array<[string, string]> = [
    [swatch('<rect x="1" y="1" width="32" height="16" class="window expected"/>'), 'expected window: the callback must arrive here'],
    [swatch('<rect x="1" y="1" width="32" height="16" class="window forbidden"/>'), 'forbidden window: nothing matching may arrive here'],
    [swatch('<rect x="1" y="1" width="32" height="5" class="window expected band"/>'), 'a passed window that runs past either edge of the picture (a deadline, a whole-scenario check), drawn as a band'],
    [swatch('<rect x="1" y="1" width="32" height="16" class="window failed"/>'), 'a window whose expectation FAILED'],
    [swatch('<rect x="1" y="6" width="32" height="7" class="fault signaling"/>'), 'fault on the signaling plane (from fault to heal)'],
    [swatch('<rect x="1" y="6" width="32" height="7" class="fault media"/>'), 'fault on the media plane'],
    [swatch('<circle cx="17" cy="9" r="4.5" class="callback"/>'), 'callback received, labelled name(MEMBER (value), …)'],
    [swatch('<circle cx="17" cy="9" r="8" class="failing-ring"/><circle cx="17" cy="9" r="4.5" class="callback failing"/>'), 'the callback that broke an expectation (late, early, forbidden, wrong payload)'],
    [swatch('<path d="M 12 4 L 22 14 M 12 14 L 22 4" class="missing"/>'), 'a callback that never arrived, at the end of its window'],
    [swatch('<path d="M 13 14 L 17 7 L 21 14 Z" class="action"/>'), 'an API call the scenario made (hover for the call)'],
    [swatch('<line x1="17" y1="0" x2="17" y2="18" class="tick zero"/>'), '0 on the time axis: the last byte the faulted user received before the first fault (the fault itself when the proxy cannot tell); the text timelines use the same zero'],
  ];
  for (const v of verdicts) items.push([`<span class="verdict ${v}">${v.replace('-', ' ')}</span>`, VERDICT_MEANING[v] ?? 'a clause verdict']);
  return `<details class="legend-box" open><summary>Legend</summary><div class="legend">${items.map(([mark, text]) => `<div>${mark}<span>${text}</span></div>`).join('')}</div></details>`;
}
