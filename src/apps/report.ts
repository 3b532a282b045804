// The static report: the curated tools run as one user through handleToolCall (the one tools/call
// path, so RLS, scopes, limits and the audit apply as for any call), and their structured answers
// embedded in the dashboard page, which draws the same charts offline from them.
import type { Principal } from '../auth/principal.js';
import { AppError } from '../errors.js';
import { handleToolCall, type ServerDeps } from '../pipeline.js';
import { REPORT_SLOT } from './build-dashboard.js';
import { dashboardHtml } from './dashboard-resource.js';

export interface ReportSection {
  title: string;
  tool: string;
  args: Record<string, unknown>;
  answer: Record<string, unknown>;
}

export interface Report {
  title: string;
  subtitle: string;
  sections: ReportSection[];
}

async function run(deps: ServerDeps, principal: Principal, title: string, tool: string, args: Record<string, unknown>): Promise<ReportSection> {
  const result = await handleToolCall(deps, principal, tool, args);
  if (result.isError || !result.structuredContent) {
    // A tool error's text is the safe {code, message, retryable} JSON; its message is what to show.
    const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join(' ');
    let message = text;
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? text;
    } catch {}
    throw new AppError('BAD_INPUT', `${tool} failed for this report: ${message}`);
  }
  return { title, tool, args, answer: result.structuredContent as Record<string, unknown> };
}

const DAY_MS = 86_400_000;

/** The report's sections for one user and period: headline KPIs, the period's trend, a year of months, the store ranking. */
export async function buildReport(deps: ServerDeps, principal: Principal, who: string, period: string): Promise<Report> {
  const performance = await run(deps, principal, 'Store performance', 'get_store_performance', { period, comparison: 'last_year' });
  const range = performance.answer.period as { from: string; to: string };
  // Days for a month or two, weeks beyond: a chart stays readable either way.
  const days = (Date.parse(range.to) - Date.parse(range.from)) / DAY_MS + 1;
  const grain = days <= 62 ? 'day' : days <= 400 ? 'week' : 'month';
  const sections = [
    performance,
    await run(deps, principal, `Net revenue by ${grain}, ${period}`, 'get_sales_trend', { metric: 'net_revenue', grain, period, comparison: 'last_year' }),
    await run(deps, principal, 'Net revenue by month, last 12 months', 'get_sales_trend', {
      metric: 'net_revenue',
      grain: 'month',
      period: 'last-12-months',
      comparison: 'last_year',
    }),
    await run(deps, principal, `Net revenue by store, ${period}`, 'compare_stores', { metric: 'net_revenue', period }),
  ];
  const stores = principal.storeIds.length === 1 ? '1 store' : `${principal.storeIds.length} stores`;
  return {
    title: `Retail report: ${who}`,
    subtitle: `${principal.role.replace('_', ' ')}, ${stores} · ${period} (${range.from} – ${range.to}) · generated ${deps.clock.today()} from the server's tools as this user, so it shows only what they may see`,
    sections,
  };
}

/** The dashboard page with the report inside: JSON in an inert script element, '<' escaped so no text can close it. */
export async function toReportHtml(report: Report): Promise<string> {
  const json = JSON.stringify(report)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  const page = await dashboardHtml();
  return page
    .replace(REPORT_SLOT, () => `<script type="application/json" id="retail-report">${json}</script>`)
    .replace('<title>Retail dashboard</title>', () => `<title>Retail report</title>`);
}
