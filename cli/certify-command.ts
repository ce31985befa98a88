/**
 * `faultline certify --driver ws://HOST:PORT [--tags EXPR] [--scale X] [--out DIR]`: runs the suite
 * against a driver process and writes a certification bundle into DIR: summary.json (one verdict per
 * clause), junit.xml, cucumber.ndjson (cucumber messages) and report.html (clause matrix per profile and a
 * timeline picture per scenario). Exit 0 when no clause fails, 1 when one does, 2 when the run could not
 * be made (the driver cannot be reached, bad arguments).
 */
import { spawn } from 'node:child_process';
import { SHARD_FILE, type ShardRecord } from '../report/merge-bundles';
import { parseShard, shardLocations } from './shard';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, SETTINGS } from '../support/config';
import { WsDriver } from '../support/driver/ws-driver';
import { describeError } from '../support/errors';
import { CATALOGUE } from '../support/catalogue/catalogue';
import { collect } from '../report/cucumber-messages';
import { htmlReport } from '../report/html-report';
import { buildSummary, implementationLine, retriedLine, totalsLine } from '../report/summary';
import { unknownTags } from '../report/tag-check';
import { scenariosOfProfiles, tagExpressionProblem } from '../support/run-selection';
import { scanFeatures } from '../support/catalogue/feature-scan';
import { measurabilityProblem } from '../support/cucumber-input';
import { NAMED_DRIVERS } from '../drivers/named-drivers';
import { preflight } from './certify-preflight';
import { type CommandIo, type CommandSpec, processIo, runCommand, stringValue, UsageError } from './command-line';

const ROOT = path.join(__dirname, '..');

export const CERTIFY_COMMAND: CommandSpec = {
  name: 'faultline certify',
  summary:
    'Runs the suite against a driver process and writes a certification bundle: summary.json (a verdict per ' +
    'clause), junit.xml, cucumber.ndjson, report.html and verdicts.json (the cucumber run\'s own verdicts, without the ' +
    'driver\'s hello). Everything the run writes goes there. Prints one line per scenario while it runs.',
  options: {
    driver: {
      type: 'string',
      value: 'ws://HOST:PORT|NAME',
      description: `the driver to certify (docs/DRIVER_PROTOCOL.md); required. A NAME (${Object.keys(NAMED_DRIVERS).join(', ')}) is started for the run, with its own default --tags and --scale, and stopped after`,
    },
    tags: { type: 'string', value: 'EXPR', description: 'cucumber tag expression selecting scenarios, e.g. "@agora-rtm"', default: 'all scenarios' },
    scale: { type: 'string', value: 'X', description: 'time scale, 0 < X <= 1 (FAULTLINE_TIME_SCALE)', default: '0.1' },
    out: { type: 'string', value: 'DIR', description: 'where the bundle (and every file the run writes) goes', default: 'reports/certification' },
    shard: { type: 'string', value: 'i/n', description: 'run slice i of n (round-robin over the plan; join the bundles with faultline merge)', default: 'the whole run' },
    parallel: { type: 'string', value: 'N', description: 'scenarios at once (N ≥ 1), when the driver takes N sessions', default: '1' },
  },
  notes:
    'Exit codes (docs/VERDICTS.md): 0 at least one clause judged and every selected clause passed, 1 a conformance failure, ' +
    '2 nothing or not everything could be judged (a bad flag or FAULTLINE_* value: one line, nothing started; driver unreachable, harness error, interrupted, no scenario selected, a tag ' +
    'naming no clause, a capability the selection needs but the driver lacks). The hello is compared with the selection first.',
  examples: ['npx faultline certify --driver ws://127.0.0.1:8765 --tags @agora-rtm --scale 1 --out reports/my-sdk'],
};

/** A flag's value checked by the schema of the setting it stands for; the error names the flag, not the variable. */
function settingFlag<T>(flag: string, raw: string, setting: { schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ message: string }> } } } }): T {
  const parsed = setting.schema.safeParse(raw);
  if (!parsed.success) throw new UsageError(`${flag} ${raw}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data;
}

/** --parallel N: scenarios at once, a whole number ≥ 1 (1: one at a time, in cucumber's own process). */
function parallelValue(raw: string | undefined): number {
  if (raw === undefined) return 1;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new UsageError(`--parallel ${raw}: wants a whole number of scenarios at once, 1 or more`);
  return Number(raw);
}

export function runCertifyCommand(argv: string[], io: CommandIo = processIo): Promise<number> {
  return runCommand(CERTIFY_COMMAND, argv, async ({ values }) => {
    // Every bad flag is said at once (one line each), not the first of them.
    const problems: string[] = [];
    const checked = <T>(check: () => T): T | undefined => {
      try {
        return check();
      } catch (err) {
        if (!(err instanceof UsageError)) throw err;
        problems.push(err.message);
        return undefined;
      }
    };
    const driver = stringValue(values, 'driver');
    const names = Object.keys(NAMED_DRIVERS).join(', ');
    if (driver === undefined) problems.push(`--driver is required: a ws://HOST:PORT URL or a NAME (${names})`);
    const named = driver === undefined ? undefined : NAMED_DRIVERS[driver];
    if (driver !== undefined && !named && !SETTINGS.driver.schema.safeParse(driver).success) problems.push(`--driver ${driver}: wants a ws:// or wss:// URL, or a NAME (${names})`);
    const scale = stringValue(values, 'scale') ?? named?.defaultScale;
    if (scale !== undefined && !(Number(scale) > 0 && Number(scale) <= 1)) problems.push(`--scale ${scale}: the time scale must be a number above 0 and at most 1 (1 = real time)`);
    else if (scale !== undefined) checked(() => settingFlag('--scale', scale, SETTINGS.timeScale));
    const tags = stringValue(values, 'tags') ?? named?.defaultTags;
    const tagProblem = tags === undefined ? undefined : tagExpressionProblem(tags);
    if (tagProblem !== undefined) problems.push(tagProblem);
    const parallel = checked(() => parallelValue(stringValue(values, 'parallel')));
    if (values.shard !== undefined) checked(() => parseShard(String(values.shard)));
    if (problems.length > 0 || driver === undefined || parallel === undefined) throw new UsageError(problems.join('\n'));
    const options = { scale, tags, out: stringValue(values, 'out'), shard: stringValue(values, 'shard'), parallel };
    if (!named) return certify({ driver, ...options }, io);
    let launched;
    try {
      launched = await named.launch();
    } catch (err) {
      io.stderr(`faultline certify: ${describeError(err)}\n`);
      return 2;
    }
    try {
      return await certify({ driver: launched.url, ...options }, io);
    } finally {
      await launched.stop();
    }
  }, io);
}

async function certify(flags: { driver: string; scale?: string; tags?: string; out?: string; shard?: string; parallel: number }, io: CommandIo): Promise<number> {
  const env: NodeJS.ProcessEnv = { ...process.env, FAULTLINE_DRIVER: flags.driver };
  if (typeof flags.scale === 'string') env.FAULTLINE_TIME_SCALE = flags.scale;
  const out = path.resolve(typeof flags.out === 'string' ? flags.out : 'reports/certification');
  // Everything the cucumber run writes (cucumber.js's verdicts.json) goes into the bundle: shards with different
  // --out share no file, and the checkout's reports/ is left alone.
  env.FAULTLINE_REPORTS_DIR = out;
  const config = loadConfig(env);
  let shard: ShardRecord | undefined;
  if (flags.shard !== undefined) {
    const which = parseShard(flags.shard);
    const { locations, planned } = await shardLocations(which, flags.tags, ROOT);
    if (locations.length === 0) throw new UsageError(`--shard ${flags.shard} has no scenario (${planned} selected in all)`);
    shard = { shard: which, tags: flags.tags ?? null, scenarios: locations };
  }
  // certify runs cucumber's default profile: what it can select (the scale scenario has a profile of its own).
  const known = scenariosOfProfiles(scanFeatures(path.join(ROOT, 'features')), []);
  const typos = typeof flags.tags === 'string' ? unknownTags(flags.tags, known) : [];
  if (typos.length > 0) {
    for (const line of typos) io.stderr(`faultline certify: --tags: ${line}\n`);
    return 2;
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
    io.stderr(`faultline certify: ${describeError(err)}\n`);
    return 2;
  }
  io.stdout(`certifying ${hello.sdk.name} ${hello.sdk.version} (${hello.profiles.map((p) => `${p.profile}:${p.dialects.join('/')}`).join(', ')}) at scale ${config.timeScale}\n`);

  const plan = preflight(hello, known, typeof flags.tags === 'string' ? flags.tags : undefined, config.timeScale);
  for (const line of plan.lines) io.stdout(`cannot judge: ${line}\n`);
  if (plan.selected.length === 0) {
    io.stderr('faultline certify: --tags selects no scenario (exit 2)\n');
    return 2;
  }
  if (plan.judgeable.length === 0) {
    io.stderr(`faultline certify: nothing can be judged with this driver and selection (${plan.selected.length} scenario(s) selected); nothing was run (exit 2)\n`);
    return 2;
  }
  const unmeasurable = measurabilityProblem(plan.judgeable, config);
  if (unmeasurable !== undefined) {
    io.stderr(`faultline certify: ${unmeasurable}; nothing was run (exit 2)\n`);
    return 2;
  }

  fs.mkdirSync(out, { recursive: true });
  if (shard) {
    fs.writeFileSync(path.join(out, SHARD_FILE), `${JSON.stringify(shard, null, 2)}\n`);
    io.stdout(`shard ${shard.shard.index}/${shard.shard.total}: ${shard.scenarios.length} scenarios\n`);
  }
  env.FAULTLINE_CERTIFY = '1';
  const ndjson = path.join(out, 'cucumber.ndjson');
  const args = [
    path.join(ROOT, 'node_modules', '@cucumber', 'cucumber', 'bin', 'cucumber.js'),
    '--format', `message:${ndjson}`,
    '--format', `junit:${path.join(out, 'junit.xml')}`,
    ...(typeof flags.tags === 'string' ? ['--tags', flags.tags] : []),
    // One scenario at a time unless the driver is said to take N sessions at once (cucumber.js).
    ...(flags.parallel > 1 ? ['--parallel', String(flags.parallel)] : []),
    ...(shard?.scenarios ?? []),
  ];
  const startedAt = new Date();
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  let interrupted: NodeJS.Signals | undefined;
  const remember = (signal: NodeJS.Signals) => (interrupted = signal);
  process.on('SIGINT', remember);
  process.on('SIGTERM', remember);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  process.off('SIGINT', remember);
  process.off('SIGTERM', remember);
  process.off('SIGINT', forward);
  process.off('SIGTERM', forward);
  if (!fs.existsSync(ndjson)) {
    // cucumber stopped before its run began (its own argument errors exit 1 there): not a conformance verdict, 2.
    io.stderr(`faultline certify: the run produced no messages (cucumber exit ${code})\n`);
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
  const extra = [implementationLine(summary.clauses), retriedLine(summary)].filter(Boolean).map((line) => `${line}\n`).join('');
  io.stdout(`${totalsLine(summary.totals)}\n${extra}exit ${summary.exitCode}: ${summary.exitReason}\nbundle: ${out}\n`);
  return summary.exitCode;
}
