/**
 * What the app sees: every SDK callback by its platform name, with its parameters as payload keys. The
 * engine says what happened ("interrupted", "a peer timed out"); this file decides, per dialect and SDK
 * generation, whether a callback exists for it and how it is spelled.
 *
 * Names are Agora's public API names: IRtcEngineEventHandler (Android/Windows/Linux), AgoraRtcEngineDelegate
 * (iOS/macOS), and the Web SDK 3.x client events.
 */
import { mutantActive } from '../common/mutant';
import type { EmitCallback } from '../driver/family-host';
import { ConnectionState, UserOfflineReason, WebPeerLeaveReason, stateName } from './enums';
import type { DepartureReason } from './protocol';

/** Callback names of the native SDKs, per dialect. */
export const NATIVE_CALLBACK_NAMES = {
  'native-android': {
    connectionStateChanged: 'onConnectionStateChanged',
    joinChannelSuccess: 'onJoinChannelSuccess',
    rejoinChannelSuccess: 'onRejoinChannelSuccess',
    userJoined: 'onUserJoined',
    userOffline: 'onUserOffline',
    connectionInterrupted: 'onConnectionInterrupted',
    connectionLost: 'onConnectionLost',
    leaveChannel: 'onLeaveChannel',
  },
  'native-ios': {
    connectionStateChanged: 'connectionChangedToState',
    joinChannelSuccess: 'didJoinChannel',
    rejoinChannelSuccess: 'didRejoinChannel',
    userJoined: 'didJoinedOfUid',
    userOffline: 'didOfflineOfUid',
    connectionInterrupted: 'rtcEngineConnectionDidInterrupted',
    connectionLost: 'rtcEngineConnectionDidLost',
    leaveChannel: 'didLeaveChannelWithStats',
  },
} as const;

/** Client events of the Agora Web SDK 3.x about remote users. */
export const WEB_EVENT_NAMES = {
  streamAdded: 'stream-added',
  streamRemoved: 'stream-removed',
  peerLeave: 'peer-leave',
} as const;

export type NativeDialect = keyof typeof NATIVE_CALLBACK_NAMES;
/** The platform namings this family speaks: Android/Windows/Linux, iOS/macOS, and the Web SDK. */
export type AgoraDialect = NativeDialect | 'web';
export const AGORA_DIALECTS: readonly AgoraDialect[] = ['native-android', 'native-ios', 'web'];

export interface Generation {
  dialect: AgoraDialect;
  /** Before v2.3.2: no connection-state callback, `onConnectionInterrupted` instead. */
  legacy: boolean;
}

export class Callbacks {
  private readonly native: (typeof NATIVE_CALLBACK_NAMES)[NativeDialect] | null;

  constructor(
    private readonly generation: Generation,
    private readonly emit: EmitCallback,
  ) {
    const names =
      generation.dialect === 'native-ios' && mutantActive('agora-rtc-ios-uses-android-names')
        ? NATIVE_CALLBACK_NAMES['native-android'] // mutant: an iOS SDK reporting under Android names
        : generation.dialect === 'native-android' || generation.dialect === 'native-ios'
          ? NATIVE_CALLBACK_NAMES[generation.dialect]
          : null;
    this.native = names;
  }

  /**
   * Seed 000: "The Agora SDK adds the onConnectionStateChanged/connectionStateChangedToState callback in
   * v2.3.2." Seed 001, the Web: "User A does not receive any callback."
   */
  connectionStateChanged(previous: number, state: number, reason: number): void {
    if (this.native && !this.generation.legacy) {
      if (state === ConnectionState.RECONNECTING && mutantActive('agora-rtc-no-interrupted-state')) return;
      if (state === ConnectionState.CONNECTING && mutantActive('agora-rtc-no-connecting-state')) return;
      // mutant: the payload loses its reason.
      if (mutantActive('agora-rtc-state-missing-reason')) return this.emit(this.native.connectionStateChanged, { state });
      return this.emit(this.native.connectionStateChanged, { state, reason });
    }
    // mutant: a v2.3.2 callback in an SDK from before v2.3.2.
    if (this.native && mutantActive('agora-rtc-legacy-state-callback')) {
      return this.emit(this.native.connectionStateChanged, { state, reason });
    }
    // mutant: the Web user hears about its own connection (seed 001: "User A does not receive any callback").
    if (!this.native && mutantActive('agora-rtc-web-local-callbacks')) {
      this.emit('connection-state-change', { prevState: stateName(previous), curState: stateName(state) });
    }
  }

  joinChannelSuccess(channel: string, uid: number, elapsed: number): void {
    if (this.native) this.emit(this.native.joinChannelSuccess, { channel, uid, elapsed });
  }

  /** Seed 000 (T7, before v2.3.2): "If the app of UID 1 successfully rejoins the channel, it receives the onRejoinChannelSuccess/didRejoinChannel callback." */
  rejoinChannelSuccess(channel: string, uid: number, elapsed: number): void {
    if (!this.native) return;
    // mutant: a rejoin reported as a first join.
    const name = mutantActive('agora-rtc-rejoin-as-join') ? this.native.joinChannelSuccess : this.native.rejoinChannelSuccess;
    this.emit(name, { channel, uid, elapsed });
  }

  /** Seed 000 (T4, before v2.3.2): "it receives the onConnectionInterrupted/rtcEngineConnectionDidInterrupted callback". */
  connectionInterrupted(): void {
    if (this.native && this.generation.legacy && !mutantActive('agora-rtc-legacy-no-interrupted')) {
      this.emit(this.native.connectionInterrupted, {});
    }
  }

  /** Seed 000/002 (T5): "it receives the onConnectionLost/rtcEngineConnectionDidLost callback". */
  connectionLost(): void {
    if (!this.native) return;
    this.emit(this.native.connectionLost, {});
    // mutant: reported twice.
    if (mutantActive('agora-rtc-lost-twice')) this.emit(this.native.connectionLost, {});
  }

  leaveChannel(): void {
    if (this.native && !mutantActive('agora-rtc-leave-no-callback')) this.emit(this.native.leaveChannel, {});
  }

  /**
   * A remote user is present: first seen, or back after this SDK declared it offline. Seed 000: "UID 2
   * receives the onUserJoined/didJoinedOfUid callback"; the Web app "receives the client.on('stream-added')
   * callback when UID 1 joins and rejoins the channel".
   */
  remoteAppeared(uid: number, elapsed: number): void {
    if (this.native && mutantActive('agora-rtc-peer-join-slow')) {
      const native = this.native;
      setTimeout(() => this.emit(native.userJoined, { uid, elapsed: elapsed + 400 }), 400);
      return;
    }
    if (this.native) this.emit(this.native.userJoined, { uid, elapsed });
    else if (!mutantActive('agora-rtc-web-no-stream-added')) this.emit(WEB_EVENT_NAMES.streamAdded, { uid });
  }

  /** Nothing from a remote user for 20 s (Web: 10 s): T6 onUserOffline(DROPPED) / stream-removed. */
  remoteTimedOut(uid: number): void {
    if (this.native) {
      // mutant: a drop reported as a quit.
      const reason = mutantActive('agora-rtc-peer-offline-wrong-reason') ? UserOfflineReason.QUIT : UserOfflineReason.DROPPED;
      // mutant: an extra payload field.
      const extra = mutantActive('agora-rtc-offline-extra-field') ? { elapsed: 0 } : {};
      this.emit(this.native.userOffline, { uid, reason, ...extra });
    } else {
      this.emit(WEB_EVENT_NAMES.streamRemoved, { uid });
    }
  }

  /**
   * The server says a remote user left. Native: onUserOffline(QUIT) for a leave, (DROPPED) for an eviction,
   * and nothing when this SDK had already declared the user offline (one onUserOffline per departure).
   * Web: `peer-leave` with "Quit" or "ServerTimeOut" (seed 001: "User B receives the client.on('peer-leave') callback").
   */
  remoteDeparted(uid: number, reason: DepartureReason, wasOnline: boolean): void {
    if (this.native) {
      if (!wasOnline) return;
      this.emit(this.native.userOffline, { uid, reason: reason === 'quit' ? UserOfflineReason.QUIT : UserOfflineReason.DROPPED });
    } else {
      // mutant: a leave reported with the drop reason.
      const quit = reason === 'quit' && !mutantActive('agora-rtc-web-leave-wrong-reason');
      this.emit(WEB_EVENT_NAMES.peerLeave, { uid, reason: quit ? WebPeerLeaveReason.QUIT : WebPeerLeaveReason.SERVER_TIMEOUT });
    }
  }
}
