/**
 * `faultline certify --driver ws://HOST:PORT [--tags EXPR] [--scale X] [--out DIR]`: runs the suite
 * against a driver process and writes a certification bundle into DIR: summary.json (one verdict per
 * clause), junit.xml, cucumber.ndjson (cucumber messages) and report.html (clause matrix per profile and a
 * timeline picture per scenario). Exit codes (docs/VERDICTS.md): 0 at least one clause judged and every
 * selected clause passed, 1 a conformance failure, 2 nothing or not everything could be judged (driver
 * unreachable, harness error, interrupted, no scenario selected, a tag naming no clause, a capability the
 * selection needs but the driver lacks). Before running, the driver's hello is compared with the selection.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../support/config';
import { WsDriver } from '../support/driver/ws-driver';
import { describeError } from '../support/errors';
import { CATALOGUE } from '../support/catalogue/catalogue';
import { collect } from '../report/cucumber-messages';
import { htmlReport } from '../report/html-report';
import { buildSummary, implementationLine, totalsLine } from '../report/summary';
import { unknownTags } from '../report/tag-check';
import { scanFeatures } from '../support/catalogue/feature-scan';
import { parseArgs } from './args';
import { preflight } from './certify-preflight';

const ROOT = path.join(__dirname, '..');

export async function runCertifyCommand(argv: string[]): Promise<number> {
  const { flags } = parseArgs(argv, { values: ['driver', 'tags', 'scale', 'out'], booleans: [] });
  if (typeof flags.driver !== 'string') {
    process.stderr.write('faultline certify: --driver ws://HOST:PORT is required\n');
    return 2;
  }
  const known = scanFeatures(path.join(ROOT, 'features'));
  const typos = typeof flags.tags === 'string' ? unknownTags(flags.tags, known) : [];
  if (typos.length > 0) {
    for (const line of typos) process.stderr.write(`faultline certify: --tags: ${line}\n`);
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

  const plan = preflight(hello, known, typeof flags.tags === 'string' ? flags.tags : undefined, config.timeScale);
  for (const line of plan.lines) process.stdout.write(`cannot judge: ${line}\n`);
  if (plan.selected.length === 0) {
    process.stderr.write('faultline certify: --tags selects no scenario (exit 2)\n');
    return 2;
  }
  if (plan.judgeable.length === 0) {
    process.stderr.write(`faultline certify: nothing can be judged with this driver and selection (${plan.selected.length} scenario(s) selected); nothing was run (exit 2)\n`);
    return 2;
  }

  fs.mkdirSync(out, { recursive: true });
  env.FAULTLINE_CERTIFY = '1';
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
  let interrupted: NodeJS.Signals | undefined;
  const forwardAndRemember = (signal: NodeJS.Signals) => (interrupted = signal);
  process.on('SIGINT', forwardAndRemember);
  process.on('SIGTERM', forwardAndRemember);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  process.off('SIGINT', forwardAndRemember);
  process.off('SIGTERM', forwardAndRemember);
  process.off('SIGINT', forward);
  process.off('SIGTERM', forward);
  if (!fs.existsSync(ndjson)) {
    process.stderr.write(`faultline certify: the run produced no messages (cucumber exit ${code})\n`);
    return 2;
  }
  const collected = collect(fs.readFileSync(ndjson, 'utf8'));
  const scenarios = collected.scenarios();
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
      finished: collected.runFinished && interrupted === undefined,
    },
    CATALOGUE,
    scenarios,
    known,
    config.strictImplementation,
  );
  const junit = path.join(out, 'junit.xml');
  if (!fs.existsSync(junit) || fs.statSync(junit).size === 0) {
    // cucumber writes junit.xml only at the end of a run: an interrupted run gets one that says so, not an empty file.
    fs.writeFileSync(junit, `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="faultline" tests="1" failures="0" errors="1">\n  <testcase classname="faultline" name="certification run"><error message="${summary.exitReason}"/></testcase>\n</testsuite>\n`);
  }
  fs.writeFileSync(path.join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  fs.writeFileSync(path.join(out, 'report.html'), htmlReport(summary, scenarios));
  const impl = implementationLine(summary.clauses);
  process.stdout.write(`${totalsLine(summary.totals)}\n${impl ? `${impl}\n` : ''}exit ${summary.exitCode}: ${summary.exitReason}\nbundle: ${out}\n`);
  return summary.exitCode;
}
