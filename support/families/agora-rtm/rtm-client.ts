/**
 * How the harness drives an Agora RTM app (seed 003) through the driver, and the RTM-specific checks.
 * The vocabulary is docs/reference-impl/agora-rtm.md's: invoke `login(token, userId)`, `logout()`,
 * `joinChannel(channelId)`, `leaveChannel(channelId)`, `setLocalUserAttributes({key: value})`,
 * `getUserAttributes(userId)`, `queryPeersOnlineStatus([userIds])`, `getConnectionState()`; admin
 * `issueToken({userId, expiresInSeconds})`, `expireToken({userId})`, `channelMembers({channelId})`.
 *
 * RTM user ids are strings. Each scenario names them (`user A is an agora-rtm client on cpp with user id
 * "userA"`), so that two instances can share one (RTM-ABORT-*); `user A` in a callback pattern
 * (`memberLeft("demo", user A)`) resolves to that string.
 */
import { monotonicMs, sleep } from '../../time/clock';
import type { Dialect } from '../../../contract/sdk-driver';
import { CONFORMANCE_CODES, type ConformanceCode, ConformanceError, HARNESS_CODES, HarnessError } from '../../errors';
import type { CallbackPattern, ResolvedPattern } from '../../expect/callback-pattern';
import { exactlyOnce, never, stateAt, within } from '../../expect/expectations';
import { firstBreach } from '../../expect/non-vacuous';
import { familyState } from '../family-state';
import { RTM_CONNECTION_STATE, type RtmStateName } from '../../schemas/callbacks/agora-rtm';
import { formatMs } from '../../time/format';
import { type Anchor, around, between, exactly, setUp, upTo, type Window } from '../../time/window';
import { enumName } from '../../catalogue/vocabulary';
import type { CallbackEntry } from '../../timeline/event-log';
import type { FaultlineWorld } from '../../world';
import { z } from 'zod';

/**
 * Set-up round trips the page gives no time for (a channel join, a peer seeing it): a real-time deadline,
 * like the RTC family's join. Only a failure waits that long.
 */
export const SETUP_DEADLINE_MS = 5000;
/** A login ends, one way or the other, within the documented 6 s (RTM-LOGIN-005). */
export const LOGIN_TIMEOUT_NOMINAL_MS = 6000;
/** Lifetime of the tokens the scenarios log in with: longer than any scenario. */
const TOKEN_LIFETIME_S = 3600;
/** A token the server never issued (RTM-LOGIN-004). */
const FORGED_TOKEN = 'faultline-forged-token';
/** How often a check that waits for the server to catch up asks again, real ms. */
const POLL_INTERVAL_MS = 25;

export type TokenKind = 'valid' | 'forged' | 'expired';

/** What this family remembers per scenario, beside the World. */
interface RtmScenario {
  /** The last login call per user label: "6 s after the login" is measured from it. */
  loginAt: Map<string, Anchor>;
  logoutAt: Map<string, Anchor>;
  /** Channel → labels of the users the scenario made members. */
  members: Map<string, Set<string>>;
  /** The boundary the scenario last waited for, to say in a failure what the instant was meant to be. */
  boundary?: string;
}

const rtmState = familyState<RtmScenario>('agora-rtm', () => ({ loginAt: new Map(), logoutAt: new Map(), members: new Map() }));

function scenarioOf(world: FaultlineWorld): RtmScenario {
  return world.family(rtmState);
}

// ---- failures --------------------------------------------------------------------------------------------

/**
 * A check that is not about one callback (answers of getConnectionState, queryPeersOnlineStatus,
 * getUserAttributes, the server's channel list), judged through the one expectations API.
 */
function check(world: FaultlineWorld, requirement: string, c: { user: string; what: string; window: Window; passed: boolean; expected: string; actual: string; code?: ConformanceCode }): void {
  stateAt(world.expectation(requirement), { ...c, measuredAt: monotonicMs() });
}

/** The anchor a failure's timeline is printed against: the last fault as `observer` saw it, else the start. */
function contextAnchor(world: FaultlineWorld, observer: string): Anchor {
  if (world.lastFault) return world.faultAnchor(observer);
  return { at: world.timeline.startedAt, label: 'the scenario start' };
}

/** "+1234 ms after <anchor>" for an instant. */
function at(instant: number, anchor: Anchor): string {
  const rel = instant - anchor.at;
  return `${rel >= 0 ? '+' : '-'}${formatMs(Math.abs(rel))} after ${anchor.label}`;
}

/** A reply of the SDK or the server that does not have the documented shape: the driver speaks for the SDK. */
function parseReply<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new ConformanceError(CONFORMANCE_CODES.INVOKE, `${what} answered ${JSON.stringify(value)}, not the documented shape:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

// ---- users -------------------------------------------------------------------------------------------------

/** Create an RTM client with a string user id, or skip the scenario as not applicable to this driver. */
export function addRtmClient(world: FaultlineWorld, label: string, dialect: Dialect, userId: string): Promise<'skipped' | undefined> {
  if (userId.length === 0) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `user ${label}: an RTM user id cannot be empty`);
  return world.addClientOrSkip(label, 'agora-rtm', dialect, { uid: userId });
}

export function rtmUserId(world: FaultlineWorld, label: string): string {
  const { uid } = world.user(label);
  if (typeof uid !== 'string') {
    throw new HarnessError(
      HARNESS_CODES.STEP_PARAMETER,
      `user ${label} has the numeric id ${uid}; RTM user ids are strings: create the user with 'user ${label} is an agora-rtm client on cpp with user id "..."'`,
    );
  }
  return uid;
}

function pattern(world: FaultlineWorld, label: string, canonical: string, ...args: string[]): ResolvedPattern {
  const text = `${canonical}(${args.join(', ')})`;
  return world.pattern(label, { text, canonical, args });
}

const quoted = (s: string) => `"${s}"`;


// ---- login, logout, token --------------------------------------------------------------------------------

export async function issueRtmToken(world: FaultlineWorld, userId: string): Promise<string> {
  const token = await world.admin('issueToken', [{ userId, expiresInSeconds: TOKEN_LIFETIME_S }]);
  return parseReply(z.string().min(1), token, 'admin issueToken');
}

/** Call login with a token of the given kind; "N s after the login" is measured from this call. */
export async function rtmLogin(world: FaultlineWorld, label: string, kind: TokenKind = 'valid'): Promise<void> {
  const userId = rtmUserId(world, label);
  let token = FORGED_TOKEN;
  if (kind !== 'forged') {
    token = await issueRtmToken(world, userId);
    if (kind === 'expired') await world.admin('expireToken', [{ userId }]);
  }
  await world.invoke(label, 'login', [token, userId]);
  scenarioOf(world).loginAt.set(label, { ...world.lastActionAnchor(), label: `user ${label}'s login call` });
}

export function loginAnchor(world: FaultlineWorld, label: string): Anchor {
  const anchor = scenarioOf(world).loginAt.get(label);
  if (!anchor) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `user ${label} has not called login in this scenario`);
  return anchor;
}

/** Log in and wait for CONNECTED/LOGIN_SUCCESS, which must come within the documented 6 s. */
export async function rtmLoggedIn(world: FaultlineWorld, label: string): Promise<void> {
  await rtmLogin(world, label);
  await within(
    world.expectation(`user ${label} logs in (CONNECTED/LOGIN_SUCCESS within the 6 s login timeout)`),
    label,
    pattern(world, label, 'connectionStateChanged', 'CONNECTED', 'LOGIN_SUCCESS'),
    upTo(loginAnchor(world, label), LOGIN_TIMEOUT_NOMINAL_MS),
  );
}

export async function rtmLogout(world: FaultlineWorld, label: string): Promise<void> {
  await world.invoke(label, 'logout', []);
  scenarioOf(world).logoutAt.set(label, { ...world.lastActionAnchor(), label: `user ${label}'s logout call` });
  for (const members of scenarioOf(world).members.values()) members.delete(label);
}

export async function expireRtmToken(world: FaultlineWorld, label: string): Promise<void> {
  await world.admin('expireToken', [{ userId: rtmUserId(world, label) }]);
}

/** `user A receives X [exactly once] within 2 s after the logout`: from the logout call, whatever was called since. */
export async function expectAfterLogout(world: FaultlineWorld, label: string, cb: CallbackPattern, nominalMs: number, once = false): Promise<void> {
  const anchor = scenarioOf(world).logoutAt.get(label);
  if (!anchor) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `user ${label} has not called logout in this scenario`);
  const says = `user ${label} receives ${cb.text}${once ? ' exactly once' : ''} within ${nominalMs / 1000} s after the logout`;
  await (once ? exactlyOnce : within)(world.expectation(says), label, world.pattern(label, cb), upTo(anchor, nominalMs));
}

/** `user A receives X 6 s after the login`: a window around the documented time, from the login call. */
export async function expectAfterLogin(world: FaultlineWorld, label: string, cb: CallbackPattern, nominalMs: number): Promise<void> {
  const resolved = world.pattern(label, cb);
  const m = await within(world.expectation(`user ${label} receives ${cb.text} ${nominalMs / 1000} s after the login`), label, resolved, around(loginAnchor(world, label), nominalMs));
  world.report({ what: `${resolved.dialectName} after the login call`, clause: world.stepClause ?? undefined, measuredMs: m.measuredMs, nominalMs, scale: world.timeScale, normative: true });
}

/** `user A receives X within 6 s after the login`: anything from the login call up to the window's upper edge. */
export async function expectWithinAfterLogin(world: FaultlineWorld, label: string, cb: CallbackPattern, nominalMs: number): Promise<void> {
  await within(world.expectation(`user ${label} receives ${cb.text} within ${nominalMs / 1000} s after the login`), label, world.pattern(label, cb), upTo(loginAnchor(world, label), nominalMs));
}

/** Exactly one matching callback from the login call until N (+ tolerance) after it (waits until then). */
export async function expectOnceAfterLogin(world: FaultlineWorld, label: string, cb: CallbackPattern, nominalMs: number): Promise<void> {
  await exactlyOnce(world.expectation(`user ${label} receives ${cb.text} exactly once within ${nominalMs / 1000} s after the login`), label, world.pattern(label, cb), upTo(loginAnchor(world, label), nominalMs));
}

/** Nothing matching from the login call until N (+ tolerance) after it. */
export async function expectNothingAfterLogin(world: FaultlineWorld, label: string, cb: CallbackPattern, nominalMs: number): Promise<void> {
  await never(world.expectation(`user ${label} never receives ${cb.text} within ${nominalMs / 1000} s after the login`), label, world.pattern(label, cb), upTo(loginAnchor(world, label), nominalMs));
}

/** Boundary pair for a threshold timed from the login: heal the last fault just before / after it. */
export async function healAroundLoginThreshold(world: FaultlineWorld, side: 'before' | 'after', nominalMs: number): Promise<void> {
  const fault = world.lastFault;
  if (!fault) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, 'no fault to heal');
  const anchor = loginAnchor(world, fault.user);
  const outage = world.time.boundaryMs(nominalMs, side);
  world.note(`boundary: heal ${Math.round(outage)} ms after ${anchor.label}, just ${side} ${nominalMs} ms × ${world.timeScale}`);
  await world.waitUntil(anchor.at + outage);
  await world.heal(fault);
}

/** Boundary pair for a threshold timed from the fault, the fault still on: wait until just before / after it. */
export async function waitAroundFaultThreshold(world: FaultlineWorld, side: 'before' | 'after', nominalMs: number, observer: string): Promise<void> {
  const anchor = world.faultAnchor(observer);
  const outage = world.time.boundaryMs(nominalMs, side);
  const threshold = `${nominalMs / 1000} s × ${world.timeScale} = ${formatMs(world.time.scaled(nominalMs))} ± ${formatMs(world.time.toleranceFor(nominalMs))}`;
  scenarioOf(world).boundary = `just ${side} the threshold (${threshold}), as user ${observer} sees it`;
  world.note(`boundary: ${Math.round(outage)} ms after ${anchor.label}, just ${side} ${nominalMs} ms × ${world.timeScale}, as user ${observer} sees it`);
  await world.waitUntil(anchor.at + outage);
}

// ---- channels and attributes -----------------------------------------------------------------------------

/** Join a channel; wait for onJoinSuccess and for every member already there to see the newcomer. */
export async function joinRtmChannel(world: FaultlineWorld, label: string, channel: string): Promise<void> {
  const userId = rtmUserId(world, label);
  const members = scenarioOf(world).members;
  const present = members.get(channel) ?? new Set<string>();
  members.set(channel, present);
  await world.invoke(label, 'joinChannel', [channel]);
  const anchor = world.lastActionAnchor();
  await within(world.expectation(`user ${label} joins channel "${channel}"`), label, pattern(world, label, 'joinSuccess', quoted(channel)), setUp(anchor, SETUP_DEADLINE_MS));
  for (const other of present) {
    if (other === label) continue;
    await within(world.expectation(`user ${other}, a member of "${channel}", sees ${userId} join`), other, pattern(world, other, 'memberJoined', quoted(channel), `user ${label}`), setUp(anchor, SETUP_DEADLINE_MS));
  }
  present.add(label);
}

export async function leaveRtmChannel(world: FaultlineWorld, label: string, channel: string): Promise<void> {
  await world.invoke(label, 'leaveChannel', [channel]);
  scenarioOf(world).members.get(channel)?.delete(label);
}

export async function setRtmAttribute(world: FaultlineWorld, label: string, key: string, value: string): Promise<void> {
  await world.invoke(label, 'setLocalUserAttributes', [{ [key]: value }]);
}

/** Ask again until `judge` accepts the answer or the deadline passes; returns the last answer. */
async function pollUntil<T>(ask: () => Promise<T>, judge: (answer: T) => boolean, deadline: number): Promise<T> {
  for (;;) {
    const answer = await ask();
    if (judge(answer) || monotonicMs() >= deadline) return answer;
    await sleep(POLL_INTERVAL_MS);
  }
}

/** A peer reads the user's attributes through the server: the value must be there within the budget. */
export async function expectRtmAttribute(world: FaultlineWorld, reader: string, owner: string, key: string, value: string, budgetNominalMs: number): Promise<void> {
  const ownerId = rtmUserId(world, owner);
  const window = upTo({ at: monotonicMs(), label: `user ${reader}'s first getUserAttributes("${ownerId}")` }, budgetNominalMs);
  const answer = await pollUntil(
    async () => parseReply(z.record(z.string(), z.string()), await world.invoke(reader, 'getUserAttributes', [ownerId]), `getUserAttributes("${ownerId}")`),
    (a) => a[key] === value,
    world.time.resolve(window).toAt,
  );
  check(world, `user ${reader} reads attribute "${key}" of ${ownerId} as "${value}" (the attributes the user had set, in sync with the server)`, {
    user: reader,
    what: `getUserAttributes("${ownerId}")["${key}"]`,
    window,
    passed: answer[key] === value,
    expected: `getUserAttributes("${ownerId}")["${key}"] = "${value}" ${world.time.resolve(window).text}`,
    actual: JSON.stringify(answer),
  });
}

/** The server's member list of a channel must include the user within the budget (it rejoined). */
export async function expectServerMember(world: FaultlineWorld, label: string, channel: string, budgetNominalMs: number): Promise<void> {
  const userId = rtmUserId(world, label);
  const window = upTo({ at: monotonicMs(), label: `the first channelMembers("${channel}")` }, budgetNominalMs);
  const members = await pollUntil(
    async () => parseReply(z.array(z.string()), await world.admin('channelMembers', [{ channelId: channel }]), `admin channelMembers("${channel}")`),
    (m) => m.includes(userId),
    world.time.resolve(window).toAt,
  );
  check(world, `user ${label} (${userId}) is back in channel "${channel}"`, {
    user: label,
    what: `channelMembers("${channel}") lists ${userId}`,
    window,
    passed: members.includes(userId),
    expected: `the server lists ${userId} among the members of "${channel}" ${world.time.resolve(window).text}`,
    actual: `members ${JSON.stringify(members)}`,
  });
}

// ---- presence ----------------------------------------------------------------------------------------------

/** One query, at this instant (boundary pairs depend on when it is asked): the peer's view of the user. */
export async function expectPeerOnline(world: FaultlineWorld, observer: string, target: string, online: boolean): Promise<void> {
  const targetId = rtmUserId(world, target);
  const asked: Anchor = { at: monotonicMs(), label: `user ${observer} asks queryPeersOnlineStatus(["${targetId}"])` };
  const reply = parseReply(z.record(z.string(), z.boolean()), await world.invoke(observer, 'queryPeersOnlineStatus', [[targetId]]), `queryPeersOnlineStatus(["${targetId}"])`);
  const seen = reply[targetId];
  if (seen === undefined) throw new ConformanceError(CONFORMANCE_CODES.INVOKE, `queryPeersOnlineStatus(["${targetId}"]) answered ${JSON.stringify(reply)}: no entry for ${targetId}`);
  const context = contextAnchor(world, observer);
  check(world, `user ${observer} sees ${targetId} ${online ? 'online' : 'offline'}`, {
    user: observer,
    what: `queryPeersOnlineStatus(["${targetId}"])`,
    window: between(asked, asked),
    passed: seen === online,
    expected: `queryPeersOnlineStatus(["${targetId}"]) answers ${online} when asked at ${at(asked.at, context)}${scenarioOf(world).boundary ? `, ${scenarioOf(world).boundary}` : ''}`,
    actual: JSON.stringify(reply),
  });
}

// ---- connection state ------------------------------------------------------------------------------------

const STATE_PATTERN_ARGS = ['*', '*'];

function stateCallbacks(world: FaultlineWorld, label: string): CallbackEntry[] {
  const any = pattern(world, label, 'connectionStateChanged', ...STATE_PATTERN_ARGS);
  return world.timeline.callbacks(label).filter((e) => any.matches(e));
}

function stateName(value: unknown): string {
  return `${enumName(RTM_CONNECTION_STATE, value) ?? 'not a documented state'} (${String(value)})`;
}

/**
 * getConnectionState() answers `expected`, and so did the last onConnectionStateChanged (DISCONNECTED when
 * there was none: the initial state has no callback). RTM-STATE-001: the callback reports every switch.
 */
export async function expectRtmState(world: FaultlineWorld, label: string, expected: RtmStateName): Promise<void> {
  const value = await world.invoke(label, 'getConnectionState', []);
  const asked = world.lastActionAnchor();
  const context = contextAnchor(world, label);
  check(world, `user ${label} is ${expected}`, {
    user: label,
    what: 'getConnectionState()',
    window: between(asked, asked),
    passed: value === RTM_CONNECTION_STATE[expected],
    expected: `getConnectionState() = ${expected} (${RTM_CONNECTION_STATE[expected]})`,
    actual: `getConnectionState() = ${stateName(value)}`,
  });
  const last = stateCallbacks(world, label).at(-1);
  const reported = last ? last.payload['state'] : RTM_CONNECTION_STATE.DISCONNECTED;
  check(world, 'every switch of state is reported by onConnectionStateChanged (RTM-STATE-001): the last one names the current state', {
    user: label,
    what: 'the last onConnectionStateChanged',
    window: between(asked, asked),
    passed: reported === value,
    expected: `the last onConnectionStateChanged of user ${label} reports ${expected}`,
    actual: last ? `the last one (at ${at(last.at, context)}) reported ${stateName(reported)}` : 'none arrived, so the state would still be DISCONNECTED',
  });
}

/** No onConnectionStateChanged for `nominalMs` after the last `cb`, and the state is still `expected`. */
export async function expectStaysAfter(world: FaultlineWorld, label: string, expected: RtmStateName, nominalMs: number, cb: CallbackPattern): Promise<void> {
  const after = world.pattern(label, cb);
  const entry = world.timeline.callbacks(label).filter((e) => after.matches(e)).at(-1);
  if (!entry) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `user ${label} has received no ${cb.text} to measure from (an earlier step should have waited for it)`);
  const anchor: Anchor = { at: entry.at, label: `${entry.name}(${JSON.stringify(entry.payload)}) of user ${label}` };
  await never(world.expectation(`user ${label} stays ${expected} for ${nominalMs / 1000} s after ${cb.text}: no state change`), label, pattern(world, label, 'connectionStateChanged', ...STATE_PATTERN_ARGS), exactly(anchor, nominalMs));
  await expectRtmState(world, label, expected);
}

/** From the first switch to `expected` after the fault until the heal, no other state was reported. */
export function expectStayedUntilHeal(world: FaultlineWorld, label: string, expected: RtmStateName): void {
  const anchor = world.faultAnchor(label);
  const heal = world.healAnchor();
  const during = stateCallbacks(world, label).filter((e) => e.at > anchor.at && e.at <= heal.at);
  const entered = during.findIndex((e) => e.payload['state'] === RTM_CONNECTION_STATE[expected]);
  const requirement = `user ${label} stays ${expected} from the interruption until the network heals`;
  const left = entered < 0 ? undefined : during[entered + 1];
  check(world, requirement, {
    user: label,
    what: `stays ${expected}`,
    window: between(anchor, heal),
    passed: entered >= 0 && !left,
    code: entered < 0 ? CONFORMANCE_CODES.MISSING : CONFORMANCE_CODES.FORBIDDEN,
    expected: `onConnectionStateChanged(${expected}, *) between the fault and the heal (${at(heal.at, anchor)}), and no other after it until the heal`,
    actual: entered < 0 ? 'it never switched to it' : left ? `${left.name}(${JSON.stringify(left.payload)}) at ${at(left.at, anchor)}` : `entered at ${at(during[entered]!.at, anchor)} and stayed`,
  });
}

/** Each onConnectionStateChanged names a state other than the one before it (initially DISCONNECTED). */
export function expectEveryCallbackASwitch(world: FaultlineWorld, label: string): void {
  const start = world.scenarioStart();
  // A check over a list of callbacks fails when the list is empty: no switch reported is not "every switch new".
  const repeat = firstBreach(stateCallbacks(world, label), (e, before) => {
    const previous = before ? before.payload['state'] : RTM_CONNECTION_STATE.DISCONNECTED;
    return e.payload['state'] === previous ? `${e.name}(${JSON.stringify(e.payload)}) at ${at(e.at, start)} repeats ${stateName(previous)}` : undefined;
  }, 'no onConnectionStateChanged at all');
  check(world, 'onConnectionStateChanged fires when the connection switches state (RTM-STATE-001)', {
    user: label,
    what: 'each onConnectionStateChanged is a switch',
    window: between(start, { at: monotonicMs(), label: 'now' }),
    passed: repeat === undefined,
    expected: `each onConnectionStateChanged of user ${label} reports a state other than the one before it`,
    actual: repeat ?? 'every one did',
  });
}
