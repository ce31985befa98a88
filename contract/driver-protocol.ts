/**
 * The driver protocol as zod schemas: every message a driver process sends is parsed with these, so a
 * malformed, unknown or oversized message fails the scenario with the zod path (FL-C-PROTOCOL) and never
 * crashes the run. docs/DRIVER_PROTOCOL.md describes the same messages in prose; `npx faultline schemas
 * --out DIR` writes them as JSON Schema for drivers in other languages.
 */
import { z } from 'zod';

export const profileId = z.enum(['agora-rtc', 'agora-rtc-legacy', 'agora-web', 'agora-rtm', 'openvidu']);
export const dialect = z.enum(['native-android', 'native-ios', 'web', 'cpp', 'browser']);
export const plane = z.enum(['signaling', 'media']);
export const hostPort = z.strictObject({ host: z.string().min(1), port: z.number().int().min(1).max(65535) });

export const driverHello = z.strictObject({
  sdk: z.strictObject({ name: z.string().min(1), version: z.string().min(1) }),
  profiles: z.array(z.strictObject({ profile: profileId, dialects: z.array(dialect).min(1) })).min(1),
  capabilities: z.strictObject({
    timeScale: z.boolean(),
    processKill: z.boolean(),
    restart: z.boolean(),
    admin: z.boolean(),
    /** Optional operations a scenario may need (absent = false): `invoke setVoipMode`, `invoke closePage`. */
    voipMode: z.boolean().optional(),
    closePage: z.boolean().optional(),
  }),
  unsupportedClauses: z.array(z.string().regex(/^[A-Z]+(-[A-Z0-9]+)+$/)).optional(),
  /** The driver instrumentation events (`probe:…`) this driver emits; a scenario that looks for another is not applicable. */
  probes: z.array(z.string().regex(/^probe:[A-Za-z]+$/)).optional(),
});

export const environment = z.strictObject({
  upstreams: z.strictObject({ signaling: hostPort.optional(), media: hostPort.optional() }),
});

const jsonObject = z.record(z.string(), z.unknown());

/** Harness → driver. */
export const driverRequest = z.discriminatedUnion('op', [
  z.strictObject({ type: z.literal('request'), id: z.number().int(), op: z.literal('hello'), params: z.strictObject({ protocol: z.literal(1) }) }),
  z.strictObject({
    type: z.literal('request'),
    id: z.number().int(),
    op: z.literal('setUp'),
    params: z.strictObject({ scenario: z.string(), profile: profileId, timeScale: z.number().positive(), options: jsonObject }),
  }),
  z.strictObject({
    type: z.literal('request'),
    id: z.number().int(),
    op: z.literal('createClient'),
    params: z.strictObject({
      clientId: z.string().min(1),
      profile: profileId,
      dialect,
      endpoints: z.strictObject({ signaling: hostPort.optional(), media: hostPort.optional() }),
      isolation: z.enum(['in-process', 'process']),
      options: jsonObject,
    }),
  }),
  z.strictObject({
    type: z.literal('request'),
    id: z.number().int(),
    op: z.literal('invoke'),
    params: z.strictObject({ clientId: z.string().min(1), method: z.string().min(1), args: z.array(z.unknown()) }),
  }),
  z.strictObject({
    type: z.literal('request'),
    id: z.number().int(),
    op: z.literal('admin'),
    params: z.strictObject({ method: z.string().min(1), args: z.array(z.unknown()) }),
  }),
  z.strictObject({ type: z.literal('request'), id: z.number().int(), op: z.literal('kill'), params: z.strictObject({ clientId: z.string().min(1) }) }),
  z.strictObject({ type: z.literal('request'), id: z.number().int(), op: z.literal('restart'), params: z.strictObject({ clientId: z.string().min(1) }) }),
  z.strictObject({ type: z.literal('request'), id: z.number().int(), op: z.literal('tearDown'), params: z.strictObject({}) }),
  z.strictObject({ type: z.literal('request'), id: z.number().int(), op: z.literal('close'), params: z.strictObject({}) }),
]);

/** Driver → harness: the answer to one request; `error` exactly when `ok` is false. */
export const driverResponse = z
  .strictObject({
    type: z.literal('response'),
    id: z.number().int(),
    ok: z.boolean(),
    result: z.unknown().optional(),
    error: z.strictObject({ message: z.string(), code: z.string().optional() }).optional(),
  })
  .refine((m) => m.ok === (m.error === undefined), { message: 'error must be present exactly when ok is false', path: ['error'] });

/** Driver → harness: a callback the SDK fired (payload checked against the callback's own schema). */
export const driverEventMessage = z.strictObject({
  type: z.literal('event'),
  clientId: z.string().min(1),
  name: z.string().min(1).max(200),
  payload: jsonObject,
  ts: z.number().finite(),
});

/** Driver → harness: a log line, shown in the scenario's timeline. */
export const driverLogMessage = z.strictObject({
  type: z.literal('log'),
  level: z.enum(['debug', 'info', 'warn', 'error']),
  message: z.string().max(10000),
});

/**
 * Driver → harness, optional: the driver's event loop (the SDK's process) could run nothing for `lateMs` ms
 * until `ts` (its own monotonic clock, as events' `ts`). The harness counts such stalls as its own when it
 * judges whether a late callback says anything about the SDK (support/time/lateness.ts).
 */
export const driverStallMessage = z.strictObject({
  type: z.literal('stall'),
  ts: z.number().finite(),
  lateMs: z.number().finite().min(0).max(3_600_000),
});

export const driverMessage = z.discriminatedUnion('type', [driverResponse, driverEventMessage, driverLogMessage, driverStallMessage]);

export type DriverMessage = z.infer<typeof driverMessage>;
