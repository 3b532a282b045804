// get_sales_trend: one metric over time at a chosen grain, for a store, region or category,
// optionally against the previous period or last year.
import { z } from 'zod';
import { withDashboard } from '../apps/dashboard-resource.js';
import { comparisonInput, metricAnswerOutput, metricNameInput, periodInput, storeInput, toMetricResult } from '../metrics/metric-schemas.js';
import { runMetrics } from '../metrics/run-metrics.js';
import { defineTool } from './tool.js';

export const getSalesTrend = defineTool({
  name: 'get_sales_trend',
  title: 'Sales trend',
  description: `A period metric over time (day, week, month, quarter) for your stores, a store, a region or a category.`,
  input: {
    metric: metricNameInput,
    grain: z.enum(['day', 'week', 'month', 'quarter']).optional().describe('Default month.'),
    period: periodInput('last-12-months'),
    comparison: comparisonInput,
    store: storeInput,
    region: z.string().min(1).max(200).optional().describe('Only this region (name).'),
    category: z.string().min(1).max(200).optional().describe('Only this category.'),
  },
  output: metricAnswerOutput,
  async run(ctx, args) {
    const grain = args.grain ?? 'month';
    const one = (v?: string) => (v ? [v] : undefined);
    const answer = await runMetrics(ctx, {
      metrics: [args.metric],
      group_by: [grain],
      filters: { store: one(args.store), region: one(args.region), category: one(args.category) },
      period: args.period ?? 'last-12-months',
      comparison: args.comparison,
      order_by: `${grain} asc`,
      limit: ctx.deps.limits.rowLimitMax,
    });
    return toMetricResult(answer, `${args.metric} by ${grain}`);
  },
});

// Declares the dashboard app (_meta.ui.resourceUri) for hosts that render apps; the text stays complete.
withDashboard(getSalesTrend);
