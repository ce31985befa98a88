/**
 * One World per scenario: its clock anchors, event log, clients, proxies and expectations. Steps stay one
 * or two lines by calling into it; the heavy lifting is here and in pure query helpers.
 */
import { type IWorldOptions, World, setWorldConstructor } from '@cucumber/cucumber';
import { z } from 'zod';
import { monotonicMs, sleepUntil } from './clock';
import type { Dialect, DriverEvent, Environment, Plane, ProfileId } from './driver/sdk-driver';
import { CONFORMANCE_CODES, type ConformanceCode, ConformanceError, HARNESS_CODES, HarnessError, describeError } from './errors';
import { type CallbackPattern, type ResolvedPattern, parseCallbackPattern, resolvePattern } from './expect/callback-pattern';
import { type Anchor, type ExpectationContext, type JudgedExpectation } from './expect/expectations';
import { type ActiveFault, FaultInjector } from './faults/fault-injector';
import type { FaultSpec } from './faults/fault-kinds';
import type { RunContext } from './run-context';
import { clauseById } from './spec/catalogue';
import type { Clause } from './spec/clause';
import { type Tolerance, toleranceMs } from './spec/timing';
import { definitionByDialectName } from './spec/vocabulary';
import { probeSchema } from './schemas/probes';
import { EventLog } from './timeline/event-log';
import { formatTimeline } from './timeline/format';

export interface UserClient {
  label: string;
  clientId: string;
  profile: ProfileId;
  dialect: Dialect;
  /** The id the SDK uses for this user (Agora uid, RTM user id). */
  uid: number | string;
  isolation: 'in-process' | 'process';
}

export interface Measurement {
  what: string;
  clause?: string;
  measuredMs: number;
  nominalMs: number | null;
  scale: number;
  normative: boolean;
}

let scenarioSerial = 0;

/** The attachment every scenario carries: its whole recording, for reports (report/certification.ts). */
export const TIMELINE_MEDIA_TYPE = 'application/vnd.faultline.timeline+json';

export interface TimelineRecord {
  scenario: string;
  clauses: string[];
  timeScale: number;
  /** Monotonic ms of the scenario start; every `at` below is relative to it. */
  origin: number;
  users: Array<{ label: string; profile: ProfileId; dialect: Dialect; planes: Plane[] }>;
  entries: Array<Record<string, unknown> & { at: number; kind: string }>;
  judged: Array<Omit<JudgedExpectation, 'fromAt' | 'toAt' | 'measuredAt'> & { from: number; to: number; measured?: number }>;
  measurements: Measurement[];
}

export class FaultlineWorld extends World {
  readonly timeline = new EventLog();
  readonly users = new Map<string, UserClient>();
  readonly measurements: Measurement[] = [];
  readonly judged: JudgedExpectation[] = [];
  run!: RunContext;
  scenarioName = '';
  scenarioTags: string[] = [];
  clauses: Clause[] = [];
  timeScale = 0.1;
  environment: Environment | undefined;
  environmentProfile: ProfileId | undefined;
  environmentOptions: Record<string, unknown> = {};
  faults!: FaultInjector;
  lastFault: ActiveFault | undefined;
  lastHealAt: number | undefined;
  readonly serial = ++scenarioSerial;
  private unsubscribe: Array<() => void> = [];

  constructor(options: IWorldOptions) {
    super(options);
  }

  /** Called by the Before hook once the run context is open. */
  begin(run: RunContext, name: string, tags: string[]): void {
    this.run = run;
    this.scenarioName = name;
    this.scenarioTags = tags;
    this.clauses = tags.map((t) => clauseById(t.replace(/^@/, ''))).filter((c): c is Clause => c !== undefined);
    const scaleTag = tags.find((t) => t.startsWith('@time-scale:'));
    const tagged = scaleTag ? Number(scaleTag.slice('@time-scale:'.length)) : undefined;
    // The `realtime` profile sets the world parameter timeScale: 1; otherwise FAULTLINE_TIME_SCALE.
    const runScale = Number((this.parameters as { timeScale?: number }).timeScale ?? run.config.timeScale);
    this.timeScale = tagged !== undefined && runScale < 1 ? tagged : runScale;
    this.faults = new FaultInjector(
      run.toxiproxy.client,
      this.timeline,
      {
        listenHost: run.config.proxyListenHost,
        connectHost: run.config.proxyConnectHost,
        upstreamHost: run.config.upstreamHost,
        ports: parseRange(run.config.proxyPortRange),
      },
      `s${this.serial}`,
    );
    this.unsubscribe.push(run.driver.driver.onEvent((e) => this.record(e)));
    this.unsubscribe.push(
      run.driver.onProblem((code, message) => {
        this.timeline.add({ kind: 'problem', code, message, asserted: false });
        // The driver broke the protocol: what a step waits for may have been in the refused frame.
        if (code === CONFORMANCE_CODES.PROTOCOL) this.timeline.breakWaits(new ConformanceError(CONFORMANCE_CODES.PROTOCOL, `the driver broke the protocol in this scenario, so nothing it reports can be judged: ${message}`));
      }),
    );
  }

  async end(): Promise<string[]> {
    const problems: string[] = [];
    for (const fault of this.faults?.activeFaults() ?? []) {
      await this.faults.heal(fault).catch((err) => problems.push(describeError(err)));
    }
    // A driver that answers tearDown badly broke the protocol in this scenario: a conformance problem, not a
    // harness leftover. Problems it reports until tearDown is answered still belong to this scenario.
    await this.run?.driver.driver.tearDown().catch((err) => {
      if (err instanceof ConformanceError) this.timeline.add({ kind: 'problem', code: err.code, message: `driver tearDown: ${err.message}`, asserted: false });
      else problems.push(`driver tearDown: ${describeError(err)}`);
    });
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
    problems.push(...((await this.faults?.destroyAll()) ?? []));
    return problems;
  }

  get tolerance(): Tolerance {
    return { relative: this.run.config.toleranceRelative, absoluteMs: this.run.config.toleranceAbsoluteMs };
  }

  scaled(nominalMs: number): number {
    return nominalMs * this.timeScale;
  }

  toleranceFor(nominalMs: number): number {
    return toleranceMs(nominalMs, this.timeScale, this.tolerance);
  }

  // ---- recording ----------------------------------------------------------------------------------

  private record(event: DriverEvent): void {
    const user = [...this.users.values()].find((u) => u.clientId === event.clientId);
    if (!user) {
      this.timeline.add({ kind: 'problem', code: CONFORMANCE_CODES.PROTOCOL, message: `event ${event.name} for unknown client "${event.clientId}"`, asserted: false });
      return;
    }
    const entry = { kind: 'callback' as const, user: user.label, name: event.name, payload: event.payload, driverTs: event.ts };
    if (event.name.startsWith('probe:')) {
      const schema = probeSchema(event.name);
      const parsed = schema?.safeParse(event.payload);
      if (!schema || !parsed?.success) {
        this.schemaProblem(user, event, schema ? z.prettifyError(parsed!.error!) : 'unknown probe name');
      }
      this.timeline.add(entry);
      return;
    }
    const definition = definitionByDialectName(user.profile, user.dialect, event.name);
    if (!definition) {
      this.schemaProblem(user, event, `no callback of that name in the ${user.profile} profile's ${user.dialect} dialect`);
      this.timeline.add(entry);
      return;
    }
    const parsed = definition.payload.safeParse(event.payload);
    if (!parsed.success) this.schemaProblem(user, event, z.prettifyError(parsed.error));
    this.timeline.add({ ...entry, canonical: definition.canonical });
  }

  private schemaProblem(user: UserClient, event: DriverEvent, detail: string): void {
    this.timeline.add({
      kind: 'problem',
      code: CONFORMANCE_CODES.SCHEMA,
      message: `user ${user.label} (${user.profile}/${user.dialect}) got ${event.name}(${JSON.stringify(event.payload)}) that fails its schema:\n${detail}`,
      asserted: false,
    });
  }

  note(text: string): void {
    this.timeline.add({ kind: 'note', text });
  }

  // ---- environment and clients ------------------------------------------------------------------

  private supports(profile: ProfileId, dialect: Dialect): boolean {
    return this.run.driver.hello.profiles.some((p) => p.profile === profile && p.dialects.includes(dialect));
  }

  /** Reasons this scenario cannot run on this driver ("not applicable"), or undefined. */
  notApplicable(profile: ProfileId, dialect: Dialect, isolation: 'in-process' | 'process'): string | undefined {
    const hello = this.run.driver.hello;
    if (!this.supports(profile, dialect)) return `driver ${hello.sdk.name} does not implement ${profile} in the ${dialect} dialect`;
    if (isolation === 'process' && !hello.capabilities.processKill) return `driver ${hello.sdk.name} cannot kill a client process`;
    if (this.timeScale !== 1 && !hello.capabilities.timeScale) return `driver ${hello.sdk.name} cannot scale time (run with FAULTLINE_TIME_SCALE=1)`;
    const unsupported = this.clauses.filter((c) => hello.unsupportedClauses?.includes(c.id));
    if (unsupported.length > 0) return `driver ${hello.sdk.name} declares ${unsupported.map((c) => c.id).join(', ')} unsupported`;
    return undefined;
  }

  setEnvironmentOption(key: string, value: unknown): void {
    if (this.environment) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `server option ${key} must be set before the first client`);
    this.environmentOptions[key] = value;
  }

  private async ensureEnvironment(profile: ProfileId): Promise<Environment> {
    if (this.environment) return this.environment;
    this.environmentProfile = profile;
    this.environment = await this.run.driver.driver.setUp({
      scenario: `${this.serial}: ${this.scenarioName}`,
      profile,
      timeScale: this.timeScale,
      options: this.environmentOptions,
    });
    return this.environment;
  }

  defaultUid(label: string): number {
    return /^\d+$/.test(label) ? Number(label) : 1000 + label.charCodeAt(0);
  }

  async addClient(
    label: string,
    profile: ProfileId,
    dialect: Dialect,
    options: { isolation?: 'in-process' | 'process'; uid?: number | string; sdkOptions?: Record<string, unknown> } = {},
  ): Promise<UserClient> {
    if (this.users.has(label)) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `user ${label} already exists in this scenario`);
    const isolation = options.isolation ?? 'in-process';
    const environment = await this.ensureEnvironment(profile);
    const endpoints: Partial<Record<Plane, { host: string; port: number }>> = {};
    for (const plane of ['signaling', 'media'] as Plane[]) {
      const upstream = environment.upstreams[plane];
      if (upstream) endpoints[plane] = await this.faults.proxyFor(label, plane, upstream);
    }
    const user: UserClient = { label, clientId: label, profile, dialect, uid: options.uid ?? this.defaultUid(label), isolation };
    this.users.set(label, user);
    await this.run.driver.driver.createClient({ clientId: label, profile, dialect, endpoints, isolation, options: options.sdkOptions ?? {} });
    return user;
  }

  user(label: string): UserClient {
    const user = this.users.get(label);
    if (!user) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `no user ${label} in this scenario (known: ${[...this.users.keys()].join(', ') || 'none'})`);
    return user;
  }

  /** Call an SDK method; the call and its outcome go into the timeline. */
  async invoke(label: string, method: string, args: unknown[] = []): Promise<unknown> {
    const user = this.user(label);
    const entry = this.timeline.add({ kind: 'action', user: label, description: `${method}(${args.map((a) => JSON.stringify(a)).join(', ')})` });
    try {
      const result = await this.run.driver.driver.invoke(user.clientId, method, args);
      if (entry.kind === 'action') entry.outcome = JSON.stringify(result);
      return result;
    } catch (err) {
      if (entry.kind === 'action') entry.outcome = `threw: ${describeError(err)}`;
      throw err;
    }
  }

  async admin(method: string, args: unknown[] = []): Promise<unknown> {
    if (!this.run.driver.hello.capabilities.admin) {
      throw new HarnessError(HARNESS_CODES.DRIVER_UNAVAILABLE, `driver has no admin capability, needed for ${method}`);
    }
    const entry = this.timeline.add({ kind: 'action', user: 'server', description: `admin ${method}(${args.map((a) => JSON.stringify(a)).join(', ')})` });
    const result = await this.run.driver.driver.admin(method, args);
    if (entry.kind === 'action') entry.outcome = JSON.stringify(result);
    return result;
  }

  async kill(label: string): Promise<void> {
    this.timeline.add({ kind: 'action', user: label, description: 'process killed (SIGKILL after the platform termination notice)' });
    await this.run.driver.driver.kill(this.user(label).clientId);
  }

  async restart(label: string): Promise<void> {
    this.timeline.add({ kind: 'action', user: label, description: 'process restarted' });
    await this.run.driver.driver.restart(this.user(label).clientId);
  }

  // ---- faults ---------------------------------------------------------------------------------------

  async applyFault(label: string, planes: Plane[] | 'all', spec: FaultSpec): Promise<ActiveFault> {
    this.user(label);
    const chosen = planes === 'all' ? this.faults.planesOf(label) : planes;
    this.lastFault = await this.faults.apply(label, chosen, spec);
    return this.lastFault;
  }

  async heal(fault: ActiveFault | undefined = this.lastFault): Promise<void> {
    if (!fault) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, 'no fault to heal');
    this.lastHealAt = await this.faults.heal(fault);
  }

  async healAll(): Promise<void> {
    let first: number | undefined;
    for (const f of this.faults.activeFaults()) {
      const at = await this.faults.heal(f);
      first ??= at;
    }
    this.lastHealAt = first ?? monotonicMs();
  }

  /**
   * Where a "never" window opens: when the last fault was applied (what came before it is the join, not the
   * reaction to the fault), or the scenario start when there was no fault.
   */
  neverWindowStart(): number {
    return this.lastFault?.appliedAt ?? this.timeline.startedAt;
  }

  /**
   * What "N s after the fault" is measured from, for the user who observes it. The faulted user times
   * "no data from the server" from the last byte the proxy delivered to it (downstream); a peer times "no
   * data from that user" from the last byte the faulted user got through (upstream). Without the
   * extension (real Toxiproxy), both fall back to the time the fault was applied.
   */
  faultAnchor(observer: string, fault: ActiveFault | undefined = this.lastFault): Anchor {
    if (!fault) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, 'no fault has been applied in this scenario');
    const entry = this.timeline.faults().find((f) => f.faultId === fault.id);
    const direction = observer === fault.user ? 'downstream' : 'upstream';
    const last = entry?.lastDelivered[direction];
    if (last !== null && last !== undefined) {
      return { at: last, label: `the last byte ${direction === 'downstream' ? 'user ' + fault.user + ' received from the server' : 'user ' + fault.user + ' sent'} before fault #${fault.id}` };
    }
    return { at: fault.appliedAt, label: `fault #${fault.id} applied` };
  }

  healAnchor(): Anchor {
    if (this.lastHealAt === undefined) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, 'nothing has healed yet in this scenario');
    return { at: this.lastHealAt, label: 'the heal' };
  }

  /** Hold a fault for a scaled duration measured from its anchor for `observer`, then heal it. */
  async holdThenHeal(fault: ActiveFault, outageMs: number, observer: string = fault.user): Promise<void> {
    await sleepUntil(this.faultAnchor(observer, fault).at + outageMs);
    await this.heal(fault);
  }

  waitUntil(instantMs: number): Promise<void> {
    return sleepUntil(instantMs);
  }

  waitFor(realMs: number): Promise<void> {
    return sleepUntil(monotonicMs() + realMs);
  }

  // ---- expectations ---------------------------------------------------------------------------------

  /** The time of the last SDK call or server operation: "within N s" is measured from it. */
  lastActionAnchor(): Anchor {
    const actions = this.timeline.all().filter((e) => e.kind === 'action');
    const last = actions[actions.length - 1];
    if (!last || last.kind !== 'action') throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, 'no SDK call has been made in this scenario yet');
    return { at: last.at, label: `user ${last.user} → ${last.description}` };
  }

  parseCallback(text: string): CallbackPattern {
    return parseCallbackPattern(text);
  }

  pattern(label: string, pattern: CallbackPattern): ResolvedPattern {
    const user = this.user(label);
    return resolvePattern(pattern, user.profile, user.dialect, (other) => this.user(other).uid);
  }

  expectation(requirement: string): ExpectationContext {
    return { log: this.timeline, clauses: this.clauses, requirement, record: (j) => this.judged.push(j) };
  }

  /** An informative timing: measured and reported beside its nominal value, never a failure by default. */
  report(m: Measurement): void {
    this.measurements.push(m);
    const nominal = m.nominalMs === null ? 'no nominal time' : `nominal ${m.nominalMs} ms × scale ${m.scale} = ${Math.round(m.nominalMs * m.scale)} ms`;
    this.note(`measured ${m.what}: ${Math.round(m.measuredMs)} ms (${nominal}${m.normative ? '' : ', informative'})`);
  }

  timelineRecord(): TimelineRecord {
    const origin = this.timeline.startedAt;
    return {
      scenario: this.scenarioName,
      clauses: this.clauses.map((c) => c.id),
      timeScale: this.timeScale,
      origin,
      users: [...this.users.values()].map((u) => ({ label: u.label, profile: u.profile, dialect: u.dialect, planes: this.faults.planesOf(u.label) })),
      entries: this.timeline.all().map((e) => ({ ...e, at: e.at - origin })),
      judged: this.judged.map(({ fromAt, toAt, measuredAt, ...rest }) => ({
        ...rest,
        from: fromAt - origin,
        to: toAt - origin,
        ...(measuredAt !== undefined ? { measured: measuredAt - origin } : {}),
      })),
      measurements: this.measurements,
    };
  }

  /** Problems nobody asserted (schema, protocol, flood): the After hook fails the scenario on them. */
  unassertedProblems(): string[] {
    return this.timeline.problems().filter((p) => !p.asserted).map((p) => `[${p.code}] ${p.message}`);
  }

  assertNoProblems(): void {
    const problems = this.unassertedProblems();
    if (problems.length === 0) return;
    const first = this.timeline.all()[0]?.at ?? monotonicMs();
    const code = this.timeline.problems().find((p) => !p.asserted)!.code as ConformanceCode;
    throw new ConformanceError(
      code,
      `${problems.length} problem(s) from the SDK or its driver:\n${problems.join('\n')}\n${formatTimeline(this.timeline.all(), first, 'the scenario start')}`,
    );
  }
}

function parseRange(range: string | undefined): { from: number; to: number } | undefined {
  if (!range) return undefined;
  const [from, to] = range.split('-').map(Number) as [number, number];
  return { from, to };
}

setWorldConstructor(FaultlineWorld);
