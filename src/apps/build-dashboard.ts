// Bundles the dashboard (src/apps/dashboard/) into one self-contained HTML page with esbuild: the
// script (Observable Plot included) and the styles inlined, no external URL, so it renders in a
// sandboxed frame with no network and opens offline as a report. `npm run build` writes it next to
// the compiled server (dist/src/apps/dashboard.html); from the sources it is built on first use.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isPeriodMetric, METRICS } from '../metrics/catalogue.js';

/** Where a report puts its data; the page draws a report when it finds it, else waits for a host. */
export const REPORT_SLOT = '<!--retail-report-->';

export async function buildDashboardHtml(): Promise<string> {
  const { build } = await import('esbuild');
  const dir = fileURLToPath(new URL('./dashboard/', import.meta.url));
  // From src/ the TypeScript entry; from dist/ the JavaScript tsc compiled from it.
  const entry = existsSync(`${dir}main.ts`) ? `${dir}main.ts` : `${dir}main.js`;
  // Names, labels and units only: the catalogue's SQL stays on the server.
  const metrics = METRICS.map((m) => ({ name: m.name, label: m.label, unit: m.unit, period: isPeriodMetric(m) }));
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    legalComments: 'none',
    logLevel: 'silent',
    define: { __RETAIL_METRICS__: JSON.stringify(metrics) },
  });
  const js = out.outputFiles[0]!.text;
  // Inline <script> text must not close its own element.
  if (/<\/script/i.test(js)) throw new Error('dashboard bundle contains "</script"; cannot inline it');
  const css = readFileSync(`${dir}styles.css`, 'utf8');
  return [
    '<!doctype html><html lang="en" data-theme="light"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Nothing is fetched: the policy says so to browsers that open the report from disk too.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>Retail dashboard</title><style>${css}</style></head><body>`,
    '<h1 id="title">Retail dashboard</h1><p id="status" class="status" role="status" aria-live="polite"></p><main id="sections"></main>',
    REPORT_SLOT,
    `<script>${js}</script></body></html>`,
  ].join('');
}
