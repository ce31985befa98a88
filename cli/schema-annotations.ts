/**
 * What the exported JSON Schemas say beyond zod's shapes, so a driver author in another language reads them
 * alone: each enum value's member name (`title`, and `description` "INTERRUPTED (5)"), and each callback's
 * sentences from the seed pages (`description`, and `x-faultline-page-sentences` with clause id and seed).
 */
import type { Clause } from '../support/catalogue/clause';
import type { CallbackDefinition, EnumTable } from '../support/catalogue/vocabulary';

type JsonSchema = Record<string, unknown>;

export interface PageSentence {
  clause: string;
  seed: string;
  quote: string;
}

/** Names every `const` of an enum parameter, in place: `{ const: 5, title: 'INTERRUPTED', description: 'INTERRUPTED (5)' }`. */
export function nameEnumValues(schema: JsonSchema, definition: CallbackDefinition): JsonSchema {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  for (const param of definition.params) {
    if (!param.enumeration || !properties[param.field]) continue;
    const property = properties[param.field]!;
    const alternatives = Array.isArray(property.anyOf) ? (property.anyOf as JsonSchema[]) : [property];
    for (const alternative of alternatives) {
      if (Array.isArray(alternative.enum)) {
        // z.enum of strings: one alternative per value, so each can carry its name.
        const values = alternative.enum as Array<string | number>;
        delete alternative.enum;
        alternative.anyOf = values.map((v) => namedConst(param.enumeration!, v));
      } else if ('const' in alternative) Object.assign(alternative, namedConst(param.enumeration, alternative.const as string | number));
    }
    property.description ??= `one of ${Object.entries(param.enumeration).map(([n, v]) => `${n} (${JSON.stringify(v)})`).join(', ')}`;
  }
  return schema;
}

function namedConst(table: EnumTable, value: string | number): JsonSchema {
  const name = Object.entries(table).find(([, v]) => v === value)?.[0];
  return { const: value, ...(name ? { title: name, description: `${name} (${JSON.stringify(value)})` } : {}) };
}

/**
 * The seed sentences that name a callback: its dialect name as written (`onConnectionStateChanged`), or for
 * an `object:event` name the event in backticks or as a link (`` `reconnecting` ``, `[streamDestroyed](...)`).
 * `catalogue` should hold the family's clauses only.
 */
export function pageSentencesFor(dialectName: string, catalogue: readonly Clause[]): PageSentence[] {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const patterns = [new RegExp(`(?<![\\w-])${escape(dialectName)}(?![\\w-])`)];
  const event = dialectName.split(':').pop()!;
  if (event !== dialectName) patterns.push(new RegExp(`[\`[]${escape(event)}[\`\\]]`));
  const seen = new Set<string>();
  const found: PageSentence[] = [];
  for (const clause of catalogue) {
    for (const source of clause.sources) {
      if (seen.has(source.quote) || !patterns.some((p) => p.test(source.quote))) continue;
      seen.add(source.quote);
      found.push({ clause: clause.id, seed: source.seed, quote: source.quote });
    }
  }
  return found;
}

/** A callback payload's schema with its title, page sentences and named enum values. */
export function callbackSchema(
  base: JsonSchema,
  definition: CallbackDefinition,
  dialectName: string,
  where: string,
  catalogue: readonly Clause[],
): JsonSchema {
  const sentences = pageSentencesFor(dialectName, catalogue);
  const description =
    sentences.length > 0
      ? `What the pages say:\n${sentences.map((s) => `- "${s.quote}" (${s.clause}, seed ${s.seed})`).join('\n')}`
      : `No sentence of the seed pages names ${dialectName}; the scenarios use it as documented by the SDK's API reference.`;
  return {
    title: `${dialectName} (${definition.canonical}) payload, ${where}`,
    description,
    'x-faultline-page-sentences': sentences,
    ...nameEnumValues(base, definition),
  };
}
