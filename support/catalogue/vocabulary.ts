/**
 * Callback vocabulary: one canonical name per documented callback, its name in each dialect, and its
 * positional parameters (so a step can say `connectionStateChanged(RECONNECTING, INTERRUPTED)`).
 * Each family registers its table in support/schemas/callbacks/<family>.ts.
 */
import type { z } from 'zod';
import type { Dialect, ProfileId } from '../../contract/sdk-driver';
import { FAMILY_VOCABULARIES } from '../schemas/callbacks';

/** A documented enum: member name → numeric (or string) value, as the vendor publishes it. */
export type EnumTable = Readonly<Record<string, number | string>>;

export interface CallbackParam {
  field: string;
  /** When set, a step may name a member instead of a value. */
  enumeration?: EnumTable;
}

export interface CallbackDefinition {
  canonical: string;
  /** The callback's name per dialect; a dialect without an entry does not have this callback. */
  names: Partial<Record<Dialect, string>>;
  params: CallbackParam[];
  /** The payload, strict: an unknown or missing field fails the scenario with FL-C-SCHEMA. */
  payload: z.ZodType;
}

export interface FamilyVocabulary {
  profiles: ProfileId[];
  callbacks: CallbackDefinition[];
}

const families: readonly FamilyVocabulary[] = FAMILY_VOCABULARIES;

export function vocabularyFor(profile: ProfileId): FamilyVocabulary | undefined {
  return families.find((f) => f.profiles.includes(profile));
}

export function allVocabularies(): readonly FamilyVocabulary[] {
  return families;
}

/** The canonical definition behind a dialect callback name, if the profile knows it. */
export function definitionByDialectName(
  profile: ProfileId,
  dialect: Dialect,
  name: string,
): CallbackDefinition | undefined {
  return vocabularyFor(profile)?.callbacks.find((c) => c.names[dialect] === name);
}

export function definitionByCanonical(profile: ProfileId, canonical: string): CallbackDefinition | undefined {
  return vocabularyFor(profile)?.callbacks.find((c) => c.canonical === canonical);
}

export function enumName(table: EnumTable, value: unknown): string | undefined {
  return Object.entries(table).find(([, v]) => v === value)?.[0];
}
