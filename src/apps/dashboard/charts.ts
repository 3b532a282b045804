// The charts, drawn with Observable Plot as SVG: a trend line with its area and the comparison
// period overlaid (dashed), and ranked bars with the region average. One dot or bar per row, tagged
// with aria-description so tests and screen readers can tell the series apart; hover shows a tip
// with the exact decimal strings the tool returned.
import * as Plot from '@observablehq/plot';
import { type MetricInfo, toNumber, unitSuffix } from './model.js';

// Okabe–Ito blue and vermillion: distinguishable with the common colour-vision deficiencies, and
// the comparison is also dashed, so colour is never the only cue.
export const CURRENT = '#0072B2';
export const PREVIOUS = '#D55E00';

interface Point {
  x: string;
  y: number | null;
  prev: number | null;
  row: Record<string, unknown>;
}

const exact = (v: unknown) => (v === null || v === undefined ? '–' : String(v));

function tipText(dimension: string, metric: MetricInfo, compared: boolean, row: Record<string, unknown>): string {
  const m = metric.name;
  const lines = [`${dimension}: ${exact(row[dimension])}`, `${metric.label}: ${exact(row[m])}`];
  if (compared) {
    lines.push(`previous: ${exact(row[`${m}_previous`])}`, `change: ${exact(row[`${m}_change`])}`);
    if (`${m}_change_pct` in row) lines.push(`change %: ${exact(row[`${m}_change_pct`])}`);
  }
  return lines.join('\n');
}

export function trendChart(
  rows: Record<string, unknown>[],
  dimension: string,
  metric: MetricInfo,
  compared: boolean,
  width: number,
): SVGSVGElement | HTMLElement {
  const data: Point[] = rows.map((row) => ({ x: String(row[dimension]), y: toNumber(row[metric.name]), prev: toNumber(row[`${metric.name}_previous`]), row }));
  const xs = data.map((d) => d.x);
  // A label per point up to 16 points; beyond that every n-th, so day and week grains stay legible.
  const step = Math.ceil(xs.length / 16);
  return Plot.plot({
    width,
    height: 320,
    marginLeft: 80,
    marginBottom: xs.length > 8 ? 64 : 36,
    style: { fontSize: '12px', color: 'var(--fg)', background: 'transparent' },
    // The section title names the dimension; rotated labels leave no room for an axis label too.
    x: { type: 'point', domain: xs, label: null, ticks: xs.filter((_, i) => i % step === 0), tickRotate: xs.length > 8 ? -35 : 0, padding: 0.3 },
    y: { grid: true, nice: true, zero: true, label: `${metric.label}${unitSuffix(metric.unit)}` },
    marks: [
      Plot.ruleY([0], { stroke: 'var(--muted)' }),
      Plot.areaY(data, { x: 'x', y: 'y', fill: CURRENT, fillOpacity: 0.12, ariaDescription: 'current area' }),
      ...(compared
        ? [
            Plot.lineY(data, { x: 'x', y: 'prev', stroke: PREVIOUS, strokeWidth: 2, strokeDasharray: '6,4', ariaDescription: 'comparison line' }),
            Plot.dot(data, { x: 'x', y: 'prev', fill: PREVIOUS, r: 2.5, ariaDescription: 'comparison points' }),
          ]
        : []),
      Plot.lineY(data, { x: 'x', y: 'y', stroke: CURRENT, strokeWidth: 2.5, ariaDescription: 'current line' }),
      Plot.dot(data, { x: 'x', y: 'y', fill: CURRENT, r: 3.5, ariaDescription: 'current points' }),
      Plot.tip(data, Plot.pointerX({ x: 'x', y: 'y', title: (d: Point) => tipText(dimension, metric, compared, d.row) })),
    ],
  });
}

export function rankingChart(rows: Record<string, unknown>[], dimension: string, metric: MetricInfo, width: number): SVGSVGElement | HTMLElement {
  const data = rows
    .map((row) => ({ y: String(row[dimension]), x: toNumber(row[metric.name]), avg: toNumber(row.region_average), row }))
    .sort((a, b) => (b.x ?? -Infinity) - (a.x ?? -Infinity));
  const longest = Math.max(...data.map((d) => d.y.length), 4);
  const hasAverage = data.some((d) => d.avg !== null);
  return Plot.plot({
    width,
    height: Math.max(120, data.length * 28 + 60),
    marginLeft: Math.min(240, 12 + longest * 6.5),
    marginRight: 24,
    style: { fontSize: '12px', color: 'var(--fg)', background: 'transparent' },
    x: { grid: true, nice: true, label: `${metric.label}${unitSuffix(metric.unit)}` },
    y: { domain: data.map((d) => d.y), label: null },
    marks: [
      Plot.barX(data, { y: 'y', x: 'x', fill: CURRENT, ariaDescription: 'bars', tip: true, title: (d) => tipText(dimension, metric, false, d.row) }),
      ...(hasAverage ? [Plot.tickX(data, { y: 'y', x: 'avg', stroke: PREVIOUS, strokeWidth: 2.5, ariaDescription: 'region average' })] : []),
      Plot.ruleX([0], { stroke: 'var(--muted)' }),
    ],
  });
}
