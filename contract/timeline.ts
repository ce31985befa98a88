/**
 * The timeline record every scenario attaches (media type below): its whole recording, the windows it
 * judged and the timings it measured. Written by support/world.ts, read by report/ with this zod schema.
 * Times are ms relative to `origin` (the scenario start on the harness's monotonic clock).
 */
import { z } from 'zod';

export const TIMELINE_MEDIA_TYPE = 'application/vnd.faultline.timeline+json';

export const judgedKind = z.enum(['within', 'never', 'order', 'once', 'state']);

/** One judged expectation as the harness holds it while the scenario runs (absolute monotonic ms). */
export interface JudgedExpectation {
  /** The clause id this check judges (the scenario's clause it belongs to); null on an untagged scenario. */
  clause: string | null;
  kind: z.infer<typeof judgedKind>;
  user: string;
  what: string;
  passed: boolean;
  /** FL-C-* when it failed. */
  code?: string;
  requirement: string;
  expected: string;
  actual: string;
  /** The label of the anchor the window is measured from. */
  anchor: string;
  anchorAt: number;
  fromAt: number;
  toAt: number;
  /** When the deciding callback (or state) was seen. */
  measuredAt?: number;
  /** The harness's own lateness during the window (support/time/lateness.ts). */
  lateness?: { eventLoopDelayMaxMs: number; driverGapMaxMs: number };
}

/** What the harness's own lateness was during a window, or a scenario (support/time/lateness.ts). */
export const latenessRecord = z.object({
  eventLoopDelayMaxMs: z.number(),
  driverGapMaxMs: z.number(),
});

export const judgedRecord = z.object({
  clause: z.string().nullable(),
  kind: judgedKind,
  user: z.string(),
  what: z.string(),
  passed: z.boolean(),
  code: z.string().optional(),
  requirement: z.string(),
  expected: z.string(),
  actual: z.string(),
  anchor: z.string(),
  /** The anchor's instant, relative to origin. */
  anchorAt: z.number(),
  /** The window, relative to origin. */
  from: z.number(),
  to: z.number(),
  /** Ms from the anchor to the deciding callback or state. */
  measured: z.number().optional(),
  /** The same instant relative to origin (for the timeline picture). */
  measuredAt: z.number().optional(),
  lateness: latenessRecord.optional(),
});
export type JudgedRecord = z.infer<typeof judgedRecord>;

export const measurementRecord = z.object({
  what: z.string(),
  clause: z.string().optional(),
  measuredMs: z.number(),
  nominalMs: z.number().nullable(),
  scale: z.number(),
  normative: z.boolean(),
});
export type Measurement = z.infer<typeof measurementRecord>;


export const timelineRecord = z.object({
  scenario: z.string(),
  clauses: z.array(z.string()),
  timeScale: z.number(),
  /** Monotonic ms of the scenario start; every `at` below is relative to it. */
  origin: z.number(),
  users: z.array(z.object({ label: z.string(), profile: z.string(), dialect: z.string(), planes: z.array(z.string()) })),
  entries: z.array(z.looseObject({ at: z.number(), kind: z.string() })),
  judged: z.array(judgedRecord),
  measurements: z.array(measurementRecord),
  lateness: latenessRecord.optional(),
});
export type TimelineRecord = z.infer<typeof timelineRecord>;
