// list_metrics: the metric catalogue as a tool, for clients that read no resources. The same text
// as retail://metrics, from the same catalogue.
import { z } from 'zod';
import { CATALOGUE_SUMMARY, CATALOGUE_TEXT } from '../metrics/glossary.js';
import { defineTool } from './tool.js';

const listMetricsOutput = {
  version: z.string(),
  metrics: z.array(z.object({ name: z.string(), unit: z.string(), definition: z.string(), snapshot: z.boolean() })),
  dimensions: z.array(z.object({ name: z.string(), description: z.string() })),
};

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
