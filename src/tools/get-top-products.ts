// get_top_products: the best sellers by revenue, units or margin for a period, optionally for one
// store or category.
import { z } from 'zod';
import { metricAnswerOutput, periodInput, storeInput, toMetricResult } from '../metrics/metric-schemas.js';
import { runMetrics } from '../metrics/run-metrics.js';
import { defineTool } from './tool.js';

const RANK_BY = { revenue: 'net_revenue', units: 'units', margin: 'gross_margin' } as const;

export const getTopProducts = defineTool({
  name: 'get_top_products',
  title: 'Top products',
  description: `The best-selling products of your stores by net revenue, units or gross margin.`,
  input: {
    by: z.enum(['revenue', 'units', 'margin']).optional().describe('Rank by (default revenue).'),
    period: periodInput('last-30-days'),
    store: storeInput,
    category: z.string().min(1).max(200).optional().describe('Only this category.'),
    limit: z.number().int().min(1).max(100).optional().describe('How many (default 10).'),
  },
  output: metricAnswerOutput,
  async run(ctx, args) {
    const by = RANK_BY[args.by ?? 'revenue'];
    const answer = await runMetrics(ctx, {
      metrics: [...new Set([by, 'net_revenue', 'units', 'gross_margin'])],
      group_by: ['product', 'category'],
      filters: { store: args.store ? [args.store] : undefined, category: args.category ? [args.category] : undefined },
      period: args.period,
      order_by: `${by} desc`,
      limit: args.limit ?? 10,
    });
    return toMetricResult(answer, `Top products by ${by}`);
  },
});
