/**
 * Driver instrumentation events (`probe:` prefix): what a driver observed around the SDK that is not an SDK
 * callback, such as a media connection's ICE state. Optional for drivers; strict when sent.
 */
import { z } from 'zod';

const PROBES: Record<string, z.ZodType> = {
  'probe:iceConnectionState': z.strictObject({
    streamId: z.string().min(1),
    state: z.enum(['new', 'checking', 'connected', 'completed', 'disconnected', 'failed', 'closed']),
  }),
  'probe:mediaReconnected': z.strictObject({
    streamId: z.string().min(1),
    cause: z.enum(['networkReconnection', 'iceFailed', 'iceDisconnected', 'forced']),
  }),
};

export function probeSchema(name: string): z.ZodType | undefined {
  return PROBES[name];
}

export function probeSchemas(): Readonly<Record<string, z.ZodType>> {
  return PROBES;
}
