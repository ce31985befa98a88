/** The timeline printed under every failure: each entry with its time relative to the anchor. */
import type { CallbackEntry, Entry } from './event-log';

/** How a callback is printed; the World's names enum members (`reason INTERRUPTED (2)`). */
export type DescribeCallback = (e: CallbackEntry) => string;

const asJson: DescribeCallback = (e) => `${e.name}(${JSON.stringify(e.payload)})`;

function describe(e: Entry, callback: DescribeCallback): string {
  switch (e.kind) {
    case 'callback':
      return `user ${e.user} ← ${callback(e)}`;
    case 'fault':
      return `FAULT #${e.faultId} ${e.description}`;
    case 'heal':
      return `HEAL  #${e.faultId} ${e.description}`;
    case 'action':
      return `user ${e.user} → ${e.description}${e.outcome ? ` = ${e.outcome}` : ''}`;
    case 'problem':
      return `PROBLEM ${e.code}: ${e.message}`;
    case 'note':
      return `note: ${e.text}`;
  }
}

export function formatTimeline(entries: readonly Entry[], anchorAt: number, anchorLabel: string, limit = 200, callback: DescribeCallback = asJson): string {
  const shown = entries.length > limit ? entries.slice(entries.length - limit) : entries;
  const lines = shown.map((e) => {
    const rel = e.at - anchorAt;
    const sign = rel >= 0 ? '+' : '-';
    return `  ${sign}${Math.abs(rel).toFixed(0).padStart(7)} ms  ${describe(e, callback)}`;
  });
  const header = `Timeline (ms relative to ${anchorLabel}${entries.length > limit ? `, last ${limit} of ${entries.length}` : ''}):`;
  return [header, ...lines].join('\n');
}
