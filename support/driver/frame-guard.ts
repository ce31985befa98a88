/**
 * The one guard every frame from a driver passes through before the harness believes it: binary frames,
 * size, UTF-8, nesting depth (counted on the raw text, without recursion, before JSON.parse), JSON, then the
 * protocol's zod schema. It never throws and never recurses over driver data; every text it builds about a
 * bad frame comes from `excerpt`, which is bounded. A frame a driver once sent as a 10,000-deep array made
 * `JSON.stringify` throw inside the socket's message handler and wedged the whole run; that cannot happen
 * here because nothing the driver sent is ever stringified.
 */
import { z } from 'zod';
import { driverMessage, type DriverMessage } from '../../contract/driver-protocol';

export interface FrameLimits {
  /** Largest frame accepted, in bytes (FAULTLINE_MAX_MESSAGE_BYTES). */
  maxMessageBytes: number;
  /** Deepest nesting of arrays and objects accepted; the protocol itself needs a handful of levels. */
  maxDepth: number;
}

export const DEFAULT_MAX_DEPTH = 64;

export type GuardedFrame =
  | { ok: true; message: DriverMessage }
  /**
   * `id`: the request the frame seems to answer, and `claims`: the message type it says it is, both read from
   * the frame when they can be (even from broken JSON), so the request it answered can fail at once.
   */
  | { ok: false; reason: string; id?: number; claims?: string };

const EXCERPT_CHARS = 160;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** At most `max` characters of `text`, on one line, saying how much was left out. Cannot throw. */
export function excerpt(text: string, max = EXCERPT_CHARS): string {
  return clip(text, max).replace(/[\u0000-\u001f\u007f]/g, ' ');
}

/** At most `max` characters of `text` (line breaks kept), saying how much was left out. */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

/** Deepest bracket nesting in JSON text, strings skipped; stops counting once past `limit`. Iterative. */
export function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/** What a refused frame says about itself: its request id and message type, read from the JSON or the raw text. */
function identify(json: unknown, text: string): { id?: number; claims?: string } {
  if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
    const { id, type } = json as { id?: unknown; type?: unknown };
    return { id: typeof id === 'number' && Number.isSafeInteger(id) ? id : undefined, claims: typeof type === 'string' ? excerpt(type, 40) : undefined };
  }
  const head = text.slice(0, 4096);
  const id = /"id"\s*:\s*(\d{1,15})\s*[,}]/.exec(head);
  const type = /"type"\s*:\s*"(\w{1,40})"/.exec(head);
  return { id: id ? Number(id[1]) : undefined, claims: type?.[1] };
}

function prettyZodError(error: z.ZodError): string {
  try {
    return clip(z.prettifyError(error), 600);
  } catch {
    return `${error.issues.length} schema issue(s)`;
  }
}

export function guardFrame(data: Buffer, isBinary: boolean, limits: FrameLimits): GuardedFrame {
  try {
    if (data.length > limits.maxMessageBytes) {
      const head = new TextDecoder('utf-8').decode(data.subarray(0, 4096));
      return { ok: false, reason: `a frame of ${data.length} bytes exceeds FAULTLINE_MAX_MESSAGE_BYTES=${limits.maxMessageBytes}; dropped unread: ${excerpt(head)}`, ...identify(undefined, head) };
    }
    let text: string;
    try {
      text = utf8.decode(data);
    } catch {
      return { ok: false, reason: `a ${isBinary ? 'binary' : 'text'} frame of ${data.length} bytes that is not UTF-8 text; the protocol is JSON text` };
    }
    if (isBinary) {
      return { ok: false, reason: `a binary frame (the protocol is JSON text frames): ${excerpt(text)}`, ...identify(undefined, text) };
    }
    const depth = nestingDepth(text, limits.maxDepth);
    if (depth > limits.maxDepth) {
      return { ok: false, reason: `a frame nested deeper than ${limits.maxDepth} levels; dropped unparsed: ${excerpt(text)}`, ...identify(undefined, text) };
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      return { ok: false, reason: `a frame that is not JSON (${excerpt(err instanceof Error ? err.message : String(err), 80)}): ${excerpt(text)}`, ...identify(undefined, text) };
    }
    const parsed = driverMessage.safeParse(json);
    if (!parsed.success) {
      return { ok: false, reason: `a malformed message ${excerpt(text)}:\n${prettyZodError(parsed.error)}`, ...identify(json, text) };
    }
    return { ok: true, message: parsed.data };
  } catch (err) {
    // Nothing above should throw; if something does, the frame is still only a bad frame.
    return { ok: false, reason: `a frame the guard could not read (${err instanceof Error ? excerpt(err.message, 80) : 'unknown error'})` };
  }
}
