/**
 * The local SDK's view of the other users in its channel, built from what reaches it: relayed keepalives
 * ("audio"), and the server's join/leave notices. Each remote user has its own silence deadline.
 *
 * Seed 000 (T6): "If the app of UID 2 fails to receive any data from UID 1 in 20 seconds, the SDK decides
 * that UID 1 is offline." (10 s for a Web peer: "client.on('stream-removed') ... in 10 seconds".)
 * Seed 001: "If user B does not receive any callback indicating that user A fails to reconnect, then user B
 * does not receive any callback even if user A reconnects to the server. If user B previously receives a
 * callback indicating that user A fails to reconnect to the server, then ... User B receives the
 * onUserJoined callback."
 */
import { mutantActive } from '../common/mutant';
import { Deadline, now } from './deadline';
import type { DepartureReason } from './protocol';

export interface RemoteUserEvents {
  /** First seen, or seen again after it was declared offline. */
  appeared(uid: number): void;
  /** Nothing from it for the offline threshold: declared offline (dropped). */
  timedOut(uid: number): void;
  /** The server says it left; `wasOnline` is false when this SDK had already declared it offline. */
  departed(uid: number, reason: DepartureReason, wasOnline: boolean): void;
}

interface RemoteUser {
  online: boolean;
  lastSeen: number;
  silence: Deadline;
}

export class RemoteUsers {
  private readonly users = new Map<number, RemoteUser>();
  private paused = false;

  constructor(
    private readonly offlineAfterMs: number,
    private readonly returnGapMs: number,
    private readonly events: RemoteUserEvents,
  ) {}

  /** Data from `uid` (a relayed keepalive, a join notice, or its presence in the join answer). */
  seen(uid: number): void {
    const at = now();
    const user = this.users.get(uid);
    if (!user) {
      const fresh: RemoteUser = { online: true, lastSeen: at, silence: new Deadline(this.offlineAfterMs, () => this.expire(uid)) };
      this.users.set(uid, fresh);
      if (!this.paused) fresh.silence.start(at);
      this.events.appeared(uid);
      return;
    }
    const gap = at - user.lastSeen;
    user.lastSeen = at;
    if (!user.online) {
      user.online = true;
      if (!this.paused) user.silence.start(at);
      // mutant: the peer says nothing when a user it had declared offline comes back.
      if (!mutantActive('agora-rtc-peer-return-silent')) this.events.appeared(uid);
      return;
    }
    user.silence.touch(at);
    // mutant: the peer announces a return it never saw as a departure (seed 001: it must not).
    if (mutantActive('agora-rtc-peer-return-announced') && gap > this.returnGapMs) this.events.appeared(uid);
  }

  departed(uid: number, reason: DepartureReason): void {
    const user = this.users.get(uid);
    if (!user) return;
    user.silence.stop();
    this.users.delete(uid);
    this.events.departed(uid, reason, user.online);
  }

  /** After a rejoin: the server's member list is the truth; whoever is missing left while we were away. */
  reconcile(present: number[], departures: Array<{ uid: number; reason: DepartureReason }>): void {
    const reasons = new Map(departures.map((d) => [d.uid, d.reason] as const));
    const presentSet = new Set(present);
    for (const uid of [...this.users.keys()]) {
      if (!presentSet.has(uid)) this.departed(uid, reasons.get(uid) ?? 'dropped');
    }
    for (const uid of present) this.seen(uid);
  }

  /**
   * The local user is itself cut off (interrupted): silence from the peers says nothing about them then,
   * so their deadlines stop until the rejoin, which restarts them.
   */
  pause(): void {
    this.paused = true;
    for (const user of this.users.values()) user.silence.stop();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    const at = now();
    for (const user of this.users.values()) if (user.online) user.silence.start(at);
  }

  /** Forget everyone without a word (leave, failure, destroy). */
  clear(): void {
    for (const user of this.users.values()) user.silence.stop();
    this.users.clear();
    this.paused = false;
  }

  private expire(uid: number): void {
    const user = this.users.get(uid);
    if (!user || !user.online) return;
    user.online = false;
    this.events.timedOut(uid);
    // mutant: the offline decision is reported twice.
    if (mutantActive('agora-rtc-peer-offline-twice')) this.events.timedOut(uid);
  }
}
