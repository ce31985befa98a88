/**
 * The Agora RTM family as the reference driver hosts it (profile `agora-rtm`, dialect `cpp`): a server per
 * scenario, and SDK clients that reach it only through spec.endpoints.signaling.
 */
import type { ClientHandle, FamilyHost } from '../driver/family-host';
import { runAdmin } from './admin';
import { RtmClient } from './client';
import { callbackName, checkDialect } from './dialect';
import { RtmServer } from './server';

/** SDK API methods callable through SdkDriver.invoke, with their positional arguments. */
export const INVOKE_METHODS = [
  'login', // (token: string, userId: string) → 0 | LOGIN_ERR_CODE
  'logout', // () → 0 | 102
  'renewToken', // (token: string) → 0 | RENEW_TOKEN_ERR_CODE
  'joinChannel', // (channelId: string) → 0 | JOIN_CHANNEL_ERR
  'leaveChannel', // (channelId: string) → 0 | LEAVE_CHANNEL_ERR
  'setLocalUserAttributes', // (attributes: Record<string, string>) → 0 | ATTRIBUTE_OPERATION_ERR
  'getUserAttributes', // (userId: string) → Record<string, string>
  'queryPeersOnlineStatus', // (userIds: string[]) → Record<string, boolean>
  'getMembers', // (channelId: string) → string[]
  'getConnectionState', // () → CONNECTION_STATE (reference-only helper)
] as const;

/** `fn(x)` and `fn({ field: x })` both give x. */
function arg(args: unknown[], index: number, field: string): unknown {
  const first = args[0];
  if (args.length === 1 && typeof first === 'object' && first !== null && !Array.isArray(first) && field in first) {
    return (first as Record<string, unknown>)[field];
  }
  return args[index];
}

function stringArg(method: string, args: unknown[], index: number, field: string): string {
  const value = arg(args, index, field);
  if (typeof value !== 'string') {
    throw new Error(`agora-rtm ${method}: argument ${index + 1} (${field}) must be a string, got ${JSON.stringify(value)}`);
  }
  return value;
}

function nominalOption(options: Record<string, unknown>, name: string): number | undefined {
  const value = options[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !(value > 0)) throw new Error(`agora-rtm client option ${name} must be a positive number (nominal ms)`);
  return value;
}

async function invoke(client: RtmClient, method: string, args: unknown[]): Promise<unknown> {
  switch (method) {
    case 'login':
      return client.login(stringArg(method, args, 0, 'token'), stringArg(method, args, 1, 'userId'));
    case 'logout':
      return client.logout();
    case 'renewToken':
      return client.renewToken(stringArg(method, args, 0, 'token'));
    case 'joinChannel':
      return client.joinChannel(stringArg(method, args, 0, 'channelId'));
    case 'leaveChannel':
      return client.leaveChannel(stringArg(method, args, 0, 'channelId'));
    case 'setLocalUserAttributes':
      return client.setLocalUserAttributes(arg(args, 0, 'attributes'));
    case 'getUserAttributes':
      return client.getUserAttributes(stringArg(method, args, 0, 'userId'));
    case 'queryPeersOnlineStatus': {
      const listed = arg(args, 0, 'userIds');
      return client.queryPeersOnlineStatus(Array.isArray(listed) ? listed : args);
    }
    case 'getMembers':
      return client.getMembers(stringArg(method, args, 0, 'channelId'));
    case 'getConnectionState':
      return client.getConnectionState();
    default:
      throw new Error(`agora-rtm: unknown SDK method "${method}" (known: ${INVOKE_METHODS.join(', ')})`);
  }
}

export const host: FamilyHost = {
  async startServer(request) {
    const server = new RtmServer({ timeScale: request.timeScale });
    const signaling = await server.listen();
    return {
      environment: { upstreams: { signaling } },
      admin: (method, args) => runAdmin(server, method, args),
      stop: () => server.close(),
    };
  },

  async createClient(spec, emit): Promise<ClientHandle> {
    checkDialect(spec.dialect);
    const endpoint = spec.endpoints.signaling;
    if (!endpoint) throw new Error(`agora-rtm client ${spec.clientId}: no signaling endpoint in the spec`);
    const client = new RtmClient({
      endpoint,
      timeScale: typeof spec.timeScale === 'number' ? spec.timeScale : Number(spec.options.timeScale ?? 1),
      emit: (callback, payload) => emit(callbackName(spec.dialect, callback), payload),
      heartbeatIntervalMs: nominalOption(spec.options, 'heartbeatIntervalMs'),
      attemptTimeoutMs: nominalOption(spec.options, 'attemptTimeoutMs'),
    });
    return {
      invoke: (method, args) => invoke(client, method, args),
      // Linux / Windows C++ apps get no notice before the OS kills them: appWillTerminate stays undefined.
      destroy: async () => client.destroy(),
    };
  },
};
