// The zod pieces shared by query_metrics and the curated retail tools, and the one way their
// answers are shaped: descriptions here are the model's documentation, so they stay short.
import { z } from 'zod';
import { toCompactText } from '../tools/compact-table.js';
import type { ToolResult } from '../tools/tool.js';
import { FILTERABLE_DIMENSIONS, METRIC_NAMES } from './catalogue.js';
import { PERIOD_HELP } from './period.js';
import type { MetricAnswer } from './run-metrics.js';

const values = z.array(z.string().max(200)).max(50);

/** The full list of forms once (query_metrics); curated tools point there, to keep tools/list small. */
export const periodInput = (defaultSpec: string, full = false) =>
  z
    .string()
    .max(40)
    .optional()
    .describe(full ? `Period, anchored on today (default ${defaultSpec}): ${PERIOD_HELP}.` : `Period (default ${defaultSpec}), in query_metrics' forms.`);
export const comparisonInput = z.enum(['none', 'previous_period', 'last_year']).optional().describe('Change against which period; default none.');
export const metricInput = z.enum(METRIC_NAMES);
/** A metric by name, checked against the catalogue when the call runs (an enum would cost tokens in every tools/list). */
export const metricNameInput = z
  .string()
  .max(60)
  .refine((n) => METRIC_NAMES.includes(n), { message: 'unknown metric; list_metrics lists them' })
  .describe('A metric from list_metrics, e.g. net_revenue.');
export const storeInput = z.string().min(1).max(200).optional().describe('One of your stores (name or id); default all.');

export const filtersInput = z
  .partialRecord(z.enum(FILTERABLE_DIMENSIONS), values)
  .optional()
  .describe('Keep only these values per dimension, case-insensitive (product: SKUs). Stores and regions must be yours.');

// Lean on purpose: every tool that answers with metrics repeats this schema in tools/list.
const range = z.object({ from: z.string(), to: z.string() });
export const metricAnswerOutput = {
  period: range,
  comparison: range.extend({ kind: z.string() }).optional(),
  rows: z.array(z.record(z.string(), z.unknown())).describe('Decimals are exact strings.'),
  row_count: z.number().int(),
  truncated: z.boolean(),
};

export type MetricAnswerData = {
  period: { from: string; to: string };
  comparison?: { kind: string; from: string; to: string };
  rows: Record<string, unknown>[];
  row_count: number;
  truncated: boolean;
};

/** The structured answer and its compact text: a summary line, then the rows as fenced CSV. */
export function toMetricResult(answer: MetricAnswer, title: string, note = ''): ToolResult<MetricAnswerData> {
  const data: MetricAnswerData = {
    period: answer.period,
    ...(answer.comparison ? { comparison: answer.comparison } : {}),
    rows: answer.rows,
    row_count: answer.rows.length,
    truncated: answer.truncated,
  };
  const vs = answer.comparison ? ` vs ${answer.comparison.from}..${answer.comparison.to}` : '';
  const more = answer.truncated ? ' More rows matched: raise limit or filter.' : '';
  const summary = `${title}, ${answer.period.from}..${answer.period.to}${vs}: ${data.row_count} row(s).${more}${note}`;
  return { data, text: toCompactText(summary, answer.columns, answer.rows) };
}
