/**
 * Starts the OpenVidu reference server for one scenario: a signaling WebSocket server and a media server,
 * both on 127.0.0.1 with ephemeral ports, reported as the `signaling` and `media` upstreams.
 *
 * Server options (EnvironmentRequest.options):
 *   participantEvictionSilenceMs  nominal ms of silence before eviction (default 12000, seed 004 "> 12 seconds")
 */
import type { EnvironmentRequest, ServerHandle } from '../contract';
import { createLog } from '../log';
import { Clock, NOMINAL } from '../timing';
import { AdminApi } from './admin-api';
import { MediaServer } from './media-server';
import { RoomService } from './room-service';
import { SignalingServer } from './signaling-server';
import { TokenAuthority } from './token-authority';

function evictionSilence(options: Record<string, unknown>): number {
  const value = options.participantEvictionSilenceMs;
  if (value === undefined) return NOMINAL.participantEvictionSilenceMs;
  if (typeof value !== 'number' || !(value > 0)) throw new Error('option participantEvictionSilenceMs must be a positive number');
  return value;
}

export async function startOpenViduServer(request: EnvironmentRequest): Promise<ServerHandle> {
  const clock = new Clock(request.timeScale);
  const log = createLog('server');
  const media = new MediaServer(clock, createLog('media-server'));
  const room = new RoomService(clock, media, new TokenAuthority(), log, evictionSilence(request.options ?? {}));
  const signaling = new SignalingServer(room, log);
  const mediaAddress = await media.listen();
  const signalingAddress = await signaling.listen();
  const admin = new AdminApi(room, signalingAddress);
  log(`listening: signaling ws://${signalingAddress.host}:${signalingAddress.port}/openvidu, media tcp ${mediaAddress.host}:${mediaAddress.port}`);
  let stopped = false;
  return {
    environment: { upstreams: { signaling: signalingAddress, media: mediaAddress } },
    admin: (method, args) => admin.call(method, args),
    async stop() {
      if (stopped) return;
      stopped = true;
      room.stop();
      await Promise.all([signaling.stop(), media.stop()]);
    },
  };
}
