/**
 * Issue 14 item 4 (JSON Schema part): the exported schemas name every enum value (`title`, `description`
 * "INTERRUPTED (5)") and carry each callback's sentences from its family's seed pages.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { schemaFiles } from '../cli/schemas-command';

type Schema = Record<string, any>;
const files = schemaFiles() as Record<string, Schema>;

test('every enum value of a callback payload carries its member name', () => {
  const rtm = files['callbacks/agora-rtm/cpp/onConnectionStateChanged.schema.json']!;
  assert.deepEqual(
    rtm.properties.reason.anyOf.find((a: Schema) => a.const === 5),
    { type: 'number', const: 5, title: 'INTERRUPTED', description: 'INTERRUPTED (5)' },
  );
  assert.equal(rtm.properties.state.anyOf.find((a: Schema) => a.const === 4).title, 'RECONNECTING');
  for (const [file, schema] of Object.entries(files).filter(([f]) => f.startsWith('callbacks/'))) {
    for (const [field, property] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
      for (const alternative of (property.anyOf ?? []) as Schema[]) {
        if ('const' in alternative) assert.ok(alternative.title, `${file} ${field} ${JSON.stringify(alternative.const)} has a name`);
      }
    }
  }
});

test("each callback schema quotes its family's page sentences that name it, with clause and seed", () => {
  const rtm = files['callbacks/agora-rtm/cpp/onConnectionStateChanged.schema.json']!;
  const sentences = rtm['x-faultline-page-sentences'] as Array<{ clause: string; seed: string; quote: string }>;
  assert.ok(sentences.length > 0);
  assert.ok(sentences.every((s) => s.clause.startsWith('RTM-') && s.seed.startsWith('003_') && s.quote.includes('onConnectionStateChanged')));
  assert.match(rtm.description, /^What the pages say:\n- "Whenever the connection switches state/m);
  const reconnecting = files['callbacks/openvidu/browser/session_reconnecting.schema.json']!;
  assert.match(reconnecting.description, /Event `reconnecting` is triggered/);
  for (const [file, schema] of Object.entries(files).filter(([f]) => f.startsWith('callbacks/'))) {
    assert.equal(typeof schema.description, 'string', `${file} has a description`);
    assert.ok(Array.isArray(schema['x-faultline-page-sentences']), file);
  }
});
