/**
 * One scenario's timeline as an SVG picture, like the vendors' own diagrams but drawn from what happened: a
 * lane per user, fault bars per plane, callbacks as marks at their measured times with their enum names,
 * expected windows shaded. The axis is the text timeline's: 0 is the first fault. A failed expectation's
 * window is outlined in red and the callback that broke it (or a cross where a missing one was due) is
 * highlighted. Labels are placed where they fit: right of the mark, else left of it, never cut.
 * The legend (report/report-style.ts) explains every colour and mark.
 */
import type { TimelineData } from './cucumber-messages';
import { axisTime, callbackLabel, redactTokens, type TimeAxis, timeAxis } from './timeline-entries';

const WIDTH = 1000;
const LEFT = 112;
const RIGHT = 16;
const CHAR_WIDTH = 6.1; // 10 px sans-serif, a generous average so a label never runs past its estimate
const ROW = 13;
const TOP = 20;
const AXIS_HEIGHT = 34;

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function niceStep(spanMs: number): number {
  const raw = spanMs / 8;
  const pow = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  return [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? raw;
}

interface Label {
  text: string;
  x: number;
  /** The mark's x; the label starts right of it or ends left of it. */
  anchor: 'start' | 'end';
  markX: number;
  row: number;
  failing: boolean;
}

/** Rows of labels above a lane: each label on the lowest row where it overlaps nothing, right of its mark if it fits. */
function placeLabels(marks: Array<{ x: number; text: string; failing: boolean }>): Label[] {
  const rows: Array<Array<[number, number]>> = [];
  const free = (row: number, from: number, to: number) => (rows[row] ?? []).every(([a, b]) => to + 10 < a || from > b + 10);
  return marks.map((m) => {
    const width = m.text.length * CHAR_WIDTH;
    const right: [number, number] = [m.x + 3, m.x + 3 + width];
    const left: [number, number] = [m.x - 3 - width, m.x - 3];
    const fitsRight = right[1] <= WIDTH - RIGHT;
    const fitsLeft = left[0] >= 2;
    for (let row = 0; ; row++) {
      const side = fitsRight && free(row, ...right) ? right : fitsLeft && free(row, ...left) ? left : undefined;
      if (!side && (fitsRight || fitsLeft)) continue;
      const span = side ?? (fitsRight ? right : left);
      (rows[row] ??= []).push(span);
      return { text: m.text, x: span === right ? right[0] : left[1], anchor: span === right ? 'start' : 'end', markX: m.x, row, failing: m.failing };
    }
  });
}

export function timelineSvg(t: TimelineData, axis: TimeAxis = timeAxis(t)): string {
  const users = t.users.map((u) => u.label);
  // Only what the picture draws spans the axis: notes (the run's settings, at the scenario start) do not.
  const times = t.entries.filter((e) => e.kind !== 'note' && e.kind !== 'problem').map((e) => e.at).filter((x) => Number.isFinite(x));
  const lastEntry = Math.max(1, ...times);
  const firstDrawn = Math.min(...times, lastEntry);
  const start = firstDrawn - Math.max(10, (lastEntry - firstDrawn) * 0.03);
  // The axis covers what happened and the windows judged, cut at a fifth of the span past the last entry (a
  // 'never' window can reach far past everything that happened).
  // The right edge gets the same margin as the left one, so that only a window cut by the picture touches an edge.
  const windowEnds = t.judged.map((j) => Math.min(j.to, lastEntry + (lastEntry - start) * 0.2)).filter((x) => Number.isFinite(x));
  const drawnEnd = Math.max(start + 1, lastEntry, ...windowEnds);
  const end = drawnEnd + Math.max(10, (drawnEnd - start) * 0.03);
  const x = (ms: number) => LEFT + ((Math.min(Math.max(ms, start), end) - start) / (end - start)) * (WIDTH - LEFT - RIGHT);

  const failedJudged = t.judged.filter((j) => !j.passed);
  const failingAt = new Set(failedJudged.filter((j) => j.measuredAt !== undefined).map((j) => `${j.user}@${j.measuredAt}`));
  // A failed 'never' or 'once' broke on the matching callbacks inside its window.
  const brokeWindow = (user: string, c: TimelineData['entries'][number]) =>
    failedJudged.some((j) => j.user === user && (j.kind === 'never' || j.kind === 'once') && c.at > j.from && c.at <= j.to && (j.what === 'any callback' || j.what === c.name));
  const lanes = users.map((user) => {
    const callbacks = t.entries.filter((e) => e.kind === 'callback' && String(e.user) === user);
    const marks = callbacks.map((c) => ({ x: x(c.at), text: callbackLabel(t, c), failing: failingAt.has(`${user}@${c.at}`) || brokeWindow(user, c), at: c.at }));
    const missing = failedJudged.filter((j) => j.user === user && j.kind === 'within' && j.measuredAt === undefined);
    const missingMarks = missing.map((j) => ({ x: x(j.to), text: `missing: ${j.what}`, failing: true, at: j.to }));
    const all = [...marks, ...missingMarks].sort((a, b) => a.x - b.x);
    const labels = placeLabels(all);
    const rows = Math.max(1, ...labels.map((l) => l.row + 1));
    return { user, marks, missingMarks, labels, height: rows * ROW + 48 };
  });
  const laneTop = (i: number) => TOP + lanes.slice(0, i).reduce((sum, l) => sum + l.height, 0);
  const height = laneTop(lanes.length) + AXIS_HEIGHT;
  const parts: string[] = [];

  lanes.forEach((lane, i) => {
    const top = laneTop(i);
    const base = top + lane.height - 22; // the lane line: marks sit on it, labels above, faults below
    const info = t.users.find((u) => u.label === lane.user)!;
    parts.push(`<line x1="${LEFT}" y1="${base}" x2="${WIDTH - RIGHT}" y2="${base}" class="lane"/>`);
    parts.push(`<text x="4" y="${base - 16}" class="lane-label">user ${escapeXml(lane.user)}</text>`);
    parts.push(`<text x="4" y="${base - 4}" class="lane-sub">${escapeXml(info.profile)}</text>`);
    parts.push(`<text x="4" y="${base + 8}" class="lane-sub">${escapeXml(info.dialect)}</text>`);

    for (const j of t.judged.filter((jj) => jj.user === lane.user)) {
      const x1 = x(j.from);
      const x2 = x(j.to);
      // A passed window that reaches past what the picture draws, on either side (a generous deadline, a long
      // 'never', a check over the whole scenario), would cover the lane up to the picture's edge: it is drawn as
      // a band along the lane's top instead.
      const band = j.passed && (j.to > drawnEnd || j.from < firstDrawn);
      const cls = `window ${j.kind === 'never' ? 'forbidden' : 'expected'}${j.passed ? '' : ' failed'}${band ? ' band' : ''}`;
      const range = `${axisTime(j.from - axis.zero)} .. ${axisTime(j.to - axis.zero)}`;
      parts.push(`<rect x="${x1}" y="${top + 4}" width="${Math.max(2, x2 - x1)}" height="${band ? 5 : lane.height - 8}" class="${cls}"><title>${escapeXml(`${j.kind === 'never' ? 'must not arrive' : 'expected'}: ${j.what}, ${range}${j.passed ? '' : ' — FAILED'}`)}</title></rect>`);
    }

    const heals = new Map(t.entries.filter((e) => e.kind === 'heal').map((e) => [e.faultId, e.at]));
    for (const f of t.entries.filter((e) => e.kind === 'fault' && String(e.user) === lane.user)) {
      const planes = (f.planes as string[] | undefined) ?? ['signaling'];
      const x1 = x(f.at);
      const x2 = x((heals.get(f.faultId) as number | undefined) ?? end);
      planes.forEach((plane) => {
        const y = base + (plane === 'media' ? 11 : 3);
        parts.push(`<rect x="${x1}" y="${y}" width="${Math.max(2, x2 - x1)}" height="7" class="fault ${plane}"><title>${escapeXml(`fault #${String(f.faultId)} on the ${plane} plane: ${String(f.description)}`)}</title></rect>`);
      });
    }

    for (const label of lane.labels) {
      const ly = base - 12 - label.row * ROW;
      parts.push(`<line x1="${label.markX}" y1="${base}" x2="${label.markX}" y2="${ly + 2}" class="leader${label.failing ? ' failing' : ''}"/>`);
      parts.push(`<text x="${label.x}" y="${ly}" text-anchor="${label.anchor}" class="callback-label${label.failing ? ' failing' : ''}">${escapeXml(label.text)}</text>`);
    }
    for (const m of lane.marks) {
      const tip = `${axisTime(m.at - axis.zero)} user ${lane.user}: ${m.text}${m.failing ? ' — broke an expectation' : ''}`;
      if (m.failing) parts.push(`<circle cx="${m.x}" cy="${base}" r="8" class="failing-ring"/>`);
      parts.push(`<circle cx="${m.x}" cy="${base}" r="4.5" class="callback${m.failing ? ' failing' : ''}"><title>${escapeXml(tip)}</title></circle>`);
    }
    for (const m of lane.missingMarks) {
      parts.push(`<path d="M ${m.x - 5} ${base - 5} L ${m.x + 5} ${base + 5} M ${m.x - 5} ${base + 5} L ${m.x + 5} ${base - 5}" class="missing"><title>${escapeXml(`${m.text}: due by ${axisTime(m.at - axis.zero)}, never arrived`)}</title></path>`);
    }
    for (const a of t.entries.filter((e) => e.kind === 'action' && String(e.user) === lane.user)) {
      const ax = x(a.at);
      parts.push(`<path d="M ${ax - 4} ${base + 18} L ${ax} ${base + 12} L ${ax + 4} ${base + 18} Z" class="action"><title>${escapeXml(`${axisTime(a.at - axis.zero)} user ${lane.user} calls ${redactTokens(String(a.description))}`)}</title></path>`);
    }
  });

  const step = niceStep(end - start);
  const axisY = height - AXIS_HEIGHT;
  for (let tick = Math.ceil((start - axis.zero) / step) * step; tick + axis.zero <= end; tick += step) {
    const tx = x(tick + axis.zero);
    parts.push(`<line x1="${tx}" y1="${TOP - 4}" x2="${tx}" y2="${axisY + 4}" class="tick${tick === 0 ? ' zero' : ''}"/>`);
    const anchor = tx - LEFT < 20 ? 'start' : WIDTH - RIGHT - tx < 20 ? 'end' : 'middle';
    parts.push(`<text x="${tx}" y="${axisY + 16}" text-anchor="${anchor}" class="tick-label">${tick === 0 ? '0' : axisTime(tick)}</text>`);
  }
  parts.push(`<text x="${LEFT}" y="${axisY + 30}" class="axis-caption">${escapeXml(`time relative to ${axis.label}`)}</text>`);
  const failing = failedJudged.length > 0 ? ' data-failing="true"' : '';
  return `<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${escapeXml(t.scenario)}"${failing}>${parts.join('')}</svg>`;
}
