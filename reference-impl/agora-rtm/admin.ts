/**
 * Server-side operations the harness may call through SdkDriver.admin(method, args). Each takes one object
 * argument (`issueToken({ userId, expiresInSeconds })`); a bare string is accepted as `{ userId }` or
 * `{ channelId }` where that is the only field.
 */
import type { RtmServer } from './server';

type AdminArgs = Record<string, unknown>;

function argsObject(method: string, args: unknown[], soleField?: string): AdminArgs {
  const first = args[0];
  if (typeof first === 'string' && soleField) return { [soleField]: first };
  if (first === undefined) return {};
  if (typeof first !== 'object' || first === null || Array.isArray(first)) {
    throw new Error(`agora-rtm admin ${method}: expected one object argument, got ${JSON.stringify(args)}`);
  }
  return first as AdminArgs;
}

function requireString(method: string, args: AdminArgs, field: string): string {
  const value = args[field];
  if (typeof value !== 'string' || value === '') {
    throw new Error(`agora-rtm admin ${method}: "${field}" must be a non-empty string`);
  }
  return value;
}

export const ADMIN_OPERATIONS = [
  'issueToken',
  'expireToken',
  'onlineUsers',
  'channelMembers',
  'userAttributes',
  'sessionInfo',
  'banUser',
  'unbanUser',
] as const;

export async function runAdmin(server: RtmServer, method: string, args: unknown[]): Promise<unknown> {
  switch (method) {
    case 'issueToken': {
      const a = argsObject(method, args, 'userId');
      const expiresInSeconds = a.expiresInSeconds;
      if (expiresInSeconds !== undefined && (typeof expiresInSeconds !== 'number' || !(expiresInSeconds >= 0))) {
        throw new Error(`agora-rtm admin issueToken: "expiresInSeconds" must be a number >= 0 (nominal seconds)`);
      }
      return server.issueToken(requireString(method, a, 'userId'), expiresInSeconds);
    }
    case 'expireToken':
      server.expireToken(requireString(method, argsObject(method, args, 'userId'), 'userId'));
      return true;
    case 'onlineUsers':
      return server.onlineUsers();
    case 'channelMembers':
      return server.channelMembers(requireString(method, argsObject(method, args, 'channelId'), 'channelId'));
    case 'userAttributes':
      return server.userAttributes(requireString(method, argsObject(method, args, 'userId'), 'userId'));
    case 'sessionInfo':
      return server.sessionInfo(requireString(method, argsObject(method, args, 'userId'), 'userId'));
    case 'banUser':
      server.banUser(requireString(method, argsObject(method, args, 'userId'), 'userId'));
      return true;
    case 'unbanUser':
      server.unbanUser(requireString(method, argsObject(method, args, 'userId'), 'userId'));
      return true;
    default:
      throw new Error(`agora-rtm admin: unknown operation "${method}" (known: ${ADMIN_OPERATIONS.join(', ')})`);
  }
}
