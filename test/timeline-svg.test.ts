/**
 * The timeline picture's rules, on made-up timelines (no browser needed; test/html-report.e2e.test.ts
 * measures the real rendering in Chromium): labels are kept inside the picture and apart, enum members are
 * named, the callback that broke an expectation is ringed, a missing one is crossed, 0 is the fault.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TimelineData } from '../report/cucumber-messages';
import { timelineSvg } from '../report/timeline-svg';

function timeline(extra: Partial<TimelineData> = {}): TimelineData {
  return {
    scenario: 'made up',
    clauses: ['RTM-RECON-001'],
    timeScale: 0.1,
    origin: 0,
    users: [{ label: 'A', profile: 'agora-rtm', dialect: 'cpp', planes: ['signaling'] }],
    entries: [
      { at: 10, kind: 'callback', user: 'A', name: 'onConnectionStateChanged', payload: { state: 2, reason: 1 } },
      { at: 20, kind: 'callback', user: 'A', name: 'onConnectionStateChanged', payload: { state: 3, reason: 2 } },
      { at: 100, kind: 'fault', faultId: 1, user: 'A', planes: ['signaling'], description: 'blackhole' },
      // Near the right edge, with a long label: it must go left of its mark.
      { at: 1000, kind: 'callback', user: 'A', name: 'onConnectionStateChanged', payload: { state: 4, reason: 5 } },
    ],
    judged: [],
    measurements: [],
    ...extra,
  };
}

/** A failed check as the harness records it; `measuredAt` is when the deciding callback came. */
function failed(j: { kind: 'within' | 'never'; what: string; from: number; to: number; measuredAt?: number }): TimelineData['judged'][number] {
  return { clause: 'RTM-RECON-001', user: 'A', passed: false, requirement: 'r', expected: 'e', actual: 'a', anchor: 'fault #1', anchorAt: 100, ...j };
}

function labels(svg: string): Array<{ x: number; anchor: string; text: string; failing: boolean }> {
  return [...svg.matchAll(/<text x="([\d.]+)" y="[\d.-]+" text-anchor="(start|end)" class="callback-label( failing)?">([^<]*)</g)].map((m) => ({ x: Number(m[1]), anchor: m[2]!, failing: Boolean(m[3]), text: m[4]! }));
}

test('labels name enum members and stay inside the picture', () => {
  const svg = timelineSvg(timeline());
  const all = labels(svg);
  assert.equal(all.length, 3);
  assert.ok(all.some((l) => l.text === 'onConnectionStateChanged(RECONNECTING (4), INTERRUPTED (5))'));
  const width = Number(/viewBox="0 0 (\d+) /.exec(svg)![1]);
  for (const l of all) {
    const span = l.text.length * 6.1;
    const [from, to] = l.anchor === 'start' ? [l.x, l.x + span] : [l.x - span, l.x];
    assert.ok(from >= 0 && to <= width, `${l.text} spans ${from}..${to} of ${width}`);
  }
  assert.equal(all.find((l) => l.text.includes('RECONNECTING'))!.anchor, 'end', 'the last label goes left of its mark');
});

test('a late callback is ringed, a forbidden one too, a missing one crossed; windows outlined', () => {
  const late = timelineSvg(timeline({ judged: [failed({ kind: 'within', what: 'onConnectionStateChanged', from: 400, to: 600, measuredAt: 1000 })] }));
  assert.match(late, /class="failing-ring"/);
  assert.equal(labels(late).filter((l) => l.failing).map((l) => l.text).join(), 'onConnectionStateChanged(RECONNECTING (4), INTERRUPTED (5))');
  assert.match(late, /class="window expected failed"/);

  const forbidden = timelineSvg(timeline({ judged: [failed({ kind: 'never', what: 'onConnectionStateChanged', from: 100, to: 1200 })] }));
  assert.equal(labels(forbidden).filter((l) => l.failing).length, 1, 'only the callback inside the window is blamed');
  assert.match(forbidden, /class="window forbidden failed"/);

  const missing = timelineSvg(timeline({ judged: [failed({ kind: 'within', what: 'onLoginSuccess', from: 400, to: 600 })] }));
  assert.match(missing, /class="missing"/);
  assert.ok(labels(missing).some((l) => l.failing && l.text === 'missing: onLoginSuccess'));
});

test("0 on the axis is the failed check's anchor, else the fault, and the caption says so", () => {
  const svg = timelineSvg(timeline());
  assert.match(svg, /class="tick zero"/);
  assert.match(svg, /class="axis-caption">time relative to fault #1 \(blackhole\)</);
  const anchored = timelineSvg(timeline({ judged: [{ ...failed({ kind: 'within', what: 'onLoginSuccess', from: 400, to: 600 }), anchor: 'the last byte user A received from the server before fault #1' }] }));
  assert.match(anchored, /time relative to the last byte user A received from the server before fault #1</);
  const noFault = timelineSvg(timeline({ entries: timeline().entries.filter((e) => e.kind !== 'fault') }));
  assert.match(noFault, /time relative to the scenario start/);
});

test('a passed window running past either edge of the picture is a band; one inside it, or a failed one, a full box', () => {
  const passed = (from: number, to: number): TimelineData['judged'][number] => ({ ...failed({ kind: 'never', what: 'onLoginFailure', from, to }), passed: true });
  const boxes = (svg: string) => [...svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)" class="window ([^"]*)"/g)].map((m) => ({ height: Number(m[1]), cls: m[2]! }));
  // Ends just after the last entry: it sets the picture's right edge, but is inside it (the edge has a margin).
  const inside = boxes(timelineSvg(timeline({ judged: [passed(100, 1150)] })));
  assert.deepEqual(inside.map((b) => b.cls), ['forbidden']);
  assert.ok(inside[0]!.height > 5);
  // Far past the last entry (cut by the picture), or opened before anything drawn (a whole-scenario check): bands.
  for (const [from, to] of [[100, 50_000], [0, 900]] as const) {
    const b = boxes(timelineSvg(timeline({ judged: [passed(from, to)] })));
    assert.deepEqual(b.map((x) => [x.cls, x.height]), [['forbidden band', 5]], `${from}..${to}`);
  }
  // A failed window is always a full box, outlined.
  const f = boxes(timelineSvg(timeline({ judged: [failed({ kind: 'never', what: 'onLoginFailure', from: 0, to: 50_000 })] })));
  assert.deepEqual(f.map((x) => x.cls), ['forbidden failed']);
  assert.ok(f[0]!.height > 5);
});
