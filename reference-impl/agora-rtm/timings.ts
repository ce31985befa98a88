/**
 * Every duration of the reference Agora RTM server and SDK, nominal (the documented value, milliseconds).
 * A running server or SDK multiplies each by its timeScale (`scaled`): 0.1 turns 4 s into 400 ms.
 *
 * Seed 003 is "Manage Connection States" (Agora RTM, Linux CPP / Windows CPP).
 */

/**
 * SDK: the whole login() call. Seed 003: "CONNECTION_CHANGE_REASON_LOGIN_TIMEOUT: A timeout occurs. The SDK
 * fails to log in the Agora RTM system in six seconds." Measured from the login() call.
 */
export const LOGIN_TIMEOUT_MS = 6_000; // milliseconds

/**
 * SDK: silence before the connection counts as interrupted. Seed 003: "If, for network reasons, the connection
 * between the SDK and the Agora RTM system is interupted and cannot recover in four seconds: ... The new state:
 * CONNECTION_STATE_RECONNECTING". Measured from the last byte received from the server.
 */
export const INTERRUPTED_AFTER_MS = 4_000; // milliseconds

/**
 * Server: how long an interrupted instance stays on the online-user list. Seed 003: "the Agora RTM system
 * presumes that the instance is online for 30 seconds since the connection to the SDK is interrupted. The
 * system remove the instance from the online-user list if the SDK fails to reconnect ... within 30 seconds."
 * Measured from the last data the server received from the instance.
 */
export const ONLINE_GRACE_MS = 30_000; // milliseconds

/**
 * SDK → server ping period; the server answers each ping with a pong. Not documented: chosen short so that
 * "no data for 4 s" (SDK) and "no data for 30 s" (server) start from a byte at most this old when a fault
 * begins (10 ms at the default scale 0.1), whether the harness measures from the fault or from the last byte.
 */
export const HEARTBEAT_INTERVAL_MS = 100; // milliseconds

/** SDK: never ping more often than this, whatever the scale (real milliseconds, not scaled). */
export const HEARTBEAT_FLOOR_REAL_MS = 2; // milliseconds

/**
 * SDK: deadline of one automatic re-login attempt (TCP connect + login handshake). Not documented: an attempt
 * that hangs in a proxy that silently drops bytes is abandoned and a new one started. Stretched to three
 * round-trip times measured by the heartbeat (at most the 4 s interruption), so a slow but working path still
 * logs in. The attempts of a login() call have no deadline of their own: the six-second login timeout
 * bounds them, so a slow path (latency) can use the whole window.
 */
export const ATTEMPT_TIMEOUT_MS = 1_000; // milliseconds

/**
 * SDK: pause between failed attempts, doubling from the first value to the cap. Not documented: kept small
 * so that the SDK is back well within 1 s after the network heals.
 */
export const RETRY_BACKOFF_FIRST_MS = 50; // milliseconds
export const RETRY_BACKOFF_CAP_MS = 250; // milliseconds

/** SDK: never wait less than this between attempts, whatever the scale (real milliseconds, not scaled). */
export const RETRY_BACKOFF_FLOOR_REAL_MS = 2; // milliseconds

/**
 * SDK: request deadlines, from IAgoraRtmService.h: "JOIN_CHANNEL_TIMEOUT = 4: ... The current timeout is set
 * as five seconds"; "ATTRIBUTE_OPERATION_ERR_TIMEOUT = 7: ... five seconds";
 * "QUERY_PEERS_ONLINE_STATUS_ERR_TIMEOUT = 4: ... 10 seconds"; "GET_MEMBERS_ERR_TIMEOUT = 3: ... five seconds".
 */
export const JOIN_TIMEOUT_MS = 5_000; // milliseconds
export const ATTRIBUTE_TIMEOUT_MS = 5_000; // milliseconds
export const QUERY_ONLINE_TIMEOUT_MS = 10_000; // milliseconds
export const GET_MEMBERS_TIMEOUT_MS = 5_000; // milliseconds

/**
 * Server: a connection that has not logged in by then is closed, so sockets abandoned in a blackhole do not
 * pile up. Not documented.
 */
export const SERVER_LOGIN_DEADLINE_MS = 10_000; // milliseconds

/**
 * Server: default token lifetime when issueToken is given none. IAgoraRtmService.h, onTokenExpired: "Occurs
 * when the current RTM Token exceeds the 24-hour validity period."
 */
export const DEFAULT_TOKEN_LIFETIME_MS = 24 * 3_600_000; // milliseconds

/** A nominal duration at a time scale, in real milliseconds. */
export function scaled(nominalMs: number, timeScale: number): number {
  return nominalMs * timeScale;
}
