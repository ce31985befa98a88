/** "Did you mean": the known names closest to a typo, for command-line errors. */

/** Edit distance (insertions, deletions, substitutions), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[y.length]!;
}

/**
 * Up to `limit` known names within a third of the typo's length in edits (at least 2), closest first; when
 * none is that close, the names that start with the typo's first segment (`RTC-` for `RTC-NOPE-001`), and
 * failing that the closest names whatever their distance (a list to pick from beats no hint). `closeOnly`
 * stops after the first step (for short vocabularies such as option names, listed in full instead).
 */
export function nearestNames(typed: string, known: Iterable<string>, limit = 3, closeOnly = false): string[] {
  const names = [...new Set(known)];
  const threshold = Math.max(2, Math.floor(typed.length / 3));
  const byDistance = names
    .map((name) => ({ name, d: editDistance(typed, name) }))
    .sort((p, q) => p.d - q.d || p.name.localeCompare(q.name));
  const close = byDistance.filter((c) => c.d <= threshold);
  if (close.length > 0 || closeOnly) return close.slice(0, limit).map((c) => c.name);
  const head = typed.split(/[-_.:]/)[0]!.toLowerCase();
  const sameHead = head.length < 2 ? [] : names.filter((n) => n.toLowerCase().startsWith(head)).sort();
  return (sameHead.length > 0 ? sameHead : byDistance.map((c) => c.name)).slice(0, limit);
}

/** `unknown clause NOPE-001; nearest: RTC-RECON-001, ...` as one phrase. */
export function unknownNameMessage(what: string, typed: string, known: Iterable<string>): string {
  const near = nearestNames(typed, known);
  return `unknown ${what} '${typed}'${near.length > 0 ? `; nearest known: ${near.join(', ')}` : ''}`;
}
