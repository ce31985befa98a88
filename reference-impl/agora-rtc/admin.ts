/**
 * The server-side operations the harness may call (`SdkDriver.admin`). Arguments come either as one object
 * (`[{channel, uid}]`) or positionally (`[channel, uid]`), in the order listed here.
 */
import type { AgoraRtcServer } from './server';

type Args = Record<string, unknown>;

const OPERATIONS: Record<string, { params: string[]; run: (server: AgoraRtcServer, a: Args) => unknown }> = {
  /** → token string. `uid` 0 (the default) admits any uid; `expiresInSeconds` is nominal (scaled), default 24 h. */
  issueToken: {
    params: ['channel', 'uid', 'expiresInSeconds'],
    run: (s, a) => s.issueToken(str(a, 'channel'), uid(a, 'uid', 0), optionalNumber(a, 'expiresInSeconds')),
  },
  /** → true when the token was one of this server's: it is expired from now on (checked at join and rejoin). */
  expireToken: { params: ['token'], run: (s, a) => s.expireToken(str(a, 'token')) },
  /** → `{exists, incarnation, users}`; incarnation is 0 while the channel does not exist. */
  channelInfo: { params: ['channel'], run: (s, a) => s.channelInfo(str(a, 'channel')) },
  /** → true when the uid was a member: it is told (`kicked`) and removed, its peers told (reason dropped). */
  evict: { params: ['channel', 'uid'], run: (s, a) => s.evict(str(a, 'channel'), uid(a, 'uid')) },
  /** → how many join/rejoin requests for (channel, uid) reached the server, accepted or not. */
  joinRequests: { params: ['channel', 'uid'], run: (s, a) => s.joinRequestCount(str(a, 'channel'), uid(a, 'uid')) },
};

export const ADMIN_OPERATIONS = Object.keys(OPERATIONS);

export async function runAdmin(server: AgoraRtcServer, method: string, args: unknown[]): Promise<unknown> {
  const operation = OPERATIONS[method];
  if (!operation) throw new Error(`agora-rtc server: unknown admin operation "${method}" (known: ${ADMIN_OPERATIONS.join(', ')})`);
  return operation.run(server, namedArgs(operation.params, args));
}

function namedArgs(params: string[], args: unknown[]): Args {
  if (args.length === 1 && args[0] !== null && typeof args[0] === 'object' && !Array.isArray(args[0])) return args[0] as Args;
  const named: Args = {};
  params.forEach((p, i) => (named[p] = args[i]));
  return named;
}

function str(a: Args, key: string): string {
  const v = a[key];
  if (typeof v !== 'string') throw new Error(`agora-rtc admin: "${key}" must be a string, got ${JSON.stringify(v)}`);
  return v;
}

function uid(a: Args, key: string, fallback?: number): number {
  const v = a[key] ?? fallback;
  if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 0xffffffff) {
    throw new Error(`agora-rtc admin: "${key}" must be a uid (integer 0..2^32-1), got ${JSON.stringify(v)}`);
  }
  return v as number;
}

function optionalNumber(a: Args, key: string): number | undefined {
  const v = a[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`agora-rtc admin: "${key}" must be a number, got ${JSON.stringify(v)}`);
  return v;
}
