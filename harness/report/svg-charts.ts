// Charts as plain inline SVG: a report that opens offline from a CI artifact, with no script to
// load, bundle or break. Two chart kinds are all the report needs; a chart library would be
// larger than the whole report.
import type { DistributionEvidence } from '../scenario/expectations';
import type { JsonScenarioResult } from './result-table';
import { escapeMarkup as escapeHtml } from './escape-markup';

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22'];
const FAILED_COLOUR = '#d62728';

/** One colour per relay, in the topology's order, so that a relay has the same colour in every chart. */
export function relayColours(result: JsonScenarioResult): Map<string, string> {
  const relays = result.topology?.members.filter((member) => member.role === 'relay').map((member) => member.name)
    ?? [...new Set(result.messages.map((message) => message.carriedBy).filter((name): name is string => !!name))];
  return new Map(relays.map((name, i) => [name, PALETTE[i % PALETTE.length]]));
}

const ms = (iso: string | null, origin: number) => (iso ? Date.parse(iso) - origin : undefined);

/**
 * The run on one time axis: a lane for the steps (stops, starts, sends), then a lane per relay
 * with a mark for each message at its delivery, and a lane for mail that was not delivered.
 */
export function timelineSvg(result: JsonScenarioResult, colours: Map<string, string>): string {
  const origin = result.startedAt ? Date.parse(result.startedAt) : 0;
  const width = 900;
  const left = 130;
  const laneHeight = 26;
  const relays = [...colours.keys()];
  const lanes = ['steps', ...relays, 'not delivered'];
  const height = lanes.length * laneHeight + 38;
  const end = Math.max(result.durationMs, ...result.messages.map((m) => ms(m.deliveredAt, origin) ?? 0), 1);
  const x = (t: number) => left + (Math.max(0, t) / end) * (width - left - 10);
  const laneY = (lane: string) => lanes.indexOf(lane) * laneHeight + 12;
  const parts: string[] = [];
  lanes.forEach((lane) => {
    parts.push(`<text x="4" y="${laneY(lane) + 17}" class="lane">${escapeHtml(lane)}</text>`,
      `<line x1="${left}" x2="${width - 10}" y1="${laneY(lane) + laneHeight - 2}" y2="${laneY(lane) + laneHeight - 2}" class="grid"/>`);
  });
  for (const step of result.steps) {
    parts.push(`<text x="${x(step.startMs) + 2}" y="${laneY('steps') + 1}" class="tick">${step.index + 1}</text>`);
    const stopping = step.kind === 'stop' || step.kind === 'kill' || step.kind === 'pause';
    parts.push(`<rect class="step step-${escapeHtml(step.kind)}" x="${x(step.startMs)}" y="${laneY('steps') + 3}" width="${Math.max(3, x(step.endMs) - x(step.startMs))}" height="${laneHeight - 8}" fill="${stopping ? FAILED_COLOUR : '#999'}"><title>step ${step.index + 1}: ${escapeHtml(step.description)} (${(step.startMs / 1000).toFixed(1)}–${(step.endMs / 1000).toFixed(1)} s)</title></rect>`);
  }
  for (const message of result.messages) {
    const delivered = message.carriedBy && colours.has(message.carriedBy);
    const at = delivered ? ms(message.deliveredAt, origin) : ms(message.submittedAt, origin);
    const lane = delivered ? message.carriedBy! : 'not delivered';
    const colour = delivered ? colours.get(message.carriedBy!)! : FAILED_COLOUR;
    const jitter = (hash(message.id) % (laneHeight - 10)) + 4;
    const title = `${message.id}: ${delivered ? `carried by ${message.carriedBy}` : message.status}${message.problem ? ` — ${message.problem}` : ''}`;
    parts.push(`<circle class="message" data-message="${escapeHtml(message.id)}" cx="${x(at ?? 0).toFixed(1)}" cy="${laneY(lane) + jitter}" r="3" fill="${colour}"><title>${escapeHtml(title)}</title></circle>`);
  }
  const ticks = niceTicks(end / 1000).map((s) => `<text x="${x(s * 1000)}" y="${height - 6}" class="tick">${s} s</text>`);
  return `<svg class="timeline" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="timeline of ${escapeHtml(result.scenario)}">${parts.join('')}${ticks.join('')}</svg>`;
}

/** Observed carriers beside each model's expected count, with the test's p-value per model. */
export function distributionSvg(evidence: DistributionEvidence, colours: Map<string, string>): string {
  const cells = Object.keys(evidence.observed);
  const series = [{ name: 'observed', values: evidence.observed, fits: true }, ...evidence.models.map((m) => ({ name: m.name, values: m.expected, fits: m.fits }))];
  const width = 900;
  const height = 240;
  const bottom = 40;
  const max = Math.max(1, ...series.flatMap((s) => cells.map((cell) => s.values[cell] ?? 0)));
  const groupWidth = (width - 60) / cells.length;
  const barWidth = Math.min(40, (groupWidth - 20) / series.length);
  const y = (value: number) => (height - bottom) - (value / max) * (height - bottom - 20);
  const parts: string[] = [];
  cells.forEach((cell, c) => {
    const x0 = 50 + c * groupWidth + 10;
    series.forEach((s, i) => {
      const value = s.values[cell] ?? 0;
      const observed = s.name === 'observed';
      const colour = colours.get(cell) ?? FAILED_COLOUR;
      parts.push(`<rect class="bar${observed ? ' observed' : ''}" data-series="${escapeHtml(s.name)}" x="${x0 + i * barWidth}" y="${y(value)}" width="${barWidth - 3}" height="${Math.max(1, (height - bottom) - y(value))}" fill="${observed ? colour : 'none'}" stroke="${colour}" stroke-dasharray="${observed || s.fits ? '' : '4 2'}"><title>${escapeHtml(`${cell}, ${s.name}: ${Number(value.toFixed(1))}`)}</title></rect>`,
        `<text x="${x0 + i * barWidth + (barWidth - 3) / 2}" y="${y(value) - 3}" class="value" text-anchor="middle">${Number(value.toFixed(value < 10 ? 1 : 0))}</text>`);
    });
    parts.push(`<text x="${x0}" y="${height - bottom + 16}" class="tick">${escapeHtml(cell)}</text>`);
  });
  const legend = series.map((s, i) => `${i === 0 ? 'bars: ' : ''}${escapeHtml(s.name)}`).join(', ');
  parts.push(`<text x="50" y="${height - 6}" class="tick">${legend} (solid = observed; dashed = a model the test rejects)</text>`);
  return `<svg class="distribution" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="observed against expected">${parts.join('')}</svg>`;
}

function niceTicks(maxSeconds: number): number[] {
  const step = [1, 2, 5, 10, 20, 30, 60, 120].find((s) => maxSeconds / s <= 10) ?? 300;
  return Array.from({ length: Math.floor(maxSeconds / step) + 1 }, (_, i) => i * step);
}

function hash(text: string): number {
  let h = 0;
  for (const char of text) h = (h * 31 + char.charCodeAt(0)) >>> 0;
  return h;
}
