/**
 * A WebSocket relay between the harness and a driver that corrupts the driver's frames by seed: the same
 * seed, rate and traffic give the same corruptions. Harness → driver frames pass untouched; the relay reads
 * them only to know which scenario is running (a `setUp` request opens one, the answer to its `tearDown`
 * closes it), so each corruption is logged with the scenario it hit. Whether and how a frame is corrupted
 * depends only on the seed and the frame's identity in its scenario (the scenario's name, and "the 3rd answer
 * to invoke" or "the 2nd onConnectionStateChanged of client 1"), not on how frames interleave in time. Frames outside a scenario (hello,
 * close) pass untouched. Used by the fuzz tests and, as a command, for a certification through a relay:
 *   node -r ./bin/register-ts.js test/support/corrupting-relay.ts --target ws://… --seed 7 --rate 0.05 --log out.json
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import WebSocket, { WebSocketServer } from 'ws';

export const CORRUPTIONS = [
  'truncate',
  'wrong-type',
  'delete-field',
  'add-field',
  'huge-string',
  'binary',
  'deep-nesting',
  'nan-like',
  'flood',
  'split',
  'duplicate',
] as const;
export type Corruption = (typeof CORRUPTIONS)[number];

/** Flood and duplicate repeat a frame: an answer repeated is a protocol break, an event repeated is only a callback twice. */
const ANSWERS_ONLY: ReadonlySet<Corruption> = new Set(['flood', 'duplicate']);

export interface CorruptionRecord {
  /** Index of the driver → harness frame (0-based, over the whole relay). */
  frame: number;
  scenario: string;
  kind: Corruption;
  /** The message type of the original frame, and for answers the request's op. */
  type: string;
  op?: string;
}

export interface RelayOptions {
  target: string;
  seed: number;
  /** Probability that an eligible frame is corrupted. */
  rate: number;
  kinds?: readonly Corruption[];
  /** Scenarios (by their setUp name) the relay must leave alone, to show that untouched ones stay clean. */
  spare?: (scenario: string) => boolean;
  /** Targeted instead of random: the corruption for this frame (its message and, for answers, the op), or none. */
  choose?: (message: Record<string, unknown>, op: string | undefined, scenario: string) => Corruption | undefined;
}

export interface CorruptingRelay {
  url: string;
  records: CorruptionRecord[];
  /** Driver → harness frames seen inside scenarios (the ones that could be corrupted). */
  framesInScenarios(): number;
  /** Scenario names in the order their setUp passed. */
  scenarios: string[];
  close(): Promise<void>;
}

/** FNV-1a: a 32-bit hash of a string, to seed one frame's decisions from its identity. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** mulberry32: a small seeded PRNG, enough for reproducible fuzzing. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Frame = { data: string | Buffer; binary: boolean };
type Message = Record<string, unknown>;

const REQUIRED: Record<string, string[]> = { response: ['type', 'id', 'ok'], event: ['type', 'clientId', 'name', 'payload', 'ts'], log: ['type', 'level', 'message'] };
const WRONG_TYPES: Record<string, Array<[string, unknown]>> = {
  response: [['id', 'one'], ['ok', 'yes'], ['type', 7], ['error', 'bad']],
  event: [['ts', 'late'], ['clientId', 42], ['payload', []], ['name', { callback: true }]],
  log: [['level', 'loud'], ['message', 3]],
};
const NAN_LIKE = ['NaN', 'Infinity', '-Infinity', '1e999', 'undefined'];
const deepArray = (n: number) => '['.repeat(n) + ']'.repeat(n);

/** The corrupted frame(s) to send instead of `text`; each is guaranteed to break the protocol. */
export function corrupt(kind: Corruption, text: string, msg: Message, random: () => number): Frame[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const type = String(msg.type);
  const json = (m: Message): Frame[] => [{ data: JSON.stringify(m), binary: false }];
  switch (kind) {
    case 'truncate':
      return [{ data: text.slice(0, 1 + Math.floor(random() * (text.length - 2))), binary: false }];
    case 'wrong-type': {
      const [field, value] = pick(WRONG_TYPES[type] ?? [['type', 1]]);
      return json({ ...msg, [field]: value });
    }
    case 'delete-field': {
      const copy = { ...msg };
      delete copy[pick(REQUIRED[type] ?? ['type'])];
      return json(copy);
    }
    case 'add-field':
      return json({ ...msg, [`x${Math.floor(random() * 1000)}`]: pick([1, 'extra', null, { nested: true }]) });
    case 'huge-string':
      return json({ ...msg, [type === 'event' ? 'name' : 'note']: 'x'.repeat(1 << 20) });
    case 'binary':
      return [{ data: Buffer.from(text), binary: true }];
    case 'deep-nesting': {
      const field = type === 'event' ? 'name' : type === 'response' ? 'result' : 'message';
      return [{ data: JSON.stringify({ ...msg, [field]: '\u0000DEEP' }).replace('"\\u0000DEEP"', deepArray(10_000)), binary: false }];
    }
    case 'nan-like': {
      const field = type === 'event' ? 'ts' : type === 'response' ? 'id' : 'level';
      return [{ data: JSON.stringify({ ...msg, [field]: '\u0000NAN' }).replace('"\\u0000NAN"', pick(NAN_LIKE)), binary: false }];
    }
    case 'flood':
      return Array.from({ length: 101 }, () => ({ data: text, binary: false }));
    case 'split': {
      const at = 1 + Math.floor(random() * (text.length - 2));
      return [{ data: text.slice(0, at), binary: false }, { data: text.slice(at), binary: false }];
    }
    case 'duplicate':
      return [{ data: text, binary: false }, { data: text, binary: false }];
  }
}

export async function startCorruptingRelay(options: RelayOptions): Promise<CorruptingRelay> {
  const kinds = options.kinds ?? CORRUPTIONS;
  const records: CorruptionRecord[] = [];
  const scenarios: string[] = [];
  let frame = 0;
  let inScenarios = 0;
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  const sockets = new Set<WebSocket>();

  wss.on('connection', (harness) => {
    const driver = new WebSocket(options.target);
    sockets.add(harness).add(driver);
    const queued: string[] = [];
    const ops = new Map<number, string>();
    let scenario: string | undefined;
    let tearDownId: number | undefined;
    const seen = new Map<string, number>();
    driver.on('open', () => queued.splice(0).forEach((m) => driver.send(m)));
    harness.on('message', (d) => {
      const text = d.toString();
      try {
        const req = JSON.parse(text) as { id: number; op: string; params?: { scenario?: string } };
        ops.set(req.id, req.op);
        if (req.op === 'setUp') {
          scenario = String(req.params?.scenario);
          scenarios.push(scenario);
          seen.clear();
        }
        if (req.op === 'tearDown') tearDownId = req.id;
      } catch {
        // the harness never sends anything but JSON; pass it on regardless
      }
      if (driver.readyState === WebSocket.OPEN) driver.send(text);
      else queued.push(text);
    });
    driver.on('message', (d, isBinary) => {
      const index = frame++;
      const text = d.toString();
      let msg: Message | undefined;
      try {
        msg = JSON.parse(text) as Message;
      } catch {
        msg = undefined;
      }
      let out: Frame[] = [{ data: isBinary ? (d as Buffer) : text, binary: isBinary }];
      if (scenario !== undefined && msg) {
        inScenarios++;
        const isAnswer = msg.type === 'response';
        const eligible = kinds.filter((k) => isAnswer || !ANSWERS_ONLY.has(k));
        const op = isAnswer ? ops.get(msg.id as number) : undefined;
        const what = isAnswer ? `answer to ${op}` : `${String(msg.type)} ${String(msg.clientId)} ${String(msg.name)}`;
        seen.set(what, (seen.get(what) ?? 0) + 1);
        // The serial the harness puts before a scenario's name is left out: it shifts with --tags.
        const random = seededRandom(hash(`${options.seed}|${scenario.replace(/^\d+: /, '')}|${what}#${seen.get(what)}`));
        const kind = options.choose
          ? options.choose(msg, op, scenario)
          : eligible.length > 0 && !options.spare?.(scenario) && random() < options.rate
            ? eligible[Math.floor(random() * eligible.length)]!
            : undefined;
        if (kind) {
          out = corrupt(kind, text, msg, random);
          records.push({ frame: index, scenario, kind, type: String(msg.type), ...(op ? { op } : {}) });
        }
        if (isAnswer && msg.id === tearDownId) scenario = undefined;
      }
      for (const f of out) if (harness.readyState === WebSocket.OPEN) harness.send(f.data, { binary: f.binary });
    });
    harness.on('close', () => driver.close());
    driver.on('close', () => harness.close());
    harness.on('error', () => driver.terminate());
    driver.on('error', () => harness.terminate());
  });

  return {
    url: `ws://127.0.0.1:${(wss.address() as { port: number }).port}`,
    records,
    scenarios,
    framesInScenarios: () => inScenarios,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.terminate();
        wss.close(() => resolve());
      }),
  };
}

if (require.main === module) {
  const { values } = parseArgs({
    options: { target: { type: 'string' }, seed: { type: 'string', default: '1' }, rate: { type: 'string', default: '0.05' }, log: { type: 'string' } },
    strict: true,
  });
  if (!values.target) {
    process.stderr.write('usage: corrupting-relay.ts --target ws://HOST:PORT [--seed N] [--rate 0.05] [--log FILE]\n');
    process.exit(2);
  }
  void startCorruptingRelay({ target: values.target, seed: Number(values.seed), rate: Number(values.rate) }).then((relay) => {
    process.stdout.write(`${relay.url}\n`);
    const stop = () => {
      if (values.log) fs.writeFileSync(values.log, JSON.stringify({ seed: Number(values.seed), rate: Number(values.rate), framesInScenarios: relay.framesInScenarios(), scenarios: relay.scenarios, records: relay.records }, null, 1));
      void relay.close().then(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
