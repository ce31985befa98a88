/**
 * Server-side operations, as a backend would call OpenVidu's REST API:
 *
 *   createToken({sessionId, role?, ttlMs?})  → token URL `ws://HOST:PORT?sessionId=S&token=tok_...`
 *                                              (POST /openvidu/api/sessions + /connection; role PUBLISHER by
 *                                              default; ttlMs nominal, scaled)
 *   forceDisconnect({sessionId, connectionId}) → {connectionId, reason: 'forceDisconnectByServer'}
 *                                              (DELETE /openvidu/api/sessions/{id}/connection/{connectionId})
 *   sessionInfo({sessionId})                 → connections, streams (renegotiations, media counters), departures
 *   announceMediaAddress({token, host, port}) → null: a browser client's driver says where the participant
 *                                              joining with `token` reaches the media plane (its own media
 *                                              proxy); its WebRTC answers announce that candidate
 */
import type { HostPort } from '../contract';
import { ROLES, type Role } from '../protocol/vocabulary';
import { NOMINAL } from '../timing';
import type { RoomService } from './room-service';

function argObject(method: string, args: unknown[]): Record<string, unknown> {
  const first = args[0];
  if (first === null || typeof first !== 'object' || Array.isArray(first)) {
    throw new Error(`${method} takes one object argument, got ${JSON.stringify(args)}`);
  }
  return first as Record<string, unknown>;
}

function requiredString(method: string, body: Record<string, unknown>, key: string): string {
  const value = body[key];
  if (typeof value !== 'string' || value.length === 0) throw new Error(`${method}: '${key}' must be a non-empty string`);
  return value;
}

export class AdminApi {
  constructor(
    private readonly room: RoomService,
    private readonly signaling: HostPort,
  ) {}

  async call(method: string, args: unknown[]): Promise<unknown> {
    switch (method) {
      case 'createToken':
        return this.createToken(argObject(method, args));
      case 'forceDisconnect': {
        const body = argObject(method, args);
        return this.room.forceDisconnect(requiredString(method, body, 'sessionId'), requiredString(method, body, 'connectionId'));
      }
      case 'sessionInfo':
        return this.room.info(requiredString(method, argObject(method, args), 'sessionId'));
      case 'announceMediaAddress': {
        const body = argObject(method, args);
        const port = body.port;
        if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${method}: 'port' must be a TCP port number`);
        this.room.announceMediaAddress(requiredString(method, body, 'token'), { host: requiredString(method, body, 'host'), port });
        return null;
      }
      default:
        throw new Error(`unknown admin operation '${method}' (openvidu server knows createToken, forceDisconnect, sessionInfo, announceMediaAddress)`);
    }
  }

  private createToken(body: Record<string, unknown>): string {
    const sessionId = requiredString('createToken', body, 'sessionId');
    if (!/^[A-Za-z0-9_-]+$/.test(sessionId)) throw new Error('createToken: sessionId may only hold letters, digits, "_" and "-"');
    const role = (body.role ?? 'PUBLISHER') as Role;
    if (!ROLES.includes(role)) throw new Error(`createToken: role must be one of ${ROLES.join(', ')}`);
    const ttl = body.ttlMs === undefined ? NOMINAL.tokenTtlMs : Number(body.ttlMs);
    if (!(ttl > 0)) throw new Error('createToken: ttlMs must be a positive number (nominal milliseconds)');
    const token = this.room.issueToken(sessionId, role, ttl);
    return `ws://${this.signaling.host}:${this.signaling.port}?sessionId=${sessionId}&token=${token}`;
  }
}
