/**
 * Which of the harness's own stalls can explain a late callback (support/time/lateness.ts). The loop is made
 * up: ticks fed at chosen times. The first case is the one seen with two busy loops and a serial run: RTM's
 * RECONNECTING 19 ms after its window, no stall inside the window, a 25 ms stall right after the anchor
 * (the last byte), which the in-process SDK's 4 s timer had waited out before it was armed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LatenessMonitor, type JudgedSpan } from '../support/time/lateness';

/** A loop that ticks every 10 ms from t = 0 to `untilMs`, stalled over each [from, to). */
function loop(sharedLoop: boolean, untilMs: number, stalls: Array<[number, number]>): LatenessMonitor {
  const m = new LatenessMonitor(sharedLoop);
  let t = 0;
  m.tick(0); // sets the first expectation; its own lateness is 0
  while (t < untilMs) {
    t += 10;
    const stall = stalls.find(([from, to]) => t > from && t < to);
    if (stall) t = stall[1];
    m.tick(t);
  }
  return m;
}

// Anchor at 1000, window 340..460 ms after it, the callback at +479 ms: 19 ms late.
const span: JudgedSpan = { anchorAt: 1000, fromAt: 1340, toAt: 1460, measuredAt: 1479 };
const missMs = 19;

test('in process: a stall right after the anchor delays the SDK timer armed by it, so it explains the miss', () => {
  const m = loop(true, 2000, [[995, 1025]]);
  assert.equal(m.during(span.fromAt, span.toAt).eventLoopDelayMaxMs, 0, 'nothing inside the window: the old rule judged this FL-C');
  assert.throws(() => m.explainOrPass(span, missMs), /FL-H-LATE[\s\S]*blocked 25 ms past the anchor/);
});

test('in another process: the same stall only delayed the harness, not the SDK: the miss stands', () => {
  const m = loop(false, 2000, [[995, 1025]]);
  assert.doesNotThrow(() => m.explainOrPass(span, missMs));
});

test('a stall between the window end and the arrival explains a late stamp, wherever the SDK runs', () => {
  for (const shared of [true, false]) {
    const m = loop(shared, 2000, [[1455, 1480]]);
    assert.throws(() => m.explainOrPass(span, missMs), /FL-H-LATE/, `sharedLoop ${shared}`);
  }
});

test('stalls shorter than the miss, or the timer jitter, explain nothing', () => {
  const m = loop(true, 2000, [[1100, 1108], [1300, 1309]]);
  assert.ok(m.blockedWithin(1000, 1479) < missMs);
  assert.doesNotThrow(() => m.explainOrPass(span, missMs));
  const quiet = loop(true, 2000, []);
  assert.equal(quiet.blockedWithin(0, 2000), 0);
});

test('in process, stalls in the middle of the window explain nothing: they delay no timer (a late SDK stays late)', () => {
  // 15 and 13 ms stalls inside the window, none at the anchor or after the window's end: the loop was free
  // when the SDK's timer was due; summed, they would have excused a reference mutant 2 s late at load 12.
  const m = loop(true, 2000, [[1100, 1125], [1300, 1318]]);
  assert.ok(m.blockedWithin(1000, 1479) >= missMs);
  assert.doesNotThrow(() => m.explainOrPass(span, missMs));
});

test('a driver→harness delay near the arrival explains a miss as before', () => {
  const m = loop(false, 2000, []);
  m.arrival(1100, 1100);
  m.arrival(1479, 1450);
  assert.throws(() => m.explainOrPass(span, missMs), /driver→harness delay 29 ms/);
});

test('a heal just before a threshold: the harness taking the margin explains the reaction, the SDK reacting early does not', () => {
  // Heal planned at 1310, threshold at 1400: a 90 ms margin.
  const lateHeal = loop(false, 2000, []);
  lateHeal.expectBoundary(1310, 1400);
  assert.throws(() => lateHeal.explainBoundaryMissed(1405, 'RECONNECTING at +410 ms', 1410), /FL-H-LATE[\s\S]*took 95 ms of it \(the callback the heal counts from delayed 0 ms by its stalls, heal 95 ms late/);
  assert.doesNotThrow(() => lateHeal.explainBoundaryMissed(1405, 'RECONNECTING at +300 ms', 1300), 'it reacted before the planned heal');
  const onTime = loop(false, 2000, []);
  onTime.expectBoundary(1310, 1400);
  assert.doesNotThrow(() => onTime.explainBoundaryMissed(1312, 'RECONNECTING at +410 ms', 1410));
  const stalled = loop(true, 2000, [[1305, 1400]]);
  stalled.expectBoundary(1310, 1400);
  assert.throws(() => stalled.explainBoundaryMissed(1312, 'RECONNECTING at +410 ms', 1410), /SDK's event loop \(shared with the harness\) blocked/);
  const noBoundary = loop(true, 2000, [[1315, 1400]]);
  assert.doesNotThrow(() => noBoundary.explainBoundaryMissed(1312, 'RECONNECTING', 1410));
});

test('a heal counted from a callback the harness delayed comes that much closer to the SDK’s other timers', () => {
  const m = loop(false, 2000, []);
  m.expectBoundary(1310, 1400, 95); // the exception the heal counts from came 95 ms late for the loop's stalls
  assert.throws(() => m.explainBoundaryMissed(1312, 'a renegotiation', 1350), /callback the heal counts from delayed 95 ms/);
});

test('in process, a stall across the threshold itself explains a reaction after a timely heal: timers run before the reads', () => {
  const m = loop(true, 2000, [[1385, 1460]]);
  m.expectBoundary(1310, 1400);
  assert.ok(m.blockedWithin(1310, 1400) < 90, 'not enough of the margin by itself');
  assert.throws(() => m.explainBoundaryMissed(1316, 'RECONNECTING at +466 ms', 1466), /blocked \d+ ms across the threshold itself/);
  const elsewhere = loop(false, 2000, [[1385, 1460]]);
  elsewhere.expectBoundary(1310, 1400);
  assert.doesNotThrow(() => elsewhere.explainBoundaryMissed(1316, 'RECONNECTING at +466 ms', 1466), 'an SDK in another process did not wait');
});

test('a stall that began between two ticks still holds the anchor stamped just before it', () => {
  // Ticks at 990 and 1000; the anchor's byte is written at 1002; the loop is then busy until 1030: the tick
  // due at 1010 fires at 1030. The SDK read the byte (and armed its timer) only at 1030.
  const m = loop(true, 2000, [[1003, 1030]]);
  assert.equal(m.stallAfter(1002), 28);
  assert.throws(() => m.explainOrPass({ anchorAt: 1002, fromAt: 1342, toAt: 1462, measuredAt: 1481 }, 19), /blocked 28 ms past the anchor/);
});

test('in process, a reaction "within" a window that opens at its anchor waited out every stall on its way', () => {
  // Heal at 1000, "within 3 s": 0..395 ms; the answer at 1416, 21 ms late, after a 46 ms stall mid-window.
  const m = loop(true, 2000, [[1200, 1250]]);
  const within: JudgedSpan = { anchorAt: 1000, fromAt: 1000, toAt: 1395, measuredAt: 1416 };
  assert.throws(() => m.explainOrPass(within, 21), /a reaction "within" its window/);
  assert.doesNotThrow(() => loop(false, 2000, [[1200, 1250]]).explainOrPass(within, 21), 'an SDK elsewhere did not wait');
});

test('a callback released by a stall across the window end is stamped a moment after the tick that measured it', () => {
  // The stall covers 1217..1466.9; the timer due at 1400 runs right after the tick, stamped at 1467: 7 ms late.
  const m = loop(true, 2000, []);
  m.tick(1217);
  m.tick(1466.9);
  assert.throws(() => m.explainOrPass({ anchorAt: 1000, fromAt: 1340, toAt: 1460, measuredAt: 1467.5 }, 7.5), /FL-H-LATE/);
});

/** An SDK in a driver process whose clock reads the harness's minus 500 ms (+ transit): its stalls, reported. */
function driverLoop(stalls: Array<[number, number]>): LatenessMonitor {
  const m = loop(false, 2000, []);
  m.arrival(900, 400); // the first callback fixes the offset: driver ts + 500 = harness time
  for (const [from, to] of stalls) m.driverStall(to - 500, to - from);
  return m;
}

test("a driver's reported stall right after the anchor delays the SDK's timer as an in-process stall does", () => {
  assert.throws(() => driverLoop([[995, 1025]]).explainOrPass(span, missMs), /SDK's process \(as its driver reported\) blocked 25 ms past the anchor/);
  assert.doesNotThrow(() => driverLoop([]).explainOrPass(span, missMs), 'no stall reported: a verdict');
  assert.doesNotThrow(() => driverLoop([[1200, 1250]]).explainOrPass(span, missMs), 'a stall mid-window delays no timer');
});

test('reported stalls cannot be placed before a callback gave the clocks\' offset, and count once where the harness stalled too', () => {
  const unplaced = loop(false, 2000, []);
  unplaced.driverStall(495, 30);
  assert.doesNotThrow(() => unplaced.explainOrPass(span, missMs), 'no offset yet: the stall explains nothing');
  // The harness and the driver stalled over the same 30 ms past the window's end: 30 ms, not 60.
  const both = loop(false, 2000, [[1455, 1485]]);
  both.arrival(900, 400);
  both.driverStall(1485 - 500, 30);
  const late = both.explainable({ anchorAt: 1000, fromAt: 1340, toAt: 1460, measuredAt: 1490 }, false);
  assert.match(late.why, /blocked 25 ms between the window’s end and the arrival/);
});

test('a reaction "within" a window waited out the stalls its driver reported; a heal before a threshold too', () => {
  const within: JudgedSpan = { anchorAt: 1000, fromAt: 1000, toAt: 1395, measuredAt: 1416 };
  assert.throws(() => driverLoop([[1200, 1250]]).explainOrPass(within, 21), /SDK's process \(as its driver reported\) blocked 50 ms between the anchor and the arrival/);
  const boundary = driverLoop([[1305, 1400]]);
  boundary.expectBoundary(1310, 1400);
  assert.throws(() => boundary.explainBoundaryMissed(1312, 'RECONNECTING at +410 ms', 1410), /SDK's process \(as its driver reported\) blocked/);
});
