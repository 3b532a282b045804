#!/usr/bin/env node
// Runs the compiled CLI (dist/, from `npm run build`) when it exists: that is what production and
// the Docker image run. Otherwise runs the TypeScript sources through tsx (a devDependency), so a
// fresh clone works with `npm install` and no build step. `npm start` and `npm run cli` always run
// the sources; delete dist/ (or rebuild) if you use this launcher while editing src/.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/src/cli.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    console.error('retail-mcp: no dist/ build and no tsx; run `npm run build` (or `npm install` for the dev path)');
    process.exit(1);
  }
  register();
  await import('../src/cli.js');
}
