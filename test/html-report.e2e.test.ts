/**
 * Issue 14 item 6: report.html as people read test reports. A short run against a mutant of the reference
 * (RECONNECTING arrives late) gives a report with a failing and passing scenarios and families not run;
 * the page must fold the families not run, carry a legend for every colour and mark, name enum members on
 * the marks, highlight the failing mark with its expected window, use one time axis (0 = the fault) in the
 * picture and in the text, and never clip a label. Chromium renders it and measures every label.
 *
 * FAULTLINE_REPORT_SCREENSHOT=docs/report-screenshot.png writes the screenshot there (how the one in docs/
 * was made).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { readScenarios } from '../report/cucumber-messages';
import { htmlReport } from '../report/html-report';
import { buildSummary, type Summary } from '../report/summary';
import { CATALOGUE } from '../support/catalogue/catalogue';
import { scanFeatures } from '../support/catalogue/feature-scan';
import { scenariosOfProfiles } from '../support/run-selection';
import { assertInstalled, CHROMIUM, CHROMIUM_PATH, skipUnlessInstalled } from './support/optional-packages';
import { runCucumber } from './support/run-cucumber';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-report-'));
const reportFile = path.join(tmp, 'report.html');
let html = '';
let summary: Summary;
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

before(async () => {
  const ndjson = path.join(tmp, 'run.ndjson');
  const startedAt = new Date();
  const run = await runCucumber(['--tags', '(@RTC-RECON-001 and @RTC-STATE-001) or @RTM-RECON-001', '--format', `message:${ndjson}`], { FAULTLINE_MUTANT: 'agora-rtc-interrupted-late' });
  assert.notEqual(run.code, 0, 'the mutant fails the RTC scenarios');
  const scenarios = readScenarios(fs.readFileSync(ndjson, 'utf8'));
  summary = buildSummary(
    {
      sdk: { name: 'faultline-reference', version: 'mutant agora-rtc-interrupted-late' },
      profiles: [{ profile: 'agora-rtc', dialects: ['native-android', 'native-ios'] }, { profile: 'agora-rtm', dialects: ['cpp'] }],
      driver: 'in-process reference SDK',
      timeScale: 0.1,
      tolerance: { relative: 0.05, absoluteMs: 40 },
      tags: '(@RTC-RECON-001 and @RTC-STATE-001) or @RTM-RECON-001',
      toxiproxy: 'embedded',
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
    },
    CATALOGUE,
    scenarios,
    // The scenarios the run could have selected, as the verdict formatter and certify pass them.
    scenariosOfProfiles(scanFeatures(path.join(__dirname, '..', 'features')), []),
  );
  html = htmlReport(summary, scenarios);
  fs.writeFileSync(reportFile, html);
});

test('the page folds families not run, has a legend, enum names on marks and the failing mark highlighted', () => {
  for (const profile of ['agora-rtc-legacy', 'agora-web', 'openvidu']) {
    assert.match(html, new RegExp(`<details class="profile not-run"><summary>${profile} — not run`), `${profile} folded`);
  }
  assert.match(html, /<details class="profile" open><summary>agora-rtc — /);
  assert.match(html, /<summary>Legend<\/summary>/);
  for (const cls of ['window expected', 'window forbidden', 'window failed', 'fault signaling', 'fault media', 'callback failing', 'missing', 'action', 'tick zero']) {
    assert.ok(html.includes(`class="legend"`) && new RegExp(`<div class="legend">.*class="${cls}`).test(html), `legend explains ${cls}`);
  }
  assert.match(html, /class="callback-label failing"[^>]*>onConnectionStateChanged\(RECONNECTING \(4\), INTERRUPTED \(2\)\)</);
  assert.match(html, /class="window expected failed"/);
  assert.match(html, /class="failing-ring"/);
  // Ids follow the run's order (longest first), the sections put failed scenarios first, open.
  assert.match(/<details class="scenario (?!SKIPPED)[^"]*" id="scenario-\d+"[^>]*>/.exec(html)?.[0] ?? '', /^<details class="scenario FAILED" id="scenario-\d+" open>$/, 'failed scenarios come first, open');
  assert.doesNotMatch(html, /fl1\.eyJ/, 'no token in the report');
});

test("a failed timing shows what it measured against its window in the clause table's measured column", () => {
  const row = /<tr class="fail"><td><a href="#[^"]+">RTC-RECON-001<\/a><\/td>(.*?)<\/tr>/.exec(html)?.[1] ?? '';
  const cell = /<span class="failed-measure"[^>]*>([^<]*)<\/span>/.exec(row)?.[1];
  assert.ok(cell, `the measured cell of RTC-RECON-001 is filled: ${row}`);
  const m = /^(\d+) ms \/ (\d+)\.\.(\d+) ms \(failed\)$/.exec(cell!);
  assert.match(row, /title="measured \d+ ms after the last byte user 1 received from the server before fault #1; user 1 receives/);
  assert.ok(m, cell);
  assert.ok(Number(m[1]) > Number(m[3]), 'the late callback is past the window it missed');
});

test("summary.json: a failure's window and what it measured are on one axis, ms after the check's anchor, as in its failure text", () => {
  // On a loaded machine a scenario may end FL-H-LATE instead of FL-C (a harness error carries no window).
  const failed = summary.clauses.filter((c) => c.verdict === 'fail' && c.failure?.window?.measured !== undefined);
  assert.ok(failed.length > 0, `a conformance failure with a measured window: ${summary.clauses.filter((c) => c.verdict !== 'incomplete').map((c) => `${c.id} ${c.verdict}`).join(', ')}`);
  for (const c of failed) {
    const w = c.failure!.window!;
    assert.ok(w.measured! < w.from || w.measured! > w.to, `${c.id}: the late callback (${w.measured} ms) lies outside [${w.from}, ${w.to}]`);
    // The failure text says the same numbers: "340 ms..460 ms after <anchor>" and "arrived at +552 ms".
    const expected = /(\d+) ms\.\.(\d+) ms after (.*?) \(nominal/.exec(c.failure!.expected ?? '');
    assert.ok(expected, c.failure!.expected);
    assert.deepEqual([Math.round(w.from), Math.round(w.to)], [Number(expected[1]), Number(expected[2])], `${c.id}: window as the failure text gives it`);
    assert.equal(expected[3], w.anchor, 'measured from the anchor the text names');
    assert.equal(Math.round(w.measured!), Number(/arrived at \+(\d+) ms/.exec(c.failure!.actual ?? '')?.[1]), `${c.id}: measured as the failure text gives it`);
    assert.ok(w.anchorAt! > 0, 'anchorAt places the zero in the scenario');
  }
});

test('implementation clauses: the page clauses\' table, those not run folded away with a short reason, the scenarios in its title', () => {
  const section = html.split("<h2>Implementation clauses")[1]?.split('<h2>')[0] ?? '';
  assert.match(section, /<details class="not-run"><summary>\d+ clauses not run|<table class="clauses">/);
  const row = /<tr class="incomplete"><td>RTC-IMPL-001<\/td>.*?<\/tr>/.exec(section)?.[0] ?? '';
  const cell = /<td title="([^"]*)">([^<]*)<\/td><\/tr>$/.exec(row);
  assert.ok(cell, row);
  assert.match(cell[2]!, /^not selected by --tags \(\d+ of \d+ scenarios\)$/, 'a short reason with a count');
  assert.match(cell[1]!, /&#10;• user 1 leaves: .* — not selected by --tags/, 'the scenarios by name in the title, a line each');
});

test('the picture and the text timeline share one axis whose zero is the fault', () => {
  const captions = [...html.matchAll(/class="axis-caption">time relative to ([^<]*)</g)].map((m) => m[1]);
  const texts = [...html.matchAll(/Timeline as text \(time relative to ([^<]*)\)</g)].map((m) => m[1]);
  assert.ok(captions.length > 0);
  assert.deepEqual(captions, texts);
  for (const c of captions) assert.match(c!, /^the last byte user \S+ received from the server before fault #1$/);
  // The failure text (support/expect) uses that zero too: the fault sits at the same time in both texts.
  // The first scenario with a conformance failure (on a loaded machine a scenario may end FL-H-LATE instead, whose
  // text has no timeline), its failure text and its text timeline.
  // The fault may sit a few ms before zero: bytes already in flight when the toxic was added still arrive.
  const section = html.split('<details class="scenario ').find((part) => /<pre class="failure">[^<]*\[FL-C-/.test(part))!;
  const failure = /<pre class="failure">([^<]*)<\/pre>/.exec(section)![1]!;
  // Both texts sign their times (the failure text "+   3 ms"/"-   4 ms", the report "+3 ms"/"−4 ms"/"0 ms"): compare the numbers.
  const signed = (m: RegExpExecArray | null) => (m ? (/[-−]/.test(m[1]!) ? -1 : 1) * Number(m[2]) : undefined);
  const inFailure = signed(/\n\s+([+\-−]?)\s*(\d+) ms\s+FAULT #1 /.exec(failure));
  const inText = signed(/<summary>Timeline as text[^<]*<\/summary><pre>[^<]*?\n?\s*([+\-−]?)(\d+) ms {2}FAULT #1 /.exec(section));
  assert.ok(inFailure !== undefined && inText !== undefined, `${inFailure} / ${inText}`);
  assert.equal(inText, inFailure, 'the fault is at the same time in the failure text and in the report\'s text timeline');
});

test('Chromium renders it: legend present, no label clipped or overlapping, the failing mark highlighted', { skip: skipUnlessInstalled(CHROMIUM), timeout: 120_000 }, () => {
  assertInstalled(CHROMIUM);
  // The test's own probe, appended to a copy: it measures what Chromium laid out.
  const probe = `<script>
    const svgs = [...document.querySelectorAll('svg.timeline')];
    const result = {
      svgs: svgs.length,
      legend: document.querySelectorAll('.legend > div').length,
      notRunOpen: [...document.querySelectorAll('details.profile.not-run')].filter((d) => d.open).length,
      clipped: [], overlapping: [], failingSvgs: 0, failingHighlighted: 0,
    };
    document.querySelectorAll('details').forEach((d) => (d.open = true));
    for (const svg of svgs) {
      const vb = svg.viewBox.baseVal;
      for (const t of svg.querySelectorAll('text')) {
        const b = t.getBBox();
        if (b.x < 0 || b.y < 0 || b.x + b.width > vb.width + 0.5 || b.y + b.height > vb.height + 0.5) result.clipped.push(t.textContent);
      }
      const labels = [...svg.querySelectorAll('text.callback-label')].map((t) => [t.textContent, t.getBBox()]);
      for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) {
        const [, a] = labels[i]; const [, b] = labels[j];
        if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) result.overlapping.push(labels[i][0] + ' / ' + labels[j][0]);
      }
      if (svg.dataset.failing) {
        result.failingSvgs++;
        if (svg.querySelector('.window.failed') && svg.querySelector('.callback.failing, .missing')) result.failingHighlighted++;
      }
    }
    document.body.dataset.check = JSON.stringify(result);
  </script>`;
  const probed = path.join(tmp, 'probed.html');
  fs.writeFileSync(probed, html.replace('</body>', `${probe}</body>`));
  const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--hide-scrollbars'];
  const dom = execFileSync(CHROMIUM_PATH, [...flags, `--user-data-dir=${path.join(tmp, 'profile-1')}`, '--dump-dom', `file://${probed}`], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] });
  const raw = /data-check="([^"]*)"/.exec(dom)?.[1];
  assert.ok(raw, 'the probe ran');
  const check = JSON.parse(raw.replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
  assert.ok(check.svgs >= 3, `pictures rendered: ${check.svgs}`);
  assert.ok(check.legend >= 14, `legend entries: ${check.legend}`);
  assert.equal(check.notRunOpen, 0, 'families not run are folded');
  assert.deepEqual(check.clipped, [], 'no label runs past its picture');
  assert.deepEqual(check.overlapping, [], 'no two labels overlap');
  assert.ok(check.failingSvgs >= 1);
  assert.equal(check.failingHighlighted, check.failingSvgs, 'every failing picture highlights its mark and window');

  const screenshot = process.env.FAULTLINE_REPORT_SCREENSHOT || path.join(tmp, 'report.png');
  execFileSync(CHROMIUM_PATH, [...flags, `--user-data-dir=${path.join(tmp, 'profile-2')}`, '--window-size=1100,2300', `--screenshot=${path.resolve(screenshot)}`, `file://${reportFile}`], { timeout: 60_000, stdio: 'ignore' });
  assert.ok(fs.statSync(screenshot).size > 20_000, 'a screenshot with something on it');
});
