/**
 * One scenario's timeline as an SVG picture, like the vendors' own diagrams but drawn from what happened:
 * a lane per user, fault bars per plane, callbacks as marks at their measured times, expected windows shaded
 * (green: must arrive here; grey: nothing may arrive here; red outline: the expectation failed).
 */
import type { TimelineData } from './cucumber-messages';

const WIDTH = 1000;
const LEFT = 90;
const LANE = 104;
const TOP = 28;

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function niceStep(spanMs: number): number {
  const raw = spanMs / 8;
  const pow = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  return [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? raw;
}

export function timelineSvg(t: TimelineData): string {
  const users = t.users.map((u) => u.label);
  // The axis covers what happened, plus the windows that were judged, cut at a fifth of the span past the
  // last entry (a 'never' window can reach far past everything that happened).
  const entryTimes = t.entries.map((e) => e.at).filter((x) => Number.isFinite(x));
  const lastEntry = Math.max(1, ...entryTimes);
  const start = Math.min(0, ...entryTimes);
  const windowEnds = t.judged.map((j) => Math.min(j.to, lastEntry + (lastEntry - start) * 0.2)).filter((x) => Number.isFinite(x));
  const end = Math.max(start + 1, lastEntry, ...windowEnds);
  const x = (ms: number) => LEFT + ((Math.min(Math.max(ms, start), end) - start) / (end - start)) * (WIDTH - LEFT - 20);
  const laneY = (user: string) => TOP + Math.max(0, users.indexOf(user)) * LANE;
  const height = TOP + Math.max(1, users.length) * LANE + 24;
  const parts: string[] = [];

  users.forEach((u) => {
    const y = laneY(u);
    const info = t.users.find((x2) => x2.label === u)!;
    parts.push(`<line x1="${LEFT}" y1="${y + LANE / 2 + 8}" x2="${WIDTH - 20}" y2="${y + LANE / 2 + 8}" class="lane"/>`);
    parts.push(`<text x="4" y="${y + LANE / 2 + 4}" class="lane-label">user ${escapeXml(u)}</text>`);
    parts.push(`<text x="4" y="${y + LANE / 2 + 16}" class="lane-sub">${escapeXml(info.dialect)}</text>`);
  });

  for (const j of t.judged) {
    if (!users.includes(j.user)) continue;
    const y = laneY(j.user);
    const x1 = x(j.from);
    const x2 = x(j.to);
    const cls = `window ${j.kind === 'never' ? 'forbidden' : 'expected'}${j.passed ? '' : ' failed'}`;
    parts.push(`<rect x="${x1}" y="${y + 6}" width="${Math.max(2, x2 - x1)}" height="${LANE - 12}" class="${cls}"><title>${escapeXml(`${j.kind}: ${j.what} (${Math.round(j.from)}..${Math.round(j.to)} ms)${j.passed ? '' : ' FAILED'}`)}</title></rect>`);
  }

  const heals = new Map(t.entries.filter((e) => e.kind === 'heal').map((e) => [e.faultId, e.at]));
  for (const f of t.entries.filter((e) => e.kind === 'fault')) {
    const user = String(f.user);
    const planes = (f.planes as string[] | undefined) ?? ['signaling'];
    const y = laneY(user);
    const x1 = x(f.at);
    const x2 = x((heals.get(f.faultId) as number | undefined) ?? end);
    planes.forEach((plane) => {
      const py = y + (plane === 'media' ? LANE / 2 + 20 : LANE / 2 + 12);
      parts.push(`<rect x="${x1}" y="${py}" width="${Math.max(2, x2 - x1)}" height="10" class="fault ${plane}"><title>${escapeXml(`#${f.faultId} ${plane}: ${String(f.description)}`)}</title></rect>`);
    });
  }

  // Callback labels sit on up to four rows above the lane, each label on the lowest row where it does not
  // overlap the previous label of that row.
  const rowEnds = new Map<string, number[]>();
  for (const c of t.entries.filter((e) => e.kind === 'callback')) {
    const user = String(c.user);
    const cx = x(c.at);
    const cy = laneY(user) + LANE / 2 + 8;
    const label = `${String(c.name)}(${Object.values((c.payload as Record<string, unknown>) ?? {}).join(', ')})`;
    const shown = label.length > 38 ? `${label.slice(0, 37)}…` : label;
    const rows = rowEnds.get(user) ?? [-Infinity, -Infinity, -Infinity, -Infinity];
    rowEnds.set(user, rows);
    let row = rows.findIndex((endX) => endX < cx);
    if (row < 0) row = rows.indexOf(Math.min(...rows));
    rows[row] = cx + shown.length * 5.2;
    const ly = cy - 12 - row * 11;
    parts.push(`<line x1="${cx}" y1="${cy}" x2="${cx}" y2="${ly + 2}" class="leader"/>`);
    parts.push(`<circle cx="${cx}" cy="${cy}" r="4.5" class="callback"><title>${escapeXml(`+${Math.round(c.at)} ms user ${user}: ${label}`)}</title></circle>`);
    parts.push(`<text x="${cx + 2}" y="${ly}" class="callback-label">${escapeXml(shown)}</text>`);
  }
  for (const a of t.entries.filter((e) => e.kind === 'action' && users.includes(String(e.user)))) {
    const ax = x(a.at);
    const ay = laneY(String(a.user)) + LANE - 10;
    parts.push(`<path d="M ${ax - 4} ${ay + 6} L ${ax} ${ay} L ${ax + 4} ${ay + 6} Z" class="action"><title>${escapeXml(`+${Math.round(a.at)} ms user ${String(a.user)} → ${String(a.description)}`)}</title></path>`);
  }

  const step = niceStep(end - start);
  for (let tick = Math.ceil(start / step) * step; tick <= end; tick += step) {
    parts.push(`<line x1="${x(tick)}" y1="${TOP - 6}" x2="${x(tick)}" y2="${height - 22}" class="tick"/>`);
    parts.push(`<text x="${x(tick)}" y="${height - 8}" class="tick-label">${tick >= 10000 ? `${(tick / 1000).toFixed(0)} s` : `${Math.round(tick)} ms`}</text>`);
  }
  return `<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${escapeXml(t.scenario)}">${parts.join('')}</svg>`;
}
