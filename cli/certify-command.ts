/**
 * `faultline certify --driver ws://HOST:PORT|NAME [--tags EXPR] [--scale X] [--out DIR]`: runs the suite
 * against a driver process and writes a certification bundle into DIR: summary.json (one verdict per
 * clause), junit.xml, cucumber.ndjson (cucumber messages) and report.html (clause matrix per profile and a
 * timeline picture per scenario). Exit 0 when no clause fails, 1 when one does, 2 when the run could not
 * be made (the driver cannot be reached, bad arguments). A NAME (drivers/named-drivers.ts, e.g.
 * `openvidu-browser`) starts that driver for the run, with its default --tags and --scale, and stops it after.
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
import { NAMED_DRIVERS } from '../drivers/named-drivers';
import { parseArgs } from './args';

const ROOT = path.join(__dirname, '..');

export async function runCertifyCommand(argv: string[]): Promise<number> {
  const { flags } = parseArgs(argv, { values: ['driver', 'tags', 'scale', 'out'], booleans: [] });
  const named = typeof flags.driver === 'string' ? NAMED_DRIVERS[flags.driver] : undefined;
  if (named) {
    let launched;
    try {
      launched = await named.launch();
    } catch (err) {
      process.stderr.write(`faultline certify: ${describeError(err)}\n`);
      return 2;
    }
    const rest = Object.entries(flags).filter(([name]) => name !== 'driver').flatMap(([name, value]) => [`--${name}`, String(value)]);
    const defaults = [...(flags.tags === undefined ? ['--tags', named.defaultTags] : []), ...(flags.scale === undefined ? ['--scale', named.defaultScale] : [])];
    try {
      return await runCertifyCommand(['--driver', launched.url, ...defaults, ...rest]);
    } finally {
      await launched.stop();
    }
  }
  if (typeof flags.driver !== 'string') {
    process.stderr.write('faultline certify: --driver ws://HOST:PORT is required\n');
    return 2;
  }
  const out = path.resolve(typeof flags.out === 'string' ? flags.out : 'reports/certification');
  const env: NodeJS.ProcessEnv = { ...process.env, FAULTLINE_DRIVER: flags.driver };
  if (typeof flags.scale === 'string') env.FAULTLINE_TIME_SCALE = flags.scale;
  const config = loadConfig(env);

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
  const ndjson = path.join(out, 'cucumber.ndjson');
  const args = [
    path.join(ROOT, 'node_modules', '@cucumber', 'cucumber', 'bin', 'cucumber.js'),
    '--format', `message:${ndjson}`,
    '--format', `junit:${path.join(out, 'junit.xml')}`,
    '--format', path.join(ROOT, 'report', 'progress-formatter.js'),
    ...(typeof flags.tags === 'string' ? ['--tags', flags.tags] : []),
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
