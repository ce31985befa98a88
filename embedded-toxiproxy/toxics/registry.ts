/** Toxic types by name. Each toxic module registers itself on import (see ./index.ts). */
import type { ToxicDefinition } from './toxic';

const registry = new Map<string, ToxicDefinition>();

export function registerToxic(definition: ToxicDefinition): void {
  registry.set(definition.type, definition);
}

export function toxicDefinition(type: string): ToxicDefinition | undefined {
  return registry.get(type);
}
