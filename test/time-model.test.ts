/** The one time model: scale resolved once, windows resolved by one function, "at once" defined once. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clauseById } from '../support/catalogue/catalogue';
import { assertMeasurable, resolveTimeScale } from '../support/time/scale';
import { AT_ONCE, around, atOnce, between, exactly, setUp, TimeModel, untilAfter, upTo } from '../support/time/window';

const tol = { relative: 0.05, absoluteMs: 40 };
const time = new TimeModel(0.1, tol);
const fault = { at: 1000, label: 'the fault' };
const heal = { at: 1500, label: 'the heal' };
const edges = (w: ReturnType<TimeModel['resolve']>) => [Math.round(w.fromAt - w.anchor.at), Math.round(w.toAt - w.anchor.at)];

test('a documented duration becomes nominal × scale ± (relative × nominal × scale + absolute), in one function', () => {
  assert.deepEqual(edges(time.resolve(around(fault, 4000))), [340, 460]);
  assert.deepEqual(edges(time.resolve(upTo(fault, 4000))), [0, 460]);
  assert.deepEqual(edges(time.resolve(exactly(fault, 4000))), [0, 400]);
  assert.deepEqual(edges(time.resolve(between(fault, heal))), [0, 500]);
  // "from the fault until 4 s after the heal": the far edge counts from the second anchor.
  assert.deepEqual(edges(time.resolve(untilAfter(fault, heal, 4000))), [0, 500 + 460]);
  // Round trips are real time, never scaled.
  assert.deepEqual(edges(time.resolve(setUp(fault, 5000))), [0, 5000]);
});

test('"at once" is one definition: the shortest documented timer × the scale, between 200 ms and 1 s', () => {
  assert.equal(AT_ONCE.nominalMs, 3000);
  assert.deepEqual(edges(new TimeModel(0.1, tol).resolve(atOnce(fault, new TimeModel(0.1, tol)))), [0, 300]);
  assert.equal(new TimeModel(0.01, tol).atOnceMs(), 200);
  assert.equal(new TimeModel(1, tol).atOnceMs(), 1000);
});

test('boundary outages sit 1.5 tolerances either side of the threshold', () => {
  assert.equal(time.boundaryMs(4000, 'before'), 400 - 1.5 * 60);
  assert.equal(time.boundaryMs(4000, 'after'), 400 + 1.5 * 60);
});

test('the scale: the run, a @time-scale tag when the run is scaled, never a tag in a real-time run', () => {
  assert.equal(resolveTimeScale(0.1, ['@RTC-KILL-007']).scale, 0.1);
  assert.equal(resolveTimeScale(0.1, ['@time-scale:0.01']).scale, 0.01);
  assert.equal(resolveTimeScale(1, ['@time-scale:0.01']).scale, 1);
  assert.throws(() => resolveTimeScale(0.1, ['@time-scale:2']), /FL-H-CONFIG/);
});

test('a scale whose windows fall below what can be measured is a configuration error, naming the clause', () => {
  const rtc = [clauseById('RTC-RECON-001')!];
  assert.doesNotThrow(() => assertMeasurable(rtc, 0.1, tol, 'the run'));
  assert.throws(() => assertMeasurable(rtc, 0.01, tol, 'the run'), /FL-H-CONFIG[\s\S]*time scale 0\.01[\s\S]*RTC-RECON-001 \(4000 ms → 40\.0 ms\)[\s\S]*use a scale above 0\.011/);
});
