// The dashboard's choices without a browser: which view a tool's answer gets, which call a switch
// makes, and that report data cannot close the script element it is embedded in.
import { describe, expect, it } from 'vitest';
import { chooseView, inferTool, type MetricAnswer, type MetricInfo, switchCall } from '../../src/apps/dashboard/model.js';
import { toReportHtml } from '../../src/apps/report.js';

const catalogue: MetricInfo[] = [
  { name: 'net_revenue', label: 'Net revenue', unit: 'USD', period: true },
  { name: 'orders', label: 'Orders', unit: 'count', period: true },
  { name: 'gross_margin_pct', label: 'Gross margin %', unit: 'percent', period: true },
];
const answer = (rows: Record<string, unknown>[], compared = false): MetricAnswer => ({
  period: { from: '2025-11-01', to: '2026-10-31' },
  ...(compared ? { comparison: { kind: 'last_year', from: '2024-11-01', to: '2025-10-31' } } : {}),
  rows,
  row_count: rows.length,
  truncated: false,
});

describe('dashboard model', () => {
  it('a trend by month with its comparison columns is a trend of that metric', () => {
    const a = answer(
      [{ month: '2025-11', net_revenue: '1.00', net_revenue_previous: '2.00', net_revenue_change: '-1.00', net_revenue_change_pct: '-50.0' }],
      true,
    );
    expect(chooseView('get_sales_trend', { metric: 'net_revenue' }, a, catalogue)).toEqual({
      kind: 'trend',
      dimension: 'month',
      metric: 'net_revenue',
      metrics: ['net_revenue'],
      compared: true,
    });
  });

  it('compare_stores is a ranking by store; store performance is KPI tiles; two dimensions are a table', () => {
    const ranked = answer([{ rank: 1, store: 'A', region: 'R', orders: '3', region_average: '3.00', vs_region_average_pct: '0.0' }]);
    expect(chooseView('compare_stores', { metric: 'orders' }, ranked, catalogue)).toMatchObject({ kind: 'ranking', dimension: 'store', metric: 'orders' });
    const perf = answer([{ store: 'A', region: 'R', net_revenue: '1.00', orders: '2', rank_in_region: 1 }]);
    expect(chooseView('get_store_performance', {}, perf, catalogue)).toMatchObject({ kind: 'kpis', metrics: ['net_revenue', 'orders'] });
    expect(chooseView('query_metrics', {}, answer([{ category: 'X', month: '2026-01', orders: '1' }]), catalogue)).toEqual({ kind: 'table' });
    expect(chooseView('query_metrics', {}, answer([]), catalogue)).toEqual({ kind: 'table' });
  });

  it('a switch calls the same tool with the new metric, grain or comparison, keeping the other arguments', () => {
    expect(switchCall('get_sales_trend', { metric: 'net_revenue', store: '21' }, { grain: 'week' })).toEqual({
      name: 'get_sales_trend',
      arguments: { metric: 'net_revenue', store: '21', grain: 'week' },
    });
    expect(
      switchCall('query_metrics', { metrics: ['net_revenue'], group_by: ['month'], filters: { store: ['21'] } }, { metric: 'orders', grain: 'quarter' }),
    ).toEqual({
      name: 'query_metrics',
      arguments: { metrics: ['orders'], group_by: ['quarter'], filters: { store: ['21'] } },
    });
    expect(switchCall(undefined, {}, { metric: 'orders' })).toBeNull();
  });

  it('infers the tool from arguments and columns when the host does not name it', () => {
    expect(inferTool({ metrics: ['orders'] }, answer([{ orders: '1' }]))).toBe('query_metrics');
    expect(inferTool({}, answer([{ store: 'A', rank_in_region: 1 }]))).toBe('get_store_performance');
    expect(inferTool({ metric: 'orders' }, answer([{ month: '2026-01', orders: '1' }]))).toBe('get_sales_trend');
  });

  it('report data is inert JSON: no text in it can close its script element', async () => {
    const hostile = '</script><script>alert(1)</script><!--';
    const html = await toReportHtml({ title: hostile, subtitle: '', sections: [] });
    const start = html.indexOf('<script type="application/json" id="retail-report">');
    const end = html.indexOf('</script>', start);
    expect(JSON.parse(html.slice(html.indexOf('>', start) + 1, end)).title).toBe(hostile);
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
  });
});
