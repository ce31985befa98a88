/**
 * JSON decoding that fails the way Go's `encoding/json` Decoder does, because Toxiproxy puts the decoder's
 * error text into its error bodies ("bad request body: invalid character 'x' looking for beginning of value").
 *
 * What is mirrored:
 * - Decoder.Decode reads ONE value and ignores whatever follows it;
 * - an empty body is "EOF", a body cut short is "unexpected EOF";
 * - syntax errors carry the scanner's wording and Go's quoting of the offending byte;
 * - numbers keep their literal so integer fields can reject "1.5" the way Go does;
 * - struct decoding matches keys case-insensitively, ignores unknown keys, skips nulls, and reports the
 *   FIRST type mismatch after decoding everything else (Go keeps going, then returns the first error).
 */

/** A JSON number, kept as written: Go decides per target type whether the literal fits. */
export class GoNumber {
  constructor(readonly literal: string) {}
}

/** A JSON object with its keys in document order (duplicates kept: Go applies them in order, last wins). */
export class GoObject {
  constructor(readonly entries: Array<[string, GoJsonValue]>) {}
}

export type GoJsonValue = null | boolean | string | GoNumber | GoObject | GoJsonValue[];

/** The decoder's error; `message` is exactly what Go's `err.Error()` would print. */
export class GoJsonError extends Error {}

/** Go's quoteChar: how the scanner names an offending byte. */
function quoteChar(byte: number): string {
  if (byte === 0x27) return "'\\''";
  if (byte === 0x22) return "'\"'";
  const named: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 0x5c: '\\\\' };
  if (named[byte] !== undefined) return `'${named[byte]}'`;
  if (byte < 0x20 || byte === 0x7f) return `'\\x${byte.toString(16).padStart(2, '0')}'`;
  // Go converts the byte to the rune U+00XX before quoting, so 0xC3 prints as 'Ã'.
  if (byte >= 0x80 && byte < 0xa0) return `'\\u00${byte.toString(16)}'`;
  return `'${String.fromCharCode(byte)}'`;
}

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
/** encoding/json's maxNestingDepth. */
const MAX_NESTING_DEPTH = 10000;

class Scanner {
  private pos = 0;
  constructor(private readonly bytes: Buffer) {}

  private fail(byte: number, context: string): never {
    throw new GoJsonError(`invalid character ${quoteChar(byte)} ${context}`);
  }

  private eof(): never {
    throw new GoJsonError('unexpected EOF');
  }

  private peek(): number | undefined {
    return this.bytes[this.pos];
  }

  private skipSpace(): number | undefined {
    while (this.pos < this.bytes.length && WHITESPACE.has(this.bytes[this.pos])) this.pos++;
    return this.peek();
  }

  /** The first value of the document; "EOF" when there is none at all. */
  top(): GoJsonValue {
    if (this.skipSpace() === undefined) throw new GoJsonError('EOF');
    return this.value();
  }

  /**
   * One value, containers included, without recursion: a body nested 10,000 levels deep must not exhaust
   * the stack. Go's scanner refuses the 10,001st open bracket with "exceeded max depth" (maxNestingDepth).
   */
  private value(): GoJsonValue {
    type Open = { items: GoJsonValue[] } | { entries: Array<[string, GoJsonValue]>; key: string };
    const open: Open[] = [];
    for (;;) {
      // Read one value start: a scalar, or a container opening (pushed, then its first member is read).
      let done: GoJsonValue | undefined;
      let hasValue = false;
      const c = this.skipSpace();
      if (c === undefined) this.eof();
      if (c === 0x7b || c === 0x5b) {
        if (open.length >= MAX_NESTING_DEPTH) this.fail(c, 'exceeded max depth');
        this.pos++;
        const close = c === 0x7b ? 0x7d : 0x5d;
        const next = this.skipSpace();
        if (next === undefined) this.eof();
        if (next === close) {
          this.pos++;
          done = c === 0x7b ? new GoObject([]) : [];
          hasValue = true;
        } else if (c === 0x7b) {
          open.push({ entries: [], key: this.objectKey() });
          continue;
        } else {
          open.push({ items: [] });
          continue;
        }
      } else {
        done = this.scalar(c);
        hasValue = true;
      }
      // Attach the finished value to its container; close containers as long as they end here.
      while (hasValue) {
        const top = open.at(-1);
        if (!top) return done!;
        if ('items' in top) top.items.push(done!);
        else top.entries.push([top.key, done!]);
        const after = this.skipSpace();
        if (after === undefined) this.eof();
        this.pos++;
        const isArray = 'items' in top;
        if (after === (isArray ? 0x5d : 0x7d)) {
          open.pop();
          done = isArray ? top.items : new GoObject(top.entries);
          continue;
        }
        if (after !== 0x2c) this.fail(after, isArray ? 'after array element' : 'after object key:value pair');
        if (!isArray) top.key = this.objectKey();
        hasValue = false;
      }
    }
  }

  /** `"key":` inside an object, leaving the position at the value. */
  private objectKey(): string {
    let c = this.skipSpace();
    if (c === undefined) this.eof();
    if (c !== 0x22) this.fail(c, 'looking for beginning of object key string');
    const key = this.string();
    c = this.skipSpace();
    if (c === undefined) this.eof();
    if (c !== 0x3a) this.fail(c, 'after object key');
    this.pos++;
    return key;
  }

  private scalar(c: number): GoJsonValue {
    if (c === 0x22) return this.string();
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    if (c === 0x74) return this.literal('true', true);
    if (c === 0x66) return this.literal('false', false);
    if (c === 0x6e) return this.literal('null', null);
    this.fail(c, 'looking for beginning of value');
  }

  private literal<T>(word: string, result: T): T {
    for (let i = 0; i < word.length; i++) {
      const c = this.bytes[this.pos + i];
      if (c === undefined) this.eof();
      if (c !== word.charCodeAt(i)) this.fail(c, `in literal ${word} (expecting '${word[i]}')`);
    }
    this.pos += word.length;
    return result;
  }

  private string(): string {
    const start = ++this.pos; // past the opening quote
    let simple = true;
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.eof();
      if (c === 0x22) break;
      if (c < 0x20) this.fail(c, 'in string literal');
      if (c === 0x5c) {
        simple = false;
        this.pos++;
        const e = this.peek();
        if (e === undefined) this.eof();
        if (e === 0x75) {
          for (let i = 1; i <= 4; i++) {
            const h = this.bytes[this.pos + i];
            if (h === undefined) this.eof();
            if (!/[0-9a-fA-F]/.test(String.fromCharCode(h))) this.fail(h, 'in \\u hexadecimal character escape');
          }
          this.pos += 4;
        } else if (!'"\\/bfnrt'.includes(String.fromCharCode(e))) {
          this.fail(e, 'in string escape code');
        }
      }
      this.pos++;
    }
    const raw = this.bytes.toString('utf8', start, this.pos);
    this.pos++; // closing quote
    // The escapes were validated above, so JSON.parse can do the unescaping.
    return simple ? raw : (JSON.parse(`"${raw}"`) as string);
  }

  private digits(): void {
    while (this.pos < this.bytes.length && this.bytes[this.pos] >= 0x30 && this.bytes[this.pos] <= 0x39) this.pos++;
  }

  private number(): GoNumber {
    const start = this.pos;
    if (this.peek() === 0x2d) {
      this.pos++;
      const c = this.peek();
      if (c === undefined) this.eof();
      if (c < 0x30 || c > 0x39) this.fail(c, 'in numeric literal');
    }
    if (this.peek() === 0x30) this.pos++;
    else this.digits();
    if (this.peek() === 0x2e) {
      this.pos++;
      const c = this.peek();
      if (c === undefined) this.eof();
      if (c < 0x30 || c > 0x39) this.fail(c, 'after decimal point in numeric literal');
      this.digits();
    }
    if (this.peek() === 0x65 || this.peek() === 0x45) {
      this.pos++;
      if (this.peek() === 0x2b || this.peek() === 0x2d) this.pos++;
      const c = this.peek();
      if (c === undefined) this.eof();
      if (c < 0x30 || c > 0x39) this.fail(c, 'in exponent of numeric literal');
      this.digits();
    }
    return new GoNumber(this.bytes.toString('latin1', start, this.pos));
  }
}

/** Decode the first JSON value of a request body, failing with Go's Decoder messages. */
export function parseGoJson(body: Buffer): GoJsonValue {
  return new Scanner(body).top();
}

/** The word Go uses for a JSON value's kind in "cannot unmarshal X into ...". */
export function jsonKind(value: GoJsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'string';
  if (value instanceof GoNumber) return 'number';
  if (value instanceof GoObject) return 'object';
  return 'array';
}

/** Go field types that Toxiproxy's request structs use. */
export type GoFieldType = 'string' | 'bool' | 'int' | 'int64' | 'float32';

/** A nested struct field (a toxic's `attributes`), decoded in place into `target`. */
export interface GoNestedStruct {
  /** Go type printed when the value is not an object, e.g. "toxics.LatencyToxic". */
  goType: string;
  /** Struct name printed for errors inside it, e.g. "LatencyToxic". */
  structName: string;
  fields: readonly GoField[];
  target: Record<string, unknown>;
}

export interface GoField {
  /** The key as tagged in Go (`json:"name"`). */
  json: string;
  type: GoFieldType | 'struct';
  /** Required when type is 'struct'. */
  nested?: GoNestedStruct;
}

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** Convert one value to a Go scalar type, or say why Go would refuse ("number 1.5", "string"). */
function convert(value: Exclude<GoJsonValue, null>, type: GoFieldType): { ok: true; value: string | boolean | number } | { ok: false; found: string } {
  switch (type) {
    case 'string':
      return typeof value === 'string' ? { ok: true, value } : { ok: false, found: jsonKind(value) };
    case 'bool':
      return typeof value === 'boolean' ? { ok: true, value } : { ok: false, found: jsonKind(value) };
    case 'int':
    case 'int64': {
      if (!(value instanceof GoNumber)) return { ok: false, found: jsonKind(value) };
      // strconv.ParseInt: plain integers only, and within 64 bits.
      if (!/^-?\d+$/.test(value.literal)) return { ok: false, found: `number ${value.literal}` };
      const big = BigInt(value.literal);
      if (big > INT64_MAX || big < INT64_MIN) return { ok: false, found: `number ${value.literal}` };
      return { ok: true, value: Number(big) };
    }
    case 'float32': {
      if (!(value instanceof GoNumber)) return { ok: false, found: jsonKind(value) };
      const n = Number(value.literal);
      // strconv.ParseFloat(s, 32) refuses values beyond float32's range.
      if (!Number.isFinite(Math.fround(n))) return { ok: false, found: `number ${value.literal}` };
      return { ok: true, value: n };
    }
  }
}

/** Go's key matching: an exact tag match wins, otherwise the first case-insensitive one. */
function findField(fields: readonly GoField[], key: string): GoField | undefined {
  return fields.find((f) => f.json === key) ?? fields.find((f) => f.json.toLowerCase() === key.toLowerCase());
}

export interface StructDecodeOptions {
  /** Go type name of the whole target, for "cannot unmarshal array into Go value of type <goType>". */
  goType: string;
  /** Struct name Go prints in field errors ("Go struct field <structName>.<path>"); "" for anonymous structs. */
  structName: string;
  /** Path of this struct from the top-level value, e.g. "attributes." for toxic attributes. */
  pathPrefix?: string;
}

/**
 * Decode an object into `target` like json.Unmarshal into a struct: matching keys overwrite, nulls and
 * unknown keys are skipped. Returns Go's message for the first mismatch (null when none); like Go, the
 * fields that did fit are still assigned.
 */
export function decodeStruct(
  value: GoJsonValue,
  fields: readonly GoField[],
  target: Record<string, unknown>,
  options: StructDecodeOptions,
): string | null {
  if (value === null) return null;
  if (!(value instanceof GoObject)) return `json: cannot unmarshal ${jsonKind(value)} into Go value of type ${options.goType}`;
  const prefix = options.pathPrefix ?? '';
  let first: string | null = null;
  for (const [key, item] of value.entries) {
    const field = findField(fields, key);
    if (!field || item === null) continue;
    let error: string | null = null;
    if (field.type === 'struct') {
      const nested = field.nested as GoNestedStruct;
      error =
        item instanceof GoObject
          ? decodeStruct(item, nested.fields, nested.target, {
              goType: nested.goType,
              structName: nested.structName,
              pathPrefix: `${prefix}${field.json}.`,
            })
          : `json: cannot unmarshal ${jsonKind(item)} into Go struct field ${options.structName}.${prefix}${field.json} of type ${nested.goType}`;
    } else {
      const converted = convert(item, field.type);
      if (converted.ok) target[field.json] = converted.value;
      else error = `json: cannot unmarshal ${converted.found} into Go struct field ${options.structName}.${prefix}${field.json} of type ${field.type}`;
    }
    if (error !== null && first === null) first = error;
  }
  return first;
}

/** Go's float32 formatting: the shortest decimal that reads back as the same float32. */
export function formatFloat32(n: number): number {
  const f = Math.fround(n);
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(f.toPrecision(digits));
    if (Math.fround(candidate) === f) return candidate;
  }
  return f;
}
