/**
 * Join tokens: `fl1.<payload>.<signature>`, both base64url. The payload names the channel, the uid (0 = any
 * uid), the expiry and a nonce; the signature is HMAC-SHA256 over the payload with a secret drawn at random
 * when the server starts, so a token is only good for the server that issued it.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type TokenVerdict = 'ok' | 'invalid-token' | 'token-expired';

interface TokenPayload {
  /** channel */
  c: string;
  /** uid; 0 admits any uid */
  u: number;
  /** expiry, ms since the epoch */
  x: number;
  /** nonce, so expireToken can single out one token */
  n: string;
}

const PREFIX = 'fl1';

export class TokenAuthority {
  private readonly secret = randomBytes(32);
  /** Tokens expired early by the admin operation, by nonce. */
  private readonly expiredEarly = new Set<string>();

  /** @param scale multiplies lifetimes, like every other duration of the server */
  constructor(private readonly scale: number) {}

  issue(channel: string, uid: number, lifetimeSeconds: number): string {
    const payload: TokenPayload = {
      c: channel,
      u: uid,
      x: Date.now() + lifetimeSeconds * 1000 * this.scale,
      n: randomBytes(8).toString('hex'),
    };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${PREFIX}.${body}.${this.sign(body)}`;
  }

  /** Expire a token now (admin). Returns false if the token is not one of ours. */
  expire(token: string): boolean {
    const payload = this.decode(token);
    if (!payload) return false;
    this.expiredEarly.add(payload.n);
    return true;
  }

  verify(token: string, channel: string, uid: number): TokenVerdict {
    const payload = this.decode(token);
    if (!payload) return 'invalid-token';
    if (payload.c !== channel || (payload.u !== 0 && payload.u !== uid)) return 'invalid-token';
    if (this.expiredEarly.has(payload.n) || Date.now() >= payload.x) return 'token-expired';
    return 'ok';
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }

  private decode(token: string): TokenPayload | null {
    const parts = typeof token === 'string' ? token.split('.') : [];
    if (parts.length !== 3 || parts[0] !== PREFIX) return null;
    const [, body, signature] = parts;
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const p = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenPayload;
      if (typeof p.c !== 'string' || typeof p.u !== 'number' || typeof p.x !== 'number' || typeof p.n !== 'string') return null;
      return p;
    } catch {
      return null;
    }
  }
}
