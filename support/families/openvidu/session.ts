/**
 * How the harness drives an openvidu-browser app through the driver (docs/reference-impl/openvidu.md): join
 * a Session with a token, publish, leave, be evicted; and the server's view of it (admin sessionInfo), from
 * which media.ts counts renegotiations and media flowing. Steps in steps/openvidu.steps.ts stay one or two lines.
 */
import { z } from 'zod';
import { CONFORMANCE_CODES, ConformanceError, HARNESS_CODES, HarnessError } from '../../errors';
import { monotonicMs, sleep } from '../../time/clock';
import type { CallbackEntry } from '../../timeline/event-log';
import { formatTimeline } from '../../timeline/format';
import type { FaultlineWorld, UserClient } from '../../world';
import { familyState } from '../family-state';

/**
 * Round trips, not documented timers: real-time deadlines, unscaled. A join or publish is a few loopback
 * round trips; "at once" (a closed socket seen, a failed ICE connection acted on) must beat every scaled
 * SDK timer at the default scale (the shortest, the 3 s retry, is 300 ms).
 */
export const JOIN_DEADLINE_MS = 5000;
export const MEDIA_FLOWING_DEADLINE_MS = 5000;

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

export function mediaConnectionsIn(info: SessionInfo, connectionId: string): MediaConnection[] {
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
}

const ovState = familyState<OvState>('openvidu', () => ({ sessionOf: new Map(), connectionsOf: new Map(), publishedStreamOf: new Map(), baseline: new Map() }));

export function state(world: FaultlineWorld): OvState {
  return world.family(ovState);
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
export function addOpenViduClient(world: FaultlineWorld, label: string, sdkOptions: Record<string, unknown>): Promise<'skipped' | undefined> {
  if (!world.notApplicable('openvidu', 'browser', 'in-process')) world.note(`user ${label}: OpenViduAdvancedConfiguration ${JSON.stringify(sdkOptions)}`);
  return world.addClientOrSkip(label, 'openvidu', 'browser', { sdkOptions });
}

async function createToken(world: FaultlineWorld, sessionId: string): Promise<string> {
  const token = await world.admin('createToken', [{ sessionId, role: 'PUBLISHER' }]);
  if (typeof token !== 'string' || token.length === 0) {
    throw new ConformanceError(CONFORMANCE_CODES.INVOKE, `admin createToken returned ${JSON.stringify(token)}, not a token string`);
  }
  return token;
}

export function timelineTail(world: FaultlineWorld): string {
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

export function currentConnection(world: FaultlineWorld, label: string): string {
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
