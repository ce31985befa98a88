/**
 * A proxy's toxics (Toxiproxy's ToxicCollection): one ordered chain per direction, applied to every open
 * connection when it changes and copied into every new connection. Names are unique across both
 * directions. Request bodies are decoded the way Toxiproxy decodes them, with the same errors.
 */
import type { Socket } from 'node:net';
import { Connection } from './connection';
import type { Link } from './link';
import {
  ErrBadRequestBody,
  ErrInvalidStream,
  ErrInvalidToxicType,
  ErrToxicAlreadyExists,
  ErrToxicNotFound,
  joinError,
} from './errors';
import { decodeStruct, formatFloat32, GoJsonError, parseGoJson, type GoField, type GoJsonValue } from './go-json';
import type { ProxyStats } from './stats';
import { parseDirection, type Direction } from './stream';
import { toxicDefinition, type ToxicDefinition, type ToxicWrapper } from './toxics';
import type { ToxicAttributes } from './toxics/toxic';

/** A toxic as the API shows it (field order as Toxiproxy marshals its ToxicWrapper). */
export interface ToxicJson {
  attributes: ToxicAttributes;
  name: string;
  type: string;
  stream: string;
  toxicity: number;
}

export function toxicJson(toxic: ToxicWrapper): ToxicJson {
  return {
    attributes: { ...toxic.attributes },
    name: toxic.name,
    type: toxic.type,
    stream: toxic.stream,
    toxicity: formatFloat32(toxic.toxicity),
  };
}

/** Parse a body, turning syntax errors into Toxiproxy's "bad request body: ..." 400. */
function parseBody(body: Buffer): GoJsonValue {
  try {
    return parseGoJson(body);
  } catch (err) {
    if (err instanceof GoJsonError) throw joinError(err.message, ErrBadRequestBody);
    throw err;
  }
}

function nestedAttributes(definition: ToxicDefinition, target: Record<string, unknown>): GoField {
  return {
    json: 'attributes',
    type: 'struct',
    nested: { goType: `toxics.${definition.goStruct}`, structName: definition.goStruct, fields: definition.attributes, target },
  };
}

/** Toxiproxy decodes a new toxic's attributes into a NoopToxic first, then into the real type. */
const NOOP_ATTRIBUTES: ToxicDefinition = {
  type: 'noop',
  goStruct: 'NoopToxic',
  attributes: [],
  bufferSize: 0,
  run: () => {
    throw new Error('placeholder definition, never run');
  },
};

export class ToxicCollection {
  private readonly chains: Record<Direction, ToxicWrapper[]> = { upstream: [], downstream: [] };
  private readonly connections = new Set<Connection>();
  /** A removal in progress: Toxiproxy holds the collection's lock until every link has rewired. */
  private removing: Promise<void> | null = null;
  /** The links that removal is rewiring, kept past their connection's close: a gone peer's link is the slow one. */
  private removingLinks: Link[] = [];

  constructor(private readonly writeOutputTimeoutMs: number) {}

  /** Resolves when no removal holds the collection's lock. */
  async whenIdle(): Promise<void> {
    while (this.removing) await this.removing;
  }

  /** The server is closing: removals still waiting on dead destinations stop waiting. */
  abandonRemovals(): void {
    for (const connection of this.connections) for (const direction of ['upstream', 'downstream'] as const) connection.link(direction).abandonRemoval();
    for (const link of this.removingLinks) link.abandonRemoval();
  }

  /** Upstream toxics first, then downstream, each in the order added (Toxiproxy's GetToxicArray). */
  list(): ToxicWrapper[] {
    return [...this.chains.upstream, ...this.chains.downstream];
  }

  find(name: string): ToxicWrapper | undefined {
    return this.list().find((toxic) => toxic.name === name);
  }

  /** Wire a new connection through the current toxics. */
  connect(client: Socket, upstream: Socket, stats: ProxyStats, onClosed: (connection: Connection) => void): Connection {
    const connection = new Connection(
      client,
      upstream,
      { upstream: [...this.chains.upstream], downstream: [...this.chains.downstream] },
      stats,
      (closed) => {
        this.connections.delete(closed);
        onClosed(closed);
      },
    );
    this.connections.add(connection);
    return connection;
  }

  /** POST /proxies/{proxy}/toxics. Checks run in Toxiproxy's order: body, stream, type, name clash, attributes. */
  addFromJson(body: Buffer): ToxicWrapper {
    const parsed = parseBody(body);
    const fields: Record<string, unknown> = { name: '', type: '', stream: 'downstream', toxicity: 1 };
    const firstPass = decodeStruct(
      parsed,
      [
        nestedAttributes(NOOP_ATTRIBUTES, {}),
        { json: 'name', type: 'string' },
        { json: 'type', type: 'string' },
        { json: 'stream', type: 'string' },
        { json: 'toxicity', type: 'float32' },
      ],
      fields,
      { goType: 'toxics.ToxicWrapper', structName: 'ToxicWrapper' },
    );
    if (firstPass) throw joinError(firstPass, ErrBadRequestBody);
    const stream = fields.stream as string;
    const type = fields.type as string;
    const direction = parseDirection(stream);
    if (!direction) throw ErrInvalidStream;
    const name = (fields.name as string) || `${type}_${stream}`;
    const definition = toxicDefinition(type);
    if (!definition) throw ErrInvalidToxicType;
    if (this.find(name)) throw ErrToxicAlreadyExists;
    const attributes: ToxicAttributes = Object.fromEntries(definition.attributes.map((a) => [a.json, 0]));
    const secondPass = decodeStruct(parsed, [nestedAttributes(definition, attributes)], {}, {
      goType: 'struct { Attributes interface {} "json:\\"attributes\\"" }',
      structName: '',
    });
    if (secondPass) throw joinError(secondPass, ErrBadRequestBody);
    const toxic: ToxicWrapper = { name, type, stream, direction, toxicity: fields.toxicity as number, attributes, definition };
    this.chains[direction].push(toxic);
    for (const connection of this.connections) connection.link(direction).addToxic(toxic);
    return toxic;
  }

  /**
   * POST|PATCH /proxies/{proxy}/toxics/{toxic}: only attributes and toxicity change. As in Toxiproxy,
   * attributes that decoded are kept even when another field fails (they are decoded in place).
   */
  updateFromJson(name: string, body: Buffer): ToxicWrapper {
    const toxic = this.find(name);
    if (!toxic) throw ErrToxicNotFound;
    const parsed = parseBody(body);
    const fields: Record<string, unknown> = { toxicity: toxic.toxicity };
    const error = decodeStruct(parsed, [nestedAttributes(toxic.definition, toxic.attributes), { json: 'toxicity', type: 'float32' }], fields, {
      goType: 'struct { Attributes interface {} "json:\\"attributes\\""; Toxicity float32 "json:\\"toxicity\\"" }',
      structName: '',
    });
    if (error) throw joinError(error, ErrBadRequestBody);
    toxic.toxicity = fields.toxicity as number;
    for (const connection of this.connections) connection.link(toxic.direction).updateToxic(toxic);
    return toxic;
  }

  /**
   * DELETE /proxies/{proxy}/toxics/{toxic}: the toxic leaves the chain now (or ErrToxicNotFound is thrown);
   * the promise settles when every open connection has let go of it, the lock held until then.
   */
  remove(name: string): Promise<void> {
    const toxic = this.find(name);
    if (!toxic) throw ErrToxicNotFound;
    return this.removeToxic(toxic);
  }

  /** POST /reset: remove every toxic, first to last, exactly as if each were deleted. */
  async reset(): Promise<void> {
    for (const direction of ['upstream', 'downstream'] as const) {
      while (this.chains[direction].length > 0) await this.removeToxic(this.chains[direction][0]);
    }
  }

  /** chainRemoveToxic (toxic_collection.go:286-322): every link at once, the lock held until all are done. */
  private async removeToxic(toxic: ToxicWrapper): Promise<void> {
    const chain = this.chains[toxic.direction];
    chain.splice(chain.indexOf(toxic), 1);
    this.removingLinks = [...this.connections].map((connection) => connection.link(toxic.direction));
    const done = Promise.all(this.removingLinks.map((link) => link.removeToxic(toxic, this.writeOutputTimeoutMs))).then(() => undefined);
    this.removing = done;
    try {
      await done;
    } finally {
      if (this.removing === done) {
        this.removing = null;
        this.removingLinks = [];
      }
    }
  }
}
