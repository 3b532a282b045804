// The dashboard app and the static report in a real browser (Debian's Chromium, headless): a store
// manager's last-12-months trend against the year before, drawn by the app from a real tool result
// that a test host (ext-apps' AppBridge) feeds it; a metric switch that goes back through the host
// to the server as that user; and the report file opened offline. Screenshots go to docs/.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport, toReportHtml } from '../../src/apps/report.js';
import { HAVE_CHROMIUM, hostPageHtml, launchChromium, NO_CHROMIUM_REASON } from '../support/browser.js';
import { loadTestUsers, type TestUsers } from '../support/fixtures.js';
import { type Harness, openHarness, setup } from '../support/harness.js';

// The README's pictures are refreshed with UPDATE_SCREENSHOTS=1; otherwise they go to a temp dir,
// so a test run leaves the work tree as it was.
const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? fileURLToPath(new URL('../../docs/', import.meta.url)) : mkdtempSync(join(tmpdir(), 'retail-shots-'));
const TREND_ARGS = { metric: 'net_revenue', period: 'last-12-months', comparison: 'last_year' };

interface RawClient {
  listTools(): Promise<{ tools: { name: string; _meta?: { ui?: { resourceUri?: string } } }[] }>;
  readResource(p: { uri: string }): Promise<{ contents: { uri: string; mimeType?: string; text: string }[] }>;
  callTool(p: { name: string; arguments?: Record<string, unknown> }): Promise<{ isError?: boolean; structuredContent?: { rows: Record<string, string>[] } }>;
}

if (!HAVE_CHROMIUM) process.stderr.write(`\n[dashboard-browser] skipped: ${NO_CHROMIUM_REASON}\n`);

/** Console errors and uncaught exceptions of the page and its frames, and every request it tried. */
function watch(page: Page) {
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => requests.push(r.url()));
  return { errors, requests };
}

const texts = (frame: Frame, selector: string) => frame.locator(selector).allTextContents();
// vitest's 1 s poll default is too short on a loaded 2-core CI machine: a metric switch, which
// goes through the host to the server and back, once took longer and failed CI.
const PAGE_WAIT = { timeout: 20_000, interval: 100 };

describe.skipIf(!HAVE_CHROMIUM)('dashboard app and report in headless Chromium', () => {
  let h: Harness;
  let users: TestUsers;
  let browser: Browser;

  beforeAll(async () => {
    h = await openHarness();
    users = await loadTestUsers(h.admin);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it("draws a store manager's last-12-months trend against last year, that store only, and switches metric through the host", async () => {
    const manager = users.storeManagers[0]!;
    const s = await setup(h, manager.user_id);
    const client = s.client as unknown as RawClient;
    try {
      // What a host does: the tool declares the app, the app is read as a resource, the tool is called.
      const tool = (await client.listTools()).tools.find((t) => t.name === 'get_sales_trend')!;
      expect(tool._meta?.ui?.resourceUri).toBe('ui://retail/dashboard');
      const [resource] = (await client.readResource({ uri: 'ui://retail/dashboard' })).contents;
      expect(resource!.mimeType).toBe('text/html;profile=mcp-app');
      expect(resource!.text).not.toMatch(/\b(src|href)=["']?(https?:)?\/\//i);
      const result = await client.callTool({ name: 'get_sales_trend', arguments: TREND_ARGS });
      const rows = result.structuredContent!.rows;
      expect(rows).toHaveLength(12);

      // Only that store: the same numbers head office gets for that store alone, not the chain's.
      const hq = await setup(h, users.headOffice.user_id);
      expect(manager.store_ids).toHaveLength(1);
      const mine = (await hq.callTool('get_sales_trend', { ...TREND_ARGS, store: String(manager.store_ids[0]) })).structured.rows;
      const chain = (await hq.callTool('get_sales_trend', TREND_ARGS)).structured.rows;
      await hq.close();
      expect(rows).toEqual(mine);
      expect(rows.map((r) => r.net_revenue)).not.toEqual(chain.map((r: Record<string, string>) => r.net_revenue));

      const page = await browser.newPage({ viewport: { width: 960, height: 700 } });
      const seen = watch(page);
      await page.exposeFunction('retailCallTool', (name: string, args: Record<string, unknown>) => client.callTool({ name, arguments: args }));
      await page.setContent(await hostPageHtml());
      await page.evaluate((input) => window.startHost(input), { html: resource!.text, tool, args: TREND_ARGS, result });
      const app = page.frameLocator('#app');
      await app.locator('svg g[aria-description="current points"] circle').first().waitFor();
      const frame = page.frames().find((f) => f !== page.mainFrame())!;

      // One point per row for each series; the x axis names the 12 months in order; the y axis the metric.
      expect(await frame.locator('g[aria-description="current points"] circle').count()).toBe(rows.length);
      expect(await frame.locator('g[aria-description="comparison points"] circle').count()).toBe(rows.length);
      expect(await texts(frame, 'g[aria-label="x-axis tick label"] text')).toEqual(rows.map((r) => r.month));
      expect((await texts(frame, 'g[aria-label="y-axis label"] text')).join(' ')).toContain('Net revenue (USD)');
      expect(await frame.locator('h2').first().textContent()).toBe('Net revenue by month');
      // The text table holds the same rows, exact decimals included.
      expect(await frame.locator('table tbody tr').count()).toBe(rows.length);
      expect(await texts(frame, 'table tbody tr td:nth-child(2)')).toEqual(rows.map((r) => r.net_revenue));

      // Hover shows the exact value of the month under the pointer.
      const last = frame.locator('g[aria-description="current points"] circle').last();
      await last.hover();
      await expect.poll(() => frame.locator('g[aria-label="tip"]').textContent(), PAGE_WAIT).toContain(rows.at(-1)!.net_revenue);
      await page.mouse.move(0, 0);
      await page.screenshot({ path: join(SHOTS, 'dashboard.png'), fullPage: true });

      // The metric switch goes through the host to the server, as this user.
      await frame.locator('select[name="metric"]').selectOption('orders');
      await expect.poll(() => texts(frame, 'g[aria-label="y-axis label"] text').then((t) => t.join(' ')), PAGE_WAIT).toContain('Orders');
      expect(await page.evaluate(() => window.hostCalls)).toEqual([`get_sales_trend ${JSON.stringify({ ...TREND_ARGS, metric: 'orders' })}`]);
      const orders = (await s.callTool('get_sales_trend', { ...TREND_ARGS, metric: 'orders' })).structured.rows as Record<string, string>[];
      expect(await frame.locator('g[aria-description="current points"] circle').count()).toBe(orders.length);
      expect(await texts(frame, 'table tbody tr td:nth-child(2)')).toEqual(orders.map((r) => r.orders));

      // Nothing but the page itself was requested, and nothing went wrong.
      expect(seen.requests.filter((u) => !u.startsWith('about:') && !u.startsWith('data:'))).toEqual([]);
      expect(seen.errors).toEqual([]);
      await page.close();
    } finally {
      await s.close();
    }
  });

  it('report.html opens offline with the same charts, scoped to the user', async () => {
    const manager = users.storeManagers[0]!;
    const principal = await h.auth.resolvePrincipal(manager.user_id);
    const report = await buildReport(h.deps, principal, manager.email, 'last-month');
    const html = await toReportHtml(report);
    const file = join(mkdtempSync(join(tmpdir(), 'retail-report-')), 'report.html');
    writeFileSync(file, html);

    const context = await browser.newContext({ offline: true, viewport: { width: 960, height: 900 } });
    const page = await context.newPage();
    const seen = watch(page);
    await page.goto(pathToFileURL(file).href);
    const frame = page.mainFrame();
    await frame.locator('svg').first().waitFor();

    expect(await frame.locator('#title').textContent()).toBe(`Retail report: ${manager.email}`);
    expect(await texts(frame, 'section h2')).toEqual(report.sections.map((s) => s.title));
    // KPI tiles for the one store this manager runs, then the trends, then the ranking (one bar).
    expect(await frame.locator('.tile').count()).toBe(7);
    const yearly = report.sections[2]!.answer.rows as Record<string, string>[];
    const trends = frame.locator('section').nth(2);
    expect(await trends.locator('g[aria-description="current points"] circle').count()).toBe(yearly.length);
    expect(await trends.locator('g[aria-label="x-axis tick label"] text').allTextContents()).toEqual(yearly.map((r) => r.month));
    const ranking = frame.locator('section').nth(3);
    expect(await ranking.locator('g[aria-description="bars"] rect').count()).toBe(1);
    expect(await ranking.locator('g[aria-label="y-axis tick label"] text').allTextContents()).toEqual([
      String((report.sections[0]!.answer.rows as Record<string, unknown>[])[0]!.store),
    ]);

    await page.screenshot({ path: join(SHOTS, 'report.png'), fullPage: true });
    expect(seen.requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
    expect(seen.errors).toEqual([]);
    await context.close();
  });
});
