/**
 * The simulated media plane's wire format: one TCP connection per media connection (a published stream or
 * one subscription), carrying length-prefixed frames that stand in for STUN/RTP/RTCP:
 *
 *   [type: u8][payload length: u32 big-endian][payload]
 *
 * | type | name            | direction       | payload                                   | stands for            |
 * |------|-----------------|-----------------|-------------------------------------------|-----------------------|
 * | 1    | bind-request    | client → server | JSON {username, integrity}                | STUN Binding Request  |
 * | 2    | bind-success    | server → client | JSON {}                                   | Binding Success       |
 * | 3    | bind-error      | server → client | JSON {code, reason}                       | Binding Error (401/404)|
 * | 4    | consent-request | client → server | [seq u32]                                 | STUN consent check    |
 * | 5    | media           | publisher → server → subscribers | [seq u32][sentAt u32][bytes] | RTP                  |
 * | 6    | receiver-report | subscriber → server | JSON {bytesReceived, packetsReceived} | RTCP RR               |
 * | 7    | bye             | server → client | JSON {reason}                             | RTCP BYE: endpoint released |
 * | 8    | consent-response| server → client | the request's [seq u32]                   | consent check answer  |
 *
 * Liveness is a round trip, as ICE consent freshness (RFC 7675) is: the client sends a consent request every
 * packet interval and counts only the answers, so a path broken in either direction goes silent.
 *
 * `username` is `<server ice-ufrag>:<client ice-ufrag>` and `integrity` is HMAC-SHA1(server ice-pwd,
 * username) in hex, as a STUN check authenticates with the remote password: the ice-pwd of the SDP answer
 * is the stream-connection token and never travels on the media plane itself.
 */
import { createHmac } from 'node:crypto';

export const FrameType = {
  bindRequest: 1,
  bindSuccess: 2,
  bindError: 3,
  consentRequest: 4,
  media: 5,
  receiverReport: 6,
  bye: 7,
  consentResponse: 8,
} as const;

export interface Frame {
  type: number;
  payload: Buffer;
}

const HEADER_BYTES = 5;
/** A frame larger than this is a protocol violation: the connection is dropped. */
export const MAX_FRAME_PAYLOAD = 64 * 1024;
/** Size of one simulated media packet (an audio+video RTP burst). */
export const MEDIA_PACKET_BYTES = 320;

export function encodeFrame(type: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const frame = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
  frame.writeUInt8(type, 0);
  frame.writeUInt32BE(payload.length, 1);
  payload.copy(frame, HEADER_BYTES);
  return frame;
}

export function encodeJsonFrame(type: number, body: unknown): Buffer {
  return encodeFrame(type, Buffer.from(JSON.stringify(body), 'utf8'));
}

export function decodeJsonPayload(frame: Frame): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(frame.payload.toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** An RTP-like packet: sequence number, sender's clock (ms, wrapping), filler bytes. */
export function encodeMediaPacket(seq: number, sentAtMs: number): Buffer {
  const payload = Buffer.alloc(MEDIA_PACKET_BYTES);
  payload.writeUInt32BE(seq >>> 0, 0);
  payload.writeUInt32BE(Math.floor(sentAtMs) >>> 0, 4);
  return encodeFrame(FrameType.media, payload);
}

export function encodeConsentRequest(seq: number): Buffer {
  const payload = Buffer.alloc(4);
  payload.writeUInt32BE(seq >>> 0, 0);
  return encodeFrame(FrameType.consentRequest, payload);
}

/** Reassembles frames from a TCP byte stream. */
export class FrameDecoder {
  private buffered: Buffer = Buffer.alloc(0);

  /** Frames completed by this chunk; throws on a malformed stream (the caller drops the connection). */
  push(chunk: Buffer): Frame[] {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const frames: Frame[] = [];
    while (this.buffered.length >= HEADER_BYTES) {
      const type = this.buffered.readUInt8(0);
      const length = this.buffered.readUInt32BE(1);
      if (length > MAX_FRAME_PAYLOAD || type < FrameType.bindRequest || type > FrameType.consentResponse) {
        throw new Error(`malformed media frame (type ${type}, length ${length})`);
      }
      if (this.buffered.length < HEADER_BYTES + length) break;
      frames.push({ type, payload: this.buffered.subarray(HEADER_BYTES, HEADER_BYTES + length) });
      this.buffered = this.buffered.subarray(HEADER_BYTES + length);
    }
    return frames;
  }
}

/** STUN-style short-term credential check value. */
export function bindIntegrity(remotePwd: string, username: string): string {
  return createHmac('sha1', remotePwd).update(username).digest('hex');
}
