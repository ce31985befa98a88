/**
 * Which reference-implementation mutant breaks which clause. Kept on the harness side: the reference
 * implementation names its mutants (reference-impl/<family>/mutants.ts) but knows nothing of clause ids.
 * Every clause in the catalogue needs at least one mutant here, and every mutant must be caught.
 */
export const CLAUSE_MUTANTS: Record<string, string[]> = {};
