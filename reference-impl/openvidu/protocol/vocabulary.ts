/**
 * The words of the openvidu-server 2.x ⇄ openvidu-browser 2.x JSON-RPC protocol, as the real ones spell
 * them. Names and parameter keys: openvidu-client/src/main/java/io/openvidu/client/internal/ProtocolElements.java;
 * error codes: openvidu-client/.../OpenViduException.java (enum Code) and Kurento JsonRpcConstants.java;
 * reasons: openvidu-server/.../core/EndReason.java and openvidu-browser Events/Types/Types.ts.
 */

/** Client → server requests (ProtocolElements.*_METHOD, plus Kurento's own `ping` and `connect`). */
export const Method = {
  joinRoom: 'joinRoom',
  leaveRoom: 'leaveRoom',
  publishVideo: 'publishVideo',
  unpublishVideo: 'unpublishVideo',
  receiveVideoFrom: 'receiveVideoFrom',
  unsubscribeFromVideo: 'unsubscribeFromVideo',
  onIceCandidate: 'onIceCandidate',
  reconnectStream: 'reconnectStream',
  echo: 'echo',
  /** Sent by openvidu-browser after publishing (Session.sendVideoData()); answered, otherwise ignored. */
  videoData: 'videoData',
  /** Kurento JsonRpcConstants.METHOD_PING. */
  ping: 'ping',
  /** Kurento JsonRpcConstants.METHOD_CONNECT: re-attach a JSON-RPC session to a new WebSocket. */
  connect: 'connect',
} as const;

/** Server → client notifications (ProtocolElements.*_METHOD). */
export const Notification = {
  participantJoined: 'participantJoined',
  participantPublished: 'participantPublished',
  participantUnpublished: 'participantUnpublished',
  participantLeft: 'participantLeft',
  participantEvicted: 'participantEvicted',
  iceCandidate: 'iceCandidate',
} as const;

/**
 * EndReason values this implementation produces (EndReason.java; openvidu-browser's StreamEventReason /
 * ConnectionEventReason). Seed 004: the affected participant's events carry "reason property set to
 * `networkDisconnect`".
 */
export type EndReason = 'disconnect' | 'unpublish' | 'forceDisconnectByServer' | 'forceDisconnectByUser' | 'networkDisconnect';

/** JSON-RPC error codes (OpenViduException.Code and Kurento). */
export const ErrorCode = {
  /** Kurento ProtocolManager.processReconnectMessage(): `new ResponseError(40007, RECONNECTION_ERROR)`. */
  reconnectionError: 40007,
  /** Code.USER_UNAUTHORIZED_ERROR_CODE: bad token, or no permission to publish (openvidu-browser checks 401). */
  userUnauthorized: 401,
  /** Code.ROOM_NOT_FOUND_ERROR_CODE. */
  roomNotFound: 202,
  /** Code.USER_NOT_FOUND_ERROR_CODE. */
  userNotFound: 102,
  /** Code.USER_NOT_STREAMING_ERROR_CODE. */
  userNotStreaming: 105,
  /** Code.USER_ALREADY_STREAMING_ERROR_CODE. */
  userAlreadyStreaming: 106,
  /** Code.MEDIA_SDP_ERROR_CODE. */
  mediaSdpError: 302,
  /** Code.TRANSPORT_ERROR_CODE: a method called before joinRoom. */
  transportError: 803,
  /** Code.GENERIC_ERROR_CODE. */
  genericError: 999,
  /** JSON-RPC 2.0 "Method not found". */
  methodNotFound: -32601,
  /** JSON-RPC 2.0 "Invalid params". */
  invalidParams: -32602,
} as const;

/** Kurento JsonRpcConstants.RECONNECTION_ERROR; openvidu-browser compares the message too. */
export const RECONNECTION_ERROR_MESSAGE = 'reconnection error';
/** Kurento JsonRpcConstants.RECONNECTION_SUCCESSFUL. */
export const RECONNECTION_SUCCESSFUL = 'reconnection successful';
/** Kurento JsonRpcConstants.PONG. */
export const PONG = 'pong';

/** openvidu-browser ExceptionEventName values this implementation raises. */
export const ExceptionName = {
  iceConnectionFailed: 'ICE_CONNECTION_FAILED',
  iceConnectionDisconnected: 'ICE_CONNECTION_DISCONNECTED',
} as const;

export type Role = 'SUBSCRIBER' | 'PUBLISHER' | 'MODERATOR';
export const ROLES: readonly Role[] = ['SUBSCRIBER', 'PUBLISHER', 'MODERATOR'];

/** The openvidu-server version the join answer announces: openvidu-browser 2.32 accepts the same major.minor. */
export const SERVER_VERSION = '2.32.0';
/** What this SDK puts in joinRoom's `sdkVersion`: the openvidu-browser protocol level it speaks. */
export const SDK_PROTOCOL_VERSION = '2.32.2';
