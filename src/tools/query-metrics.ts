// query_metrics: governed metrics from the catalogue, grouped, filtered and compared, compiled to
// SQL with bound values only and run as the caller under RLS. explain returns that SQL instead.
import { z } from 'zod';
import { withDashboard } from '../apps/dashboard-resource.js';
import { DIMENSION_NAMES, METRIC_NAMES } from '../metrics/catalogue.js';
import { comparisonInput, filtersInput, metricAnswerOutput, metricInput, periodInput, toMetricResult } from '../metrics/metric-schemas.js';
import { DEFAULT_PERIOD, runMetrics } from '../metrics/run-metrics.js';
import { defineTool, UNTRUSTED_NOTE } from './tool.js';

export const queryMetricsInput = {
  metrics: z.array(metricInput).min(1).max(METRIC_NAMES.length).describe('Metrics to compute (see list_metrics).'),
  group_by: z.array(z.enum(DIMENSION_NAMES)).max(3).optional().describe('Dimensions to group by (see list_metrics).'),
  filters: filtersInput,
  period: periodInput(DEFAULT_PERIOD, true),
  comparison: comparisonInput,
  order_by: z.string().max(60).optional().describe('An output column, then asc or desc (default desc).'),
  limit: z.number().int().min(1).optional().describe('Most rows (default 100; the server caps it).'),
  explain: z.boolean().optional().describe('Return the compiled SQL and parameters instead of rows.'),
};

const queryMetricsOutput = {
  ...metricAnswerOutput,
  sql: z.string().optional().describe('With explain: the compiled SQL.'),
  params: z.array(z.unknown()).optional().describe('With explain: its bound parameters, in order.'),
};

export const queryMetrics = defineTool({
  name: 'query_metrics',
  title: 'Query governed metrics',
  description: `Computes certified retail metrics (net revenue, margin, units, stock, ...) by store, region, category, product or time, for your stores only. Prefer it to writing SQL: every number follows one definition. ${UNTRUSTED_NOTE}`,
  input: queryMetricsInput,
  output: queryMetricsOutput,
  async run(ctx, args) {
    const answer = await runMetrics(ctx, args);
    if (answer.sql !== undefined) {
      const data = { ...toMetricResult(answer, 'Compiled').data, sql: answer.sql, params: answer.params };
      return { data, text: `Compiled SQL (values bound as $n):\n${answer.sql}\nParameters: ${JSON.stringify(answer.params)}` };
    }
    const by = args.group_by?.length ? ` by ${args.group_by.join(', ')}` : '';
    return toMetricResult(answer, `${args.metrics.join(', ')}${by}`);
  },
});

// Declares the dashboard app (_meta.ui.resourceUri) for hosts that render apps; the text stays complete.
withDashboard(queryMetrics);
