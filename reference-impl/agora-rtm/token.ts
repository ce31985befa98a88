/**
 * Login tokens of the reference RTM server: `base64url(claims).base64url(HMAC-SHA256(claims))`, signed with a
 * random secret that lives and dies with one server, so a token from another run never verifies.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { LOGIN_ERR } from './enums';

interface TokenClaims {
  /** The user the token was issued for. */
  uid: string;
  /** Expiry, Unix epoch milliseconds (real time: the scale is applied when the token is issued). */
  exp: number;
  /** Issue serial number, so expireToken can revoke every token issued up to now. */
  n: number;
}

export type TokenCheck = { ok: true } | { ok: false; code: number };

export class TokenAuthority {
  private readonly secret = randomBytes(32);
  private serial = 0;
  /** userId → highest serial revoked by expireToken. */
  private readonly revokedUpTo = new Map<string, number>();

  /** A token for `userId` valid for `lifetimeMs` real milliseconds. */
  issue(userId: string, lifetimeMs: number): string {
    const claims: TokenClaims = { uid: userId, exp: Date.now() + lifetimeMs, n: ++this.serial };
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  /** Every token issued so far for `userId` is expired from now on (tokens issued later are not). */
  expireAll(userId: string): void {
    this.revokedUpTo.set(userId, this.serial);
  }

  /**
   * Checked on every login, including each automatic re-login. LOGIN_ERR_INVALID_TOKEN (5) for a token that is
   * malformed, forged or issued for another user; LOGIN_ERR_TOKEN_EXPIRED (6) for one past its expiry.
   */
  check(token: string, userId: string): TokenCheck {
    const [body, signature, extra] = token.split('.');
    if (!body || !signature || extra !== undefined) return { ok: false, code: LOGIN_ERR.INVALID_TOKEN };
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return { ok: false, code: LOGIN_ERR.INVALID_TOKEN };
    }
    let claims: TokenClaims;
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenClaims;
    } catch {
      return { ok: false, code: LOGIN_ERR.INVALID_TOKEN };
    }
    if (claims.uid !== userId) return { ok: false, code: LOGIN_ERR.INVALID_TOKEN };
    const revoked = this.revokedUpTo.get(userId) ?? 0;
    if (claims.exp <= Date.now() || claims.n <= revoked) return { ok: false, code: LOGIN_ERR.TOKEN_EXPIRED };
    return { ok: true };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}
