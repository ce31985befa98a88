/**
 * Decoding of proxy request bodies, with Toxiproxy's defaults and its "bad request body" errors.
 * (Toxic bodies are decoded in toxic-collection.ts, as Toxiproxy does it in its ToxicCollection.)
 */
import { ErrBadRequestBody, joinError } from './errors';
import { decodeStruct, GoJsonError, jsonKind, parseGoJson, type GoField, type GoJsonValue } from './go-json';

export interface ProxyInput {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
}

const PROXY_FIELDS: readonly GoField[] = [
  { json: 'name', type: 'string' },
  { json: 'listen', type: 'string' },
  { json: 'upstream', type: 'string' },
  { json: 'enabled', type: 'bool' },
];

function parse(body: Buffer): GoJsonValue {
  try {
    return parseGoJson(body);
  } catch (err) {
    if (err instanceof GoJsonError) throw joinError(err.message, ErrBadRequestBody);
    throw err;
  }
}

/** Decode over `defaults` (create: enabled true; update: the proxy's current fields). */
export function decodeProxy(body: Buffer, defaults: ProxyInput): ProxyInput {
  const input: Record<string, unknown> = { ...defaults };
  const error = decodeStruct(parse(body), PROXY_FIELDS, input, { goType: 'toxiproxy.Proxy', structName: 'Proxy' });
  if (error) throw joinError(error, ErrBadRequestBody);
  return input as unknown as ProxyInput;
}

const POPULATE_ELEMENT = 'struct { toxiproxy.Proxy; Enabled *bool "json:\\"enabled\\"" }';

/** POST /populate: a JSON array of proxies; `enabled` omitted or null means true. */
export function decodePopulate(body: Buffer): ProxyInput[] {
  const parsed = parse(body);
  if (parsed === null) return [];
  if (!Array.isArray(parsed)) {
    throw joinError(`json: cannot unmarshal ${jsonKind(parsed)} into Go value of type []${POPULATE_ELEMENT}`, ErrBadRequestBody);
  }
  let firstError: string | null = null;
  const result = parsed.map((item) => {
    const fields: Record<string, unknown> = { name: '', listen: '', upstream: '', enabled: null };
    const error = decodeStruct(item, PROXY_FIELDS, fields, { goType: POPULATE_ELEMENT, structName: '' });
    if (error && firstError === null) firstError = error;
    return {
      name: fields.name as string,
      listen: fields.listen as string,
      upstream: fields.upstream as string,
      enabled: fields.enabled === null ? true : (fields.enabled as boolean),
    };
  });
  if (firstError !== null) throw joinError(firstError, ErrBadRequestBody);
  return result;
}
