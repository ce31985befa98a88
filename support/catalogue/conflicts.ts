/**
 * Where the seed pages disagree. Each conflict quotes both sides verbatim (seed file and sentence), says
 * which reading the harness takes by default and how to choose the other. `npx faultline conflicts
 * [--json]` lists them, `faultline clauses --json` names them per clause, and a failure whose text
 * mentions a conflict's other reading names the conflict in its verdict (report/summary.ts).
 */
import { type ClauseSource, SEEDS } from './clause';

export interface Conflict {
  id: string;
  title: string;
  clauses: string[];
  /** The reading the harness takes by default, with its quote. */
  chosen: ClauseSource & { reading: string };
  /** The other reading, with its quote. */
  other: ClauseSource & { reading: string };
  /** How to have the other reading judged instead. */
  howToChoose: string;
  /** Callback names or values that only the other reading uses: a failure mentioning one names this conflict. */
  otherNames: string[];
}

export const CONFLICTS: readonly Conflict[] = [
  {
    id: 'RTC-CONFLICT-001',
    title: 'before v2.3.2: onConnectionLost after 10 s (seed 001) or 15 s (seed 000)',
    clauses: ['RTC-LEGACY-003'],
    chosen: {
      seed: SEEDS.rtcReconnection2019,
      quote: 'T5 = T3 + 15 s: If the app of UID 1 fails to receive any data from the server in 15 seconds, it receives the `onConnectionLost`/`rtcEngineConnectionDidLost` callback; meanwhile the SDK continue to try rejoining the channel.',
      reading: '15 s: seed 000 is the page written for the pre-2.3.2 diagram (its "Before v2.3.2" section). Seed 002 also says 15 s, but for v2.3.2 and later only: it is not a second witness for the legacy SDK.',
    },
    other: {
      seed: SEEDS.rtcFaq,
      quote: 'If User A does not reconnect to a server within 10 seconds:',
      reading: '10 s: seed 001, a cross-platform FAQ covering every version.',
    },
    howToChoose: 'FAULTLINE_LEGACY_LOST_SECONDS=10 (default 15); the choice is printed in every run of RTC-LEGACY-003.',
    otherNames: [],
  },
  {
    id: 'RTC-CONFLICT-002',
    title: 'the rejoin callback on Android, Windows and Linux: onRejoinChannelSuccess (seed 000) or didRejoinChannel (seed 001)',
    clauses: ['RTC-RECON-005', 'RTC-LEGACY-004'],
    chosen: {
      seed: SEEDS.rtcReconnection2019,
      quote: 'T7: If the app of UID 1 successfully rejoins the channel, it receives the `onRejoinChannelSuccess`/`didRejoinChannel` callback.',
      reading: 'onRejoinChannelSuccess for the native-android dialect, didRejoinChannel for native-ios: seed 000 pairs every Android name with its iOS name this way.',
    },
    other: {
      seed: SEEDS.rtcFaq,
      quote: 'Android, Windows, or Linux: User A receives the `didRejoinChannel` callback.',
      reading: 'didRejoinChannel on Android too: seed 001 gives the iOS name for both platforms, most likely a copy of the line below it.',
    },
    howToChoose: 'A driver whose Android SDK reports didRejoinChannel maps it to rejoinChannelSuccess (docs/DRIVER_PROTOCOL.md: the driver names callbacks in its dialect); the harness judges the event, and a name mismatch fails naming this conflict.',
    otherNames: ['didRejoinChannel'],
  },
  {
    id: 'RTC-CONFLICT-003',
    title: 'the connection-state callback was added in v2.3.2 (seed 000) or v2.3.0 (seed 002)',
    clauses: ['RTC-LEGACY-002'],
    chosen: {
      seed: SEEDS.rtcReconnection2019,
      quote: 'callback in v2.3.2. This callback reports the current network connection state and reasons to any state change.',
      reading: 'v2.3.2: the agora-rtc-legacy profile (no connection-state callback, RTC-LEGACY-002) is every SDK before v2.3.2, as seed 000 and seed 002\'s own later sentence ("earlier than v2.3.2") draw the line.',
    },
    other: {
      seed: SEEDS.rtcChannelConnectionIos,
      quote: 'To help you get the connection state of each user in the channel, the Agora Native SDK added the `connectionChangedToState` callback in v2.3.0.',
      reading: 'v2.3.0: SDKs v2.3.0 and v2.3.1 already have the callback.',
    },
    howToChoose: 'A driver for an SDK v2.3.0 or v2.3.1 that has the callback claims the agora-rtc profile, not agora-rtc-legacy, in its hello; RTC-LEGACY-002 is then not applicable to it.',
    otherNames: [],
  },
  {
    id: 'RTC-CONFLICT-004',
    title: 'the iOS connection-state callback: connectionChangedToState, or connectionStateChangedToState (seed 000, once)',
    clauses: ['RTC-JOIN-001', 'RTC-JOIN-002', 'RTC-RECON-001', 'RTC-RECON-006', 'RTC-LEGACY-002'],
    chosen: {
      seed: SEEDS.rtcChannelConnectionIos,
      quote: 'To help you get the connection state of each user in the channel, the Agora Native SDK added the `connectionChangedToState` callback in v2.3.0.',
      reading: 'connectionChangedToState: every diagram of seeds 000 and 002 uses it, and the link seed 000 puts on the misspelt name points to rtcEngine:connectionChangedToState:reason:.',
    },
    other: {
      seed: SEEDS.rtcReconnection2019,
      quote: '[`connectionStateChangedToState`]',
      reading: 'connectionStateChangedToState: the text of seed 000\'s introduction, read literally.',
    },
    howToChoose: 'No option: the misspelling is taken as a typo. A driver reporting connectionStateChangedToState fails RTC-JOIN-001 with a verdict that names this conflict.',
    otherNames: ['connectionStateChangedToState'],
  },
  {
    id: 'RTC-CONFLICT-005',
    title: 'the iOS peer-joined callback: didJoinedOfUid, or didJoinOfUid (seed 000, T8)',
    clauses: ['RTC-LEGACY-004', 'RTC-PEER-002', 'RTC-JOIN-004'],
    chosen: {
      seed: SEEDS.rtcReconnection2019,
      quote: 'T2 ≈ T1 + 100 ms: Due to network latency, the app of UID 2 detects UID 1 100 ms after the latter joins the channel. UID 2 receives the `onUserJoined`/`didJoinedOfUid` callback.',
      reading: 'didJoinedOfUid: T2 of both diagrams and seed 002 spell it so.',
    },
    other: {
      seed: SEEDS.rtcReconnection2019,
      quote: 'the app of UID 2 receives the `onUserJoined`/`didJoinOfUid callback`, which means that UID 1 is online again.',
      reading: 'didJoinOfUid: T8 of the pre-2.3.2 diagram, read literally.',
    },
    howToChoose: 'No option: the misspelling is taken as a typo. A driver reporting didJoinOfUid fails with a verdict that names this conflict.',
    otherNames: ['didJoinOfUid'],
  },
  // Found by the clause audit (docs/CLAUSE_AUDIT.md).
  {
    id: 'RTC-CONFLICT-006',
    title: 'v2.3.2 and later: onConnectionLost after 15 s (seeds 000 and 002) or 10 s (seed 001, every version)',
    clauses: ['RTC-RECON-003'],
    chosen: {
      seed: SEEDS.rtcChannelConnectionIos,
      quote: 'T5 : If UID 1 fails to receive any data from the server in 15 seconds, UID 1 receives the `rtcEngineConnectionDidLost` callback; meanwhile the SDK continue to try rejoining the channel.',
      reading: '15 s: the two pages that describe v2.3.2 and later (seed 000\'s "v2.3.2 and Later" section and seed 002, the newer page) agree.',
    },
    other: {
      seed: SEEDS.rtcFaq,
      quote: 'If User A does not reconnect to a server within 10 seconds:',
      reading: '10 s: seed 001 is an FAQ for "All Platforms" that names no version, so it would hold for v2.3.2 and later too.',
    },
    howToChoose: 'No option for the agora-rtc profile: two pages against one. An SDK that reports onConnectionLost at 10 s fails RTC-RECON-003 as early, and the clause\'s verdict lists this conflict. (Before v2.3.2 the same disagreement is RTC-CONFLICT-001, with an option.)',
    otherNames: [],
  },
  {
    id: 'RTC-CONFLICT-007',
    title: 'a Web peer\'s stream-removed: when it stops hearing from the user (seed 001) or "from the app of UID 2", itself (seed 000)',
    clauses: ['RTC-WEB-003'],
    chosen: {
      seed: SEEDS.rtcFaq,
      quote: "The Web: If user B does not receive any packet from user A within 10 seconds, user B receives the `client.on('stream-removed')` callback.",
      reading: 'From the user: the Web peer (user B, or UID 2) removes the stream of the user it stops hearing from (user A, or UID 1), as the sentence\'s subject and seed 001 say.',
    },
    other: {
      seed: SEEDS.rtcReconnection2019,
      quote: "It receives the `client.on('stream-removed')` callback if it fails to receive any data from the app of UID 2 in 10 seconds.",
      reading: 'From UID 2, read literally: but UID 2 is the Web app itself, which cannot stop hearing from itself.',
    },
    howToChoose: 'No option: "UID 2" is taken as a slip for UID 1. The 10 s are the same on both pages.',
    otherNames: [],
  },
];

export function conflictsOf(clauseId: string): Conflict[] {
  return CONFLICTS.filter((c) => c.clauses.includes(clauseId));
}

/** The conflicts whose other reading a failure text mentions. */
export function conflictsNamedBy(text: string, clauseId: string): Conflict[] {
  return conflictsOf(clauseId).filter((c) => c.otherNames.some((n) => new RegExp(`\\b${n}\\b`).test(text)));
}
