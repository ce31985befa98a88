/**
 * Every setting of a run, in one zod-validated place. Each environment variable is documented where it is
 * defined; docs/CONFIGURATION.md is generated from this table (`npx faultline config --markdown`) and a
 * test fails when the file is stale.
 */
import { z } from 'zod';
import { HARNESS_CODES, HarnessError } from './errors';

interface Setting<T> {
  env: string;
  doc: string;
  schema: z.ZodType<T>;
  defaultText: string;
  /** What a value may be, for the error a bad one gets and the docs' table. */
  accepts: string;
}

function setting<T>(env: string, schema: z.ZodType<T>, defaultText: string, accepts: string, doc: string): Setting<T> {
  return { env, schema, defaultText, accepts, doc };
}

const positiveNumber = z.coerce.number().positive();
const booleanFlag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

export const SETTINGS = {
  timeScale: setting(
    'FAULTLINE_TIME_SCALE',
    positiveNumber.max(1).default(0.1),
    '0.1',
    'a number above 0, at most 1',
    'Multiplies every documented duration (4 s becomes 400 ms at 0.1). The reference SDK and server take it; a ' +
      'driver that cannot scale time runs at 1 only. 0.1 keeps the full suite in minutes while leaving the ' +
      'shortest window (4 s → 400 ms ± 60 ms) well above event-loop jitter. A scenario tagged ' +
      '`@time-scale:<x>` overrides it (the 20-minute clause runs at 0.01).',
  ),
  toleranceRelative: setting(
    'FAULTLINE_TOLERANCE_RELATIVE',
    z.coerce.number().min(0).max(1).default(0.05),
    '0.05',
    'a number from 0 to 1',
    'Relative part of every timing window: a window is nominal × scale ± (relative × nominal × scale + absolute).',
  ),
  toleranceAbsoluteMs: setting(
    'FAULTLINE_TOLERANCE_ABSOLUTE_MS',
    z.coerce.number().min(0).default(40),
    '40',
    'a number ≥ 0',
    'Absolute part of every timing window, in real (unscaled) milliseconds: covers loopback, proxy and event-loop delay.',
  ),
  stepTimeoutMs: setting(
    'FAULTLINE_STEP_TIMEOUT_MS',
    z.coerce.number().int().min(1000).default(120_000),
    '120000',
    'a whole number ≥ 1000',
    'Deadline of one step, in real milliseconds. A step whose window would close later is refused before it ' +
      'waits (FL-H-CONFIG: run at a smaller time scale or raise this); a step still running at its deadline ' +
      'fails as a harness error naming the step and what it waited for (FL-H-STEP-TIMEOUT), and tear-down runs.',
  ),
  startAtEpochMs: setting(
    'FAULTLINE_START_AT',
    z.coerce.number().int().min(0).default(0),
    '0',
    'a whole number ≥ 0',
    'Wall-clock time (Unix epoch, ms) before which no scenario starts: several runs started together (shards, ' +
      'each loading its code) begin their scenarios at once, after all have loaded, instead of timing their first ' +
      'windows while the others still load. 0: start at once.',
  ),
  driver: setting(
    'FAULTLINE_DRIVER',
    z.string().regex(/^wss?:\/\/.+/, 'must be a ws:// or wss:// URL').optional(),
    'unset',
    'a ws:// or wss:// URL',
    'A driver process to connect to (`ws://host:port`), speaking docs/DRIVER_PROTOCOL.md. Unset: the bundled ' +
      'reference SDK runs in process.',
  ),
  toxiproxyUrl: setting(
    'TOXIPROXY_URL',
    z.string().url().optional(),
    'unset',
    'an http:// URL',
    'A Toxiproxy server to create the proxies in (for instance the one from docker-compose.yml, ' +
      '`http://localhost:8474`). Unset: the embedded Toxiproxy-compatible server starts on loopback.',
  ),
  proxyListenHost: setting(
    'FAULTLINE_PROXY_LISTEN_HOST',
    z.string().min(1).default('127.0.0.1'),
    '127.0.0.1',
    'a host name or address',
    'The address each proxy listens on inside the Toxiproxy server. Loopback by default; a containerised ' +
      'Toxiproxy on a bridge network needs `0.0.0.0`.',
  ),
  proxyConnectHost: setting(
    'FAULTLINE_PROXY_CONNECT_HOST',
    z.string().min(1).default('127.0.0.1'),
    '127.0.0.1',
    'a host name or address',
    'The address clients use to reach the proxies (the Toxiproxy host as the SDK sees it).',
  ),
  upstreamHost: setting(
    'FAULTLINE_UPSTREAM_HOST',
    z.string().min(1).optional(),
    'unset',
    'a host name or address',
    'Rewrites the host of every server upstream as Toxiproxy must dial it (for example `host.docker.internal`). ' +
      'Unset: the host the driver reported.',
  ),
  proxyPortRange: setting(
    'FAULTLINE_PROXY_PORTS',
    z
      .string()
      .regex(/^\d+-\d+$/, 'must look like 26000-26099')
      .optional(),
    'unset',
    'a port range from-to, e.g. 26000-26099',
    'Listen ports for proxies as a range `from-to`, for a Toxiproxy whose ports must be published ' +
      '(docker-compose.yml publishes 26000-26099). Unset: port 0, the server picks.',
  ),
  legacyLostSeconds: setting(
    'FAULTLINE_LEGACY_LOST_SECONDS',
    z.enum(['10', '15']).default('15').transform(Number),
    '15',
    '10 or 15',
    'Agora RTC before v2.3.2: when onConnectionLost is due. The pages disagree: seed 001 says 10 s, seed 000 ' +
      'says 15 s (clause RTC-LEGACY-003, conflict RTC-CONFLICT-001; seed 002\'s 15 s is for v2.3.2 and later). 15 follows the page written for that SDK version (000).',
  ),
  driverTimeoutMs: setting(
    'FAULTLINE_DRIVER_TIMEOUT_MS',
    positiveNumber.default(10000),
    '10000',
    'a number above 0',
    'Deadline for one driver request (hello, createClient, invoke, ...), in real milliseconds.',
  ),
  maxEventsPerScenario: setting(
    'FAULTLINE_MAX_EVENTS',
    positiveNumber.int().default(5000),
    '5000',
    'a whole number above 0',
    'A driver that pushes more events than this in one scenario is flooding: the scenario fails with FL-C-PROTOCOL.',
  ),
  maxMessageBytes: setting(
    'FAULTLINE_MAX_MESSAGE_BYTES',
    positiveNumber.int().default(256 * 1024),
    '262144',
    'a whole number above 0',
    'Largest driver message accepted; a larger one fails the scenario with FL-C-PROTOCOL.',
  ),
  informativeMargin: setting(
    'FAULTLINE_INFORMATIVE_MARGIN',
    z.coerce.number().min(0).max(1).default(0.3),
    '0.3',
    'a number from 0 to 1',
    'Relative margin of the bands the pages give "roughly" (OpenVidu 7 s and 12 s): measured and reported, ' +
      'a failure only with FAULTLINE_STRICT_INFORMATIVE.',
  ),
  strictInformative: setting(
    'FAULTLINE_STRICT_INFORMATIVE',
    booleanFlag.default(false),
    'false',
    '1, 0, true, false, yes or no',
    'Treat informative timings (≈ 200 ms join, ≈ 100 ms peer detection, OpenVidu bands) as normative.',
  ),
  strictImplementation: setting(
    'FAULTLINE_STRICT_IMPLEMENTATION',
    booleanFlag.default(false),
    'false',
    '1, 0, true, false, yes or no',
    'Count implementation clauses (an SDK\'s own numbers, strings and orders, not the pages\') in the exit code: a failure of one exits 1. ' +
      'Off for certification (they are reported apart); .ci/run and the reference\'s own checks turn it on.',
  ),
  reportsDir: setting(
    'FAULTLINE_REPORTS_DIR',
    z.string().min(1).default('reports'),
    'reports',
    'a folder (relative to the working directory, or absolute)',
    'Where a cucumber run writes its files (cucumber.js): verdicts.json, and with `--profile ci` junit.xml, ' +
      'cucumber.html and cucumber.ndjson. `faultline certify` sets it to its --out, so that everything a ' +
      'certification writes is in its bundle and shards with different --out share no file.',
  ),
  mutant: setting(
    'FAULTLINE_MUTANT',
    z.string().optional(),
    'unset',
    'mutant names, comma-separated',
    'Read by the reference implementation only: runs a named mutant of it (reference-impl/*/mutants.ts). ' +
      'The harness passes it through and never reads it.',
  ),
} as const;

type Settings = typeof SETTINGS;
export type Config = { [K in keyof Settings]: Settings[K] extends Setting<infer T> ? T : never };

/** What is wrong with one variable's value, naming it, the value and what it accepts; undefined when it is fine. */
function settingProblem(s: Setting<unknown>, raw: string | undefined): string | undefined {
  const hasDefault = s.defaultText !== 'unset';
  // Empty is not "unset": `FAULTLINE_TIME_SCALE= npx cucumber-js` is more likely a lost value than a wish for the default.
  if (raw === '') return `${s.env} is set but empty: wants ${s.accepts} (or unset it${hasDefault ? ` for the default, ${s.defaultText}` : ''})`;
  const parsed = s.schema.safeParse(raw);
  if (parsed.success) return undefined;
  return `${s.env}=${JSON.stringify(raw)}: wants ${s.accepts} (${parsed.error.issues.map((i) => i.message).join('; ')})${hasDefault ? `; unset: ${s.defaultText}` : ''}`;
}

/** Every bad value in the environment, one line each (empty when the configuration is valid). */
export function configurationProblems(env: NodeJS.ProcessEnv = process.env): string[] {
  return (Object.values(SETTINGS) as Array<Setting<unknown>>).flatMap((s) => settingProblem(s, env[s.env]) ?? []);
}

/** Parse the environment; a bad value is a harness configuration error naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems = configurationProblems(env);
  if (problems.length > 0) {
    throw new HarnessError(HARNESS_CODES.CONFIGURATION, `invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, s] of Object.entries(SETTINGS) as Array<[string, Setting<unknown>]>) out[key] = s.schema.parse(env[s.env]);
  return out as Config;
}

export function configurationMarkdown(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rows = Object.values(SETTINGS).map((s) => `| \`${s.env}\` | ${s.defaultText} | ${cell(s.accepts)} | ${cell(s.doc)} |`);
  return [
    '# Configuration',
    '',
    'Generated from `support/config.ts` by `npx faultline config --markdown > docs/CONFIGURATION.md`; do not edit by hand.',
    'Every variable is optional; set to an empty value it is an error, not the default. A bad value stops the run before',
    'anything starts (exit 2) with one line naming the variable, the value and what it accepts (`FL-H-CONFIG`).',
    '',
    '| variable | default | accepted | meaning |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
