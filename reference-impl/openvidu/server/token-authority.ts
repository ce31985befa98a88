/**
 * Connection tokens: `tok_<payload>.<signature>`, the payload base64url JSON {s: sessionId, r: role,
 * e: expiry (epoch ms), n: nonce}, the signature HMAC-SHA256 under a secret drawn at server start. Single use,
 * like openvidu-server's Session.consumeToken(). Base64url has no `=` or `&`, so the token survives
 * openvidu-browser's naive query-string split (Session.getTokenParams()).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Role } from '../protocol/vocabulary';

export interface TokenGrant {
  sessionId: string;
  role: Role;
  nonce: string;
}

export class TokenAuthority {
  private readonly secret = randomBytes(32);
  private readonly consumed = new Set<string>();

  issue(sessionId: string, role: Role, ttlMs: number): string {
    const payload = Buffer.from(
      JSON.stringify({ s: sessionId, r: role, e: Date.now() + ttlMs, n: randomBytes(9).toString('base64url') }),
    ).toString('base64url');
    return `tok_${payload}.${this.sign(payload)}`;
  }

  /** Checks signature, expiry, session and single use; consumes the token. Throws with the reason. */
  consume(token: string, sessionId: string): TokenGrant {
    const grant = this.verify(token);
    if (grant.sessionId !== sessionId) throw new Error('token belongs to another session');
    if (this.consumed.has(grant.nonce)) throw new Error('token already used');
    this.consumed.add(grant.nonce);
    return grant;
  }

  private verify(token: string): TokenGrant {
    const match = /^tok_([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(token);
    if (!match) throw new Error('malformed token');
    const [, payload, signature] = match;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new Error('bad token signature');
    let body: { s?: unknown; r?: unknown; e?: unknown; n?: unknown };
    try {
      body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof body;
    } catch {
      throw new Error('malformed token payload');
    }
    if (typeof body.s !== 'string' || typeof body.r !== 'string' || typeof body.e !== 'number' || typeof body.n !== 'string') {
      throw new Error('malformed token payload');
    }
    if (Date.now() > body.e) throw new Error('token expired');
    return { sessionId: body.s, role: body.r as Role, nonce: body.n };
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}

/** The `token` query parameter of an OpenVidu token URL, or the string itself when it is a bare token. */
export function tokenValue(tokenOrUrl: string): string {
  const query = tokenOrUrl.indexOf('?');
  if (query < 0) return tokenOrUrl;
  for (const pair of tokenOrUrl.slice(query + 1).split('&')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq) === 'token') return decodeURIComponent(pair.slice(eq + 1));
  }
  return tokenOrUrl;
}
