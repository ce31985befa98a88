/**
 * JSON-RPC 2.0 messages as kurento-jsonrpc frames them: numeric ids, `params` left out when empty
 * (kurento-jsonrpc/packers/JsonRPC.js pack()), and on the server side the JSON-RPC session id injected into
 * every successful result (Kurento JsonUtils.toJsonMessage(): a non-object result is wrapped as
 * `{value, sessionId}`). openvidu-browser reads its `rpcSessionId` from joinRoom's `result.sessionId`.
 */

export interface RpcErrorBody {
  code: number;
  message: string;
  data?: unknown;
}

export type RpcMessage =
  | { kind: 'request'; id: number; method: string; params: Record<string, unknown> }
  | { kind: 'notification'; method: string; params: Record<string, unknown> }
  | { kind: 'result'; id: number; result: unknown }
  | { kind: 'error'; id: number | null; error: RpcErrorBody };

function asParams(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Parses one WebSocket text frame; `undefined` when it is not a JSON-RPC 2.0 message. */
export function parseRpcMessage(text: string): RpcMessage | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const msg = raw as Record<string, unknown>;
  if (msg.jsonrpc !== '2.0') return undefined;
  const id = typeof msg.id === 'number' ? msg.id : undefined;
  if (typeof msg.method === 'string') {
    if (id === undefined) return { kind: 'notification', method: msg.method, params: asParams(msg.params) };
    return { kind: 'request', id, method: msg.method, params: asParams(msg.params) };
  }
  if ('error' in msg && msg.error !== null && typeof msg.error === 'object') {
    const e = msg.error as Record<string, unknown>;
    return {
      kind: 'error',
      id: id ?? null,
      error: { code: typeof e.code === 'number' ? e.code : 0, message: String(e.message ?? ''), data: e.data },
    };
  }
  if (id !== undefined && 'result' in msg) return { kind: 'result', id, result: msg.result };
  return undefined;
}

export function encodeRequest(id: number, method: string, params: Record<string, unknown> | null | undefined): string {
  const message: Record<string, unknown> = { jsonrpc: '2.0', method };
  if (params) message.params = params;
  message.id = id;
  return JSON.stringify(message);
}

export function encodeNotification(method: string, params: Record<string, unknown>): string {
  return JSON.stringify({ jsonrpc: '2.0', method, params });
}

/** A successful response with Kurento's session id injection. */
export function encodeResult(id: number, result: unknown, sessionId: string | undefined): string {
  let body: unknown = result;
  if (sessionId !== undefined) {
    const object =
      result !== null && typeof result === 'object' && !Array.isArray(result) ? { ...(result as object) } : { value: result };
    body = { ...object, sessionId };
  }
  return JSON.stringify({ id, result: body, jsonrpc: '2.0' });
}

export function encodeError(id: number | null, error: RpcErrorBody): string {
  return JSON.stringify({ id, error, jsonrpc: '2.0' });
}

/** An error a request handler throws to answer with a JSON-RPC error. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}
