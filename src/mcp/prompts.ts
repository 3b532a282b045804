// Prompts (slash-commands in clients): each checks its arguments against the caller's scope, then
// returns one user message that points the model at the curated tools and quotes the definitions of
// the metrics it will report, so the answer cites governed numbers.
import type { GetPromptResult, Prompt } from '@modelcontextprotocol/server';
import type { Principal } from '../auth/principal.js';
import { AppError } from '../errors.js';
import { metricNamed } from '../metrics/catalogue.js';
import { metricLine } from '../metrics/glossary.js';
import { parsePeriod } from '../metrics/period.js';
import type { ToolDeps } from '../tools/tool.js';
import { scopedValues, type ValueKind } from './scoped-values.js';

interface PromptSpec extends Prompt {
  /** Which scoped values each argument takes (for checks and completions). */
  kinds: Record<string, ValueKind>;
  metrics: string[];
  render(args: Record<string, string>): string;
}

const where = (store?: string) => (store ? `store "${store}"` : 'all my stores');

export const PROMPTS: PromptSpec[] = [
  {
    name: 'weekly_store_briefing',
    title: 'Weekly store briefing',
    description: 'How a store (or all yours) did last week against last year, what sold, and what is running out.',
    arguments: [{ name: 'store', description: 'One of your stores; empty for all.', required: false }],
    kinds: { store: 'store' },
    metrics: ['net_revenue', 'orders', 'average_order_value', 'gross_margin_pct'],
    render: (a) =>
      `Write a short weekly briefing for ${where(a.store)}.\n` +
      `1. Call get_store_performance with period "last-1-weeks" and comparison "last_year"${a.store ? ` and store "${a.store}"` : ''}.\n` +
      `2. Call get_top_products with period "last-1-weeks"${a.store ? ` and store "${a.store}"` : ''} and limit 5.\n` +
      `3. Call get_inventory_alerts${a.store ? ` with store "${a.store}"` : ''} and limit 10.\n` +
      'Report the changes against last year first, then the best sellers, then the items to reorder with the suggested quantities.',
  },
  {
    name: 'low_stock_review',
    title: 'Low-stock review',
    description: 'Items below their reorder point or close to running out, with what to reorder.',
    arguments: [
      { name: 'store', description: 'One of your stores; empty for all.', required: false },
      { name: 'days_of_cover', description: 'Alert below this many days of cover (default 7).', required: false },
    ],
    kinds: { store: 'store' },
    metrics: ['stock_on_hand', 'reorder_point', 'days_of_cover'],
    render: (a) =>
      `Review low stock for ${where(a.store)}.\n` +
      `Call get_inventory_alerts${a.store ? ` with store "${a.store}"` : ''} and max_days_of_cover ${a.days_of_cover ?? '7'}.\n` +
      'Group the items by store, most urgent first, and give the suggested reorder quantity and the reason for each. Say when nothing needs reordering.',
  },
  {
    name: 'category_vs_last_year',
    title: 'Category performance against last year',
    description: "A category's revenue, units and margin by month against the same months last year.",
    arguments: [
      { name: 'category', description: 'A product category.', required: true },
      { name: 'period', description: 'Default last-3-months.', required: false },
    ],
    kinds: { category: 'category' },
    metrics: ['net_revenue', 'units', 'gross_margin_pct'],
    render: (a) =>
      `Compare category "${a.category}" with last year.\n` +
      `Call query_metrics with metrics ["net_revenue","units","gross_margin_pct"], group_by ["month"], filters {"category":["${a.category}"]}, period "${a.period ?? 'last-3-months'}" and comparison "last_year".\n` +
      `Then call get_top_products with category "${a.category}" and the same period.\n` +
      'Explain which months and products drove the change.',
  },
  {
    name: 'regional_comparison',
    title: 'Regional comparison',
    description: 'Your stores ranked on one metric, against their region averages.',
    arguments: [
      { name: 'metric', description: 'A metric (default net_revenue).', required: false },
      { name: 'region', description: 'Only this region.', required: false },
    ],
    kinds: { metric: 'metric', region: 'region' },
    metrics: [],
    render: (a) =>
      `Compare my stores${a.region ? ` in region "${a.region}"` : ''} on ${a.metric ?? 'net_revenue'}.\n` +
      `Call compare_stores with metric "${a.metric ?? 'net_revenue'}" and period "last-30-days"${a.region ? `, then keep the stores of region "${a.region}"` : ''}.\n` +
      'Name the stores above and below their region average, and by how much.',
  },
];

/** prompts/list: name, title, description and arguments only. */
export const PROMPT_LIST: Prompt[] = PROMPTS.map(({ name, title, description, arguments: args }) => ({ name, title, description, arguments: args }));

export function promptNamed(name: string): PromptSpec | undefined {
  return PROMPTS.find((p) => p.name === name);
}

export async function getPrompt(deps: ToolDeps, principal: Principal, name: string, raw: Record<string, string> = {}): Promise<GetPromptResult> {
  const prompt = promptNamed(name);
  if (!prompt) throw new AppError('NOT_FOUND', `No prompt ${JSON.stringify(name.slice(0, 60))}; prompts/list names them.`);
  const args: Record<string, string> = {};
  for (const a of prompt.arguments ?? []) {
    const value = raw[a.name]?.trim();
    if (!value) {
      if (a.required) throw new AppError('BAD_INPUT', `Argument "${a.name}" is required.`);
      continue;
    }
    if (value.length > 200) throw new AppError('BAD_INPUT', `Argument "${a.name}" is too long.`);
    args[a.name] = value;
  }
  if (args.period !== undefined) {
    parsePeriod(args.period, deps.clock.today()); // BAD_INPUT with the accepted forms
    args.period = args.period.toLowerCase();
  }
  if (args.days_of_cover !== undefined && !/^\d{1,3}(\.\d)?$/.test(args.days_of_cover))
    throw new AppError('BAD_INPUT', 'days_of_cover must be a number of days, e.g. 7.');
  // Every scoped argument must be one of the caller's values, exactly as spelled there: nothing
  // else reaches the message, so a prompt can carry neither another store nor injected text.
  for (const [arg, kind] of Object.entries(prompt.kinds)) {
    if (args[arg] === undefined) continue;
    const allowed = await scopedValues(deps, principal, kind);
    const match = allowed.find((v) => v.toLowerCase() === args[arg]!.toLowerCase());
    if (!match) {
      const code = kind === 'store' || kind === 'region' ? 'FORBIDDEN' : 'BAD_INPUT';
      throw new AppError(code, `"${args[arg]!.slice(0, 60)}" is not a ${kind.replace('_', ' ')} you may use here; the argument's completions list them.`);
    }
    args[arg] = match;
  }
  const metrics = [...prompt.metrics, ...(args.metric ? [args.metric] : prompt.name === 'regional_comparison' ? ['net_revenue'] : [])];
  const definitions = metrics.map((m) => `- ${metricLine(metricNamed(m)!)}`).join('\n');
  const text = `${prompt.render(args)}\nUse these definitions when you quote the numbers:\n${definitions}`;
  return { description: prompt.description, messages: [{ role: 'user', content: { type: 'text', text } }] };
}
