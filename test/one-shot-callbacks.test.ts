/**
 * Issue 17 item 6: every callback the pages describe as the notification of one event is checked exactly
 * once, in at least one scenario of the clause that describes it, and a mutant that delivers it twice is
 * mapped to that clause (`npm run mutants -- --clauses ID` shows it caught). The table below is the audit:
 * which clause describes which one-shot callback. A step counts for a clause when it says "exactly once"
 * about that callback and judges that clause (its `# checks:` comment, else every clause of its scenario).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { IdGenerator } from '@cucumber/messages';
import { CLAUSE_MUTANTS } from '../mutants/clause-mutants';
import { stepAnnotations } from '../report/step-annotations';
import { doublingMutants } from '../reference-impl/driver/mutants';
import { clauseIdsOf } from '../support/catalogue/feature-scan';
import { allVocabularies } from '../support/catalogue/vocabulary';

/** Clause → the one-shot callbacks (canonical names) it describes. */
const ONE_SHOT: Record<string, string[]> = {
  'RTC-RECON-003': ['connectionLost'],
  'RTC-LEGACY-003': ['connectionLost'],
  'RTC-RECON-004': ['userOffline'],
  'RTC-LEAVE-001': ['userOffline'],
  'RTC-KILL-001': ['userOffline', 'peer-leave'],
  'RTC-KILL-002': ['userOffline'],
  'RTC-KILL-006': ['userOffline'],
  'RTC-KILL-009': ['userOffline', 'stream-removed'],
  'RTC-PEER-002': ['userJoined'],
  'RTC-LEGACY-004': ['userJoined', 'rejoinChannelSuccess'],
  'RTC-RECON-005': ['rejoinChannelSuccess'],
  'RTM-PRESENCE-003': ['memberLeft'],
  'RTM-PRESENCE-004': ['memberJoined'],
  'OV-SIG-001': ['session:reconnecting'],
  'OV-EVT-002': ['session:reconnected'],
  'OV-EVT-003': ['session:sessionDisconnected'],
  'OV-DISC-001': ['session:sessionDisconnected', 'publisher:streamDestroyed'],
  'OV-DISC-002': ['session:streamDestroyed', 'session:connectionDestroyed'],
  'OV-DISC-003': ['session:sessionDisconnected', 'session:connectionDestroyed'],
  'OV-MEDIA-001': ['session:exception'],
  'OV-MEDIA-002': ['session:exception'],
  // Beyond issue 17's list: the other notifications of one event the pages name.
  'RTC-LEGACY-001': ['connectionInterrupted'],
  'RTC-WEB-001': ['stream-added'],
  'RTC-WEB-002': ['stream-added'],
  'RTC-WEB-003': ['stream-removed'],
  'RTC-KILL-004': ['stream-removed'],
  'RTC-WEB-005': ['peer-leave'],
  'RTM-LOGIN-003': ['loginSuccess'],
  'RTM-LOGIN-004': ['loginFailure'],
  // onLogout after a logout while CONNECTED is the API's, not the page's (clause audit): the implementation clause.
  'RTM-IMPL-002': ['logout'],
  'RTM-TOKEN-001': ['tokenExpired'],
};

/** The reference SDK's own mutants that deliver a callback twice (the driver's are found by event name below). */
const SDK_DOUBLERS: Record<string, string[]> = {
  connectionLost: ['agora-rtc-lost-twice'],
  userOffline: ['agora-rtc-peer-offline-twice'],
  'stream-removed': ['agora-rtc-peer-offline-twice'],
  memberLeft: ['agora-rtm-member-events-twice'],
  memberJoined: ['agora-rtm-member-events-twice'],
  tokenExpired: ['agora-rtm-token-expired-repeated'],
  'session:reconnecting': ['openvidu-reconnecting-twice'],
  'session:reconnected': ['openvidu-reconnected-twice'],
  'session:exception': ['openvidu-exception-twice', 'openvidu-exception-one-stream'],
};

/** Every mutant that delivers the canonical callback twice: the SDK's, and the driver's that double one of its dialect names. */
function doublers(canonical: string): string[] {
  const names = allVocabularies().flatMap((v) => v.callbacks.filter((c) => c.canonical === canonical).flatMap((c) => Object.values(c.names)));
  return [...(SDK_DOUBLERS[canonical] ?? []), ...doublingMutants.filter((m) => m.events.some((e) => names.includes(e))).map((m) => m.name)];
}

const ONCE = /\breceives ([A-Za-z][\w-]*(?::[A-Za-z][\w-]*)?)(?:\([^)]*\))? exactly once\b/;

/** Clause → the callbacks some step checks exactly once for it. */
function onceChecks(): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.feature') ? [path.join(dir, e.name)] : []));
  const newId = IdGenerator.incrementing();
  for (const file of files(path.join(__dirname, '..', 'features'))) {
    const document = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher()).parse(fs.readFileSync(file, 'utf8'));
    const annotations = stepAnnotations(document);
    for (const pickle of compile(document, file, newId)) {
      const tags = clauseIdsOf(pickle.tags.map((t) => t.name));
      for (const step of pickle.steps) {
        const callback = ONCE.exec(step.text)?.[1];
        if (!callback) continue;
        const annotated = step.astNodeIds.flatMap((id) => annotations.get(id) ?? []);
        for (const clause of annotated.length > 0 ? annotated : tags) {
          (out.get(clause) ?? out.set(clause, new Set()).get(clause)!).add(callback);
        }
      }
    }
  }
  return out;
}

test('every one-shot callback has an exactly-once check in a scenario of the clause that describes it', () => {
  const checks = onceChecks();
  const missing = Object.entries(ONE_SHOT).flatMap(([clause, callbacks]) => callbacks.filter((cb) => !checks.get(clause)?.has(cb)).map((cb) => `${clause}: ${cb}`));
  assert.deepEqual(missing, []);
});

test('a mutant that delivers each one-shot callback twice is mapped to the clause that describes it', () => {
  const unmapped = Object.entries(ONE_SHOT).flatMap(([clause, callbacks]) =>
    callbacks.filter((cb) => !doublers(cb).some((m) => CLAUSE_MUTANTS[clause]?.includes(m))).map((cb) => `${clause}: ${cb} (one of ${doublers(cb).join(', ') || 'none: add one'})`),
  );
  assert.deepEqual(unmapped, []);
});
