// get_store_performance: the headline metrics of one store or all the caller's stores over a
// period, against last year by default, ranked within region among the stores the caller may see.
import { withDashboard } from '../apps/dashboard-resource.js';
import { comparisonInput, metricAnswerOutput, periodInput, storeInput, toMetricResult } from '../metrics/metric-schemas.js';
import { runMetrics } from '../metrics/run-metrics.js';
import { requireVisibleStore } from '../metrics/scope.js';
import { defineTool } from './tool.js';

export const HEADLINE_METRICS = ['net_revenue', 'orders', 'average_order_value', 'units', 'customers', 'gross_margin_pct', 'discount_rate'];

export const getStorePerformance = defineTool({
  name: 'get_store_performance',
  title: 'Store performance',
  description: `Headline metrics (net revenue, orders, AOV, units, customers, margin %, discount rate) per store for a period, vs last year by default, with rank in region among your stores.`,
  input: { store: storeInput, period: periodInput('last-month'), comparison: comparisonInput },
  output: metricAnswerOutput,
  async run(ctx, args) {
    // Every visible store is computed, so the rank compares like with like; then narrowed.
    const answer = await runMetrics(ctx, {
      metrics: HEADLINE_METRICS,
      group_by: ['store', 'region'],
      period: args.period ?? 'last-month',
      comparison: args.comparison ?? 'last_year',
      order_by: 'net_revenue desc',
      limit: 1000,
    });
    const seen = new Map<string, number>();
    let rows: Record<string, unknown>[] = answer.rows.map((row) => {
      const rank = (seen.get(String(row.region)) ?? 0) + 1;
      seen.set(String(row.region), rank);
      return { ...row, rank_in_region: rank };
    });
    if (args.store) {
      const store = requireVisibleStore(answer.stores, args.store);
      rows = rows.filter((r) => r.store === store.store_name);
    }
    return toMetricResult(
      { ...answer, rows, columns: [...answer.columns, 'rank_in_region'] },
      'Store performance',
      ' Ranks are by net revenue among the stores you may see.',
    );
  },
});

// Declares the dashboard app (_meta.ui.resourceUri) for hosts that render apps; the text stays complete.
withDashboard(getStorePerformance);
