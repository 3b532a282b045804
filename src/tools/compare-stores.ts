// compare_stores: one metric across the caller's stores, ranked, with each region's average over
// the stores the caller may see.
import { comparisonInput, metricAnswerOutput, metricNameInput, periodInput, toMetricResult } from '../metrics/metric-schemas.js';
import { runMetrics } from '../metrics/run-metrics.js';
import { defineTool } from './tool.js';

export const compareStores = defineTool({
  name: 'compare_stores',
  title: 'Compare stores',
  description: `One metric across your stores, ranked, with the region average (over your stores) and each store's difference from it.`,
  input: { metric: metricNameInput, period: periodInput('last-30-days'), comparison: comparisonInput },
  output: metricAnswerOutput,
  async run(ctx, args) {
    const answer = await runMetrics(ctx, {
      metrics: [args.metric],
      group_by: ['store', 'region'],
      period: args.period,
      comparison: args.comparison,
      order_by: `${args.metric} desc`,
      limit: 1000,
    });
    const byRegion = new Map<string, number[]>();
    for (const row of answer.rows) {
      const v = row[args.metric];
      if (v !== null) byRegion.set(String(row.region), [...(byRegion.get(String(row.region)) ?? []), Number(v)]);
    }
    const average = (region: string) => {
      const xs = byRegion.get(region) ?? [];
      return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
    };
    const rows = answer.rows.map((row, i) => {
      const avg = average(String(row.region));
      const v = row[args.metric] === null ? null : Number(row[args.metric]);
      return {
        rank: i + 1,
        ...row,
        region_average: avg === null ? null : avg.toFixed(2),
        vs_region_average_pct: avg && v !== null ? (((v - avg) * 100) / avg).toFixed(1) : null,
      };
    });
    return toMetricResult(
      { ...answer, rows, columns: ['rank', ...answer.columns, 'region_average', 'vs_region_average_pct'] },
      `${args.metric} by store`,
      ' Region averages are over the stores you may see.',
    );
  },
});
