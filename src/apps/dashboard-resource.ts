// The dashboard as an MCP Apps resource: its ui:// URI, its resources/list entry, the _meta the
// curated tools declare it with, and its HTML (prebuilt by `npm run build`, else bundled on first use).
import { readFile } from 'node:fs/promises';

export const DASHBOARD_URI = 'ui://retail/dashboard';
/** The MCP Apps MIME type (@modelcontextprotocol/ext-apps RESOURCE_MIME_TYPE). */
export const APP_MIME_TYPE = 'text/html;profile=mcp-app';

export const DASHBOARD_RESOURCE = {
  uri: DASHBOARD_URI,
  name: 'dashboard',
  title: 'Retail dashboard',
  description: 'Charts for the analytics tools (an MCP App); it fetches data only through your tool calls.',
  mimeType: APP_MIME_TYPE,
};

/** Kept tiny: every tools/list carries it four times. */
export const DASHBOARD_TOOL_META = { ui: { resourceUri: DASHBOARD_URI } };

let cached: Promise<string> | undefined;

export function dashboardHtml(): Promise<string> {
  cached ??= readFile(new URL('./dashboard.html', import.meta.url), 'utf8').catch(async (err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
    const { buildDashboardHtml } = await import('./build-dashboard.js');
    return buildDashboardHtml();
  });
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}

/** A curated tool that declares the dashboard: the same spec with `_meta.ui.resourceUri`. */
export function withDashboard<T extends object>(spec: T): T & { _meta: typeof DASHBOARD_TOOL_META } {
  return Object.assign(spec, { _meta: DASHBOARD_TOOL_META });
}
