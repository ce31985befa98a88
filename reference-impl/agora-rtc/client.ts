/**
 * One reference SDK client as the harness holds it (`ClientHandle`): the app-facing API by the dialect's
 * method names, dispatched to the engine.
 *
 *   native-android / native-ios: joinChannel(token, channel, uid) → 0 | -2 | -17, leaveChannel() → 0,
 *                                getConnectionState() → 1..5, setVoipMode(enabled) → 0 | -2
 *   web:                         join(token, channel, uid) → uid once joined (rejects if refused),
 *                                leave() → 0, getConnectionState() → 1..5 (reference-only, see the doc),
 *                                closePage() → nothing (the page is gone; later calls are refused)
 */
import { mutantActive } from '../common/mutant';
import type { ClientHandle } from '../driver/family-host';
import type { AgoraDialect } from './callbacks';
import type { RtcEngine } from './engine';
import { ReturnCode } from './enums';

interface JoinArgs {
  token: string;
  channel: string;
  uid: number;
}

const NATIVE_METHODS = ['joinChannel', 'leaveChannel', 'getConnectionState', 'setVoipMode'];
const WEB_METHODS = ['join', 'leave', 'getConnectionState', 'closePage'];

export class AgoraRtcClient implements ClientHandle {
  private engine: RtcEngine;
  /** VoIP mode as the app last set it; the SDK starts with it off. */
  private voipMode = false;
  private pageClosed = false;

  /** `newEngine` builds a fresh engine, as a restarted app gets (a VoIP-mode switch restarts it). */
  constructor(
    private readonly newEngine: () => RtcEngine,
    private readonly dialect: AgoraDialect,
  ) {
    this.engine = newEngine();
  }

  async invoke(method: string, args: unknown[]): Promise<unknown> {
    if (this.dialect === 'web') {
      if (this.pageClosed) throw new Error(`the page hosting this web client was closed: ${method} cannot be called`);
      switch (method) {
        case 'join': {
          const join = joinArgs(args);
          if (!join) throw new Error(`join(token, channel, uid): bad arguments ${JSON.stringify(args)}`);
          // The Web SDK 3.x reports the join through its onSuccess/onFailure callbacks: the call settles then.
          return new Promise<number>((resolve, reject) => {
            const code = this.engine.joinChannel(join.token, join.channel, join.uid, {
              joined: resolve,
              failed: (why) => reject(new Error(`join failed: ${why}`)),
            });
            if (code !== ReturnCode.OK) reject(new Error(`join refused (${code}): already in a channel`));
          });
        }
        case 'leave':
          return this.engine.leaveChannel().code;
        case 'getConnectionState':
          return this.engine.getConnectionState();
        case 'closePage':
          return this.closePage();
      }
      throw new Error(`the agora-rtc web SDK has no method "${method}" (methods: ${WEB_METHODS.join(', ')})`);
    }
    switch (method) {
      case 'joinChannel': {
        const join = joinArgs(args);
        // The native SDK answers a bad argument with ERR_INVALID_ARGUMENT, not an exception.
        if (!join) return ReturnCode.INVALID_ARGUMENT;
        return this.engine.joinChannel(join.token, join.channel, join.uid);
      }
      case 'leaveChannel':
        return this.engine.leaveChannel().code;
      case 'getConnectionState':
        return this.engine.getConnectionState();
      case 'setVoipMode':
        // The native SDK answers a bad argument with ERR_INVALID_ARGUMENT, not an exception.
        return typeof args[0] === 'boolean' ? this.setVoipMode(args[0]) : ReturnCode.INVALID_ARGUMENT;
    }
    throw new Error(`the agora-rtc ${this.dialect} SDK has no method "${method}" (methods: ${NATIVE_METHODS.join(', ')})`);
  }

  /**
   * Seed 001, Process Gets Killed: "iOS or macOS: User A calls the leaveChannel method and user B receives a
   * callback". Android, Windows and Linux get no notice; "For the Web SDK, killing a process is equivalent
   * to a user dropping offline."
   */
  async appWillTerminate(): Promise<void> {
    if (this.dialect !== 'native-ios') return;
    // mutant: the iOS SDK dies without leaving.
    if (mutantActive('agora-rtc-ios-kill-no-leave')) return;
    await this.engine.leaveChannel().flushed;
  }

  /**
   * Seed 001, Process Gets Killed: "This scenario involves the following situations: - Enables or disables
   * VoIP mode. - The process gets killed. - Closes a web page." Read as: switching VoIP mode in a channel
   * restarts the SDK's engine the way a killed app restarts. The old engine goes as a killed app goes (an
   * iOS/macOS app leaves first; Android, Windows and Linux just drop the connection) and a fresh one joins
   * the same channel with the same token and uid at once, so a native peer sees nothing (Android) or a leave
   * and a join (iOS). Outside a channel the mode is only recorded. Returns at once, like the native API;
   * the rejoin runs on.
   */
  private async setVoipMode(enabled: boolean): Promise<number> {
    if (enabled === this.voipMode) return ReturnCode.OK;
    this.voipMode = enabled;
    const join = this.engine.currentJoin();
    if (!join) return ReturnCode.OK;
    if (this.dialect === 'native-ios') await this.engine.leaveChannel().flushed;
    this.engine.destroy();
    // mutant: the engine goes down with the switch and the app never comes back to its channel.
    if (mutantActive('agora-rtc-voip-switch-stays-away')) return ReturnCode.OK;
    this.engine = this.newEngine();
    this.engine.joinChannel(join.token, join.channel, join.uid);
    return ReturnCode.OK;
  }

  /**
   * Seed 001 lists "Closes a web page" under "Process Gets Killed", and says "For the Web SDK, killing a
   * process is equivalent to a user dropping offline." Read as: the browser closes the tab's connection and
   * no leave is sent; the peers learn of it only by the timeouts of a drop.
   */
  private async closePage(): Promise<undefined> {
    // mutant: the Web SDK leaves from the page's unload handler, so the peers hear a leave at once.
    if (mutantActive('agora-rtc-web-close-page-leaves')) await this.engine.leaveChannel().flushed;
    this.engine.destroy();
    this.pageClosed = true;
    return undefined;
  }

  async destroy(): Promise<void> {
    this.engine.destroy();
  }
}

/** (token, channel, uid) positionally, or one object {token, channel, uid}; token may be null (no certificate). */
function joinArgs(args: unknown[]): JoinArgs | null {
  const [first] = args;
  const named = args.length === 1 && first !== null && typeof first === 'object' ? (first as Record<string, unknown>) : null;
  const token = named ? named.token : args[0];
  const channel = named ? named.channel : args[1];
  const uid = named ? named.uid : args[2];
  if (token !== null && token !== undefined && typeof token !== 'string') return null;
  if (typeof channel !== 'string') return null;
  if (!Number.isInteger(uid) || (uid as number) < 0 || (uid as number) > 0xffffffff) return null;
  return { token: (token as string | null | undefined) ?? '', channel, uid: uid as number };
}
