/**
 * Agora RTM callbacks (seed 003, "Manage Connection States", Linux/Windows C++ SDK): payload schemas and
 * dialect names. Only the `cpp` dialect (IRtmServiceEventHandler / IChannelEventHandler names) exists.
 *
 * Enum values are Agora's public RTM 1.x ones, read in IAgoraRtmService.h (docs/SOURCES.md §2:
 * AgoraIO-Community/Agora-Unity-RTM-SDK branch 1.5.2 @ c3626e2c, `unity_rtm_sdk/Projects/IOS/IAgoraRtmService.h`):
 * CONNECTION_STATE (l.229–268), CONNECTION_CHANGE_REASON (l.274–319), LOGIN_ERR_CODE (l.86–146),
 * LOGOUT_ERR_CODE (l.152–172). Member names drop the `CONNECTION_STATE_` / `CONNECTION_CHANGE_REASON_`
 * prefixes (steps say `connectionStateChanged(RECONNECTING, INTERRUPTED)`); error codes keep theirs, as the
 * page writes them (`LOGOUT_ERR_OK`).
 *
 * Payload keys are the callbacks' documented parameter names (§2.6). The C++ channel callbacks carry no
 * channel id (one IChannelEventHandler per channel) and onMemberJoined/Left carry an IChannelMember; the
 * driver flattens them to `channelId` and `userId` (IChannelMember::getUserId / getChannelId).
 */
import { z } from 'zod';
import type { CallbackDefinition, FamilyVocabulary } from '../../catalogue/vocabulary';

export const RTM_CONNECTION_STATE = {
  DISCONNECTED: 1,
  CONNECTING: 2,
  CONNECTED: 3,
  RECONNECTING: 4,
  ABORTED: 5,
} as const;

export type RtmStateName = keyof typeof RTM_CONNECTION_STATE;

export const RTM_CONNECTION_CHANGE_REASON = {
  LOGIN: 1,
  LOGIN_SUCCESS: 2,
  LOGIN_FAILURE: 3,
  LOGIN_TIMEOUT: 4,
  INTERRUPTED: 5,
  LOGOUT: 6,
  BANNED_BY_SERVER: 7,
  REMOTE_LOGIN: 8,
  /** From RTM 1.4 on; absent in older headers (SOURCES.md §2.2). */
  TOKEN_EXPIRED: 9,
} as const;

export const RTM_LOGIN_ERR_CODE = {
  LOGIN_ERR_OK: 0,
  LOGIN_ERR_UNKNOWN: 1,
  LOGIN_ERR_REJECTED: 2,
  LOGIN_ERR_INVALID_ARGUMENT: 3,
  LOGIN_ERR_INVALID_APP_ID: 4,
  LOGIN_ERR_INVALID_TOKEN: 5,
  LOGIN_ERR_TOKEN_EXPIRED: 6,
  LOGIN_ERR_NOT_AUTHORIZED: 7,
  LOGIN_ERR_ALREADY_LOGGED_IN: 8,
  LOGIN_ERR_TIMEOUT: 9,
  LOGIN_ERR_TOO_OFTEN: 10,
  LOGIN_ERR_NOT_INITIALIZED: 101,
} as const;

export const RTM_LOGOUT_ERR_CODE = {
  LOGOUT_ERR_OK: 0,
  LOGOUT_ERR_REJECTED: 1,
  LOGOUT_ERR_NOT_INITIALIZED: 101,
  LOGOUT_ERR_USER_NOT_LOGGED_IN: 102,
} as const;

function literalsOf(table: Readonly<Record<string, number>>) {
  const [first, ...rest] = Object.values(table).map((v) => z.literal(v));
  return z.union([first!, ...rest]);
}

const state = literalsOf(RTM_CONNECTION_STATE);
const reason = literalsOf(RTM_CONNECTION_CHANGE_REASON);
const loginErr = literalsOf(RTM_LOGIN_ERR_CODE);
const logoutErr = literalsOf(RTM_LOGOUT_ERR_CODE);
const userId = z.string().min(1);
const channelId = z.string().min(1);
const empty = z.strictObject({});
const member = z.strictObject({ channelId, userId });

const callbacks: CallbackDefinition[] = [
  {
    canonical: 'connectionStateChanged',
    names: { cpp: 'onConnectionStateChanged' },
    params: [
      { field: 'state', enumeration: RTM_CONNECTION_STATE },
      { field: 'reason', enumeration: RTM_CONNECTION_CHANGE_REASON },
    ],
    payload: z.strictObject({ state, reason }),
  },
  { canonical: 'loginSuccess', names: { cpp: 'onLoginSuccess' }, params: [], payload: empty },
  {
    canonical: 'loginFailure',
    names: { cpp: 'onLoginFailure' },
    params: [{ field: 'errorCode', enumeration: RTM_LOGIN_ERR_CODE }],
    payload: z.strictObject({ errorCode: loginErr }),
  },
  {
    canonical: 'logout',
    names: { cpp: 'onLogout' },
    params: [{ field: 'errorCode', enumeration: RTM_LOGOUT_ERR_CODE }],
    payload: z.strictObject({ errorCode: logoutErr }),
  },
  { canonical: 'tokenExpired', names: { cpp: 'onTokenExpired' }, params: [], payload: empty },
  {
    canonical: 'joinSuccess',
    names: { cpp: 'onJoinSuccess' },
    params: [{ field: 'channelId' }],
    payload: z.strictObject({ channelId }),
  },
  {
    // JOIN_CHANNEL_ERR values are not in docs/SOURCES.md: any integer code is accepted.
    canonical: 'joinFailure',
    names: { cpp: 'onJoinFailure' },
    params: [{ field: 'channelId' }, { field: 'errorCode' }],
    payload: z.strictObject({ channelId, errorCode: z.number().int() }),
  },
  {
    canonical: 'memberJoined',
    names: { cpp: 'onMemberJoined' },
    params: [{ field: 'channelId' }, { field: 'userId' }],
    payload: member,
  },
  {
    canonical: 'memberLeft',
    names: { cpp: 'onMemberLeft' },
    params: [{ field: 'channelId' }, { field: 'userId' }],
    payload: member,
  },
];

export const agoraRtmVocabulary: FamilyVocabulary = {
  profiles: ['agora-rtm'],
  callbacks,
};
