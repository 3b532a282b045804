// Compiles a metric request into one SELECT. Identifiers and SQL fragments come only from the
// catalogue; every value (dates, store ids, filter values, thresholds, the limit) is a bound
// parameter. Each fact is aggregated in its own CTE, grouped by the requested dimensions, and the
// CTEs are full-joined on those dimensions, so metrics of different grains never multiply rows.
import { type BaseMetric, baseMetricsOf, type Dimension, dimensionNamed, type Fact, isPeriodMetric, type Metric, metricNamed } from './catalogue.js';
import { type ComparisonRange, type DateRange, shiftFor } from './period.js';

export interface ProductFilter {
  dimension: string;
  /** Compared case-insensitively with the dimension's filter expression. */
  values: string[];
}

/** A row condition on an output metric column; conditions are OR'ed (used by inventory alerts). */
export interface MetricCondition {
  metric: string;
  op: '<' | '>';
  value: number;
}

export interface MetricQuery {
  metrics: string[];
  groupBy: string[];
  period: DateRange;
  comparison?: ComparisonRange;
  /** The 28 days before today (the `recent` fact). */
  recent: DateRange;
  /** Narrowing to these stores (already checked against the caller's scope); absent: all visible. */
  storeIds?: number[];
  productFilters: ProductFilter[];
  anyOf?: MetricCondition[];
  orderBy?: { field: string; direction: 'asc' | 'desc' };
  /** Rows to fetch (the caller asks for one more than it returns, to report truncation). */
  limit: number;
}

export interface CompiledQuery {
  sql: string;
  params: unknown[];
  /** Output columns in order: dimension columns, then metrics (and comparison columns). */
  columns: string[];
}

const quote = (identifier: string) => `"${identifier}"`;

class Params {
  readonly values: unknown[] = [];
  bind(value: unknown, cast: string): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }
}

/**
 * Where a base metric is read from. Without product detail (no product dimension or filter), sales
 * metrics that name a cheaper source use it: `daily` (retail.sales_daily_store, one row per store
 * and day, kept exact by triggers) or `orders` (retail.orders alone). Everything else reads the
 * order lines, or inventory for stock.
 */
type Source = 'lines' | 'daily' | 'orders' | 'stock';

const SOURCES: Record<Source, { from: string; store: string; product?: string; date?: string }> = {
  lines: {
    from: 'retail.order_items oi\n    join retail.orders o on o.order_id = oi.order_id',
    store: 'oi.store_id',
    product: 'oi.product_id',
    date: 'o.order_date',
  },
  daily: { from: 'retail.sales_daily_store sd', store: 'sd.store_id', date: 'sd.day' },
  orders: { from: 'retail.orders o', store: 'o.store_id', date: 'o.order_date' },
  stock: { from: 'retail.inventory i', store: 'i.store_id', product: 'i.product_id' },
};

function sourceOf(b: BaseMetric, productDetail: boolean): Source {
  if (b.fact === 'stock') return 'stock';
  if (!productDetail && b.daily) return 'daily';
  if (!productDetail && b.orders) return 'orders';
  return 'lines';
}

const aggregateOf = (b: BaseMetric, source: Source) => (source === 'daily' ? b.daily! : source === 'orders' ? b.orders! : b.sql);

/** The CTE a base metric is read from, for the period (`cur`) or the comparison (`prev`). */
function cteOf(b: BaseMetric, side: 'cur' | 'prev', productDetail: boolean): string {
  if (b.fact === 'stock') return 'stock';
  return `${b.fact === 'recent' ? 'recent' : side}_${sourceOf(b, productDetail)}`;
}

/** One CTE body: base metrics from one source, grouped by the dimensions. */
function sourceCte(source: Source, bases: BaseMetric[], dims: Dimension[], q: MetricQuery, p: Params, range?: DateRange, shift?: string): string {
  const src = SOURCES[source];
  const sides = new Set(dims.map((d) => d.side));
  const productDetail = sides.has('product') || q.productFilters.length > 0;
  const joins: string[] = [];
  if (sides.has('store')) {
    joins.push(`join retail.stores s on s.store_id = ${src.store}`, 'join retail.regions r on r.region_id = s.region_id');
  }
  if (src.product && (productDetail || bases.some((b) => b.needsProduct))) joins.push(`join retail.products p on p.product_id = ${src.product}`);
  if (productDetail) {
    joins.push('join retail.categories c on c.category_id = p.category_id', 'join retail.product_types t on t.type_id = p.type_id');
  }
  // A comparison period's dates are moved onto the period's, so its months and days line up. Bound
  // only when a time dimension reads it: PostgreSQL cannot type a parameter the text never uses.
  const date = shift && sides.has('time') ? `(${src.date} + ${p.bind(shift, 'interval')})::date` : src.date;
  const where: string[] = [];
  if (range && src.date) where.push(`${src.date} between ${p.bind(range.from, 'date')} and ${p.bind(range.to, 'date')}`);
  if (q.storeIds) where.push(`${src.store} = any(${p.bind(q.storeIds, 'int[]')})`);
  for (const f of q.productFilters) {
    const values = f.values.map((v) => v.toLowerCase());
    where.push(`lower(${dimensionNamed(f.dimension)!.filterSql}) = any(${p.bind(values, 'text[]')})`);
  }
  const atDate = (sql: string) => sql.replaceAll('{date}', date ?? 'null');
  const dimCols = dims.flatMap((d) => d.columns.map((c) => `${atDate(c.sql)} as ${quote(c.as)}`));
  const select = [...dimCols, ...bases.map((b) => `${aggregateOf(b, source)} as ${quote(b.name)}`)];
  // Each dimension by its key where it has one, else by its columns' positions in the select list.
  let position = 0;
  const keys = dims.flatMap((d) => {
    const positions = d.columns.map(() => String(++position));
    return d.key ? [atDate(d.key)] : positions;
  });
  const groupBy = keys.length > 0 ? `\n   group by ${keys.join(', ')}` : '';
  return `select ${select.join(',\n         ')}\n    from ${src.from}\n    ${joins.join('\n    ')}${where.length ? `\n   where ${where.join('\n     and ')}` : ''}${groupBy}`;
}

/** The SQL of a metric on one side; base metrics coalesce to 0 where a CTE has no row for the group. */
function metricSql(m: Metric, side: 'cur' | 'prev', productDetail: boolean): string {
  const ref = (b: BaseMetric) => `coalesce(${cteOf(b, side, productDetail)}.${quote(b.name)}, 0)`;
  if (m.kind === 'base') return ref(m);
  return m.formula.replace(/\{(\w+)\}/g, (_, name: string) => ref(metricNamed(name) as BaseMetric));
}

const rounded = (sql: string, decimals: number) => `round((${sql})::numeric, ${decimals})`;

/** A change of a percentage is already in points; a percent change of it would only confuse. */
const hasChangePct = (m: Metric) => m.unit !== 'percent';

/** The answer's columns, in order: dimension columns, then each metric with its comparison columns. */
export function outputColumns(q: Pick<MetricQuery, 'metrics' | 'groupBy' | 'comparison'>): string[] {
  const columns = q.groupBy.flatMap((n) => dimensionNamed(n)!.columns.map((c) => c.as));
  for (const m of q.metrics.map((n) => metricNamed(n)!)) {
    columns.push(m.name);
    if (!q.comparison || !isPeriodMetric(m)) continue;
    columns.push(`${m.name}_previous`, `${m.name}_change`, ...(hasChangePct(m) ? [`${m.name}_change_pct`] : []));
  }
  return columns;
}

export function compileMetricQuery(q: MetricQuery): CompiledQuery {
  const p = new Params();
  const metrics = q.metrics.map((n) => metricNamed(n)!);
  const dims = q.groupBy.map((n) => dimensionNamed(n)!);
  const dimColumns = dims.flatMap((d) => d.columns.map((c) => c.as));

  const productDetail = dims.some((d) => d.side === 'product') || q.productFilters.length > 0;
  // Base metrics per CTE (one per fact, side and source), each once.
  const groups = new Map<string, { source: Source; fact: Fact; side: 'cur' | 'prev'; bases: Map<string, BaseMetric> }>();
  const add = (b: BaseMetric, side: 'cur' | 'prev') => {
    const name = cteOf(b, side, productDetail);
    if (!groups.has(name)) groups.set(name, { source: sourceOf(b, productDetail), fact: b.fact, side, bases: new Map() });
    groups.get(name)!.bases.set(b.name, b);
  };
  for (const m of metrics) {
    for (const b of baseMetricsOf(m)) {
      add(b, 'cur');
      // Only what a comparison column shows: sell-through reads sales too, but is not compared.
      if (q.comparison && isPeriodMetric(m)) add(b, 'prev');
    }
  }
  const ctes = [...groups].map(([name, g]) => {
    const range = g.fact === 'stock' ? undefined : g.fact === 'recent' ? q.recent : g.side === 'prev' ? q.comparison : q.period;
    const shift = g.side === 'prev' ? shiftFor(q.comparison!, q.groupBy) : undefined;
    return { name, body: sourceCte(g.source, [...g.bases.values()], dims, q, p, range, shift) };
  });

  const select: string[] = dimColumns.map(quote);
  for (const m of metrics) {
    const current = metricSql(m, 'cur', productDetail);
    select.push(`${rounded(current, m.decimals)} as ${quote(m.name)}`);
    if (!q.comparison || !isPeriodMetric(m)) continue;
    const previous = metricSql(m, 'prev', productDetail);
    select.push(`${rounded(previous, m.decimals)} as ${quote(`${m.name}_previous`)}`);
    select.push(`${rounded(`(${current}) - (${previous})`, m.decimals)} as ${quote(`${m.name}_change`)}`);
    if (hasChangePct(m)) {
      select.push(`round(((${current}) - (${previous})) * 100.0 / nullif((${previous}), 0), 1) as ${quote(`${m.name}_change_pct`)}`);
    }
  }

  const join =
    dimColumns.length > 0 ? (name: string) => `full join ${name} using (${dimColumns.map(quote).join(', ')})` : (name: string) => `cross join ${name}`;
  const from = [ctes[0]!.name, ...ctes.slice(1).map((c) => join(c.name))].join('\n  ');
  const where = q.anyOf?.length ? `\n where ${q.anyOf.map((c) => `${quote(c.metric)} ${c.op} ${p.bind(c.value, 'numeric')}`).join(' or ')}` : '';
  const order = q.orderBy
    ? [`${quote(q.orderBy.field)} ${q.orderBy.direction} nulls last`, ...dimColumns.filter((c) => c !== q.orderBy!.field).map(quote)]
    : dimColumns.map(quote);
  const orderBy = order.length > 0 ? `\n order by ${order.join(', ')}` : '';
  const sql =
    `with ${ctes.map((c) => `${c.name} as (\n  ${c.body}\n)`).join(', ')}\n` +
    `select * from (\n  select ${select.join(',\n         ')}\n  from ${from}\n) q${where}${orderBy}\n limit ${p.bind(q.limit, 'int')}`;
  return { sql, params: p.values, columns: outputColumns(q) };
}
