/**
 * Reads an OpenVidu token URL `ws(s)://HOST:PORT?sessionId=S&token=T` the way openvidu-browser's
 * Session.getTokenParams() does. The HOST:PORT of the token is where the server says it lives; this SDK
 * connects only to the signaling endpoint it was given (the harness's proxy) and keeps the token's session.
 */
export interface TokenParams {
  sessionId: string;
  /** The whole token, sent as is in joinRoom's `token`. */
  token: string;
}

export function parseToken(token: string): TokenParams {
  const match = /^(wss?):\/\/([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/.exec(token);
  if (!match || !match[4]) throw new Error(`Token not valid: "${token}"`);
  const query = new Map<string, string>();
  for (const pair of match[4].slice(1).split('&')) {
    const eq = pair.indexOf('=');
    if (eq > 0) query.set(pair.slice(0, eq), decodeURIComponent(pair.slice(eq + 1)));
  }
  const sessionId = query.get('sessionId');
  if (!sessionId) throw new Error(`Token not valid (no sessionId): "${token}"`);
  return { sessionId, token };
}
