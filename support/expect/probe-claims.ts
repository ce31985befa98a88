/**
 * "Never receives probe:…" passes on a driver that emits no probes: a check that cannot fail. The probes a
 * scenario's steps look for, less those the driver's hello claims (`probes`), make it not applicable
 * (support/probe-claims.ts skips it, saying which probe).
 */
const PROBE = /\bprobe:[A-Za-z]+/g;

export function unclaimedProbes(stepTexts: readonly string[], claimed: readonly string[] | undefined): string[] {
  const wanted = new Set(stepTexts.flatMap((t) => t.match(PROBE) ?? []));
  return [...wanted].filter((p) => !(claimed ?? []).includes(p));
}
