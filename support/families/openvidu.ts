/**
 * How the harness drives an openvidu-browser app through the driver (docs/reference-impl/openvidu.md): join
 * a Session with a token, publish, leave; read the server's view (admin sessionInfo) to see renegotiations
 * and media flowing; and the few expectations the OpenVidu page needs beyond the shared ones (anchored at
 * a callback, across users, informative bands). Steps in steps/openvidu.steps.ts stay one or two lines.
 */
import { z } from 'zod';
import { monotonicMs, sleep } from '../clock';
import { CONFORMANCE_CODES, type ConformanceCode, ConformanceError, HARNESS_CODES, HarnessError } from '../errors';
import type { CallbackPattern, ResolvedPattern } from '../expect/callback-pattern';
import { type Anchor, expectExactlyOnce, expectInOrder, expectNever, expectWithin } from '../expect/expectations';
import type { ActiveFault } from '../faults/fault-injector';
import type { FaultKind } from '../faults/fault-kinds';
import type { LinkChoice } from '../parameter-types';
import { boundaryOutageMs, formatMs, windowUpTo } from '../spec/timing';
import type { CallbackEntry } from '../timeline/event-log';
import { formatTimeline } from '../timeline/format';
import type { FaultlineWorld, UserClient } from '../world';

/**
 * Round trips, not documented timers: real-time deadlines, unscaled. A join or publish is a few loopback
 * round trips; "at once" (a closed socket seen, a failed ICE connection acted on) must beat every scaled
 * SDK timer at the default scale (the shortest, the 3 s retry, is 300 ms).
 */
export const JOIN_DEADLINE_MS = 5000;
export const MEDIA_FLOWING_DEADLINE_MS = 5000;
export const IMMEDIATE_MS = 250;

// ---- the server's view (admin sessionInfo, docs/reference-impl/openvidu.md) -------------------------

const epochTimes = z.array(z.number());
const subscriptionInfo = z.looseObject({
  streamId: z.string(),
  renegotiations: z.number().int().nonnegative(),
  renegotiatedAt: epochTimes,
  mediaBytesDelivered: z.number().nonnegative(),
});
const connectionInfo = z.looseObject({ connectionId: z.string(), subscriptions: z.array(subscriptionInfo) });
const streamInfo = z.looseObject({
  streamId: z.string(),
  connectionId: z.string(),
  renegotiations: z.number().int().nonnegative(),
  renegotiatedAt: epochTimes,
  mediaBytesReceived: z.number().nonnegative(),
});
const sessionInfoSchema = z.looseObject({
  connections: z.array(connectionInfo),
  streams: z.array(streamInfo),
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;

/**
 * One media connection of a participant as the server counts it: the stream it publishes (bytes: what the
 * server received) or one subscription (bytes: what the subscriber reported received). `renegotiatedAt` is
 * on the harness's monotonic clock.
 */
export interface MediaConnection {
  key: string;
  kind: 'publisher' | 'subscription';
  streamId: string;
  renegotiations: number;
  renegotiatedAt: number[];
  bytes: number;
}

/** sessionInfo times are epoch ms (Date.now()); the harness times everything on its monotonic clock. */
function toMonotonic(epochMs: number): number {
  return epochMs - (Date.now() - monotonicMs());
}

function mediaConnectionsIn(info: SessionInfo, connectionId: string): MediaConnection[] {
  const published = info.streams
    .filter((s) => s.connectionId === connectionId)
    .map((s): MediaConnection => ({ key: `publisher ${s.streamId}`, kind: 'publisher', streamId: s.streamId, renegotiations: s.renegotiations, renegotiatedAt: s.renegotiatedAt.map(toMonotonic), bytes: s.mediaBytesReceived }));
  const subscribed = (info.connections.find((c) => c.connectionId === connectionId)?.subscriptions ?? []).map(
    (s): MediaConnection => ({ key: `subscription to ${s.streamId}`, kind: 'subscription', streamId: s.streamId, renegotiations: s.renegotiations, renegotiatedAt: s.renegotiatedAt.map(toMonotonic), bytes: s.mediaBytesDelivered }),
  );
  return [...published, ...subscribed];
}

// ---- per-scenario family state ----------------------------------------------------------------------------

interface OvState {
  /** Session each user joined, by label. */
  sessionOf: Map<string, string>;
  /** Connection ids a user has had, oldest first (a rejoin adds one). */
  connectionsOf: Map<string, string[]>;
  /** The stream each user publishes, by label. */
  publishedStreamOf: Map<string, string>;
  /** Each user's media connections when the media was first seen flowing: what "renegotiated" counts from. */
  baseline: Map<string, MediaConnection[]>;
  /** When each step started (monotonic ms): where "at once after the fault" is measured from. */
}

const states = new WeakMap<FaultlineWorld, OvState>();

function state(world: FaultlineWorld): OvState {
  let s = states.get(world);
  if (!s) {
    s = { sessionOf: new Map(), connectionsOf: new Map(), publishedStreamOf: new Map(), baseline: new Map() };
    states.set(world, s);
  }
  return s;
}

export function sessionOf(world: FaultlineWorld, label: string): string {
  const sessionId = state(world).sessionOf.get(label);
  if (!sessionId) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `user ${label} has not joined a session in this scenario`);
  return sessionId;
}

/**
 * admin sessionInfo, read straight from the driver: an introspection, polled every few ms, so it stays out
 * of the timeline (World.admin would log each call as an action and move the "last SDK call" anchor).
 */
export async function sessionInfo(world: FaultlineWorld, sessionId: string): Promise<SessionInfo> {
  if (!world.run.driver.hello.capabilities.admin) {
    throw new HarnessError(HARNESS_CODES.DRIVER_UNAVAILABLE, 'driver has no admin capability, needed for sessionInfo');
  }
  const raw = await world.run.driver.driver.admin('sessionInfo', [{ sessionId }]);
  const parsed = sessionInfoSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConformanceError(CONFORMANCE_CODES.SCHEMA, `admin sessionInfo({sessionId: "${sessionId}"}) returned an unexpected shape:\n${z.prettifyError(parsed.error)}\n${JSON.stringify(raw)}`);
  }
  return parsed.data;
}

// ---- clients, joining, publishing -------------------------------------------------------------------------

/** An openvidu client with OpenViduAdvancedConfiguration options; "not applicable" when the driver lacks the profile. */
export async function addOpenViduClient(world: FaultlineWorld, label: string, sdkOptions: Record<string, unknown>): Promise<'skipped' | undefined> {
  const reason = world.notApplicable('openvidu', 'browser', 'in-process');
  if (reason) {
    world.note(`not applicable: ${reason}`);
    return 'skipped';
  }
  world.note(`user ${label}: OpenViduAdvancedConfiguration ${JSON.stringify(sdkOptions)}`);
  await world.addClient(label, 'openvidu', 'browser', { sdkOptions });
  return undefined;
}

async function createToken(world: FaultlineWorld, sessionId: string): Promise<string> {
  const token = await world.admin('createToken', [{ sessionId, role: 'PUBLISHER' }]);
  if (typeof token !== 'string' || token.length === 0) {
    throw new ConformanceError(CONFORMANCE_CODES.INVOKE, `admin createToken returned ${JSON.stringify(token)}, not a token string`);
  }
  return token;
}

function timelineTail(world: FaultlineWorld): string {
  return formatTimeline(world.timeline.all(), world.timeline.startedAt, 'the scenario start');
}

/** Wait for the first callback matching `pattern` after `after`, within a real-time deadline; fail INVOKE if none. */
async function awaitCallback(world: FaultlineWorld, label: string, text: string, after: number, deadlineMs: number, what: string): Promise<CallbackEntry> {
  const pattern = world.pattern(label, world.parseCallback(text));
  const found = await world.timeline.waitFor(
    () => world.timeline.callbacks(label).find((e) => e.at > after && pattern.matches(e)),
    after + deadlineMs,
  );
  if (!found) {
    throw new ConformanceError(CONFORMANCE_CODES.INVOKE, `${what}: user ${label} got no ${text} within ${deadlineMs} ms\n${timelineTail(world)}`);
  }
  return found;
}

/**
 * createToken, then connect(token): done when the user's Session reports its own connection. The
 * connection id becomes the user's id, so steps can say `session:connectionDestroyed(user 1, ...)`.
 */
export async function joinSession(world: FaultlineWorld, label: string, sessionId: string): Promise<string> {
  const user = world.user(label);
  const token = await createToken(world, sessionId);
  const before = monotonicMs();
  const result = await world.invoke(label, 'connect', [token]);
  const connectionId = await ownConnectionId(world, user, result, before);
  const s = state(world);
  s.sessionOf.set(label, sessionId);
  s.connectionsOf.set(label, [...(s.connectionsOf.get(label) ?? []), connectionId]);
  user.uid = connectionId;
  world.note(`user ${label} is connection ${connectionId} of session "${sessionId}"`);
  return connectionId;
}

async function ownConnectionId(world: FaultlineWorld, user: UserClient, result: unknown, after: number): Promise<string> {
  const fromResult = z.union([z.string().min(1), z.looseObject({ connectionId: z.string().min(1) })]).safeParse(result);
  if (fromResult.success) return typeof fromResult.data === 'string' ? fromResult.data : fromResult.data.connectionId;
  const own = await awaitCallback(world, user.label, 'session:connectionCreated', after, JOIN_DEADLINE_MS, `user ${user.label} connects`);
  return String(own.payload.connectionId);
}

/** publish(): done when the Publisher reports its stream. */
export async function publish(world: FaultlineWorld, label: string): Promise<string> {
  const before = monotonicMs();
  await world.invoke(label, 'publish', []);
  const created = await awaitCallback(world, label, 'publisher:streamCreated', before, JOIN_DEADLINE_MS, `user ${label} publishes`);
  const streamId = String(created.payload.streamId);
  state(world).publishedStreamOf.set(label, streamId);
  world.note(`user ${label} publishes stream ${streamId}`);
  return streamId;
}

export async function leaveSession(world: FaultlineWorld, label: string): Promise<void> {
  await world.invoke(label, 'disconnect', []);
}

export async function evict(world: FaultlineWorld, label: string): Promise<void> {
  await world.admin('forceDisconnect', [{ sessionId: sessionOf(world, label), connectionId: currentConnection(world, label) }]);
}

function currentConnection(world: FaultlineWorld, label: string): string {
  const all = state(world).connectionsOf.get(label);
  if (!all?.length) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `user ${label} has no connection yet`);
  return all[all.length - 1]!;
}

/**
 * The scenario's starting state: every participant of the session that the scenario created is
 * subscribed to every other participant's stream, and media flows on each of their media connections
 * (the server has received some on each published stream, and each subscriber has reported some). What
 * each user's media connections look like then is the baseline renegotiations are counted from.
 */
export async function awaitMediaFlowing(world: FaultlineWorld, sessionId: string): Promise<void> {
  const deadline = monotonicMs() + MEDIA_FLOWING_DEADLINE_MS;
  const s = state(world);
  const members = [...s.sessionOf.entries()].filter(([, id]) => id === sessionId).map(([label]) => label);
  const published = members.flatMap((label) => (s.publishedStreamOf.has(label) ? [s.publishedStreamOf.get(label)!] : []));
  let info: SessionInfo;
  for (;;) {
    info = await sessionInfo(world, sessionId);
    const flowing = members.every((label) => {
      const own = s.publishedStreamOf.get(label);
      const conns = mediaConnectionsIn(info, currentConnection(world, label));
      const expected = [...(own ? [`publisher ${own}`] : []), ...published.filter((id) => id !== own).map((id) => `subscription to ${id}`)];
      return expected.every((key) => (conns.find((c) => c.key === key)?.bytes ?? 0) > 0);
    });
    if (flowing) break;
    if (monotonicMs() > deadline) {
      throw new ConformanceError(
        CONFORMANCE_CODES.STATE,
        `the media of session "${sessionId}" did not flow on every media connection within ${MEDIA_FLOWING_DEADLINE_MS} ms (each participant publishing and subscribed to every other stream): ${JSON.stringify(info)}\n${timelineTail(world)}`,
      );
    }
    await sleep(20);
  }
  for (const label of members) {
    const conns = mediaConnectionsIn(info, currentConnection(world, label));
    s.baseline.set(label, conns);
    world.note(`user ${label}'s media connections: ${conns.map((c) => `${c.key} (${c.bytes} bytes, ${c.renegotiations} renegotiations)`).join('; ')}`);
  }
}

// ---- renegotiations and media, as the server sees them --------------------------------------------------

function baselineOf(world: FaultlineWorld, label: string): MediaConnection[] {
  const b = state(world).baseline.get(label);
  if (!b) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `no media baseline for user ${label}: use "the media of session ... is flowing" after it joined`);
  return b;
}

/** The user's media connections now, matched to the baseline ones (a connection the server dropped is absent). */
async function currentMediaConnections(world: FaultlineWorld, label: string): Promise<Array<{ base: MediaConnection; now: MediaConnection | undefined }>> {
  const info = await sessionInfo(world, sessionOf(world, label));
  const now = mediaConnectionsIn(info, state(world).connectionsOf.get(label)![0]!);
  return baselineOf(world, label).map((base) => ({ base, now: now.find((c) => c.key === base.key) }));
}

function renegotiationsSince(c: { base: MediaConnection; now: MediaConnection | undefined }): number {
  return (c.now?.renegotiations ?? c.base.renegotiations) - c.base.renegotiations;
}

function failState(world: FaultlineWorld, requirement: string, expected: string, actual: string, anchor: Anchor, code: ConformanceCode = CONFORMANCE_CODES.STATE): never {
  const clauseLines = world.clauses.map((c) => `${c.id} — ${c.title}\n  "${c.sources[0]?.quote ?? ''}" (seed ${c.sources[0]?.seed ?? '?'})`);
  throw new ConformanceError(
    code,
    [...clauseLines, `Requirement: ${requirement}`, `Expected: ${expected}`, `Actual: ${actual}`, formatTimeline(world.timeline.all(), anchor.at, anchor.label)].join('\n'),
  );
}

/**
 * Each of the user's media connections (as they were when the media first flowed) has been renegotiated
 * exactly `count` times since, by `anchor + windowMs`. For count > 0 the check returns as soon as every one
 * has reached it, after a short look for a duplicate; for 0 it watches the whole window.
 */
export async function expectRenegotiations(world: FaultlineWorld, label: string, count: number, anchor: Anchor, windowMs: number, requirement: string): Promise<void> {
  const deadline = anchor.at + windowMs;
  let conns = await currentMediaConnections(world, label);
  for (;;) {
    const reached = count > 0 && conns.every((c) => renegotiationsSince(c) >= count);
    if (reached || monotonicMs() >= deadline || conns.some((c) => renegotiationsSince(c) > count)) break;
    await sleep(Math.min(20, Math.max(0, deadline - monotonicMs())));
    conns = await currentMediaConnections(world, label);
  }
  if (count > 0 && conns.every((c) => renegotiationsSince(c) === count)) {
    await sleep(Math.max(0, Math.min(deadline - monotonicMs(), 100)));
    conns = await currentMediaConnections(world, label);
  }
  const describe = conns.map((c) => `${c.base.key}: ${renegotiationsSince(c)}`).join(', ');
  if (conns.some((c) => renegotiationsSince(c) !== count)) {
    failState(world, requirement, `${count} renegotiation(s) of each media connection of user ${label} by +${formatMs(windowMs)} after ${anchor.label} (the server's count since the media first flowed)`, describe, anchor, count > 0 && conns.some((c) => renegotiationsSince(c) > count) ? CONFORMANCE_CODES.COUNT : CONFORMANCE_CODES.STATE);
  }
  world.note(`renegotiations of user ${label}'s media connections since the media first flowed: ${describe}`);
}

/**
 * Media flows again on each of the user's media connections: its byte count grows while this step
 * watches, before `anchor + windowMs`. Put it right after the step that heals: it cannot judge a window
 * that closed before it started.
 */
export async function expectMediaFlowingAgain(world: FaultlineWorld, label: string, anchor: Anchor, windowMs: number, requirement: string): Promise<void> {
  const deadline = anchor.at + windowMs;
  if (monotonicMs() >= deadline) {
    throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `"media flows again ... within ${formatMs(windowMs)} after ${anchor.label}" starts after its window closed: move it right after the heal`);
  }
  const first = await currentMediaConnections(world, label);
  let conns = first;
  for (;;) {
    const grown = conns.every((c, i) => (c.now?.bytes ?? 0) > (first[i]!.now?.bytes ?? Infinity));
    if (grown) {
      world.note(`media flowing again for user ${label}: ${conns.map((c, i) => `${c.base.key} ${first[i]!.now?.bytes} → ${c.now?.bytes} bytes`).join(', ')}`);
      return;
    }
    if (monotonicMs() >= deadline) break;
    await sleep(20);
    conns = await currentMediaConnections(world, label);
  }
  failState(
    world,
    requirement,
    `media flows again on every media connection of user ${label} by +${formatMs(windowMs)} after ${anchor.label}`,
    conns.map((c, i) => `${c.base.key}: ${first[i]!.now?.bytes ?? 'absent'} → ${c.now?.bytes ?? 'absent'} bytes`).join(', '),
    anchor,
  );
}

/** "keeping the previous configuration": the user's media connections are the same ones, same stream ids. */
export async function expectSameMediaConnections(world: FaultlineWorld, label: string, requirement: string): Promise<void> {
  const conns = await currentMediaConnections(world, label);
  const gone = conns.filter((c) => !c.now).map((c) => c.base.key);
  const info = await sessionInfo(world, sessionOf(world, label));
  const now = mediaConnectionsIn(info, state(world).connectionsOf.get(label)![0]!).map((c) => c.key);
  const extra = now.filter((k) => !conns.some((c) => c.base.key === k));
  if (gone.length > 0 || extra.length > 0) {
    failState(world, requirement, `user ${label} still has exactly ${conns.map((c) => c.base.key).join(', ')}`, `gone: ${gone.join(', ') || 'none'}; new: ${extra.join(', ') || 'none'}`, { at: world.timeline.startedAt, label: 'the scenario start' });
  }
}

/** The server lists (or no longer lists) the user's first or latest connection. */
export async function expectListed(world: FaultlineWorld, label: string, which: 'first' | 'latest', listed: boolean, requirement: string): Promise<void> {
  const all = state(world).connectionsOf.get(label) ?? [];
  const connectionId = which === 'first' ? all[0] : all[all.length - 1];
  if (!connectionId) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `user ${label} has no connection`);
  const info = await sessionInfo(world, sessionOf(world, label));
  const present = info.connections.some((c) => c.connectionId === connectionId);
  if (present !== listed) {
    failState(world, requirement, `the server ${listed ? 'lists' : 'no longer lists'} connection ${connectionId} of user ${label}`, `connections: ${info.connections.map((c) => c.connectionId).join(', ') || 'none'}`, { at: world.timeline.startedAt, label: 'the scenario start' });
  }
}

/** After a rejoin: a connection id never seen before for this user. */
export function expectNewConnection(world: FaultlineWorld, label: string, requirement: string): void {
  const all = state(world).connectionsOf.get(label) ?? [];
  const last = all[all.length - 1];
  if (all.length < 2 || all.slice(0, -1).includes(last!)) {
    failState(world, requirement, `user ${label} joins as a new participant (a new connection id)`, `connection ids: ${all.join(', ')}`, { at: world.timeline.startedAt, label: 'the scenario start' });
  }
}

/**
 * When the server saw the first renegotiation request of each of the user's media connections (its
 * `renegotiatedAt`), relative to the user's `after` callback about that stream (the exception whose origin
 * is the stream; else the first such callback since the fault).
 */
export async function expectRenegotiationRequested(
  world: FaultlineWorld,
  label: string,
  after: CallbackPattern,
  window: { fromMs: number; toMs: number; nominalMs: number | null },
  requirement: string,
): Promise<void> {
  const pattern = world.pattern(label, after);
  const first = firstAfterFault(world, label, pattern, requirement);
  const base = baselineOf(world, label);
  const triggerOf = (c: MediaConnection): CallbackEntry =>
    world.timeline.callbacks(label).find((e) => e.at >= first.at && pattern.matches(e) && e.payload.origin === c.streamId) ?? first;
  const deadline = Math.max(...base.map((c) => triggerOf(c).at)) + window.toMs + 200;
  let conns = await currentMediaConnections(world, label);
  while (conns.some((c) => renegotiationsSince(c) < 1) && monotonicMs() < deadline) {
    await sleep(20);
    conns = await currentMediaConnections(world, label);
  }
  const anchor: Anchor = { at: first.at, label: `user ${label}'s first ${first.name}` };
  const expected = `the server receives a renegotiation request for each media connection of user ${label} ${formatMs(window.fromMs)}..${formatMs(window.toMs)} after its ${after.text} about that stream`;
  const missing = conns.filter((c) => renegotiationsSince(c) < 1).map((c) => c.base.key);
  if (missing.length > 0) failState(world, requirement, expected, `none for ${missing.join(', ')} by +${formatMs(deadline - anchor.at)}`, anchor, CONFORMANCE_CODES.MISSING);
  const offsets = conns.map((c) => {
    const trigger = triggerOf(c.base);
    return { key: c.base.key, ms: c.now!.renegotiatedAt[c.base.renegotiations]! - trigger.at, trigger };
  });
  for (const o of offsets) {
    world.note(`server: ${o.key} renegotiation requested ${Math.round(o.ms)} ms after ${o.trigger.name}(${JSON.stringify(o.trigger.payload)})`);
    world.report({ what: `renegotiation request for ${o.key} after ${after.text}`, clause: world.clauses[0]?.id, measuredMs: o.ms, nominalMs: window.nominalMs, scale: world.timeScale, normative: true });
  }
  // The callback is stamped when it reaches the harness, the request when it reaches the server: a driver in
  // another process delivers the callback a few ms later, so "before" is allowed by the absolute tolerance.
  const off = offsets.filter((o) => o.ms < window.fromMs - world.tolerance.absoluteMs || o.ms > window.toMs);
  if (off.length > 0) failState(world, requirement, expected, off.map((o) => `${o.key} at +${formatMs(o.ms)}`).join(', '), anchor, CONFORMANCE_CODES.TIMING);
}

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
  const api = world.run.toxiproxy.client.getApi();
  const base = world.run.toxiproxy.url;
  const prefix = `faultline-s${world.serial}-${label}-signaling-`;
  const lastDownstream = async (): Promise<{ name: string; at: number | null } | undefined> => {
    const { data } = await api.get(`${base}/proxies`);
    const entry = Object.entries(data as Record<string, { faultline?: { lastDelivered?: { downstream: number | null } } }>).find(([name]) => name.startsWith(prefix));
    if (!entry) return undefined;
    return { name: entry[0], at: entry[1].faultline?.lastDelivered?.downstream ?? null };
  };
  const first = await lastDownstream();
  if (!first) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `user ${label} has no signaling proxy`);
  if (first.at === null) {
    world.note(`cannot wait for a signaling message of user ${label}: the Toxiproxy server has no faultline extension; the outage may start up to one ping interval after the server last heard from the client`);
    return;
  }
  // Pings are one interval apart (5 s nominal): give it two, then say so.
  const deadline = monotonicMs() + world.scaled(10_000) + 500;
  while (monotonicMs() < deadline) {
    const { data } = await api.get(`${base}/proxies/${encodeURIComponent(first.name)}`);
    const at = (data as { faultline?: { lastDelivered?: { downstream: number | null } } }).faultline?.lastDelivered?.downstream ?? null;
    if (at !== null && at !== first.at) return;
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
  await world.waitUntil(world.faultAnchor(label, fault).at + world.scaled(nominalMs));
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
  const outage = side === 'before'
    ? Math.min(boundaryOutageMs(nominalMs, world.timeScale, world.tolerance, side), 0.75 * nominalMs * world.timeScale)
    : boundaryOutageMs(nominalMs, world.timeScale, world.tolerance, side);
  // "Just after" must hold for every media connection, each timed from its own callback (a real browser
  // detects each connection's break at its own moment): wait for the callback about each of the observer's
  // streams, up to the first one's threshold, and count from the last. "Just before" counts from the first.
  const entry = side === 'after' ? await lastPerStream(world, observer, cb, first, first.at + boundaryOutageMs(nominalMs, world.timeScale, world.tolerance, 'before')) : first;
  world.note(`boundary: heal ${Math.round(outage)} ms after ${entry.name}(${JSON.stringify(entry.payload)}), just ${side} ${nominalMs} ms × ${world.timeScale}`);
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
  const m = await expectWithin(world.expectation(`user ${observer} receives ${cb.text} while the fault holds`), observer, pattern, anchor, windowUpTo(maxNominalMs, world.timeScale, world.tolerance));
  return m.entry;
}

// ---- expectations anchored where the page anchors them ---------------------------------------------------

/** The instant the fault began to be applied (the World stamps a fault when applying it starts). */
export function faultAppliedAnchor(world: FaultlineWorld): Anchor {
  const fault = world.lastFault;
  if (!fault) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, 'no fault has been applied in this scenario');
  return { at: fault.appliedAt, label: `fault #${fault.id} applied` };
}

/** The end of "from the fault until N after the heal", in ms after the fault anchor. */
function untilAfterHeal(world: FaultlineWorld, anchor: Anchor, nominalMs: number): number {
  return world.healAnchor().at + world.scaled(nominalMs) + world.toleranceFor(nominalMs) - anchor.at;
}

export async function receivesAtOnceAfterFault(world: FaultlineWorld, label: string, cb: CallbackPattern): Promise<void> {
  const anchor = faultAppliedAnchor(world);
  const m = await expectWithin(world.expectation(`user ${label} receives ${cb.text} at once after the fault`), label, world.pattern(label, cb), anchor, {
    nominalMs: 0,
    scale: 1,
    fromMs: 0,
    toMs: IMMEDIATE_MS,
  });
  world.report({ what: `${cb.text} after the fault was applied`, clause: world.clauses[0]?.id, measuredMs: m.measuredMs, nominalMs: null, scale: world.timeScale, normative: true });
}

export async function receivesWithinAfterFault(world: FaultlineWorld, label: string, cb: CallbackPattern, nominalMs: number): Promise<void> {
  const anchor = world.faultAnchor(label);
  const m = await expectWithin(world.expectation(`user ${label} receives ${cb.text} within ${nominalMs / 1000} s after the fault`), label, world.pattern(label, cb), anchor, windowUpTo(nominalMs, world.timeScale, world.tolerance));
  world.report({ what: `${cb.text} after ${anchor.label}`, clause: world.clauses[0]?.id, measuredMs: m.measuredMs, nominalMs, scale: world.timeScale, normative: true });
}

export async function exactlyOnceUntilAfterHeal(world: FaultlineWorld, label: string, cb: CallbackPattern, nominalMs: number): Promise<void> {
  const anchor = world.faultAnchor(label);
  await expectExactlyOnce(world.expectation(`user ${label} receives ${cb.text} exactly once from the fault until ${nominalMs / 1000} s after the heal`), label, world.pattern(label, cb), anchor, anchor.at + untilAfterHeal(world, anchor, nominalMs));
}

export async function neverUntilAfterHeal(world: FaultlineWorld, label: string, cb: CallbackPattern, nominalMs: number): Promise<void> {
  const anchor = world.faultAnchor(label);
  await expectNever(world.expectation(`user ${label} never receives ${cb.text} from the fault until ${nominalMs / 1000} s after the heal`), label, world.pattern(label, cb), anchor, 0, untilAfterHeal(world, anchor, nominalMs));
}

/** No user of the scenario receives any of `texts` from the fault until `nominalMs` after the heal. */
export async function nobodyUntilAfterHeal(world: FaultlineWorld, texts: string[], nominalMs: number): Promise<void> {
  for (const label of world.users.keys()) {
    for (const text of texts) await neverUntilAfterHeal(world, label, world.parseCallback(text), nominalMs);
  }
}

/** Nothing matching `cb` within `nominalMs` (scaled, + tolerance) of the last SDK call or server operation. */
export async function neverAfterAction(world: FaultlineWorld, label: string, cb: CallbackPattern, nominalMs: number): Promise<void> {
  const anchor = world.lastActionAnchor();
  await expectNever(world.expectation(`user ${label} receives no ${cb.text} within ${nominalMs / 1000} s`), label, world.pattern(label, cb), anchor, -Infinity, world.scaled(nominalMs) + world.toleranceFor(nominalMs));
}

export async function inOrderUntilAfterHeal(world: FaultlineWorld, label: string, texts: string[], nominalMs: number): Promise<CallbackEntry[]> {
  const patterns = texts.map((t) => world.pattern(label, world.parseCallback(t)));
  const anchor = world.faultAnchor(label);
  return expectInOrder(world.expectation(`user ${label} receives, in order: ${texts.join(', ')}`), label, patterns, anchor, anchor.at + untilAfterHeal(world, anchor, nominalMs));
}

/** The first `cb` of `label` after the fault; fails MISSING when none has arrived. */
function firstAfterFault(world: FaultlineWorld, label: string, pattern: ResolvedPattern, requirement: string): CallbackEntry {
  const anchor = world.faultAnchor(label);
  const found = world.timeline.callbacks(label).find((e) => e.at > anchor.at && pattern.matches(e));
  if (!found) failState(world, requirement, `user ${label} receives ${pattern.text} after the fault`, 'it never arrived', anchor, CONFORMANCE_CODES.MISSING);
  return found;
}

/** Across users, on the harness clock: `early` (of one user) arrived before `late` (of another). */
export function expectAlreadyReceived(world: FaultlineWorld, earlyUser: string, early: CallbackPattern, lateUser: string, late: CallbackPattern): void {
  const requirement = `user ${earlyUser} has already received ${early.text} when user ${lateUser} receives ${late.text}`;
  const a = firstAfterFault(world, earlyUser, world.pattern(earlyUser, early), requirement);
  const b = firstAfterFault(world, lateUser, world.pattern(lateUser, late), requirement);
  const anchor = world.faultAnchor(lateUser);
  world.note(`order across users: user ${earlyUser}'s ${a.name} at +${Math.round(a.at - anchor.at)} ms, user ${lateUser}'s ${b.name} at +${Math.round(b.at - anchor.at)} ms after ${anchor.label}`);
  if (a.at >= b.at) {
    failState(world, requirement, `user ${earlyUser}'s ${a.name} before user ${lateUser}'s ${b.name}`, `user ${earlyUser}'s at +${formatMs(a.at - anchor.at)}, user ${lateUser}'s at +${formatMs(b.at - anchor.at)}`, anchor, CONFORMANCE_CODES.ORDER);
  }
}

// ---- informative bands ("roughly a guide") ------------------------------------------------------------

/**
 * Report a measured time against a band edge the page gives "roughly" (7 s, 12 s): inside when within
 * nominal × scale × (1 ± FAULTLINE_INFORMATIVE_MARGIN) on the side the page means. Never a failure unless
 * FAULTLINE_STRICT_INFORMATIVE.
 */
export function reportBand(world: FaultlineWorld, what: string, measuredMs: number, nominalMs: number, side: 'below' | 'above' | 'around'): void {
  const margin = world.run.config.informativeMargin;
  const edge = world.scaled(nominalMs);
  const low = edge * (1 - margin);
  const high = edge * (1 + margin) + world.run.config.toleranceAbsoluteMs;
  const inside = side === 'below' ? measuredMs <= high : side === 'above' ? measuredMs >= low : measuredMs >= low && measuredMs <= high;
  const band = side === 'below' ? `≤ ${formatMs(high)}` : side === 'above' ? `≥ ${formatMs(low)}` : `${formatMs(low)}..${formatMs(high)}`;
  world.report({ what: `${what} [band ${band}, margin ${margin}: ${inside ? 'inside' : 'OUTSIDE'}]`, clause: world.clauses.find((c) => !c.normative)?.id, measuredMs, nominalMs, scale: world.timeScale, normative: false });
  if (!inside && world.run.config.strictInformative) {
    failState(
      world,
      `${what}, roughly ${nominalMs / 1000} s (informative; failed because FAULTLINE_STRICT_INFORMATIVE is set)`,
      `${band} (nominal ${nominalMs} ms × scale ${world.timeScale}, margin ${margin})`,
      `${formatMs(measuredMs)}`,
      { at: world.timeline.startedAt, label: 'the scenario start' },
      CONFORMANCE_CODES.TIMING,
    );
  }
}

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
  reportBand(world, `user ${label}: ${cb.text} after ${anchor.label}`, entry.at - anchor.at, nominalMs, side);
}

/** The eviction as another participant sees it: from the last byte the evicted user sent to the peer's `cb`. */
export function reportEvictionBand(world: FaultlineWorld, evicted: string, observer: string, cb: CallbackPattern, nominalMs: number): void {
  const anchor = world.faultAnchor(observer);
  const entry = firstAfterFault(world, observer, world.pattern(observer, cb), `measure ${cb.text} of user ${observer}`);
  reportBand(world, `user ${observer}: ${cb.text} (eviction of user ${evicted}) after ${anchor.label}`, entry.at - anchor.at, nominalMs, 'around');
}

