// Runs a governed metric request as the caller: checks it against the catalogue, resolves the
// period on the clock, reads the caller's stores and checks the filters in the sealed transaction,
// compiles, and runs the compiled SELECT there (extended protocol, bound values only).
import { unsafeExtended } from '../db/extended.js';
import { AppError } from '../errors.js';
import { capRows, type JsonRow } from '../tools/result-rows.js';
import type { ToolContext } from '../tools/tool.js';
import { dimensionNamed, isPeriodMetric, metricNamed } from './catalogue.js';
import { compileMetricQuery, type MetricCondition, type MetricQuery, outputColumns } from './compile.js';
import { type Comparison, type ComparisonRange, comparisonRange, type DateRange, parsePeriod, recentRange } from './period.js';
import { checkProductFilters, narrowStores, readVisibleStores, type VisibleStore } from './scope.js';

export interface MetricRequest {
  metrics: string[];
  group_by?: string[];
  filters?: Record<string, string[] | undefined>;
  period?: string;
  comparison?: Comparison;
  /** A column name, optionally followed by " asc" or " desc". */
  order_by?: string;
  limit?: number;
  explain?: boolean;
}

export interface MetricAnswer {
  period: DateRange;
  comparison?: DateRange & { kind: Comparison };
  columns: string[];
  rows: JsonRow[];
  truncated: boolean;
  /** With explain: the compiled SQL and its bound parameters, instead of rows. */
  sql?: string;
  params?: unknown[];
  /** The caller's stores, as read in the same transaction (curated tools use them). */
  stores: VisibleStore[];
}

export const DEFAULT_PERIOD = 'last-30-days';

function requireUnique(kind: string, names: string[]): void {
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new AppError('BAD_INPUT', `${kind} "${dup}" is listed twice.`);
}

/** Checks that need no database: the combination of metrics, dimensions and ordering. */
function requireConsistent(req: MetricRequest, columns: string[]): void {
  requireUnique('Metric', req.metrics);
  requireUnique('Dimension', req.group_by ?? []);
  const time = (req.group_by ?? []).find((d) => dimensionNamed(d)?.side === 'time');
  const snapshot = req.metrics.find((m) => !isPeriodMetric(metricNamed(m)!));
  if (time && snapshot) {
    throw new AppError('BAD_INPUT', `${snapshot} is a snapshot of today (stock), so it cannot be grouped by ${time}; drop one of them.`);
  }
  if (req.order_by) {
    const field = req.order_by.trim().split(/\s+/)[0]!;
    if (!columns.includes(field)) throw new AppError('BAD_INPUT', `order_by must name an output column: ${columns.join(', ')}.`);
  }
}

function parseOrderBy(orderBy: string | undefined): MetricQuery['orderBy'] {
  if (!orderBy) return undefined;
  const [field, dir = 'desc', ...rest] = orderBy.trim().split(/\s+/) as [string, string?, ...string[]];
  const direction = dir.toLowerCase();
  // Anything after the direction is refused too, rather than silently ignored.
  if ((direction !== 'asc' && direction !== 'desc') || rest.length > 0) {
    throw new AppError('BAD_INPUT', 'order_by may end with "asc" or "desc", nothing else.');
  }
  return { field, direction };
}

export interface RunOptions {
  /** Keep only rows meeting any of these (inventory alerts). */
  anyOf?: MetricCondition[];
}

export async function runMetrics(ctx: ToolContext, req: MetricRequest, options: RunOptions = {}): Promise<MetricAnswer> {
  const { deps, principal, signal } = ctx;
  const today = deps.clock.today();
  const period = parsePeriod(req.period ?? DEFAULT_PERIOD, today);
  const comparison: ComparisonRange | undefined = comparisonRange(period, req.comparison ?? 'none');
  const limit = Math.min(req.limit ?? deps.limits.rowLimitDefault, deps.limits.rowLimitMax);
  const filters = Object.fromEntries(Object.entries(req.filters ?? {}).filter(([, v]) => v && v.length > 0)) as Record<string, string[]>;
  const base: Omit<MetricQuery, 'storeIds' | 'productFilters'> = {
    metrics: req.metrics,
    groupBy: req.group_by ?? [],
    period,
    comparison,
    recent: recentRange(today),
    anyOf: options.anyOf,
    orderBy: parseOrderBy(req.order_by),
    limit: limit + 1,
  };
  // Checked before anything is read: the output columns do not depend on the filters.
  requireConsistent(req, outputColumns(base));

  return deps.withTenant(
    principal,
    async (tx) => {
      const stores = await readVisibleStores(tx);
      const storeIds = await narrowStores(tx, stores, filters);
      const productFilters = await checkProductFilters(tx, filters);
      const compiled = compileMetricQuery({ ...base, storeIds, productFilters });
      const answer = {
        period: { from: period.from, to: period.to },
        ...(comparison ? { comparison: { kind: req.comparison!, from: comparison.from, to: comparison.to } } : {}),
        columns: compiled.columns,
        stores,
      };
      if (req.explain) return { ...answer, rows: [], truncated: false, sql: compiled.sql, params: compiled.params };
      const fetched = (await unsafeExtended(tx, compiled.sql, compiled.params)) as JsonRow[];
      const capped = capRows(fetched, limit, deps.limits.resultMaxBytes);
      return { ...answer, rows: capped.rows, truncated: capped.truncated };
    },
    { signal },
  );
}
