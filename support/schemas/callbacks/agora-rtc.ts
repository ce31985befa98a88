/**
 * Agora RTC callbacks (seeds 000, 001, 002): native v2.3.2+, native before v2.3.2, and the Web peer.
 *
 * Enum values are Agora's public ones (docs/SOURCES.md cites where they were read):
 * CONNECTION_STATE_TYPE, CONNECTION_CHANGED_REASON_TYPE and USER_OFFLINE_REASON_TYPE in IAgoraRtcEngine.h
 * (iOS/macOS: AgoraConnectionStateType, AgoraConnectionChangedReason, AgoraUserOfflineReason).
 */
import { z } from 'zod';
import type { CallbackDefinition, FamilyVocabulary } from '../../catalogue/vocabulary';

export const RTC_CONNECTION_STATE = {
  DISCONNECTED: 1,
  CONNECTING: 2,
  CONNECTED: 3,
  RECONNECTING: 4,
  FAILED: 5,
} as const;

export const RTC_CONNECTION_CHANGED_REASON = {
  CONNECTING: 0,
  JOIN_SUCCESS: 1,
  INTERRUPTED: 2,
  BANNED_BY_SERVER: 3,
  JOIN_FAILED: 4,
  LEAVE_CHANNEL: 5,
  INVALID_APP_ID: 6,
  INVALID_CHANNEL_NAME: 7,
  INVALID_TOKEN: 8,
  TOKEN_EXPIRED: 9,
  REJECTED_BY_SERVER: 10,
  SETTING_PROXY_SERVER: 11,
  RENEW_TOKEN: 12,
  CLIENT_IP_ADDRESS_CHANGED: 13,
  KEEP_ALIVE_TIMEOUT: 14,
} as const;

export const RTC_USER_OFFLINE_REASON = {
  QUIT: 0,
  DROPPED: 1,
  BECOME_AUDIENCE: 2,
} as const;

/** Agora Web SDK `peer-leave` reasons. */
export const WEB_PEER_LEAVE_REASON = {
  Quit: 'Quit',
  ServerTimeOut: 'ServerTimeOut',
  BecomeAudience: 'BecomeAudience',
} as const;

function valuesOf<T extends Record<string, number | string>>(table: T) {
  return Object.values(table) as [T[keyof T], ...Array<T[keyof T]>];
}

const state = z.union(valuesOf(RTC_CONNECTION_STATE).map((v) => z.literal(v)));
const reason = z.union(valuesOf(RTC_CONNECTION_CHANGED_REASON).map((v) => z.literal(v)));
const offlineReason = z.union(valuesOf(RTC_USER_OFFLINE_REASON).map((v) => z.literal(v)));
const uid = z.number().int().nonnegative();
const elapsed = z.number().int().nonnegative();
const empty = z.strictObject({});
const joined = z.strictObject({ channel: z.string().min(1), uid, elapsed });

const callbacks: CallbackDefinition[] = [
  {
    canonical: 'connectionStateChanged',
    names: { 'native-android': 'onConnectionStateChanged', 'native-ios': 'connectionChangedToState' },
    params: [
      { field: 'state', enumeration: RTC_CONNECTION_STATE },
      { field: 'reason', enumeration: RTC_CONNECTION_CHANGED_REASON },
    ],
    payload: z.strictObject({ state, reason }),
  },
  {
    canonical: 'joinChannelSuccess',
    names: { 'native-android': 'onJoinChannelSuccess', 'native-ios': 'didJoinChannel' },
    params: [{ field: 'channel' }, { field: 'uid' }],
    payload: joined,
  },
  {
    canonical: 'rejoinChannelSuccess',
    names: { 'native-android': 'onRejoinChannelSuccess', 'native-ios': 'didRejoinChannel' },
    params: [{ field: 'channel' }, { field: 'uid' }],
    payload: joined,
  },
  {
    canonical: 'userJoined',
    names: { 'native-android': 'onUserJoined', 'native-ios': 'didJoinedOfUid' },
    params: [{ field: 'uid' }],
    payload: z.strictObject({ uid, elapsed }),
  },
  {
    canonical: 'userOffline',
    names: { 'native-android': 'onUserOffline', 'native-ios': 'didOfflineOfUid' },
    params: [{ field: 'uid' }, { field: 'reason', enumeration: RTC_USER_OFFLINE_REASON }],
    payload: z.strictObject({ uid, reason: offlineReason }),
  },
  {
    canonical: 'connectionInterrupted',
    names: { 'native-android': 'onConnectionInterrupted', 'native-ios': 'rtcEngineConnectionDidInterrupted' },
    params: [],
    payload: empty,
  },
  {
    canonical: 'connectionLost',
    names: { 'native-android': 'onConnectionLost', 'native-ios': 'rtcEngineConnectionDidLost' },
    params: [],
    payload: empty,
  },
  {
    canonical: 'leaveChannel',
    names: { 'native-android': 'onLeaveChannel', 'native-ios': 'didLeaveChannelWithStats' },
    params: [],
    payload: empty,
  },
  {
    canonical: 'stream-added',
    names: { web: 'stream-added' },
    params: [{ field: 'uid' }],
    payload: z.strictObject({ uid }),
  },
  {
    canonical: 'stream-removed',
    names: { web: 'stream-removed' },
    params: [{ field: 'uid' }],
    payload: z.strictObject({ uid }),
  },
  {
    canonical: 'peer-leave',
    names: { web: 'peer-leave' },
    params: [{ field: 'uid' }, { field: 'reason', enumeration: WEB_PEER_LEAVE_REASON }],
    payload: z.strictObject({ uid, reason: z.enum(valuesOf(WEB_PEER_LEAVE_REASON)) }),
  },
];

export const agoraRtcVocabulary: FamilyVocabulary = {
  profiles: ['agora-rtc', 'agora-rtc-legacy', 'agora-web'],
  callbacks,
};
