/**
 * The server's channels: who is in each one, how long since each member was last heard from, presence
 * relayed to the peers, and destruction of a channel nobody is active in.
 *
 * Liveness is judged from the packets the server sees, never from TCP: a member whose connection closed is
 * still a member until it has been silent too long (its SDK is reconnecting, or its process was killed).
 */
import { mutantActive } from '../common/mutant';
import { Deadline, now } from './deadline';
import type { DepartureReason, ServerMessage } from './protocol';
import type { ServerTimers } from './timing';

/** The connection currently carrying a member (a member has at most one; a rejoin replaces it). */
export interface MemberLink {
  send(message: ServerMessage): void;
  close(): void;
}

/** Which SDK instance and which of its attempts a session belongs to (see the `join` message). */
export interface SessionIdentity {
  instance: string;
  startedAt: number;
  attempt: number;
}

export interface Member {
  readonly uid: number;
  link: MemberLink | null;
  identity: SessionIdentity;
  readonly silence: Deadline;
}

export type AdmitResult = { kind: 'admitted'; member: Member } | { kind: 'stale' };

/** Channel names the Agora SDK accepts: at most 64 bytes of letters, digits, space and these symbols. */
const CHANNEL_NAME = /^[a-zA-Z0-9 !#$%&()+\-:;<=.>?@[\]^_{}|~,]{1,64}$/;

export function isValidChannelName(name: string): boolean {
  return CHANNEL_NAME.test(name);
}

export class Channel {
  readonly members = new Map<number, Member>();
  /** Who left this incarnation and has not come back, and how: a rejoining SDK reconciles with this. */
  readonly departed = new Map<number, DepartureReason>();
  private readonly idle: Deadline;

  constructor(
    readonly name: string,
    readonly incarnation: number,
    private readonly timers: ServerTimers,
    private readonly onDestroyed: (channel: Channel) => void,
  ) {
    // Seed 001: "If user A is the last user in the channel, the server destroys the channel in 10 seconds."
    // The deadline runs from the last packet of any member, or from the last leave: it expires only when
    // nobody in the channel has been heard from for 10 s (they all left, went silent, or were killed).
    this.idle = new Deadline(timers.channelIdleMs, () => this.destroy());
    this.idle.start();
  }

  /**
   * Admit a join or rejoin for `uid`. A second session for a uid already present replaces the first unless
   * it is older: an earlier attempt of the same SDK instance, or an instance started before the present one.
   */
  /** True when a session of `uid` newer than `identity` is already here. */
  isStale(uid: number, identity: SessionIdentity): boolean {
    const present = this.members.get(uid);
    if (!present) return false;
    return present.identity.instance === identity.instance
      ? identity.attempt <= present.identity.attempt
      : identity.startedAt < present.identity.startedAt;
  }

  admit(uid: number, identity: SessionIdentity, link: MemberLink): AdmitResult {
    const present = this.members.get(uid);
    if (present) {
      if (this.isStale(uid, identity)) return { kind: 'stale' };
      const previous = present.link;
      present.link = link;
      present.identity = identity;
      if (previous && previous !== link) previous.close();
      this.heard(present);
      return { kind: 'admitted', member: present };
    }
    const member: Member = {
      uid,
      link,
      identity,
      silence: new Deadline(this.timers.memberSilenceMs, () => this.dropSilent(uid)),
    };
    member.silence.start();
    this.members.set(uid, member);
    this.departed.delete(uid);
    this.idle.touch();
    this.broadcast({ t: 'user-joined', uid }, uid);
    return { kind: 'admitted', member };
  }

  /** A packet from the member's current connection. */
  heard(member: Member): void {
    const at = now();
    member.silence.touch(at);
    this.idle.touch(at);
  }

  /** Relay a keepalive to every other member: it is how each SDK knows a peer is still sending. */
  relayAudio(from: Member): void {
    this.broadcast({ t: 'audio', uid: from.uid }, from.uid);
  }

  /** leaveChannel: the peers hear it at once (onUserOffline QUIT / peer-leave "Quit"). */
  leave(member: Member): void {
    if (this.members.get(member.uid) !== member) return;
    // mutant: the server passes a leave on as a drop (onUserOffline DROPPED, peer-leave "ServerTimeOut").
    const reason: DepartureReason = mutantActive('agora-rtc-server-quit-as-drop') ? 'dropped' : 'quit';
    this.remove(member, reason);
    this.idle.touch();
    this.broadcast({ t: 'user-left', uid: member.uid, reason }, member.uid);
  }

  /** Admin eviction: the member is told, its peers too (onUserOffline DROPPED / peer-leave "ServerTimeOut"). */
  evict(uid: number): boolean {
    const member = this.members.get(uid);
    if (!member) return false;
    member.link?.send({ t: 'kicked' });
    this.remove(member, 'dropped');
    this.broadcast({ t: 'user-left', uid, reason: 'dropped' }, uid);
    return true;
  }

  stop(): void {
    this.idle.stop();
    for (const member of this.members.values()) member.silence.stop();
  }

  /**
   * The server stops counting a member it has not heard from. It tells nobody: each peer's SDK has already
   * decided from its own silence timer (seed 000 T6: "the SDK decides that UID 1 is offline").
   */
  private dropSilent(uid: number): void {
    const member = this.members.get(uid);
    if (member) this.remove(member, 'dropped');
  }

  private remove(member: Member, reason: DepartureReason): void {
    member.silence.stop();
    this.members.delete(member.uid);
    this.departed.set(member.uid, reason);
    const link = member.link;
    member.link = null;
    link?.close();
  }

  private destroy(): void {
    for (const member of [...this.members.values()]) {
      member.silence.stop();
      member.link?.close();
      member.link = null;
    }
    this.members.clear();
    this.onDestroyed(this);
  }

  private broadcast(message: ServerMessage, exceptUid: number): void {
    for (const member of this.members.values()) {
      if (member.uid !== exceptUid) member.link?.send(message);
    }
  }
}
