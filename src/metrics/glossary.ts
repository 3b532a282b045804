// The catalogue in words, for list_metrics, the retail://metrics resources, prompts and the README
// glossary: generated from the catalogue, so none of them can drift from it.
import { CATALOGUE_VERSION, DIMENSIONS, isPeriodMetric, METRICS, type Metric } from './catalogue.js';
import { PERIOD_HELP } from './period.js';

export const CATALOGUE_SUMMARY = {
  version: CATALOGUE_VERSION,
  metrics: METRICS.map((m) => ({ name: m.name, unit: m.unit, definition: m.definition, snapshot: !isPeriodMetric(m) })),
  dimensions: DIMENSIONS.map((d) => ({ name: d.name, description: d.description })),
};

export const metricLine = (m: Metric) => `${m.name}${isPeriodMetric(m) ? '' : '*'} (${m.unit}): ${m.definition}`;

/** The whole catalogue as compact text. */
export const CATALOGUE_TEXT = [
  `Metric catalogue ${CATALOGUE_VERSION}. Snapshot metrics (*) describe stock now and cannot be grouped by time.`,
  ...METRICS.map((m) => `- ${metricLine(m)}`),
  `Dimensions: ${DIMENSIONS.map((d) => `${d.name} (${d.description.replace(/\.$/, '')})`).join('; ')}.`,
  `Periods: ${PERIOD_HELP}.`,
].join('\n');

/** One metric in full, with the SQL it is computed by (retail://metrics/{name}). */
export function metricDetail(m: Metric): string {
  const how =
    m.kind === 'base'
      ? `SQL: ${m.sql}, over ${m.fact === 'stock' ? 'retail.inventory i (now)' : 'retail.order_items oi join retail.orders o'}${m.needsProduct ? ' join retail.products p' : ''}`
      : `Formula: ${m.formula}`;
  return [
    `# ${m.label} (${m.name})`,
    m.definition,
    `Unit: ${m.unit}, ${m.decimals} decimal place(s).`,
    how,
    isPeriodMetric(m) ? 'Follows the period; can be compared.' : 'A snapshot of today: not grouped by time.',
  ].join('\n');
}

/** The README glossary: a Markdown table. */
export const GLOSSARY_MARKDOWN = [
  '| metric | unit | definition |',
  '|---|---|---|',
  ...METRICS.map((m) => `| \`${m.name}\`${isPeriodMetric(m) ? '' : ' (snapshot)'} | ${m.unit} | ${m.definition} |`),
].join('\n');
