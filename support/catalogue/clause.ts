import type { ProfileId } from '../../contract/sdk-driver';
import type { Trace } from './trace';

/** One sentence of a seed page, verbatim, and the file it is in. */
export interface ClauseSource {
  seed: string;
  quote: string;
}

/**
 * One documented behaviour. Ids are assigned by hand, once, and never renumbered (unlike h2spec's
 * positional ids); a scenario carries its clause id as a tag (`@RTC-RECON-004`).
 */
export interface Clause {
  id: string;
  title: string;
  profiles: ProfileId[];
  /** Where the pages disagree, every source is listed and `note` says which one the profile follows. */
  sources: ClauseSource[];
  /** The documented time, unscaled; null where the clause has none. */
  nominalMs: number | null;
  /** Informative clauses ("≈ 200 ms", "roughly") are measured and reported, never a failure by default. */
  normative: boolean;
  note?: string;
  /**
   * `page` (the default): the clause is a seed sentence, and its verdict is the page's. `implementation`: a
   * number, string or order the pages do not give, taken from an SDK's own source (`implementation` says
   * which file and line); reported in its own section, never counted in the page's verdict.
   */
  source?: 'page' | 'implementation';
  implementation?: { sdk: string; where: string };
  /** Where a number is re-derived from the page, how the page's words were read to get it. */
  reading?: string;
  /**
   * The audit's trace of each value its scenarios assert that its quotes do not say outright: the verbatim
   * words of a quote, or the reading that gives the value (support/catalogue/trace.ts, docs/CLAUSE_AUDIT.md).
   */
  traces?: Trace[];
}

export const SEEDS = {
  rtcReconnection2019: '000_2c1830bd369d9b17.txt',
  rtcFaq: '001_6d6ccf1982217d60.txt',
  rtcChannelConnectionIos: '002_a1ae7050a3990338.txt',
  rtmConnectionStates: '003_c830006efacbf70b.txt',
  openviduReconnection: '004_14127d12103d66ad.txt',
} as const;
