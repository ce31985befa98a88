/**
 * The Agora RTC family as the reference driver hosts it: one server for the profiles agora-rtc,
 * agora-rtc-legacy and agora-web (their users can share a channel), and one SDK client per ClientSpec,
 * built only from the spec, so that it runs the same in the driver's process or in a child process.
 */
import type { FamilyHost } from '../driver/family-host';
import { runAdmin } from './admin';
import { AGORA_DIALECTS, type AgoraDialect } from './callbacks';
import { AgoraRtcClient } from './client';
import { RtcEngine } from './engine';
import { AgoraRtcServer } from './server';
import { serverTimers } from './timing';

/** Seeds 000/002 say 15 s before onConnectionLost, seed 001 says 10 s; the legacy profile's option picks. */
const DEFAULT_CONNECTION_LOST_SECONDS = 15;

export const host: FamilyHost = {
  async startServer(request) {
    const scale = validScale(request.timeScale);
    const server = new AgoraRtcServer(serverTimers(scale), { tokensRequired: request.options.tokensRequired !== false });
    const signaling = await server.listen();
    return {
      environment: { upstreams: { signaling } },
      admin: (method, args) => runAdmin(server, method, args),
      stop: () => server.stop(),
    };
  },

  async createClient(spec, emit) {
    if (!(AGORA_DIALECTS as readonly string[]).includes(spec.dialect)) {
      throw new Error(`agora-rtc: no dialect "${spec.dialect}" (dialects: ${AGORA_DIALECTS.join(', ')})`);
    }
    const endpoint = spec.endpoints.signaling;
    if (!endpoint) throw new Error(`agora-rtc: client ${spec.clientId} has no signaling endpoint`);
    const dialect = spec.dialect as AgoraDialect;
    const legacy = spec.profile === 'agora-rtc-legacy' && dialect !== 'web';
    const config = {
      clientId: spec.clientId,
      endpoint,
      dialect,
      legacy,
      // The driver passes the run's scale beside the spec; an older caller may have put it in the options.
      timeScale: validScale(spec.timeScale ?? (spec.options.timeScale as number)),
      connectionLostSeconds: connectionLostSeconds(spec.options.connectionLostSeconds),
    };
    // A VoIP-mode switch restarts the engine (client.ts): each restart gets a fresh one, as a restarted app would.
    const newEngine = () => new RtcEngine(config, emit);
    return new AgoraRtcClient(newEngine, dialect);
  },
};

function validScale(scale: number): number {
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0) throw new Error(`agora-rtc: bad timeScale ${String(scale)}`);
  return scale;
}

function connectionLostSeconds(value: unknown): number {
  if (value === undefined || value === null) return DEFAULT_CONNECTION_LOST_SECONDS;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new Error(`agora-rtc: option connectionLostSeconds must be a positive number of seconds (10 or 15), got ${JSON.stringify(value)}`);
  }
  return value;
}
