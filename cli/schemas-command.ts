/** `faultline schemas --out DIR`: JSON Schema files for every callback payload and driver message (zod 4's z.toJSONSchema). */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { driverEventMessage, driverHello, driverLogMessage, driverRequest, driverResponse, environment } from '../contract/driver-protocol';
import { probeSchemas } from '../support/schemas/probes';
import { allVocabularies } from '../support/catalogue/vocabulary';
import { parseArgs } from './args';

export function schemaFiles(): Record<string, unknown> {
  const files: Record<string, unknown> = {
    'driver/request.schema.json': z.toJSONSchema(driverRequest, { io: 'input' }),
    'driver/response.schema.json': z.toJSONSchema(driverResponse, { io: 'input' }),
    'driver/event.schema.json': z.toJSONSchema(driverEventMessage, { io: 'input' }),
    'driver/log.schema.json': z.toJSONSchema(driverLogMessage, { io: 'input' }),
    'driver/hello-result.schema.json': z.toJSONSchema(driverHello, { io: 'input' }),
    'driver/setUp-result.schema.json': z.toJSONSchema(environment, { io: 'input' }),
  };
  for (const family of allVocabularies()) {
    for (const cb of family.callbacks) {
      for (const [dialect, name] of Object.entries(cb.names)) {
        const file = `callbacks/${family.profiles[0]}/${dialect}/${name.replace(/[^A-Za-z0-9_-]/g, '_')}.schema.json`;
        files[file] = { title: `${name} (${cb.canonical}) payload, ${family.profiles.join('/')} ${dialect}`, ...z.toJSONSchema(cb.payload, { io: 'input' }) };
      }
    }
  }
  for (const [name, schema] of Object.entries(probeSchemas())) {
    files[`probes/${name.replace(/[^A-Za-z0-9_-]/g, '_')}.schema.json`] = z.toJSONSchema(schema, { io: 'input' });
  }
  return files;
}

export async function runSchemasCommand(argv: string[]): Promise<number> {
  const { flags } = parseArgs(argv, { values: ['out'], booleans: [] });
  if (typeof flags.out !== 'string') {
    process.stderr.write('faultline schemas: --out DIR is required\n');
    return 2;
  }
  const files = schemaFiles();
  for (const [rel, schema] of Object.entries(files)) {
    const target = path.join(flags.out, rel);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, `${JSON.stringify(schema, null, 2)}\n`);
  }
  process.stdout.write(`wrote ${Object.keys(files).length} JSON Schema files to ${flags.out}\n`);
  return 0;
}
