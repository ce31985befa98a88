/**
 * openvidu-browser events (seed 004), named `<emitter>:<event>` in the `browser` dialect: the Session's and
 * the Publisher's events the page names, plus the connection and stream events a scenario needs to see who
 * is in the Session. Payloads carry the event's properties by their openvidu-browser names, flattened to
 * ids (an event's `origin` Stream becomes its streamId).
 *
 * Reason and exception values are openvidu-browser 2.32.2's (docs/SOURCES.md 3.2 and 3.3):
 * `ConnectionEventReason` and `StreamEventReason` in OpenViduInternal/Events/Types/Types.ts, and
 * `ExceptionEventName` in OpenViduInternal/Events/ExceptionEvent.ts. A destroyed or disconnected event
 * always has a reason, so the empty string ('' on created events) is not accepted on them.
 *
 * The driver probes probe:iceConnectionState and probe:mediaReconnected are listed here too, with the
 * schemas of support/schemas/probes.ts, so that steps can name them like callbacks.
 */
import { z } from 'zod';
import { probeSchema } from '../probes';
import type { CallbackDefinition, FamilyVocabulary } from '../../catalogue/vocabulary';

function members<const T extends readonly string[]>(values: T): { readonly [K in T[number]]: K } {
  return Object.fromEntries(values.map((v) => [v, v])) as { readonly [K in T[number]]: K };
}

/** ConnectionEventReason without '' (Types.ts:13). */
export const OV_CONNECTION_REASON = members([
  'disconnect',
  'forceDisconnectByUser',
  'forceDisconnectByServer',
  'sessionClosedByServer',
  'networkDisconnect',
  'nodeCrashed',
] as const);

/** StreamEventReason without '' (Types.ts:22): the connection reasons plus the unpublish ones. */
export const OV_STREAM_REASON = members([
  ...(Object.keys(OV_CONNECTION_REASON) as Array<keyof typeof OV_CONNECTION_REASON>),
  'unpublish',
  'forceUnpublishByUser',
  'forceUnpublishByServer',
] as const);

/** ExceptionEventName (ExceptionEvent.ts:32-90). */
export const OV_EXCEPTION_NAME = members([
  'ICE_CANDIDATE_ERROR',
  'ICE_CONNECTION_FAILED',
  'ICE_CONNECTION_DISCONNECTED',
  'NO_STREAM_PLAYING_EVENT',
  'SPEECH_TO_TEXT_DISCONNECTED',
] as const);

const ICE_STATES = ['new', 'checking', 'connected', 'completed', 'disconnected', 'failed', 'closed'] as const;
export const OV_ICE_STATE = members(ICE_STATES);
export const OV_MEDIA_RECONNECTION_CAUSE = members(['networkReconnection', 'iceFailed', 'iceDisconnected', 'forced'] as const);

function enumOf(table: Readonly<Record<string, string>>) {
  return z.enum(Object.values(table) as [string, ...string[]]);
}

const id = z.string().min(1);
const connectionReason = enumOf(OV_CONNECTION_REASON);
const streamReason = enumOf(OV_STREAM_REASON);

function probe(name: string): z.ZodType {
  const schema = probeSchema(name);
  if (!schema) throw new Error(`support/schemas/probes.ts has no ${name}`);
  return schema;
}

const callbacks: CallbackDefinition[] = [
  {
    canonical: 'session:connectionCreated',
    names: { browser: 'session:connectionCreated' },
    params: [{ field: 'connectionId' }],
    payload: z.strictObject({ connectionId: id }),
  },
  {
    canonical: 'session:connectionDestroyed',
    names: { browser: 'session:connectionDestroyed' },
    params: [{ field: 'connectionId' }, { field: 'reason', enumeration: OV_CONNECTION_REASON }],
    payload: z.strictObject({ connectionId: id, reason: connectionReason }),
  },
  {
    canonical: 'session:streamCreated',
    names: { browser: 'session:streamCreated' },
    // Positional: whose stream (a step says `user 2`), then the stream id.
    params: [{ field: 'connectionId' }, { field: 'streamId' }],
    payload: z.strictObject({ streamId: id, connectionId: id }),
  },
  {
    canonical: 'session:streamDestroyed',
    names: { browser: 'session:streamDestroyed' },
    params: [{ field: 'connectionId' }, { field: 'reason', enumeration: OV_STREAM_REASON }, { field: 'streamId' }],
    payload: z.strictObject({ streamId: id, connectionId: id, reason: streamReason }),
  },
  {
    canonical: 'session:reconnecting',
    names: { browser: 'session:reconnecting' },
    params: [],
    payload: z.strictObject({}),
  },
  {
    canonical: 'session:reconnected',
    names: { browser: 'session:reconnected' },
    params: [],
    payload: z.strictObject({}),
  },
  {
    canonical: 'session:sessionDisconnected',
    names: { browser: 'session:sessionDisconnected' },
    params: [{ field: 'reason', enumeration: OV_CONNECTION_REASON }],
    payload: z.strictObject({ reason: connectionReason }),
  },
  {
    canonical: 'session:exception',
    names: { browser: 'session:exception' },
    // origin: the Stream the exception is about, as its streamId.
    params: [{ field: 'name', enumeration: OV_EXCEPTION_NAME }, { field: 'origin' }],
    payload: z.strictObject({ name: enumOf(OV_EXCEPTION_NAME), origin: id, message: z.string() }),
  },
  {
    canonical: 'publisher:streamCreated',
    names: { browser: 'publisher:streamCreated' },
    params: [{ field: 'streamId' }],
    payload: z.strictObject({ streamId: id }),
  },
  {
    canonical: 'publisher:streamDestroyed',
    names: { browser: 'publisher:streamDestroyed' },
    params: [{ field: 'reason', enumeration: OV_STREAM_REASON }, { field: 'streamId' }],
    payload: z.strictObject({ streamId: id, reason: streamReason }),
  },
  // Driver probes (not SDK events): validated by the World with support/schemas/probes.ts.
  {
    canonical: 'probe:iceConnectionState',
    names: { browser: 'probe:iceConnectionState' },
    params: [{ field: 'streamId' }, { field: 'state', enumeration: OV_ICE_STATE }],
    payload: probe('probe:iceConnectionState'),
  },
  {
    canonical: 'probe:mediaReconnected',
    names: { browser: 'probe:mediaReconnected' },
    params: [{ field: 'streamId' }, { field: 'cause', enumeration: OV_MEDIA_RECONNECTION_CAUSE }],
    payload: probe('probe:mediaReconnected'),
  },
];

export const openviduVocabulary: FamilyVocabulary = {
  profiles: ['openvidu'],
  callbacks,
};
