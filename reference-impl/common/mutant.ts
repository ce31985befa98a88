/**
 * Mutants of the reference implementation (issue: every clause can fail). A mutant is chosen by
 * configuration, never by editing code: FAULTLINE_MUTANT=<name>[,<name>...] in the environment of the
 * process hosting the server or the SDK. Each family lists its mutants in reference-impl/<family>/mutants.ts.
 */
export function mutantActive(name: string): boolean {
  const selected = process.env.FAULTLINE_MUTANT;
  if (!selected) return false;
  return selected.split(',').map((s) => s.trim()).includes(name);
}
