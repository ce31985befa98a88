/**
 * Identifiers shaped like openvidu-server's (IdentifierPrefixes.java: `con_` connection ids, `str_` stream
 * ids ending with the owner's connection id, `tok_` tokens) so logs read like OpenVidu's.
 */
import { randomBytes, randomInt } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function alphanumeric(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return out;
}

export function newConnectionId(): string {
  return `con_${alphanumeric(10)}`;
}

/** RpcHandler.parseSenderPublicIdFromStreamId() reads the connection id back from the `_con_` suffix. */
export function newStreamId(connectionId: string): string {
  return `str_CAM_${alphanumeric(4)}_${connectionId}`;
}

/** Kurento SecretGenerator: the JSON-RPC session id a client names in `connect`. */
export function newRpcSessionId(): string {
  return randomBytes(16).toString('hex');
}
