// The zod pieces shared by query_metrics and the curated retail tools, and the one way their
// answers are shaped: descriptions here are the model's documentation, so they stay short.
import { z } from 'zod';
import { toCompactText } from '../tools/compact-table.js';
import type { ToolResult } from '../tools/tool.js';
import { METRIC_NAMES } from './catalogue.js';
import { PERIOD_HELP } from './period.js';
import type { MetricAnswer } from './run-metrics.js';

const values = z.array(z.string().min(1).max(200)).min(1).max(50);

export const periodInput = z.string().max(40).optional().describe(`Period, anchored on today (default last-30-days): ${PERIOD_HELP}.`);
export const comparisonInput = z
  .enum(['none', 'previous_period', 'last_year'])
  .optional()
  .describe('Compare with the previous period or the same dates last year.');
export const metricInput = z.enum(METRIC_NAMES).describe('A metric from list_metrics.');
export const storeInput = z.string().min(1).max(200).optional().describe('One of your stores (name or id); default: all your stores.');

export const filtersInput = z
  .object({
    store: values.optional(),
    region: values.optional(),
    channel: values.optional(),
    category: values.optional(),
    product_type: values.optional(),
    product: values.optional().describe('SKUs.'),
  })
  .strict()
  .optional()
  .describe('Keep only these values per dimension (case-insensitive). Stores and regions must be yours.');

export const metricAnswerOutput = {
  period: z.object({ from: z.string(), to: z.string() }).describe('The dates covered, inclusive.'),
  comparison: z.object({ kind: z.string(), from: z.string(), to: z.string() }).optional().describe('The comparison period, when asked for.'),
  columns: z.array(z.string()).describe('Output columns: dimensions, then metrics; *_previous, *_change, *_change_pct with a comparison.'),
  rows: z.array(z.record(z.string(), z.unknown())).describe('Rows; money and ratios are exact decimal strings.'),
  row_count: z.number().int(),
  truncated: z.boolean().describe('True when more rows matched than returned.'),
};

export type MetricAnswerData = {
  period: { from: string; to: string };
  comparison?: { kind: string; from: string; to: string };
  columns: string[];
  rows: Record<string, unknown>[];
  row_count: number;
  truncated: boolean;
};

/** The structured answer and its compact text: a summary line, then the rows as fenced CSV. */
export function toMetricResult(answer: MetricAnswer, title: string, note = ''): ToolResult<MetricAnswerData> {
  const data: MetricAnswerData = {
    period: answer.period,
    ...(answer.comparison ? { comparison: answer.comparison } : {}),
    columns: answer.columns,
    rows: answer.rows,
    row_count: answer.rows.length,
    truncated: answer.truncated,
  };
  const vs = answer.comparison ? ` vs ${answer.comparison.from}..${answer.comparison.to}` : '';
  const more = answer.truncated ? ' More rows matched: raise limit or filter.' : '';
  const summary = `${title}, ${answer.period.from}..${answer.period.to}${vs}: ${data.row_count} row(s).${more}${note}`;
  return { data, text: toCompactText(summary, answer.columns, answer.rows) };
}
