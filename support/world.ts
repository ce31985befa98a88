/**
 * One World per scenario: its time model, event log, clients, proxies, family states and judged
 * expectations. Steps stay one or two lines by calling into it; the heavy lifting is here, in
 * support/expect/ (the expectations) and in support/families/<name>/ (each family's nouns).
 */
import { World, setWorldConstructor } from '@cucumber/cucumber';
import { TIMELINE_MEDIA_TYPE, type JudgedExpectation, type Measurement, type TimelineRecord } from '../contract/timeline';
import type { Dialect, Environment, Plane, ProfileId } from '../contract/sdk-driver';
import { clauseById } from './catalogue/catalogue';
import type { Clause } from './catalogue/clause';
import { definitionByDialectName } from './catalogue/vocabulary';
import { CONFORMANCE_CODES, type ConformanceCode, ConformanceError, HARNESS_CODES, HarnessError, describeError } from './errors';
import { type CallbackPattern, type ResolvedPattern, parseCallbackPattern, resolvePattern } from './expect/callback-pattern';
import { describeCallback } from './expect/describe';
import type { ExpectationContext } from './expect/expectations';
import { FamilyStates, type FamilyStateKey } from './families/family-state';
import { type ActiveFault, FaultInjector } from './faults/fault-injector';
import type { FaultSpec } from './faults/fault-kinds';
import type { RunContext } from './run-context';
import { monotonicMs, sleepUntil } from './time/clock';
import { LatenessMonitor } from './time/lateness';
import { StepDeadline } from './time/step-deadline';
import { assertMeasurable, resolveTimeScale } from './time/scale';
import { type Anchor, TimeModel } from './time/window';
import { EventLog } from './timeline/event-log';
import { formatTimeline } from './timeline/format';
import { recordEvent } from './timeline/recorder';
import { scenarioRecord } from './timeline/scenario-record';

export { TIMELINE_MEDIA_TYPE, type Measurement, type TimelineRecord };

export interface UserClient {
  label: string;
  clientId: string;
  profile: ProfileId;
  dialect: Dialect;
  /** The id the SDK uses for this user (Agora uid, RTM user id, OpenVidu connection id). */
  uid: number | string;
  isolation: 'in-process' | 'process';
}

let scenarioSerial = 0;

export class FaultlineWorld extends World {
  readonly timeline = new EventLog();
  readonly users = new Map<string, UserClient>();
  readonly measurements: Measurement[] = [];
  readonly judged: JudgedExpectation[] = [];
  readonly lateness = new LatenessMonitor();
  run!: RunContext;
  scenarioName = '';
  scenarioTags: string[] = [];
  clauses: Clause[] = [];
  /** The clauses the running step checks (its `# checks:` comment, set by the hooks); empty: the scenario's. */
  stepClauses: readonly string[] = [];
  /** The scenario's one time model (scale and tolerance), resolved in `begin`. */
  time!: TimeModel;
  environment: Environment | undefined;
  environmentOptions: Record<string, unknown> = {};
  faults!: FaultInjector;
  lastFault: ActiveFault | undefined;
  lastHealAt: number | undefined;
  readonly serial = ++scenarioSerial;
  private families = new FamilyStates();
  /** Tokens the server issued in this scenario: never printed in a timeline. */
  private readonly secrets = new Set<string>();
  private unsubscribe: Array<() => void> = [];
  /** The running step's deadline, set by the hooks (support/time/step-deadline.ts). */
  steps = new StepDeadline(120_000);

  /** Called by the Before hook once the run context is open. */
  begin(run: RunContext, name: string, tags: string[]): void {
    this.run = run;
    this.scenarioName = name;
    this.scenarioTags = tags;
    this.clauses = tags.map((t) => clauseById(t.replace(/^@/, ''))).filter((c): c is Clause => c !== undefined);
    // The `realtime` profile sets the world parameter timeScale: 1; otherwise FAULTLINE_TIME_SCALE.
    const runScale = Number((this.parameters as { timeScale?: number }).timeScale ?? run.config.timeScale);
    const { scale, source } = resolveTimeScale(runScale, tags);
    const tolerance = { relative: run.config.toleranceRelative, absoluteMs: run.config.toleranceAbsoluteMs };
    assertMeasurable(this.clauses, scale, tolerance, source);
    this.time = new TimeModel(scale, tolerance);
    this.faults = new FaultInjector(
      run.toxiproxy.client,
      this.timeline,
      { listenHost: run.config.proxyListenHost, connectHost: run.config.proxyConnectHost, upstreamHost: run.config.upstreamHost, ports: parseRange(run.config.proxyPortRange) },
      `s${this.serial}`,
    );
    this.lateness.start(run.driver.sharesEventLoop);
    this.unsubscribe.push(
      run.driver.driver.onEvent((e) => {
        this.lateness.arrival(monotonicMs(), e.ts);
        recordEvent(this.timeline, (id) => (this.users.get(id)?.clientId === id ? this.users.get(id) : undefined), e);
      }),
    );
    const stalls = run.driver.driver.onStall?.((ts, lateMs) => this.lateness.driverStall(ts, lateMs));
    if (stalls) this.unsubscribe.push(stalls);
    this.unsubscribe.push(
      run.driver.onProblem((code, message) => {
        this.timeline.add({ kind: 'problem', code, message, asserted: false });
        // The driver broke the protocol: what a step waits for may have been in the refused frame.
        if (code === CONFORMANCE_CODES.PROTOCOL) this.timeline.breakWaits(new ConformanceError(CONFORMANCE_CODES.PROTOCOL, `the driver broke the protocol in this scenario, so nothing it reports can be judged: ${message}`));
      }),
    );
  }

  async end(): Promise<string[]> {
    this.lateness.stop();
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
    this.families.clear();
    return problems;
  }

  get timeScale(): number {
    return this.time.scale;
  }

  /** A family's state for this scenario (support/families/family-state.ts). */
  family<T>(key: FamilyStateKey<T>): T {
    return this.families.get(key);
  }

  note(text: string): void {
    this.timeline.add({ kind: 'note', text });
  }

  // ---- environment and clients ------------------------------------------------------------------

  /** Reasons this scenario cannot run on this driver ("not applicable"), or undefined. */
  notApplicable(profile: ProfileId, dialect: Dialect, isolation: 'in-process' | 'process'): string | undefined {
    const hello = this.run.driver.hello;
    if (!hello.profiles.some((p) => p.profile === profile && p.dialects.includes(dialect))) return `driver ${hello.sdk.name} does not implement ${profile} in the ${dialect} dialect`;
    if (isolation === 'process' && !hello.capabilities.processKill) return `driver ${hello.sdk.name} cannot kill a client process`;
    if (this.time.scale !== 1 && !hello.capabilities.timeScale) return `driver ${hello.sdk.name} cannot scale time (run with FAULTLINE_TIME_SCALE=1)`;
    const unsupported = this.clauses.filter((c) => hello.unsupportedClauses?.includes(c.id));
    if (unsupported.length > 0) return `driver ${hello.sdk.name} declares ${unsupported.map((c) => c.id).join(', ')} unsupported`;
    return undefined;
  }

  /** Create a client, or say why this driver cannot run the scenario (the step returns 'skipped'). */
  async addClientOrSkip(
    label: string,
    profile: ProfileId,
    dialect: Dialect,
    options: { isolation?: 'in-process' | 'process'; uid?: number | string; sdkOptions?: Record<string, unknown> } = {},
  ): Promise<'skipped' | undefined> {
    const reason = this.notApplicable(profile, dialect, options.isolation ?? 'in-process');
    if (reason) {
      this.note(`not applicable: ${reason}`);
      return 'skipped';
    }
    await this.addClient(label, profile, dialect, options);
    return undefined;
  }

  setEnvironmentOption(key: string, value: unknown): void {
    if (this.environment) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `server option ${key} must be set before the first client`);
    this.environmentOptions[key] = value;
  }

  private async ensureEnvironment(profile: ProfileId): Promise<Environment> {
    this.environment ??= await this.run.driver.driver.setUp({ scenario: `${this.serial}: ${this.scenarioName}`, profile, timeScale: this.time.scale, options: this.environmentOptions });
    return this.environment;
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
    const uid = options.uid ?? (/^\d+$/.test(label) ? Number(label) : 1000 + label.charCodeAt(0));
    const user: UserClient = { label, clientId: label, profile, dialect, uid, isolation };
    this.users.set(label, user);
    await this.run.driver.driver.createClient({ clientId: label, profile, dialect, endpoints, isolation, options: options.sdkOptions ?? {} });
    return user;
  }

  user(label: string): UserClient {
    const user = this.users.get(label);
    if (!user) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `no user ${label} in this scenario (known: ${[...this.users.keys()].join(', ') || 'none'})`);
    return user;
  }

  private describeCall(method: string, args: unknown[]): string {
    const shown = args.map((a) => (typeof a === 'string' && this.secrets.has(a) ? '<token>' : JSON.stringify(a)));
    return `${method}(${shown.join(', ')})`;
  }

  /** Call an SDK method; the call and its outcome go into the timeline (tokens left out). */
  async invoke(label: string, method: string, args: unknown[] = []): Promise<unknown> {
    const user = this.user(label);
    const entry = this.timeline.add({ kind: 'action', user: label, description: this.describeCall(method, args) });
    try {
      const result = await this.run.driver.driver.invoke(user.clientId, method, args);
      if (entry.kind === 'action') entry.outcome = JSON.stringify(result);
      return result;
    } catch (err) {
      if (entry.kind === 'action') entry.outcome = `threw: ${describeError(err)}`;
      throw err;
    }
  }

  /** A server operation through the driver's admin channel; a token it issues is remembered as a secret. */
  async admin(method: string, args: unknown[] = []): Promise<unknown> {
    if (!this.run.driver.hello.capabilities.admin) throw new HarnessError(HARNESS_CODES.DRIVER_UNAVAILABLE, `driver has no admin capability, needed for ${method}`);
    const entry = this.timeline.add({ kind: 'action', user: 'server', description: `admin ${this.describeCall(method, args)}` });
    const result = await this.run.driver.driver.admin(method, args);
    const secret = /token/i.test(method) && typeof result === 'string';
    if (secret) this.secrets.add(result);
    if (entry.kind === 'action') entry.outcome = secret ? '<token>' : JSON.stringify(result);
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

  // ---- faults and the anchors they give ------------------------------------------------------------

  async applyFault(label: string, planes: Plane[] | 'all', spec: FaultSpec): Promise<ActiveFault> {
    this.user(label);
    this.lastFault = await this.faults.apply(label, planes === 'all' ? this.faults.planesOf(label) : planes, spec);
    return this.lastFault;
  }

  async heal(fault: ActiveFault | undefined = this.lastFault): Promise<void> {
    if (!fault) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, 'no fault to heal');
    this.lastHealAt = await this.faults.heal(fault);
  }

  private lastFaultOrThrow(fault: ActiveFault | undefined = this.lastFault): ActiveFault {
    if (!fault) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, 'no fault has been applied in this scenario');
    return fault;
  }

  /**
   * Where every "never" and "from the fault" window opens: the instant the fault began to be applied.
   * What arrived before it (a join answer after the last byte) cannot be the fault's consequence.
   */
  faultApplied(fault?: ActiveFault): Anchor {
    const f = this.lastFaultOrThrow(fault);
    return { at: f.appliedAt, label: `fault #${f.id} applied` };
  }

  /**
   * What a documented "N s after the fault" is timed from, for the user who observes it. The faulted user
   * times "no data from the server" from the last byte the proxy delivered to it (downstream); a peer times
   * "no data from that user" from the last byte the faulted user got through (upstream). Without the
   * extension (real Toxiproxy), both fall back to the time the fault was applied.
   */
  faultAnchor(observer: string, fault?: ActiveFault): Anchor {
    const f = this.lastFaultOrThrow(fault);
    const entry = this.timeline.faults().find((e) => e.faultId === f.id);
    const direction = observer === f.user ? 'downstream' : 'upstream';
    const last = entry?.lastDelivered[direction];
    if (last === null || last === undefined) return this.faultApplied(f);
    return { at: last, label: `the last byte ${direction === 'downstream' ? `user ${f.user} received from the server` : `user ${f.user} sent`} before fault #${f.id}` };
  }

  /**
   * Where every "after the heal" window is measured from: the instant the heal began. The heal is recorded
   * once the proxy API answers, but bytes flow as soon as the toxics go: a callback that must come is
   * counted from the absolute tolerance before the record (`healBegan`); one that must not come is counted
   * from the record (`healAnchor`), so that nothing that might predate the heal is blamed on it.
   */
  healAnchor(): Anchor {
    if (this.lastHealAt === undefined) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, 'nothing has healed yet in this scenario');
    return { at: this.lastHealAt, label: 'the heal' };
  }

  healBegan(): Anchor {
    const slack = this.time.tolerance.absoluteMs;
    return { at: this.healAnchor().at - slack, label: `the heal (counted from ${slack} ms before the proxy API confirmed it)` };
  }

  /** Hold a fault for a real duration measured from its anchor for `observer`, then heal it. */
  async holdThenHeal(fault: ActiveFault, outageMs: number, observer: string = fault.user): Promise<void> {
    await this.waitUntil(this.faultAnchor(observer, fault).at + outageMs, `fault #${fault.id} to be held for ${Math.round(outageMs)} ms`);
    await this.heal(fault);
  }

  waitUntil(instantMs: number, what = 'an instant of the scenario'): Promise<void> {
    this.steps.plan(instantMs, what);
    return sleepUntil(instantMs);
  }

  /** The time of the last SDK call or server operation: "within N s" is measured from it. */
  lastActionAnchor(): Anchor {
    const last = [...this.timeline.all()].reverse().find((e) => e.kind === "action");
    if (!last || last.kind !== 'action') throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, 'no SDK call has been made in this scenario yet');
    return { at: last.at, label: `user ${last.user} → ${last.description}` };
  }

  scenarioStart(): Anchor {
    return { at: this.timeline.startedAt, label: 'the scenario start' };
  }

  // ---- expectations ---------------------------------------------------------------------------------

  parseCallback(text: string): CallbackPattern {
    return parseCallbackPattern(text);
  }

  pattern(label: string, pattern: CallbackPattern): ResolvedPattern {
    const user = this.user(label);
    return resolvePattern(pattern, user.profile, user.dialect, (other) => this.user(other).uid);
  }

  /**
   * The context every expectation judges in. `clause`: the clause the check judges; by default the step's
   * `# checks:` clause, else the scenario's first clause tag (its subject; the other tags it also touches).
   */
  expectation(requirement: string, clause: string | null = this.stepClause): ExpectationContext {
    return {
      log: this.timeline,
      time: this.time,
      clauses: this.clauses,
      clause,
      requirement,
      record: (j) => this.judged.push(j),
      ...this.lateness.expectationHooks(() => this.lastHealAt),
      plan: (untilAt, what) => this.steps.plan(untilAt, what),
      describe: (e) => {
        const user = this.users.get(e.user);
        return describeCallback(e, user && definitionByDialectName(user.profile, user.dialect, e.name));
      },
    };
  }

  /** The clause the running step judges and measures for. */
  get stepClause(): string | null {
    return this.stepClauses[0] ?? this.clauses[0]?.id ?? null;
  }

  /** A timing measured and reported beside its nominal value; informative ones are never a failure by default. */
  report(m: Measurement): void {
    this.measurements.push(m);
    const nominal = m.nominalMs === null ? 'no nominal time' : `nominal ${m.nominalMs} ms × scale ${m.scale} = ${Math.round(m.nominalMs * m.scale)} ms`;
    this.note(`measured ${m.what}: ${Math.round(m.measuredMs)} ms (${nominal}${m.normative ? '' : ', informative'})`);
  }

  timelineRecord(): TimelineRecord {
    return scenarioRecord(this);
  }

  /** Problems nobody asserted (schema, protocol, flood): the After hook fails the scenario on them. */
  unassertedProblems(): string[] {
    return this.timeline.problems().filter((p) => !p.asserted).map((p) => `[${p.code}] ${p.message}`);
  }

  assertNoProblems(): void {
    const problems = this.unassertedProblems();
    if (problems.length === 0) return;
    const code = this.timeline.problems().find((p) => !p.asserted)!.code as ConformanceCode;
    throw new ConformanceError(code, `${problems.length} problem(s) from the SDK or its driver:\n${problems.join('\n')}\n${formatTimeline(this.timeline.all(), this.timeline.startedAt, 'the scenario start')}`);
  }
}

function parseRange(range: string | undefined): { from: number; to: number } | undefined {
  if (!range) return undefined;
  const [from, to] = range.split('-').map(Number) as [number, number];
  return { from, to };
}

setWorldConstructor(FaultlineWorld);
