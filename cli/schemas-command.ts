/** `faultline schemas --out DIR`: JSON Schema files for every callback payload and driver message (zod 4's z.toJSONSchema). */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { driverEventMessage, driverHello, driverLogMessage, driverRequest, driverResponse, driverStallMessage, environment } from '../contract/driver-protocol';
import { probeSchemas } from '../support/schemas/probes';
import { CATALOGUE } from '../support/catalogue/catalogue';
import { allVocabularies } from '../support/catalogue/vocabulary';
import { callbackSchema } from './schema-annotations';
import { type CommandIo, type CommandSpec, processIo, runCommand, stringValue, UsageError } from './command-line';

export const SCHEMAS_COMMAND: CommandSpec = {
  name: 'faultline schemas',
  summary:
    'Writes a JSON Schema file for every driver message and every callback payload, for drivers written in other ' +
    'languages: driver/<message>.schema.json, callbacks/<family>/<dialect>/<callback>.schema.json (family: ' +
    'agora-rtc, which also holds agora-rtc-legacy and agora-web, agora-rtm, openvidu), probes/<probe>.schema.json. ' +
    'A character outside [A-Za-z0-9_-] in a name becomes _ (session:reconnecting is session_reconnecting.schema.json: ' +
    'Windows file names cannot hold a colon). Callback schemas name every enum value and quote the page sentences ' +
    'about the callback. docs/DRIVER_PROTOCOL.md explains them.',
  options: { out: { type: 'string', value: 'DIR', description: 'directory to write into (created if missing); required' } },
  examples: ['npx faultline schemas --out schemas/'],
};

export function schemaFiles(): Record<string, unknown> {
  const files: Record<string, unknown> = {
    'driver/request.schema.json': z.toJSONSchema(driverRequest, { io: 'input' }),
    'driver/response.schema.json': z.toJSONSchema(driverResponse, { io: 'input' }),
    'driver/event.schema.json': z.toJSONSchema(driverEventMessage, { io: 'input' }),
    'driver/log.schema.json': z.toJSONSchema(driverLogMessage, { io: 'input' }),
    'driver/stall.schema.json': z.toJSONSchema(driverStallMessage, { io: 'input' }),
    'driver/hello-result.schema.json': z.toJSONSchema(driverHello, { io: 'input' }),
    'driver/setUp-result.schema.json': z.toJSONSchema(environment, { io: 'input' }),
  };
  for (const family of allVocabularies()) {
    const clauses = CATALOGUE.filter((c) => c.profiles.some((p) => family.profiles.includes(p)));
    for (const cb of family.callbacks) {
      for (const [dialect, name] of Object.entries(cb.names)) {
        const file = `callbacks/${family.profiles[0]}/${dialect}/${name.replace(/[^A-Za-z0-9_-]/g, '_')}.schema.json`;
        files[file] = callbackSchema(z.toJSONSchema(cb.payload, { io: 'input' }) as Record<string, unknown>, cb, name, `${family.profiles.join('/')} ${dialect}`, clauses);
      }
    }
  }
  for (const [name, schema] of Object.entries(probeSchemas())) {
    files[`probes/${name.replace(/[^A-Za-z0-9_-]/g, '_')}.schema.json`] = z.toJSONSchema(schema, { io: 'input' });
  }
  return files;
}

export function runSchemasCommand(argv: string[], io: CommandIo = processIo): Promise<number> {
  return runCommand(SCHEMAS_COMMAND, argv, async ({ values }) => {
    const out = stringValue(values, 'out');
    if (out === undefined) throw new UsageError('--out DIR is required');
    const files = schemaFiles();
    for (const [rel, schema] of Object.entries(files)) {
      const target = path.join(out, rel);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, `${JSON.stringify(schema, null, 2)}\n`);
    }
    io.stdout(`wrote ${Object.keys(files).length} JSON Schema files to ${out}\n`);
    return 0;
  }, io);
}
