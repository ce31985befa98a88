/**
 * Callbacks as failures print them: enum members by name with their value (`reason INTERRUPTED (5)`), other
 * fields as JSON; and what a wrong payload got wrong, field by field.
 */
import type { CallbackDefinition } from '../catalogue/vocabulary';
import { enumName } from '../catalogue/vocabulary';
import type { CallbackEntry } from '../timeline/event-log';
import type { ResolvedPattern } from './callback-pattern';

function fieldValue(definition: CallbackDefinition | undefined, field: string, value: unknown): string {
  const table = definition?.params.find((p) => p.field === field)?.enumeration;
  if (table) return `${enumName(table, value) ?? 'not a documented member'} (${JSON.stringify(value)})`;
  return JSON.stringify(value);
}

/** `onConnectionStateChanged(state RECONNECTING (4), reason INTERRUPTED (2))`. */
export function describeCallback(entry: CallbackEntry, definition?: CallbackDefinition): string {
  const fields = Object.entries(entry.payload).map(([k, v]) => `${k} ${fieldValue(definition, k, v)}`);
  return `${entry.name}(${fields.join(', ')})`;
}

/** `reason LOGIN_FAILURE (3), expected INTERRUPTED (5)` for each expected field the entry got wrong. */
export function describeMismatch(entry: CallbackEntry, pattern: ResolvedPattern): string {
  return pattern.expected
    .filter(({ field, value }) => entry.payload[field] !== value)
    .map(({ field, value }) => `${field} ${fieldValue(pattern.definition, field, entry.payload[field])}, expected ${fieldValue(pattern.definition, field, value)}`)
    .join('; ');
}

/** `connectionStateChanged(RECONNECTING (4), INTERRUPTED (2))`: what a pattern asks for. */
export function describePattern(pattern: ResolvedPattern): string {
  if (pattern.expected.length === 0) return pattern.dialectName;
  return `${pattern.dialectName}(${pattern.expected.map(({ field, value }) => `${field} ${fieldValue(pattern.definition, field, value)}`).join(', ')})`;
}
