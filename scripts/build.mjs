// `npm run build`: compile src/ and seed/ to dist/ with tsconfig.build.json, then copy what the
// compiled code reads relative to itself at runtime: sql/ and migrations/ (src/tools/sql-files.ts and
// src/db/migrate.ts resolve '../../sql/' and '../../migrations/' from their own URL, so from
// dist/src/* they land on dist/sql and dist/migrations) and any non-TypeScript file under src/ or
// seed/ (e.g. a .mjs worker loaded with new URL('./x.mjs', import.meta.url)).
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
console.log('build: dist/ ready (node dist/src/cli.js --help)');
