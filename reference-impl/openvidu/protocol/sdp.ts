/**
 * Simulated but well-formed SDP (RFC 8866 / JSEP shape, BUNDLEd opus + VP8 as a browser offers them). The
 * parts that matter to the simulation are the ICE credentials (`a=ice-ufrag`, `a=ice-pwd`) and, in the
 * server's answer, the host candidate naming the server's media listen address. The SDK never dials that
 * address: it reaches the media plane only through the endpoint it was given (the harness's proxy), like a
 * client that can only go through a relay; the candidate is informative.
 */
import { randomBytes } from 'node:crypto';

export type Direction = 'sendonly' | 'recvonly';

export interface IceCredentials {
  ufrag: string;
  pwd: string;
}

export interface HostCandidate {
  host: string;
  port: number;
}

function fingerprint(): string {
  return [...randomBytes(32)].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
}

function sessionLines(origin: string): string[] {
  const sessionId = BigInt(`0x${randomBytes(7).toString('hex')}`).toString();
  return ['v=0', `o=- ${sessionId} 2 IN IP4 ${origin}`, 's=-', 't=0 0', 'a=group:BUNDLE 0 1', 'a=msid-semantic: WMS'];
}

function mediaSection(
  kind: 'audio' | 'video',
  mid: number,
  port: number,
  address: string,
  ice: IceCredentials,
  direction: Direction,
  setup: 'actpass' | 'passive',
  fp: string,
  candidate?: HostCandidate,
): string[] {
  const [pt, rtpmap] = kind === 'audio' ? [111, 'opus/48000/2'] : [96, 'VP8/90000'];
  const lines = [
    `m=${kind} ${port} UDP/TLS/RTP/SAVPF ${pt}`,
    `c=IN IP4 ${address}`,
    `a=rtcp:${port} IN IP4 ${address}`,
    `a=ice-ufrag:${ice.ufrag}`,
    `a=ice-pwd:${ice.pwd}`,
    'a=ice-options:trickle',
    `a=fingerprint:sha-256 ${fp}`,
    `a=setup:${setup}`,
    `a=mid:${mid}`,
    `a=${direction}`,
    'a=rtcp-mux',
    `a=rtpmap:${pt} ${rtpmap}`,
  ];
  if (candidate) {
    lines.push(`a=candidate:1 1 TCP 2105524479 ${candidate.host} ${candidate.port} typ host tcptype passive`);
    lines.push('a=end-of-candidates');
  }
  return lines;
}

/** The SDK's offer: `sendonly` to publish, `recvonly` to subscribe. */
export function buildOffer(ice: IceCredentials, direction: Direction): string {
  const fp = fingerprint();
  const lines = [
    ...sessionLines('127.0.0.1'),
    ...mediaSection('audio', 0, 9, '0.0.0.0', ice, direction, 'actpass', fp),
    ...mediaSection('video', 1, 9, '0.0.0.0', ice, direction, 'actpass', fp),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** The server's answer: the opposite direction, its own credentials and its media host candidate. */
export function buildAnswer(ice: IceCredentials, offerDirection: Direction, candidate: HostCandidate): string {
  const direction: Direction = offerDirection === 'sendonly' ? 'recvonly' : 'sendonly';
  const fp = fingerprint();
  const lines = [
    ...sessionLines(candidate.host),
    ...mediaSection('audio', 0, candidate.port, candidate.host, ice, direction, 'passive', fp, candidate),
    ...mediaSection('video', 1, candidate.port, candidate.host, ice, direction, 'passive', fp, candidate),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

export interface ParsedSdp {
  ice: IceCredentials;
  direction: Direction | undefined;
  candidates: HostCandidate[];
}

/** Reads the first ICE credentials, direction and host candidates; `undefined` when there are no credentials. */
export function parseSdp(sdp: string): ParsedSdp | undefined {
  let ufrag: string | undefined;
  let pwd: string | undefined;
  let direction: Direction | undefined;
  const candidates: HostCandidate[] = [];
  for (const raw of sdp.split(/\r?\n/)) {
    const line = raw.trim();
    if (!ufrag && line.startsWith('a=ice-ufrag:')) ufrag = line.slice('a=ice-ufrag:'.length);
    else if (!pwd && line.startsWith('a=ice-pwd:')) pwd = line.slice('a=ice-pwd:'.length);
    else if (!direction && (line === 'a=sendonly' || line === 'a=recvonly')) direction = line.slice(2) as Direction;
    else if (line.startsWith('a=candidate:')) {
      const parts = line.split(' ');
      const port = Number(parts[5]);
      if (parts.length >= 8 && Number.isInteger(port)) candidates.push({ host: parts[4], port });
    }
  }
  if (!ufrag || !pwd) return undefined;
  return { ice: { ufrag, pwd }, direction, candidates };
}

/** A trickled host candidate line as `onIceCandidate` / `iceCandidate` carry it. */
export function hostCandidateLine(host: string, port: number, tcpType: 'active' | 'passive'): string {
  const priority = tcpType === 'active' ? 1518280447 : 2105524479;
  return `candidate:1 1 TCP ${priority} ${host} ${port} typ host tcptype ${tcpType}`;
}

/** ICE credentials with the lengths RFC 8839 asks for (ufrag ≥ 4, pwd ≥ 22 characters). */
export function newIceCredentials(): IceCredentials {
  return { ufrag: randomBytes(6).toString('base64url'), pwd: randomBytes(18).toString('base64url') };
}
