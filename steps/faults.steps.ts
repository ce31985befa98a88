/** Faults through Toxiproxy: one user, one plane or all, one direction or both, held or until healed. */
import { defineParameterType, When } from '@cucumber/cucumber';
import type { FaultKind } from '../support/faults/fault-kinds';
import type { ActiveFault } from '../support/faults/fault-injector';
import type { LinkChoice } from '../support/parameter-types';
import type { FaultlineWorld } from '../support/world';

/** A heal just before the threshold: the harness's own lateness may take the SDK's margin (support/time/lateness.ts). */
function expectBoundary(world: FaultlineWorld, fault: ActiveFault, observer: string, side: 'before' | 'after', outageMs: number, nominalMs: number): ActiveFault {
  const anchorAt = world.faultAnchor(observer, fault).at;
  if (side === 'before') world.lateness.expectBoundary(anchorAt + outageMs, anchorAt + world.time.scaled(nominalMs));
  return fault;
}

const KIND_OF_WORD: Record<string, FaultKind> = { blackholed: 'blackhole', stalled: 'stall', down: 'down', reset: 'reset' };
defineParameterType({ name: 'fault', regexp: /blackholed|stalled|down|reset/, transformer: (s: string) => KIND_OF_WORD[s]! });

When('the {link} of user {user} is {fault}', async function (this: FaultlineWorld, l: LinkChoice, user: string, kind: FaultKind) {
  await this.applyFault(user, l.planes, { kind, link: l.link });
});

When('the {link} of user {user} is {fault} for {duration}', async function (this: FaultlineWorld, l: LinkChoice, user: string, kind: FaultKind, nominalMs: number) {
  await this.holdThenHeal(await this.applyFault(user, l.planes, { kind, link: l.link }), this.time.scaled(nominalMs));
});

When(
  'the {link} of user {user} is {fault} until just {side} the {duration} threshold',
  async function (this: FaultlineWorld, l: LinkChoice, user: string, kind: FaultKind, side: 'before' | 'after', nominalMs: number) {
    const outage = this.time.boundaryMs(nominalMs, side);
    this.note(`boundary: outage of ${Math.round(outage)} ms, just ${side} ${nominalMs} ms × ${this.timeScale}`);
    await this.holdThenHeal(expectBoundary(this, await this.applyFault(user, l.planes, { kind, link: l.link }), user, side, outage, nominalMs), outage);
  },
);

When(
  'the {link} of user {user} is {fault} until just {side} the {duration} threshold as user {user} sees it',
  async function (this: FaultlineWorld, l: LinkChoice, user: string, kind: FaultKind, side: 'before' | 'after', nominalMs: number, observer: string) {
    const outage = this.time.boundaryMs(nominalMs, side);
    this.note(`boundary: outage of ${Math.round(outage)} ms, just ${side} ${nominalMs} ms × ${this.timeScale}, as user ${observer} sees it`);
    await this.holdThenHeal(expectBoundary(this, await this.applyFault(user, l.planes, { kind, link: l.link }), observer, side, outage, nominalMs), outage, observer);
  },
);

When('the {link} of user {user} gets {duration} of latency with {duration} of jitter', async function (this: FaultlineWorld, l: LinkChoice, user: string, latency: number, jitter: number) {
  await this.applyFault(user, l.planes, { kind: 'latency', link: l.link, latencyMs: this.time.scaled(latency), jitterMs: this.time.scaled(jitter) });
});

When('the {link} of user {user} is limited to {int} KB\\/s', async function (this: FaultlineWorld, l: LinkChoice, user: string, rateKBps: number) {
  await this.applyFault(user, l.planes, { kind: 'bandwidth', link: l.link, rateKBps });
});

When('the fault heals', async function (this: FaultlineWorld) {
  await this.heal();
});

When('{duration} pass(es) after the fault', async function (this: FaultlineWorld, nominalMs: number) {
  await this.waitUntil(this.faultAnchor(this.lastFault!.user).at + this.time.scaled(nominalMs));
});
