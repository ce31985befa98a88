/**
 * `connectionStateChanged(RECONNECTING, INTERRUPTED)`, `userOffline(1, DROPPED)`, `stream-removed`,
 * `session:exception(ICE_CONNECTION_FAILED, *)`: a canonical callback name with optional positional
 * arguments, matched against the recorded callbacks of a client in its own dialect.
 */
import type { Dialect, ProfileId } from '../../contract/sdk-driver';
import { HARNESS_CODES, HarnessError } from '../errors';
import { type CallbackDefinition, definitionByCanonical } from '../catalogue/vocabulary';
import type { CallbackEntry } from '../timeline/event-log';

export interface CallbackPattern {
  text: string;
  canonical: string;
  /** Raw positional arguments; `*` matches anything. */
  args: string[];
}

export const CALLBACK_PATTERN_REGEXP = /[A-Za-z][\w-]*(?::[A-Za-z][\w-]*)?(?:\([^)]*\))?/;

export function parseCallbackPattern(text: string): CallbackPattern {
  const m = /^([A-Za-z][\w-]*(?::[A-Za-z][\w-]*)?)(?:\(([^)]*)\))?$/.exec(text.trim());
  if (!m) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `not a callback pattern: "${text}"`);
  const args = m[2] === undefined || m[2].trim() === '' ? [] : m[2].split(',').map((a) => a.trim());
  return { text: text.trim(), canonical: m[1]!, args };
}

/** A pattern bound to one client's profile and dialect: knows the dialect name and the expected field values. */
export interface ResolvedPattern {
  text: string;
  definition: CallbackDefinition;
  dialectName: string;
  expected: Array<{ field: string; value: unknown }>;
  matches(entry: CallbackEntry): boolean;
}

function argValue(raw: string, definition: CallbackDefinition, index: number, uidOf: (label: string) => unknown): unknown {
  const param = definition.params[index];
  if (!param) {
    throw new HarnessError(
      HARNESS_CODES.STEP_PARAMETER,
      `${definition.canonical} takes ${definition.params.length} argument(s) (${definition.params.map((p) => p.field).join(', ')}), got "${raw}" at position ${index + 1}`,
    );
  }
  if (param.enumeration) {
    if (raw in param.enumeration) return param.enumeration[raw];
    throw new HarnessError(
      HARNESS_CODES.STEP_PARAMETER,
      `${definition.canonical}: "${raw}" is not a ${param.field}; known: ${Object.keys(param.enumeration).join(', ')}`,
    );
  }
  if (/^user\s+\S+$/.test(raw)) return uidOf(raw.replace(/^user\s+/, ''));
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (/^".*"$/.test(raw)) return raw.slice(1, -1);
  return raw;
}

export function resolvePattern(
  pattern: CallbackPattern,
  profile: ProfileId,
  dialect: Dialect,
  uidOf: (label: string) => unknown,
): ResolvedPattern {
  const definition = definitionByCanonical(profile, pattern.canonical);
  if (!definition) {
    throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `the ${profile} profile has no callback "${pattern.canonical}"`);
  }
  const dialectName = definition.names[dialect];
  if (!dialectName) {
    throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `${pattern.canonical} does not exist in the ${dialect} dialect`);
  }
  const expected = pattern.args.flatMap((raw, i) =>
    raw === '*' ? [] : [{ field: definition.params[i]?.field ?? `#${i}`, value: argValue(raw, definition, i, uidOf) }],
  );
  return {
    text: pattern.text,
    definition,
    dialectName,
    expected,
    matches: (entry) => entry.name === dialectName && expected.every(({ field, value }) => entry.payload[field] === value),
  };
}
