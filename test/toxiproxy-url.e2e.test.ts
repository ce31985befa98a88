/**
 * The harness honours TOXIPROXY_URL: pointed at a second, separately started instance of the embedded
 * server (standing in for real Toxiproxy from docker-compose.yml), it creates its proxies there, runs the
 * clause through them, and removes them afterwards.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Toxiproxy } from 'toxiproxy-node-client';
import { startEmbeddedToxiproxy } from '../embedded-toxiproxy';
import { startCucumber } from './support/run-cucumber';

test('with TOXIPROXY_URL set, every proxy is created in that server and removed after the run', async () => {
  const server = await startEmbeddedToxiproxy({ host: '127.0.0.1', port: 0 });
  try {
    const client = new Toxiproxy(server.url);
    const seen = new Set<string>();
    // Serial: this one embedded server, polled every 20 ms below, answers its API one request at a time, and
    // four workers' heals queued behind each other and the poll moved timing verdicts. Four scenarios of the
    // clause, not its twelve: a blackhole (timeout toxic), a disabled proxy and reset_peer, each created,
    // healed and removed through TOXIPROXY_URL, are what this test is about; the rest only took time.
    const run = startCucumber(['--tags', '@RTC-RECON-001', '--name', '^the network of user 1 fails: |^the proxy ', '--parallel', '0', '--format', 'summary'], { TOXIPROXY_URL: server.url });
    const sampler = setInterval(() => {
      client.getAll().then((all) => Object.keys(all).forEach((n) => seen.add(n)), () => undefined);
    }, 20);
    const { code, output } = await run.done;
    clearInterval(sampler);
    assert.equal(code, 0, output);
    assert.match(output, /4 scenarios \(4 passed\)/);
    assert.doesNotMatch(output, /failed/);
    const faultline = [...seen].filter((n) => n.startsWith('faultline-'));
    assert.ok(faultline.length >= 2, `expected the run's proxies in the TOXIPROXY_URL server, saw: ${[...seen].join(', ')}`);
    assert.deepEqual(Object.keys(await client.getAll()), [], 'proxies left behind');
  } finally {
    await server.close();
  }
});

test('an unreachable TOXIPROXY_URL is a harness error, not an SDK verdict: said once, no stack, in parallel and serially', async () => {
  const runs = await Promise.all(['5', '0'].map((parallel) => startCucumber(['--tags', '@RTC-RECON-001', '--parallel', parallel, '--format', 'summary'], { TOXIPROXY_URL: 'http://127.0.0.1:1' }).done));
  for (const { code, output } of runs) {
    assert.equal(code, 2, output);
    assert.equal(output.match(/faultline: \[FL-H-PROXY\]/g)?.length, 1, `said once, not by each worker: ${output}`);
    assert.doesNotMatch(output, /\n\s+at |errored/, 'no stack trace, no cucumber hook error');
    assert.doesNotMatch(output, /FL-C-/);
  }
});
