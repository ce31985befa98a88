/**
 * `faultline certify --driver ws://HOST:PORT [--tags EXPR] [--scale X] [--out DIR] [--shard i/n] [--parallel N]`: runs the suite
 * against a driver process and writes a certification bundle into DIR: summary.json (one verdict per
 * clause), junit.xml, cucumber.ndjson (cucumber messages) and report.html (clause matrix per profile and a
 * timeline picture per scenario). Exit 0 when no clause fails, 1 when one does, 2 when the run could not
 * be made (the driver cannot be reached, bad arguments). `--shard i/n` runs a deterministic slice (cli/shard.ts)
 * and records it in shard.json; `faultline merge` joins the shards' bundles. Scenarios run one at a time
 * unless `--parallel N` says the driver takes N sessions at once.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../support/config';
import { WsDriver } from '../support/driver/ws-driver';
import { describeError } from '../support/errors';
import { CATALOGUE } from '../support/catalogue/catalogue';
import { readScenarios } from '../report/cucumber-messages';
import { htmlReport } from '../report/html-report';
import { buildSummary } from '../report/summary';
import { SHARD_FILE, type ShardRecord } from '../report/merge-bundles';
import { parseArgs } from './args';
import { parseShard, shardLocations } from './shard';

const ROOT = path.join(__dirname, '..');

export async function runCertifyCommand(argv: string[]): Promise<number> {
  const { flags } = parseArgs(argv, { values: ['driver', 'tags', 'scale', 'out', 'shard', 'parallel'], booleans: [] });
  if (typeof flags.driver !== 'string') {
    process.stderr.write('faultline certify: --driver ws://HOST:PORT is required\n');
    return 2;
  }
  const out = path.resolve(typeof flags.out === 'string' ? flags.out : 'reports/certification');
  const env: NodeJS.ProcessEnv = { ...process.env, FAULTLINE_DRIVER: flags.driver };
  if (typeof flags.scale === 'string') env.FAULTLINE_TIME_SCALE = flags.scale;
  const config = loadConfig(env);
  const tags = typeof flags.tags === 'string' ? flags.tags : undefined;
  let shard: ShardRecord | undefined;
  if (typeof flags.shard === 'string') {
    try {
      const which = parseShard(flags.shard);
      const { locations, planned } = await shardLocations(which, tags, ROOT);
      if (locations.length === 0) throw new Error(`shard ${flags.shard} has no scenario (${planned} scenarios selected in all)`);
      shard = { shard: which, tags: tags ?? null, scenarios: locations };
    } catch (err) {
      process.stderr.write(`faultline certify: ${describeError(err)}\n`);
      return 2;
    }
  }

  let hello;
  try {
    const probe = await WsDriver.connect(flags.driver, {
      requestTimeoutMs: config.driverTimeoutMs,
      maxMessageBytes: config.maxMessageBytes,
      maxEventsPerScenario: config.maxEventsPerScenario,
    });
    hello = await probe.hello().finally(() => probe.close());
  } catch (err) {
    process.stderr.write(`faultline certify: ${describeError(err)}\n`);
    return 2;
  }
  process.stdout.write(`certifying ${hello.sdk.name} ${hello.sdk.version} (${hello.profiles.map((p) => `${p.profile}:${p.dialects.join('/')}`).join(', ')}) at scale ${config.timeScale}\n`);

  fs.mkdirSync(out, { recursive: true });
  if (shard) {
    fs.writeFileSync(path.join(out, SHARD_FILE), `${JSON.stringify(shard, null, 2)}\n`);
    process.stdout.write(`shard ${shard.shard.index}/${shard.shard.total}: ${shard.scenarios.length} scenarios\n`);
  }
  const ndjson = path.join(out, 'cucumber.ndjson');
  const args = [
    path.join(ROOT, 'node_modules', '@cucumber', 'cucumber', 'bin', 'cucumber.js'),
    '--format', `message:${ndjson}`,
    '--format', `junit:${path.join(out, 'junit.xml')}`,
    '--format', path.join(ROOT, 'report', 'progress-formatter.js'),
    ...(tags ? ['--tags', tags] : []),
    // One scenario at a time unless the driver is said to take N sessions at once (cucumber.js).
    ...(typeof flags.parallel === 'string' ? ['--parallel', flags.parallel] : []),
    ...(shard?.scenarios ?? []),
  ];
  const startedAt = new Date();
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  process.off('SIGINT', forward);
  process.off('SIGTERM', forward);
  if (!fs.existsSync(ndjson)) {
    process.stderr.write(`faultline certify: the run produced no messages (cucumber exit ${code})\n`);
    return 2;
  }
  const scenarios = readScenarios(fs.readFileSync(ndjson, 'utf8'));
  const summary = buildSummary(
    {
      sdk: hello.sdk,
      profiles: hello.profiles,
      driver: flags.driver,
      timeScale: config.timeScale,
      tolerance: { relative: config.toleranceRelative, absoluteMs: config.toleranceAbsoluteMs },
      tags: typeof flags.tags === 'string' ? flags.tags : null,
      toxiproxy: config.toxiproxyUrl ?? 'embedded',
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
    },
    CATALOGUE,
    scenarios,
  );
  fs.writeFileSync(path.join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  fs.writeFileSync(path.join(out, 'report.html'), htmlReport(summary, scenarios));
  const t = summary.totals;
  process.stdout.write(`clauses: ${t.pass} pass, ${t.fail} fail, ${t.informative} informative, ${t['not-applicable']} not applicable\nbundle: ${out}\n`);
  return t.fail > 0 ? 1 : 0;
}
