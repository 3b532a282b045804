// list_metrics: the metric catalogue as a tool, for clients that read no resources. The same text
// as retail://metrics, from the same catalogue.
import { z } from 'zod';
import { CATALOGUE_VERSION, DIMENSIONS, isPeriodMetric, METRICS } from '../metrics/catalogue.js';
import { PERIOD_HELP } from '../metrics/period.js';
import { defineTool } from './tool.js';

const listMetricsOutput = {
  version: z.string(),
  metrics: z.array(z.object({ name: z.string(), unit: z.string(), definition: z.string(), snapshot: z.boolean() })),
  dimensions: z.array(z.object({ name: z.string(), description: z.string() })),
};

export const CATALOGUE_SUMMARY = {
  version: CATALOGUE_VERSION,
  metrics: METRICS.map((m) => ({ name: m.name, unit: m.unit, definition: m.definition, snapshot: !isPeriodMetric(m) })),
  dimensions: DIMENSIONS.map((d) => ({ name: d.name, description: d.description })),
};

/** The catalogue as compact text (also the body of the retail://metrics resource). */
export const CATALOGUE_TEXT = [
  `Metric catalogue ${CATALOGUE_VERSION}. Snapshot metrics (*) describe stock now and cannot be grouped by time.`,
  ...CATALOGUE_SUMMARY.metrics.map((m) => `- ${m.name}${m.snapshot ? '*' : ''} (${m.unit}): ${m.definition}`),
  `Dimensions: ${DIMENSIONS.map((d) => `${d.name} (${d.description.replace(/\.$/, '')})`).join('; ')}.`,
  `Periods: ${PERIOD_HELP}.`,
].join('\n');

export const listMetrics = defineTool({
  name: 'list_metrics',
  title: 'List governed metrics',
  description: 'Lists the metrics and dimensions query_metrics and the retail tools use, with their definitions and units.',
  input: {},
  output: listMetricsOutput,
  async run() {
    return { data: CATALOGUE_SUMMARY, text: CATALOGUE_TEXT };
  },
});
