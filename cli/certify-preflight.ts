/**
 * Before certify runs anything it compares the driver's `hello` with the selection and says, one line per
 * reason, what cannot be judged and why ("this driver cannot scale time: run with --scale 1 (about N
 * minutes)"). When nothing can be judged the run stops there (exit 2).
 */
import parseTagExpression from '@cucumber/tag-expressions';
import type { DriverHello } from '../contract/sdk-driver';
import { clauseById } from '../support/catalogue/catalogue';
import { clauseIdsOf } from '../support/catalogue/feature-scan';
import { OPERATION_TAGS, unclaimedOperation } from '../support/operation-tags';
import type { KnownScenario } from '../report/summary';

const FAMILY_TAGS = ['agora-rtc-legacy', 'agora-rtc', 'agora-web', 'agora-rtm', 'openvidu'] as const;

export interface Preflight {
  selected: KnownScenario[];
  /** Scenarios the driver can run: claimed profile, and every capability they need. */
  judgeable: KnownScenario[];
  lines: string[];
}

function profileOf(s: KnownScenario): string | undefined {
  return FAMILY_TAGS.find((f) => s.tags.includes(`@${f}`));
}

/** Real time a scenario needs at scale 1, roughly: its longest documented time, half again, and set-up. */
function realTimeMs(s: KnownScenario): number {
  const nominal = Math.max(0, ...clauseIdsOf(s.tags).map((id) => clauseById(id)?.nominalMs ?? 0));
  return nominal * 1.5 + 5000;
}

export function preflight(hello: DriverHello, scenarios: readonly KnownScenario[], tags: string | undefined, scale: number): Preflight {
  const matches = tags ? parseTagExpression(tags) : undefined;
  const selected = scenarios.filter((s) => !matches || matches.evaluate(s.tags));
  const claimed = selected.filter((s) => {
    const profile = profileOf(s);
    return profile === undefined || hello.profiles.some((p) => p.profile === profile);
  });
  const lines: string[] = [];
  const unclaimed = selected.length - claimed.length;
  if (unclaimed > 0) lines.push(`${unclaimed} selected scenario(s) are for profiles this driver does not claim: not applicable`);
  let judgeable = claimed;
  if (!hello.capabilities.admin && judgeable.length > 0) {
    lines.push(`this driver has no admin capability (tokens, server inspection): none of the ${judgeable.length} scenario(s) can be judged`);
    judgeable = [];
  }
  if (!hello.capabilities.timeScale && scale !== 1 && judgeable.length > 0) {
    const minutes = Math.max(1, Math.round(judgeable.reduce((sum, s) => sum + realTimeMs(s), 0) / 60_000));
    lines.push(`this driver cannot scale time: run with --scale 1 (about ${minutes} minutes)`);
    judgeable = [];
  }
  if (!hello.capabilities.processKill) {
    const kill = judgeable.filter((s) => s.tags.includes('@process-kill'));
    if (kill.length > 0) {
      lines.push(`this driver cannot kill a client process: ${kill.length} scenario(s) cannot be judged; leave them out with --tags "not @process-kill"`);
      judgeable = judgeable.filter((s) => !kill.includes(s));
    }
  }
  const noOperation = judgeable.filter((s) => unclaimedOperation(s.tags, hello) !== undefined);
  if (noOperation.length > 0) {
    const needs = [...new Set(noOperation.flatMap((s) => s.tags.filter((t) => OPERATION_TAGS[t]).map((t) => `capabilities.${OPERATION_TAGS[t]!.capability}`)))];
    lines.push(`${noOperation.length} scenario(s) need an operation this driver does not claim (${needs.join(', ')}): not applicable`);
    judgeable = judgeable.filter((s) => !noOperation.includes(s));
  }
  const declined = judgeable.filter((s) => clauseIdsOf(s.tags).some((id) => hello.unsupportedClauses?.includes(id)));
  if (declined.length > 0) lines.push(`${declined.length} scenario(s) are for clauses the driver declares unsupported: not applicable`);
  return { selected, judgeable: judgeable.filter((s) => !declined.includes(s)), lines };
}
