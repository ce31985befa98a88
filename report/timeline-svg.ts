/**
 * One scenario's timeline as an SVG picture, like the vendors' own diagrams but drawn from what happened:
 * a lane per user, fault bars per plane, callbacks as marks at their measured times, expected windows shaded
 * (green: must arrive here; grey: nothing may arrive here; red outline: the expectation failed).
 */
import type { TimelineData } from './cucumber-messages';

const WIDTH = 1000;
const LEFT = 90;
const LANE = 64;
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
  const times = [
    ...t.entries.map((e) => e.at),
    ...t.judged.flatMap((j) => [j.from, Math.min(j.to, j.from + 3_600_000)]),
  ].filter((x) => Number.isFinite(x));
  const start = Math.min(0, ...times);
  const end = Math.max(start + 1, ...times);
  const x = (ms: number) => LEFT + ((Math.min(Math.max(ms, start), end) - start) / (end - start)) * (WIDTH - LEFT - 20);
  const laneY = (user: string) => TOP + Math.max(0, users.indexOf(user)) * LANE;
  const height = TOP + Math.max(1, users.length) * LANE + 24;
  const parts: string[] = [];

  users.forEach((u) => {
    const y = laneY(u);
    const info = t.users.find((x2) => x2.label === u)!;
    parts.push(`<line x1="${LEFT}" y1="${y + LANE / 2}" x2="${WIDTH - 20}" y2="${y + LANE / 2}" class="lane"/>`);
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
      const py = y + (plane === 'media' ? LANE / 2 + 2 : LANE / 2 - 12);
      parts.push(`<rect x="${x1}" y="${py}" width="${Math.max(2, x2 - x1)}" height="10" class="fault ${plane}"><title>${escapeXml(`#${f.faultId} ${plane}: ${String(f.description)}`)}</title></rect>`);
    });
  }

  for (const c of t.entries.filter((e) => e.kind === 'callback')) {
    const user = String(c.user);
    const cx = x(c.at);
    const cy = laneY(user) + LANE / 2;
    const label = `${String(c.name)}(${Object.values((c.payload as Record<string, unknown>) ?? {}).join(', ')})`;
    parts.push(`<circle cx="${cx}" cy="${cy}" r="5" class="callback"><title>${escapeXml(`+${Math.round(c.at)} ms user ${user}: ${label}`)}</title></circle>`);
    parts.push(`<text x="${cx + 3}" y="${cy - 8}" class="callback-label" transform="rotate(-25 ${cx + 3} ${cy - 8})">${escapeXml(label.length > 40 ? `${label.slice(0, 39)}…` : label)}</text>`);
  }
  for (const a of t.entries.filter((e) => e.kind === 'action' && users.includes(String(e.user)))) {
    const ax = x(a.at);
    const ay = laneY(String(a.user)) + LANE - 8;
    parts.push(`<path d="M ${ax - 4} ${ay + 6} L ${ax} ${ay} L ${ax + 4} ${ay + 6} Z" class="action"><title>${escapeXml(`+${Math.round(a.at)} ms user ${String(a.user)} → ${String(a.description)}`)}</title></path>`);
  }

  const step = niceStep(end - start);
  for (let tick = Math.ceil(start / step) * step; tick <= end; tick += step) {
    parts.push(`<line x1="${x(tick)}" y1="${TOP - 6}" x2="${x(tick)}" y2="${height - 22}" class="tick"/>`);
    parts.push(`<text x="${x(tick)}" y="${height - 8}" class="tick-label">${tick >= 10000 ? `${(tick / 1000).toFixed(0)} s` : `${Math.round(tick)} ms`}</text>`);
  }
  return `<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${escapeXml(t.scenario)}">${parts.join('')}</svg>`;
}
