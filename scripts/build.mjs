// `npm run build`: compile src/ and seed/ to dist/ with tsconfig.build.json, then copy what the
// compiled code reads relative to itself at runtime: sql/ and migrations/ (src/tools/sql-files.ts and
// src/db/migrate.ts resolve '../../sql/' and '../../migrations/' from their own URL, so from
// dist/src/* they land on dist/sql and dist/migrations) and any non-TypeScript file under src/ or
// seed/ (e.g. a .mjs worker loaded with new URL('./x.mjs', import.meta.url)). Last, the dashboard
// app bundled into one HTML page (dist/src/apps/dashboard.html), which the server then serves as is.
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');

rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });

for (const dir of ['sql', 'migrations']) cpSync(join(root, dir), join(dist, dir), { recursive: true });
for (const dir of ['src', 'seed']) {
  for (const entry of readdirSync(join(root, dir), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || /\.[cm]?ts$/.test(entry.name)) continue;
    const from = join(entry.parentPath, entry.name);
    cpSync(from, join(dist, from.slice(root.length)));
  }
}
const { buildDashboardHtml } = await import(pathToFileURL(join(dist, 'src', 'apps', 'build-dashboard.js')).href);
const dashboard = await buildDashboardHtml();
writeFileSync(join(dist, 'src', 'apps', 'dashboard.html'), dashboard);
console.log(`build: dashboard app ${(Buffer.byteLength(dashboard) / 1024).toFixed(0)} KB (dist/src/apps/dashboard.html)`);
console.log('build: dist/ ready (node dist/src/cli.js --help)');
