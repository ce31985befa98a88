/**
 * A real WebRTC media endpoint (werift) for one browser media connection: a published stream (the browser
 * sends, we receive RTP) or one subscription (we send the publisher's RTP to the browser). It plays the part
 * Kurento's WebRtcEndpoint plays for openvidu-server, for clients that send a real SDP offer (a browser
 * running openvidu-browser); the reference SDK's simulated offers stay on the simulated media plane.
 *
 * All media goes through the client's own media proxy, so a proxy fault breaks this media plane:
 * - werift gathers ICE-TCP candidates (`iceUseTcp`); the SDP answer carries exactly one candidate, the IPv4
 *   passive TCP one, rewritten to the client's media proxy address (`announce`). The proxy forwards to the
 *   media front (media-front.ts), which hands the connection to this endpoint's own passive TCP port.
 * - candidate pairs are TCP-only (`iceFilterCandidatePair`), and the browser's trickled candidates are not
 *   given to werift: otherwise a UDP peer-reflexive pair would bypass the proxy.
 *
 * "Delivered" (what the subscriber received) comes from the browser's own feedback, times the mean size of
 * the packets sent: the packets its transport-wide congestion control feedback reports received (RTCP
 * RTPFB 15, every ~100 ms; the transport-cc header extension is offered on subscriptions for this), or,
 * without that feedback, its receiver reports (extended highest sequence number per SSRC, about once a
 * second: too coarse to see media come back within a second).
 */
import {
  MediaStreamTrack,
  RTCPeerConnection,
  RTCRtpCodecParameters,
  RtcpRrPacket,
  RtcpTransportLayerFeedback,
  RtpPacket,
  TransportWideCC,
  useTransportWideCC,
  type RTCRtpTransceiver,
} from 'werift';
import type { HostPort } from '../contract';
import type { Log } from '../log';

export type WebRtcKind = 'publisher' | 'subscriber';

/**
 * A real browser offer, as opposed to the reference SDK's simulated one (protocol/sdp.ts, which has one
 * payload type per m-line and no RTP header extensions): browsers always offer header extensions.
 */
export function isBrowserOffer(sdp: string): boolean {
  return /^a=extmap:/m.test(sdp);
}

// Fixed payload types on every connection, so RTP forwarded from a publisher needs no rewriting of its type.
const OPUS_PT = 111;
const VP8_PT = 96;
const CODECS = {
  audio: [new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2, payloadType: OPUS_PT })],
  video: [
    new RTCRtpCodecParameters({
      mimeType: 'video/VP8',
      clockRate: 90000,
      payloadType: VP8_PT,
      rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }],
    }),
  ],
};

const GATHERING_DEADLINE_MS = 5000;

interface SentCounter {
  packets: number;
  bytes: number;
  /** Extended highest sequence numbers the browser reported: first and latest. */
  firstAcked: number | undefined;
  lastAcked: number | undefined;
}

export class WebRtcPeer {
  private readonly pc: RTCPeerConnection;
  private readonly senders = new Map<'audio' | 'video', { track: MediaStreamTrack; counter: SentCounter; ssrc: () => number }>();
  /** werift's own passive TCP listen address: where the media front hands this endpoint's connections. */
  passive: HostPort | undefined;
  localUfrag: string | undefined;
  /** Publisher: an RTP packet arrived from the browser (serialized). */
  onRtp: ((packet: Buffer) => void) | undefined;
  /** Subscriber: the browser acknowledged more media; the total bytes it has acknowledged on this connection. */
  onDelivered: ((bytes: number) => void) | undefined;
  /** Publisher: a subscriber lost a picture; ask the browser for a key frame. */
  private publisherSsrcs = new Set<number>();
  /** Subscriber: packets the browser's transport-wide feedback reported received. */
  private feedbackReceived = 0;
  private closed = false;

  constructor(
    readonly kind: WebRtcKind,
    private readonly log: Log,
  ) {
    this.pc = new RTCPeerConnection({
      codecs: CODECS,
      ...(kind === 'subscriber' ? { headerExtensions: { audio: [useTransportWideCC()], video: [useTransportWideCC()] } } : {}),
      // ICE-TCP: werift gathers a passive TCP host candidate (and an active one, filtered out of the answer).
      iceUseTcp: true,
      // Loopback only (nothing of the server listens beyond it): no interface enumeration, 127.0.0.1 added,
      // the UDP socket bound to it too.
      iceUseIpv4: false,
      iceUseIpv6: false,
      iceAdditionalHostAddresses: ['127.0.0.1'],
      iceInterfaceAddresses: { udp4: '127.0.0.1' },
      iceFilterCandidatePair: (pair) =>
        pair.localCandidate.transport.toLowerCase() === 'tcp' && pair.remoteCandidate.transport.toLowerCase() === 'tcp',
    });
    this.pc.iceConnectionStateChange.subscribe((state) => this.log(`webrtc ${this.localUfrag ?? '?'} (${kind}): ICE ${state}`));
  }

  /** Answers the browser's offer; the answer names one candidate, `announce` (the client's media proxy). */
  async answer(offerSdp: string, announce: HostPort): Promise<string> {
    if (this.kind === 'publisher') {
      this.pc.onTrack.subscribe((track) => {
        track.onReceiveRtp.subscribe((rtp) => {
          this.publisherSsrcs.add(rtp.header.ssrc);
          this.onRtp?.(rtp.serialize());
        });
      });
    }
    await this.pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
    if (this.kind === 'subscriber') for (const t of this.pc.getTransceivers()) this.attachSender(t);
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    await this.gathered();
    const sdp = this.pc.localDescription?.sdp;
    if (!sdp) throw new Error('werift produced no local description');
    return this.rewriteCandidates(sdp, announce);
  }

  /** Subscriber: forwards one RTP packet of the publisher's stream to the browser. */
  forward(packet: Buffer): boolean {
    if (this.closed || this.kind !== 'subscriber') return false;
    let rtp: RtpPacket;
    try {
      rtp = RtpPacket.deSerialize(packet);
    } catch {
      return false;
    }
    const kind = rtp.header.payloadType === OPUS_PT ? 'audio' : rtp.header.payloadType === VP8_PT ? 'video' : undefined;
    const sender = kind ? this.senders.get(kind) : undefined;
    if (!sender) return false;
    sender.track.writeRtp(rtp);
    sender.counter.packets++;
    sender.counter.bytes += packet.length;
    return true;
  }

  /** Publisher: asks the browser for a key frame on every video SSRC it sends (a new subscriber joined). */
  requestKeyFrame(): void {
    const receiver = this.pc.getTransceivers().find((t) => t.kind === 'video')?.receiver;
    for (const ssrc of this.publisherSsrcs) void receiver?.sendRtcpPLI(ssrc).catch(() => undefined);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    void this.pc.close().catch(() => undefined);
  }

  private attachSender(transceiver: RTCRtpTransceiver): void {
    const kind = transceiver.kind as 'audio' | 'video';
    if (kind !== 'audio' && kind !== 'video') return;
    const track = new MediaStreamTrack({ kind });
    transceiver.setDirection('sendonly');
    void transceiver.sender.replaceTrack(track);
    const counter: SentCounter = { packets: 0, bytes: 0, firstAcked: undefined, lastAcked: undefined };
    this.senders.set(kind, { track, counter, ssrc: () => transceiver.sender.ssrc });
    transceiver.sender.onRtcp.subscribe((packet) => {
      if (packet instanceof RtcpTransportLayerFeedback && packet.feedback instanceof TransportWideCC) {
        this.feedbackReceived += packet.feedback.recvDeltas.length;
        this.onDelivered?.(this.deliveredBytes());
        return;
      }
      if (packet.type !== RtcpRrPacket.type && !('reports' in packet)) return;
      const reports = (packet as RtcpRrPacket).reports ?? [];
      for (const report of reports) {
        if (report.ssrc !== transceiver.sender.ssrc) continue;
        counter.firstAcked ??= report.highestSequence;
        if (counter.lastAcked === undefined || report.highestSequence > counter.lastAcked) {
          counter.lastAcked = report.highestSequence;
          this.onDelivered?.(this.deliveredBytes());
        }
      }
    });
  }

  private deliveredBytes(): number {
    const counters = [...this.senders.values()].map((s) => s.counter);
    const sent = counters.reduce((n, c) => n + c.packets, 0);
    if (this.feedbackReceived > 0 && sent > 0) return Math.round(this.feedbackReceived * (counters.reduce((n, c) => n + c.bytes, 0) / sent));
    let total = 0;
    for (const { counter } of this.senders.values()) {
      if (counter.firstAcked === undefined || counter.lastAcked === undefined || counter.packets === 0) continue;
      const acked = counter.lastAcked - counter.firstAcked + 1;
      total += Math.round(acked * (counter.bytes / counter.packets));
    }
    return total;
  }

  private gathered(): Promise<void> {
    if (this.pc.iceGatheringState === 'complete') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`ICE gathering not complete after ${GATHERING_DEADLINE_MS} ms`)), GATHERING_DEADLINE_MS);
      const sub = this.pc.iceGatheringStateChange.subscribe((state) => {
        if (state !== 'complete') return;
        clearTimeout(timer);
        sub.unSubscribe();
        resolve();
      });
    });
  }

  /**
   * Keeps one candidate: the IPv4 passive TCP host candidate of the first m-section, with its address
   * replaced by `announce`. Remembers werift's real address of it for the media front.
   */
  private rewriteCandidates(sdp: string, announce: HostPort): string {
    const lines = sdp.split(/\r?\n/).filter((l) => l.length > 0);
    const out: string[] = [];
    let announced = false;
    for (const line of lines) {
      const ufrag = /^a=ice-ufrag:(.+)$/.exec(line);
      if (ufrag) this.localUfrag ??= ufrag[1]!.trim();
      const cand = /^a=candidate:(\S+) (\d+) (tcp|TCP) (\d+) (\d+\.\d+\.\d+\.\d+) (\d+) typ host tcptype passive(.*)$/.exec(line);
      if (cand) {
        this.passive ??= { host: cand[5]!, port: Number(cand[6]) };
        if (!announced) {
          out.push(`a=candidate:${cand[1]} ${cand[2]} tcp ${cand[4]} ${announce.host} ${announce.port} typ host tcptype passive`);
          announced = true;
        }
        continue;
      }
      if (line.startsWith('a=candidate:')) continue;
      out.push(line);
    }
    if (!this.passive || !this.localUfrag) throw new Error('werift gathered no IPv4 passive TCP candidate');
    return `${out.join('\r\n')}\r\n`;
  }
}
