/**
 * What the report says about one timeline entry, in the words a vendor reads: callbacks with enum members by
 * name and value (`onConnectionStateChanged(RECONNECTING (4), INTERRUPTED (5))`), times on one axis whose
 * zero is the anchor of the first failed check (what its failure text measures from), else the first fault
 * (the last byte delivered before it, when known), else the scenario start: shared by the picture, the
 * report's text timeline and the failure text.
 */
import type { Dialect, ProfileId } from '../contract/sdk-driver';
import { definitionByDialectName, enumName } from '../support/catalogue/vocabulary';
import type { TimelineData } from './cucumber-messages';

type Entry = TimelineData['entries'][number];

export interface TimeAxis {
  /** Scenario-relative ms that is 0 on the axis. */
  zero: number;
  /** What 0 is, for the axis caption and the text timeline's header. */
  label: string;
}

export function timeAxis(t: TimelineData): TimeAxis {
  // A failed check's failure text measures from its anchor: the picture and the text use the same zero.
  const failed = t.judged.find((j) => !j.passed);
  if (failed) return { zero: failed.anchorAt, label: failed.anchor };
  const fault = t.entries.find((e) => e.kind === 'fault');
  if (!fault) return { zero: 0, label: 'the scenario start' };
  // Otherwise the last byte the faulted user received before the fault, when the proxy says (what the
  // checks measure from), else the fault itself.
  const lastByte = (fault.lastDelivered as { downstream?: unknown } | undefined)?.downstream;
  if (typeof lastByte === 'number' && lastByte - t.origin <= fault.at) {
    return { zero: lastByte - t.origin, label: `the last byte user ${String(fault.user)} received from the server before fault #${String(fault.faultId)}` };
  }
  return { zero: fault.at, label: `fault #${String(fault.faultId)} (${String(fault.description).split(';')[0]})` };
}

/** `+406 ms`, `-1.2 s`: a time on the axis. */
export function axisTime(ms: number): string {
  const sign = ms > 0 ? '+' : ms < 0 ? '−' : '';
  const abs = Math.abs(ms);
  return `${sign}${abs >= 10000 ? `${(abs / 1000).toFixed(abs >= 100000 ? 0 : 1)} s` : `${Math.round(abs)} ms`}`;
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return value.length > 24 ? `"${value.slice(0, 12)}…"` : JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

/** A callback as `name(MEMBER (value), other)`: the payload in its documented parameter order. */
export function callbackLabel(t: TimelineData, c: Entry): string {
  const user = t.users.find((u) => u.label === String(c.user));
  const payload = (c.payload as Record<string, unknown> | undefined) ?? {};
  const definition = user ? definitionByDialectName(user.profile as ProfileId, user.dialect as Dialect, String(c.name)) : undefined;
  const fields = definition ? definition.params.map((p) => p.field).filter((f) => f in payload) : Object.keys(payload);
  const args = fields.map((field) => {
    const table = definition?.params.find((p) => p.field === field)?.enumeration;
    const name = table ? enumName(table, payload[field]) : undefined;
    return name !== undefined && name !== payload[field] ? `${name} (${formatValue(payload[field])})` : formatValue(payload[field]);
  });
  return `${String(c.name)}(${args.join(', ')})`;
}

/** Tokens (any quoted run of 40+ base64url characters) say nothing to a reader and should not be published. */
export function redactTokens(text: string): string {
  return text.replace(/"[A-Za-z0-9_\-.=]{40,}"/g, '"<token>"');
}

/** One line of the text timeline, the same words as the picture's marks. */
export function describeEntry(t: TimelineData, e: Entry): string {
  switch (e.kind) {
    case 'callback':
      return `user ${String(e.user)} ← ${callbackLabel(t, e)}`;
    case 'fault':
      return `FAULT #${String(e.faultId)} ${String(e.description)}`;
    case 'heal':
      return `HEAL #${String(e.faultId)} ${String(e.description)}`;
    case 'action':
      return `user ${String(e.user)} → ${redactTokens(String(e.description))}${e.outcome !== undefined ? ` = ${redactTokens(String(e.outcome))}` : ''}`;
    case 'problem':
      return `PROBLEM ${String(e.code)}: ${String(e.message)}`;
    default:
      return `note: ${String(e.text ?? '')}`;
  }
}
