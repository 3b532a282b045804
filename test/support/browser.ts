// Debian's Chromium through playwright-core (a browser download cannot be had here), and the test
// host page bundled with esbuild. Tests skip, saying why, when /usr/bin/chromium is missing;
// scripts/install-chromium.sh installs it (CI runs it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const NO_CHROMIUM_REASON = `${CHROMIUM} is missing: run scripts/install-chromium.sh (Debian's chromium package)`;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // As root in a container: no sandbox. No background networking: this machine's network is closed.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** The test host page: an iframe for the app and the AppBridge script, all inline. */
export async function hostPageHtml(): Promise<string> {
  const out = await build({
    entryPoints: [fileURLToPath(new URL('./app-host-page.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    logLevel: 'silent',
  });
  const js = out.outputFiles[0]!.text.replace(/<\/script/gi, '<\\/script');
  return `<!doctype html><html><head><meta charset="utf-8"><title>test host</title></head><body style="margin:0;background:#fff">
<iframe id="app" title="retail dashboard" sandbox="allow-scripts" style="width:960px;height:600px;border:0;display:block"></iframe>
<script>${js}</script></body></html>`;
}
