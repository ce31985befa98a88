/**
 * The scenario's recording: every callback, fault, heal, API call and driver problem, stamped with the
 * harness's monotonic clock on arrival. Expectations are pure queries over it; waiting is "query again
 * when something new arrives, until a deadline".
 */
import { monotonicMs } from '../time/clock';

interface EntryBase {
  /** Harness monotonic ms at arrival (or when the harness did the thing). */
  at: number;
  seq: number;
}

export interface CallbackEntry extends EntryBase {
  kind: 'callback';
  user: string;
  /** Dialect name as the SDK fired it. */
  name: string;
  /** Canonical name where the vocabulary knows it. */
  canonical?: string;
  payload: Record<string, unknown>;
  /** The driver's own timestamp. */
  driverTs: number;
}

export interface FaultEntry extends EntryBase {
  kind: 'fault';
  faultId: number;
  description: string;
  user: string;
  planes: string[];
  /** Time of the last byte the proxy delivered before the fault, per direction, when the server says. */
  lastDelivered: { upstream: number | null; downstream: number | null };
}

export interface HealEntry extends EntryBase {
  kind: 'heal';
  faultId: number;
  description: string;
  user: string;
}

export interface ActionEntry extends EntryBase {
  kind: 'action';
  user: string;
  description: string;
  outcome?: string;
}

export interface ProblemEntry extends EntryBase {
  kind: 'problem';
  /** A conformance problem nobody asserted yet (schema, protocol, flood); the After hook fails the scenario on it. */
  code: string;
  message: string;
  asserted: boolean;
}

export interface NoteEntry extends EntryBase {
  kind: 'note';
  text: string;
}

export type Entry = CallbackEntry | FaultEntry | HealEntry | ActionEntry | ProblemEntry | NoteEntry;
type Omitted<T> = T extends Entry ? Omit<T, 'seq' | 'at'> & { at?: number } : never;

export class EventLog {
  private readonly entries: Entry[] = [];
  /** Each user's callbacks in arrival order: a check asks for one user's, and a scale scenario has 1,000 users. */
  private readonly callbacksByUser = new Map<string, CallbackEntry[]>();
  private readonly waiters = new Set<() => void>();
  private seq = 0;
  /** Entries being counted instead of kept (foldFromNow). */
  private folding: { drop: (e: Omitted<Entry>) => boolean; count: number } | undefined;
  /** Set once the driver broke the protocol: the scenario has failed, so every wait ends at once with it. */
  private broken: Error | undefined;
  readonly startedAt = monotonicMs();

  /** End every wait, now and later, with `err` (a protocol break: what is awaited may never come). */
  breakWaits(err: Error): void {
    this.broken ??= err;
    for (const wake of [...this.waiters]) wake();
  }

  add<T extends Omitted<Entry>>(entry: T): Entry {
    if (this.folding?.drop(entry)) {
      this.folding.count++;
      return { ...entry, at: entry.at ?? monotonicMs(), seq: -1 } as Entry;
    }
    const full = { ...entry, at: entry.at ?? monotonicMs(), seq: this.seq++ } as Entry;
    this.entries.push(full);
    if (full.kind === 'callback') {
      const own = this.callbacksByUser.get(full.user);
      if (own) own.push(full);
      else this.callbacksByUser.set(full.user, [full]);
    }
    for (const wake of [...this.waiters]) wake();
    return full;
  }

  /**
   * From now until `end()`, entries `drop` selects are counted (`counted()`), not kept; `end()` adds one note
   * saying how many. For a set-up fan-out nobody judges (the 499,500 onMemberJoined of 1,000 members joining
   * one channel), which would otherwise be most of the memory and of the timeline a report carries.
   */
  foldFromNow(drop: (e: Omitted<Entry>) => boolean, note: (count: number) => string): { counted(): number; end(): void } {
    const folding = { drop, count: 0 };
    this.folding = folding;
    return {
      counted: () => folding.count,
      end: () => {
        if (this.folding !== folding) return;
        this.folding = undefined;
        this.add({ kind: 'note', text: note(folding.count) });
      },
    };
  }

  /**
   * The same log for judging, with no timeline to print under a failure (`all()` is empty): a crowd's 90,000
   * pairs past the first few failures, where printing the timeline under each would cost minutes.
   */
  withoutTimeline(): EventLog {
    return Object.create(this, { all: { value: () => [] } }) as EventLog;
  }

  all(): readonly Entry[] {
    return this.entries;
  }

  /** One user's (the log's own list, read-only: a wait probes it on every new entry) or everyone's. */
  callbacks(user?: string): readonly CallbackEntry[] {
    if (user !== undefined) return this.callbacksByUser.get(user) ?? [];
    return this.entries.filter((e): e is CallbackEntry => e.kind === 'callback');
  }

  faults(): FaultEntry[] {
    return this.entries.filter((e): e is FaultEntry => e.kind === 'fault');
  }

  heals(): HealEntry[] {
    return this.entries.filter((e): e is HealEntry => e.kind === 'heal');
  }

  problems(): ProblemEntry[] {
    return this.entries.filter((e): e is ProblemEntry => e.kind === 'problem');
  }

  /**
   * Resolve with the first value `probe` returns that is not undefined, re-probing on every new entry;
   * resolve undefined once the monotonic `deadline` passes. Every wait has a deadline.
   */
  async waitFor<T>(probe: () => T | undefined, deadline: number): Promise<T | undefined> {
    if (this.broken) throw this.broken;
    const first = probe();
    // A deadline already past answers now: judging a crowd's 90,000 pairs after their windows closed must
    // not cost a timer turn each.
    if (first !== undefined || deadline <= monotonicMs()) return first;
    return new Promise<T | undefined>((resolve, reject) => {
      const finish = (value: T | undefined) => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve(value);
      };
      const wake = () => {
        if (this.broken) {
          clearTimeout(timer);
          this.waiters.delete(wake);
          return reject(this.broken);
        }
        const value = probe();
        if (value !== undefined) finish(value);
      };
      const timer = setTimeout(() => finish(probe()), Math.max(0, deadline - monotonicMs()));
      this.waiters.add(wake);
    });
  }
}
