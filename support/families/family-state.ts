/**
 * Per-scenario state of a family, held by the World: a family declares its state once (a key with a
 * factory), the World creates every declared state when the scenario begins and drops it when it ends.
 * No module-level maps: what a scenario remembers is on its World and nowhere else.
 */
export interface FamilyStateKey<T> {
  readonly family: string;
  create(): T;
}

const declared: Array<FamilyStateKey<unknown>> = [];

/** Declare a family's scenario state (at module load). */
export function familyState<T>(family: string, create: () => T): FamilyStateKey<T> {
  const key: FamilyStateKey<T> = { family, create };
  declared.push(key as FamilyStateKey<unknown>);
  return key;
}

/** The states of one scenario, created together in Before and dropped together in After. */
export class FamilyStates {
  private readonly states = new Map<FamilyStateKey<unknown>, unknown>(declared.map((k) => [k, k.create()]));

  get<T>(key: FamilyStateKey<T>): T {
    if (!this.states.has(key as FamilyStateKey<unknown>)) this.states.set(key as FamilyStateKey<unknown>, key.create());
    return this.states.get(key as FamilyStateKey<unknown>) as T;
  }

  clear(): void {
    this.states.clear();
  }
}
