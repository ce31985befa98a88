/**
 * The faults the OpenVidu page needs beyond the shared fault steps (held until a callback, until a boundary
 * counted from a callback, a drop timed from the last signaling message), an order across users, and the
 * page's "roughly" bands, reported through the one informative-timing policy.
 */
import { CONFORMANCE_CODES, ConformanceError, HARNESS_CODES, HarnessError } from '../../errors';
import type { CallbackPattern, ResolvedPattern } from '../../expect/callback-pattern';
import { stateAt, within } from '../../expect/expectations';
import { reportInformative } from '../../expect/informative';
import type { ActiveFault } from '../../faults/fault-injector';
import type { FaultKind } from '../../faults/fault-kinds';
import type { LinkChoice } from '../../parameter-types';
import { monotonicMs, sleep } from '../../time/clock';
import { formatMs } from '../../time/format';
import { between, upTo } from '../../time/window';
import type { CallbackEntry } from '../../timeline/event-log';
import type { FaultlineWorld } from '../../world';
import { state, timelineTail } from './session';

// ---- faults the page needs beyond the shared steps ----------------------------------------------------

/**
 * Wait until the user's signaling proxy has just delivered a message to it (in a quiet Session, a ping
 * answer). A fault applied right then starts the client's outage and the server's silence together:
 * OpenVidu's eviction clock starts at the last message it heard, and pings are 5 s apart, so without this
 * the server would have heard nothing for up to 5 s already. Needs the embedded proxy's `faultline`
 * extension (last byte delivered); on real Toxiproxy it notes that and returns at once.
 */
export async function awaitSignalingMessage(world: FaultlineWorld, label: string): Promise<void> {
  world.user(label);
  if (!world.faults.planesOf(label).includes('signaling')) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `user ${label} has no signaling proxy`);
  const lastDownstream = async () => (await world.faults.lastDeliveredOf(label, ['signaling'], Infinity))?.downstream ?? null;
  const first = await lastDownstream();
  if (first === null) {
    world.note(`cannot wait for a signaling message of user ${label}: the Toxiproxy server has no faultline extension; the outage may start up to one ping interval after the server last heard from the client`);
    return;
  }
  // Pings are one interval apart (5 s nominal): give it two, then say so.
  const deadline = monotonicMs() + world.time.scaled(10_000) + 500;
  world.steps.plan(deadline, `a signaling message to user ${label}`);
  while (monotonicMs() < deadline) {
    const at = await lastDownstream();
    if (at !== null && at !== first) return;
    await sleep(2);
  }
  throw new ConformanceError(CONFORMANCE_CODES.STATE, `user ${label} received nothing on its signaling plane for two ping intervals (10 s nominal) while healthy\n${timelineTail(world)}`);
}

/**
 * "Drops": the link is blackholed (bytes dropped, connections held open), held for `nominalMs` from the
 * fault anchor, then healed (the World removes every toxic of the fault at once, so the client's immediate
 * reconnection is not closed by a second removal).
 */
export async function dropFor(world: FaultlineWorld, link: LinkChoice, label: string, nominalMs: number): Promise<void> {
  const fault = await world.applyFault(label, link.planes, { kind: 'blackhole', link: link.link });
  await world.waitUntil(world.faultAnchor(label, fault).at + world.time.scaled(nominalMs));
  await world.heal(fault);
}


/** Apply a fault and hold it until a callback arrives (deadline: `maxNominalMs` scaled), then heal it. */
export async function faultUntilCallback(
  world: FaultlineWorld,
  link: LinkChoice,
  label: string,
  kind: FaultKind,
  observer: string,
  cb: CallbackPattern,
  maxNominalMs: number,
): Promise<CallbackEntry> {
  const fault = await world.applyFault(label, link.planes, { kind, link: link.link });
  const entry = await awaitAfterFault(world, fault, observer, cb, maxNominalMs);
  await world.heal(fault);
  return entry;
}

/**
 * Apply a fault, wait for a callback, then hold the fault until just before / just after `nominalMs`
 * counted from that callback (the ICE_CONNECTION_DISCONNECTED timeout counts from the exception).
 */
export async function faultUntilBoundaryAfterCallback(
  world: FaultlineWorld,
  link: LinkChoice,
  label: string,
  kind: FaultKind,
  side: 'before' | 'after',
  nominalMs: number,
  observer: string,
  cb: CallbackPattern,
): Promise<void> {
  const fault = await world.applyFault(label, link.planes, { kind, link: link.link });
  const first = await awaitAfterFault(world, fault, observer, cb, 30_000);
  // "Just before" also leaves a quarter of the threshold for the connection to be restored after the heal:
  // a real ICE agent reports it restored a moment later (Chromium: 20-350 ms seen on a loaded machine), and
  // openvidu-browser decides on its last 150 ms poll before the timeout. A reconnection at half the
  // timeout still happens during the fault.
  const outage = side === 'before' ? Math.min(world.time.boundaryMs(nominalMs, side), 0.75 * world.time.scaled(nominalMs)) : world.time.boundaryMs(nominalMs, side);
  // "Just after" must hold for every media connection, each timed from its own callback (a real browser
  // detects each connection's break at its own moment): wait for the callback about each of the observer's
  // streams, up to the first one's threshold, and count from the last. "Just before" counts from the first.
  const entry = side === 'after' ? await lastPerStream(world, observer, cb, first, first.at + world.time.boundaryMs(nominalMs, 'before')) : first;
  world.note(`boundary: heal ${Math.round(outage)} ms after ${entry.name}(${JSON.stringify(entry.payload)}), just ${side} ${nominalMs} ms × ${world.timeScale}`);
  if (side === 'before') world.lateness.expectBoundary(entry.at + outage, entry.at + world.time.scaled(nominalMs), world.lateness.sdkStallBefore(entry.at));
  await world.waitUntil(entry.at + outage);
  await world.heal(fault);
}

/** The last of the callbacks matching `cb` whose `origin` is one of the user's media streams (baseline), by `deadline`. */
async function lastPerStream(world: FaultlineWorld, label: string, cb: CallbackPattern, first: CallbackEntry, deadline: number): Promise<CallbackEntry> {
  const streams = state(world).baseline.get(label)?.map((c) => c.streamId) ?? [];
  const pattern = world.pattern(label, cb);
  const seen = () => streams.map((id) => world.timeline.callbacks(label).find((e) => e.at >= first.at && pattern.matches(e) && e.payload.origin === id));
  await world.timeline.waitFor(() => (seen().every(Boolean) ? true : undefined), deadline);
  return seen().reduce<CallbackEntry>((last, e) => (e && e.at > last.at ? e : last), first);
}

async function awaitAfterFault(world: FaultlineWorld, fault: ActiveFault, observer: string, cb: CallbackPattern, maxNominalMs: number): Promise<CallbackEntry> {
  const pattern = world.pattern(observer, cb);
  const anchor = world.faultAnchor(observer, fault);
  const m = await within(world.expectation(`user ${observer} receives ${cb.text} while the fault holds`), observer, pattern, upTo(anchor, maxNominalMs));
  return m.entry;
}

// ---- across users -----------------------------------------------------------------------------------

/** The first `cb` of `label` after the fault; fails MISSING when none has arrived. */
export function firstAfterFault(world: FaultlineWorld, label: string, pattern: ResolvedPattern, requirement: string): CallbackEntry {
  const anchor = world.faultAnchor(label);
  const found = world.timeline.callbacks(label).find((e) => e.at > anchor.at && pattern.matches(e));
  if (!found) {
    stateAt(world.expectation(requirement), { user: label, what: pattern.dialectName, window: between(anchor, { at: monotonicMs(), label: 'now' }), passed: false, code: CONFORMANCE_CODES.MISSING, expected: `user ${label} receives ${pattern.text} after the fault`, actual: 'it never arrived' });
  }
  return found!;
}

/** Across users, on the harness clock: `early` (of one user) arrived before `late` (of another). */
export function expectAlreadyReceived(world: FaultlineWorld, earlyUser: string, early: CallbackPattern, lateUser: string, late: CallbackPattern): void {
  const requirement = `user ${earlyUser} has already received ${early.text} when user ${lateUser} receives ${late.text}`;
  const a = firstAfterFault(world, earlyUser, world.pattern(earlyUser, early), requirement);
  const b = firstAfterFault(world, lateUser, world.pattern(lateUser, late), requirement);
  const anchor = world.faultAnchor(lateUser);
  world.note(`order across users: user ${earlyUser}'s ${a.name} at +${Math.round(a.at - anchor.at)} ms, user ${lateUser}'s ${b.name} at +${Math.round(b.at - anchor.at)} ms after ${anchor.label}`);
  stateAt(world.expectation(requirement), {
    user: lateUser,
    what: `${a.name} of user ${earlyUser} before ${b.name}`,
    window: between(anchor, { at: b.at, label: `user ${lateUser}'s ${b.name}` }),
    passed: a.at < b.at,
    code: CONFORMANCE_CODES.ORDER,
    expected: `user ${earlyUser}'s ${a.name} before user ${lateUser}'s ${b.name}`,
    actual: `user ${earlyUser}'s at +${formatMs(a.at - anchor.at)}, user ${lateUser}'s at +${formatMs(b.at - anchor.at)}`,
    measuredAt: a.at,
  });
}

// ---- informative bands ("roughly a guide") ------------------------------------------------------------

/** Time from the user's fault (the last byte it received before it) to its first `cb` since. */
export function reportCallbackBand(world: FaultlineWorld, label: string, cb: CallbackPattern, nominalMs: number, side: 'below' | 'above' | 'around'): void {
  const anchor = world.faultAnchor(label);
  // A measurement only: a callback or probe that never came (a real browser's ICE may never reach `failed`)
  // is noted, and fails only under FAULTLINE_STRICT_INFORMATIVE, not the normative clause of the scenario.
  const pattern = world.pattern(label, cb);
  if (!world.run.config.strictInformative && !world.timeline.callbacks(label).some((e) => e.at > anchor.at && pattern.matches(e))) {
    world.note(`informative: user ${label} never received ${cb.text} after ${anchor.label}; nothing to measure against roughly ${nominalMs / 1000} s`);
    return;
  }
  const entry = firstAfterFault(world, label, pattern, `measure ${cb.text} of user ${label}`);
  reportInformative(world, `user ${label}: ${cb.text} after ${anchor.label}`, entry.at - anchor.at, nominalMs, { side, scaled: true });
}

/** The eviction as another participant sees it: from the last byte the evicted user sent to the peer's `cb`. */
export function reportEvictionBand(world: FaultlineWorld, evicted: string, observer: string, cb: CallbackPattern, nominalMs: number): void {
  const anchor = world.faultAnchor(observer);
  const entry = firstAfterFault(world, observer, world.pattern(observer, cb), `measure ${cb.text} of user ${observer}`);
  reportInformative(world, `user ${observer}: ${cb.text} (eviction of user ${evicted}) after ${anchor.label}`, entry.at - anchor.at, nominalMs, { side: 'around', scaled: true });
}
