// What the dashboard draws for a tool result, decided without the DOM: the view kind (trend, ranking,
// KPI tiles or a table), its dimension and metrics, and the tool call a metric or grain switch makes.
// The app and the static report share it, and it reads only the tools' structuredContent.

export interface MetricInfo {
  name: string;
  label: string;
  unit: string;
  /** A period metric (over order lines in the period), so it has a trend; snapshots do not. */
  period: boolean;
}

export interface MetricAnswer {
  period: { from: string; to: string };
  comparison?: { kind: string; from: string; to: string };
  rows: Record<string, unknown>[];
  row_count: number;
  truncated: boolean;
}

export type ToolCall = { name: string; arguments: Record<string, unknown> };

export const TIME_DIMENSIONS = ['day', 'week', 'month', 'quarter', 'year', 'weekday'];
export const GRAINS = ['day', 'week', 'month', 'quarter'];
const SUFFIXES = ['_previous', '_change_pct', '_change'];
const NOT_METRICS = new Set(['rank', 'rank_in_region', 'region_average', 'vs_region_average_pct']);

export type View =
  | { kind: 'trend'; dimension: string; metric: string; metrics: string[]; compared: boolean }
  | { kind: 'ranking'; dimension: string; metric: string; metrics: string[]; compared: boolean }
  | { kind: 'kpis'; metrics: string[]; compared: boolean }
  | { kind: 'table' };

/** The columns of a result row, in order: dimensions first, then metrics and their comparison columns. */
export function columnsOf(answer: MetricAnswer): string[] {
  const seen: string[] = [];
  for (const row of answer.rows) for (const k of Object.keys(row)) if (!seen.includes(k)) seen.push(k);
  return seen;
}

/** Metric columns (without their _previous/_change/_change_pct companions) among the columns. */
export function metricsOf(columns: string[], catalogue: readonly MetricInfo[]): string[] {
  const known = new Set(catalogue.map((m) => m.name));
  return columns.filter((c) => known.has(c) && !NOT_METRICS.has(c) && !SUFFIXES.some((s) => c.endsWith(s) && known.has(c.slice(0, -s.length))));
}

export function dimensionsOf(columns: string[], catalogue: readonly MetricInfo[]): string[] {
  const known = new Set(catalogue.map((m) => m.name));
  return columns.filter((c) => !NOT_METRICS.has(c) && !known.has(c) && !SUFFIXES.some((s) => c.endsWith(s) && known.has(c.slice(0, -s.length))));
}

/** Picks the view for a tool's answer; anything the charts do not fit is a table. */
export function chooseView(tool: string | undefined, args: Record<string, unknown>, answer: MetricAnswer, catalogue: readonly MetricInfo[]): View {
  const columns = columnsOf(answer);
  const metrics = metricsOf(columns, catalogue);
  const dimensions = dimensionsOf(columns, catalogue);
  const compared = Boolean(answer.comparison);
  if (!answer.rows.length || !metrics.length) return { kind: 'table' };
  const wanted = typeof args.metric === 'string' && metrics.includes(args.metric) ? args.metric : metrics[0]!;
  if (tool === 'get_store_performance' || (tool === undefined && columns.includes('rank_in_region'))) return { kind: 'kpis', metrics, compared };
  const time = dimensions.find((d) => TIME_DIMENSIONS.includes(d));
  if (time && dimensions.length === 1) return { kind: 'trend', dimension: time, metric: wanted, metrics, compared };
  const other = dimensions.filter((d) => d !== 'region');
  if (!time && other.length === 1) return { kind: 'ranking', dimension: other[0]!, metric: wanted, metrics, compared };
  return { kind: 'table' };
}

/** The call that redraws a view with another metric or grain, through the same tool where it can. */
export function switchCall(
  tool: string | undefined,
  args: Record<string, unknown>,
  change: { metric?: string; grain?: string; comparison?: string },
): ToolCall | null {
  const next = { ...args };
  if (tool === 'get_sales_trend' || tool === 'compare_stores') {
    if (change.metric) next.metric = change.metric;
    if (change.grain && tool === 'get_sales_trend') next.grain = change.grain;
    if (change.comparison) next.comparison = change.comparison;
    return { name: tool, arguments: next };
  }
  if (tool === 'query_metrics') {
    if (change.metric) next.metrics = [change.metric];
    if (change.grain && Array.isArray(args.group_by))
      next.group_by = (args.group_by as string[]).map((d) => (TIME_DIMENSIONS.includes(d) ? change.grain : d)) as string[];
    if (change.comparison) next.comparison = change.comparison;
    return { name: tool, arguments: next };
  }
  if (tool === 'get_store_performance' && change.comparison) return { name: tool, arguments: { ...next, comparison: change.comparison } };
  return null;
}

/** A decimal string or number as a number for the scales; the exact string stays in the tips and table. */
export function toNumber(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

export function unitSuffix(unit: string): string {
  return unit === 'USD' ? ' (USD)' : unit === 'percent' ? ' (%)' : unit === 'days' ? ' (days)' : '';
}

/** "$1,234.50", "12.3%", "1,234": for tiles; tips and tables show the exact strings. */
export function formatValue(v: unknown, unit: string): string {
  const n = toNumber(v);
  if (n === null) return '–';
  const digits = String(v).split('.')[1]?.length ?? 0;
  const text = n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return unit === 'USD' ? `$${text}` : unit === 'percent' ? `${text}%` : text;
}

/** Which tool produced an answer, when the host does not say: from its arguments and columns. */
export function inferTool(args: Record<string, unknown>, answer: MetricAnswer): string | undefined {
  const columns = columnsOf(answer);
  if (Array.isArray(args.metrics)) return 'query_metrics';
  if (columns.includes('rank_in_region')) return 'get_store_performance';
  if (columns.includes('region_average')) return 'compare_stores';
  if (typeof args.metric === 'string' && columns.some((c) => TIME_DIMENSIONS.includes(c))) return 'get_sales_trend';
  return undefined;
}
