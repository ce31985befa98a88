/**
 * One reference SDK client as the harness holds it (`ClientHandle`): the app-facing API by the dialect's
 * method names, dispatched to the engine.
 *
 *   native-android / native-ios: joinChannel(token, channel, uid) → 0 | -2 | -17, leaveChannel() → 0,
 *                                getConnectionState() → 1..5
 *   web:                         join(token, channel, uid) → uid once joined (rejects if refused),
 *                                leave() → 0, getConnectionState() → 1..5 (reference-only, see the doc)
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

const NATIVE_METHODS = ['joinChannel', 'leaveChannel', 'getConnectionState'];
const WEB_METHODS = ['join', 'leave', 'getConnectionState'];

export class AgoraRtcClient implements ClientHandle {
  constructor(
    private readonly engine: RtcEngine,
    private readonly dialect: AgoraDialect,
  ) {}

  async invoke(method: string, args: unknown[]): Promise<unknown> {
    if (this.dialect === 'web') {
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
