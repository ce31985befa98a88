/**
 * The Agora RTC reference server: one TCP listener on loopback, newline-delimited JSON (protocol.ts), serving
 * every profile of the family at once (native ≥ 2.3.2, native before 2.3.2, and Web users can share a
 * channel). It checks tokens, keeps channels (channels.ts), acks each client's keepalives and relays them to
 * the peers, and answers the harness's admin operations.
 */
import { mutantActive } from '../common/mutant';
import net from 'node:net';
import { randomInt } from 'node:crypto';
import { Channel, type Member, type MemberLink, isValidChannelName } from './channels';
import { debugLog } from './log';
import { type ClientMessage, LineDecoder, type ServerMessage, encode, parseClientMessage } from './protocol';
import { NOMINAL_MS, type ServerTimers } from './timing';
import { TokenAuthority } from './tokens';

export interface ServerOptions {
  /** Require a valid token on join (default true). `false` admits any token, like an App ID without certificate. */
  tokensRequired: boolean;
}

/** A client socket whose unsent bytes pile past this is not reading (a stalled proxy): drop it. */
const MAX_BUFFERED_BYTES = 1 << 20;
/** How long a connection the server closes gets to flush before it is destroyed (real ms). */
const CLOSE_GRACE_MS = 1000;

export class AgoraRtcServer {
  private readonly tcp: net.Server;
  private readonly tokens: TokenAuthority;
  private readonly channels = new Map<string, Channel>();
  private readonly sockets = new Set<net.Socket>();
  private readonly joinRequests = new Map<string, number>();
  private nextIncarnation = 1;

  constructor(
    private readonly timers: ServerTimers,
    private readonly options: ServerOptions,
  ) {
    this.tokens = new TokenAuthority(timers.scale);
    this.tcp = net.createServer((socket) => this.accept(socket));
  }

  /** Listen on an ephemeral loopback port. */
  listen(): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      this.tcp.once('error', reject);
      this.tcp.listen(0, '127.0.0.1', () => {
        const address = this.tcp.address() as net.AddressInfo;
        resolve({ host: '127.0.0.1', port: address.port });
      });
    });
  }

  async stop(): Promise<void> {
    for (const channel of this.channels.values()) channel.stop();
    this.channels.clear();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => this.tcp.close(() => resolve()));
  }

  // ---- admin ------------------------------------------------------------------------------------------

  issueToken(channel: string, uid: number, expiresInSeconds: number = NOMINAL_MS.defaultTokenLifetime / 1000): string {
    return this.tokens.issue(channel, uid, expiresInSeconds);
  }

  expireToken(token: string): boolean {
    return this.tokens.expire(token);
  }

  channelInfo(name: string): { exists: boolean; incarnation: number; users: number[] } {
    const channel = this.channels.get(name);
    if (!channel) return { exists: false, incarnation: 0, users: [] };
    return { exists: true, incarnation: channel.incarnation, users: [...channel.members.keys()] };
  }

  evict(name: string, uid: number): boolean {
    return this.channels.get(name)?.evict(uid) ?? false;
  }

  joinRequestCount(name: string, uid: number): number {
    return this.joinRequests.get(`${name}\u0000${uid}`) ?? 0;
  }

  // ---- connections ------------------------------------------------------------------------------------

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    const decoder = new LineDecoder();
    let channel: Channel | null = null;
    let member: Member | null = null;
    let closeTimer: NodeJS.Timeout | null = null;

    const link: MemberLink = {
      send: (message: ServerMessage) => {
        if (socket.destroyed || socket.writableEnded) return;
        if (socket.writableLength > MAX_BUFFERED_BYTES) {
          socket.destroy();
          return;
        }
        socket.write(encode(message));
      },
      close: () => {
        if (socket.destroyed) return;
        socket.end();
        closeTimer ??= setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
      },
    };
    /** The member this connection carries, if it is still the member's current connection. */
    const current = (): Member | null => (member && member.link === link ? member : null);

    const onMessage = (message: ClientMessage): void => {
      // mutant: the server takes 600 ms (real time: a network delay, not a timer) to answer a join.
      if (message.t === 'join' && mutantActive('agora-rtc-join-slow') && !(message as { delayed?: boolean }).delayed) {
        setTimeout(() => onMessage({ ...message, delayed: true } as ClientMessage), 600);
        return;
      }
      switch (message.t) {
        case 'join': {
          if (member) return link.send({ t: 'rejected', reason: 'malformed' });
          const key = `${message.channel}\u0000${message.uid}`;
          this.joinRequests.set(key, (this.joinRequests.get(key) ?? 0) + 1);
          if (!isValidChannelName(message.channel)) return link.send({ t: 'rejected', reason: 'invalid-channel' });
          const identity = { instance: message.instance, startedAt: message.startedAt, attempt: message.attempt };
          // An abandoned attempt delivered late (a stalled proxy flushing) is refused before any crypto.
          if (this.channels.get(message.channel)?.isStale(message.uid, identity)) return link.send({ t: 'rejected', reason: 'stale' });
          if (this.options.tokensRequired) {
            const verdict = this.tokens.verify(message.token, message.channel, message.uid);
            if (verdict !== 'ok') return link.send({ t: 'rejected', reason: verdict });
          }
          const target = this.channelNamed(message.channel);
          const uid = message.uid !== 0 ? message.uid : this.freeUid(target);
          const admitted = target.admit(uid, identity, link);
          if (admitted.kind === 'stale') return link.send({ t: 'rejected', reason: 'stale' });
          channel = target;
          member = admitted.member;
          debugLog('server', `${target.name}#${target.incarnation}: uid ${uid} joined (attempt ${message.attempt})`);
          link.send({
            t: 'joined',
            channel: target.name,
            uid,
            incarnation: target.incarnation,
            users: [...target.members.keys()].filter((u) => u !== uid),
            departed: [...target.departed.entries()].map(([u, reason]) => ({ uid: u, reason })),
          });
          return;
        }
        case 'hb': {
          const m = current();
          if (!m || !channel) return;
          channel.heard(m);
          link.send({ t: 'ack' });
          channel.relayAudio(m);
          return;
        }
        case 'leave': {
          const m = current();
          if (m && channel) channel.leave(m);
          member = null;
          link.close();
          return;
        }
      }
    };

    socket.on('data', (chunk: Buffer) => {
      const lines = decoder.push(chunk);
      if (lines === null) return void socket.destroy();
      for (const line of lines) {
        const message = parseClientMessage(line);
        if (!message) {
          link.send({ t: 'rejected', reason: 'malformed' });
          continue;
        }
        onMessage(message);
      }
    });
    // A connection that closes is not a member that left: only silence or `leave` ends a membership.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.sockets.delete(socket);
      if (closeTimer) clearTimeout(closeTimer);
    });
  }

  private channelNamed(name: string): Channel {
    let channel = this.channels.get(name);
    if (!channel) {
      channel = new Channel(name, this.nextIncarnation++, this.timers, (destroyed) => {
        if (this.channels.get(destroyed.name) === destroyed) this.channels.delete(destroyed.name);
        debugLog('server', `${destroyed.name}#${destroyed.incarnation}: destroyed`);
      });
      this.channels.set(name, channel);
    }
    return channel;
  }

  /** A uid for a join that asked for 0 ("the SDK assigns one"). */
  private freeUid(channel: Channel): number {
    for (;;) {
      const uid = randomInt(1, 0x7fffffff);
      if (!channel.members.has(uid)) return uid;
    }
  }
}
