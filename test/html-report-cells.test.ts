/** The clause table's measured cell (report/html-report.ts): a line per distinct figure, saying what it measured. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { measuredCells } from '../report/html-report';
import type { Summary } from '../report/summary';

type Clause = Summary['clauses'][number];
const clause = (nominalMs: number | null, measured: Clause['measured']) => ({ id: 'X-1', nominalMs, measured }) as unknown as Clause;

test('identical figures are one line with a count, each check named in its title', () => {
  const cells = measuredCells(clause(6000, [
    { scenario: 'no answer for 6 s', what: 'onLoginFailure after the login call', measuredMs: 602, nominalMs: 6000, scale: 0.1 },
    { scenario: 'no answer for 6 s', what: 'onConnectionStateChanged after the login call', measuredMs: 602, nominalMs: 6000, scale: 0.1 },
    { scenario: 'just after 6 s', what: 'onLoginFailure after the login call', measuredMs: 603, nominalMs: 6000, scale: 0.1 },
  ]));
  assert.equal(cells.length, 2);
  assert.match(cells[0]!, /title="onLoginFailure after the login call — no answer for 6 s&#10;onConnectionStateChanged after the login call — no answer for 6 s">602 ms \/ 600 ms ×2</);
  assert.match(cells[1]!, />603 ms \/ 600 ms</);
});

test("a figure of another duration than the clause's own names its nominal duration", () => {
  const [cell] = measuredCells(clause(30000, [{ scenario: 'cut off for 10 s', what: 'onConnectionStateChanged after the fault', measuredMs: 401, nominalMs: 4000, scale: 0.1 }]));
  assert.match(cell!, />401 ms \/ 400 ms \(its 4 s\)</);
});
