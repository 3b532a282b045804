// compare_stores: one metric across the caller's stores, ranked, with each region's average over
// the stores the caller may see.
import { withDashboard } from '../apps/dashboard-resource.js';
import { metricNamed } from '../metrics/catalogue.js';
import { comparisonInput, metricAnswerOutput, metricNameInput, periodInput, toMetricResult } from '../metrics/metric-schemas.js';
import { runMetrics } from '../metrics/run-metrics.js';
import { defineTool } from './tool.js';

// Exact decimal arithmetic: averaging in binary floating point put region averages a cent off
// whenever they ended in half a cent (4772.205 became 4772.20), and printed -0.0 for no difference.
const pow10 = (n: number) => 10n ** BigInt(n);

/** A decimal string as an integer count of 10^-scale. */
function scaled(value: string, scale: number): bigint {
  const negative = value.startsWith('-');
  const [whole = '0', fraction = ''] = value.replace(/^[-+]/, '').split('.');
  const n = BigInt(whole) * pow10(scale) + BigInt(fraction.padEnd(scale, '0').slice(0, scale) || '0');
  return negative ? -n : n;
}

/** a ÷ b rounded half away from zero, as PostgreSQL's round() does. */
function divRound(a: bigint, b: bigint): bigint {
  const [n, d] = b < 0n ? [-a, -b] : [a, b];
  const q = n / d;
  const r = n % d;
  return 2n * (r < 0n ? -r : r) >= d ? q + (n < 0n ? -1n : 1n) : q;
}

/** An integer count of 10^-decimals as a decimal string. */
function decimal(n: bigint, decimals: number): string {
  const digits = (n < 0n ? -n : n).toString().padStart(decimals + 1, '0');
  const sign = n < 0n ? '-' : '';
  return decimals === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

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
    const scale = metricNamed(args.metric)!.decimals;
    const byRegion = new Map<string, bigint[]>();
    for (const row of answer.rows) {
      const v = row[args.metric];
      if (v !== null) byRegion.set(String(row.region), [...(byRegion.get(String(row.region)) ?? []), scaled(String(v), scale)]);
    }
    const rows = answer.rows.map((row, i) => {
      const xs = byRegion.get(String(row.region)) ?? [];
      const sum = xs.reduce((a, b) => a + b, 0n);
      const count = BigInt(xs.length);
      const v = row[args.metric] === null ? null : scaled(String(row[args.metric]), scale);
      return {
        rank: i + 1,
        ...row,
        // The average to 2 places: sum ÷ count, in hundredths.
        region_average: xs.length ? decimal(divRound(sum * 100n, count * pow10(scale)), 2) : null,
        // (v − sum/count) × 100 ÷ (sum/count) = (v × count − sum) × 100 ÷ sum, in tenths.
        vs_region_average_pct: xs.length && sum !== 0n && v !== null ? decimal(divRound((v * count - sum) * 1000n, sum), 1) : null,
      };
    });
    return toMetricResult(
      { ...answer, rows, columns: ['rank', ...answer.columns, 'region_average', 'vs_region_average_pct'] },
      `${args.metric} by store`,
      ' Region averages are over the stores you may see.',
    );
  },
});

// Declares the dashboard app (_meta.ui.resourceUri) for hosts that render apps; the text stays complete.
withDashboard(compareStores);
