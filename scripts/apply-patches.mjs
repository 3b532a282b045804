// postinstall: applies patches/ (the postgres.js 3.4.9 fix) with patch-package, failing the install
// when a patch does not apply. It skips only when nothing was installed (`npm ci --dry-run`).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(`${root}node_modules/postgres/package.json`)) {
  console.log('apply-patches: postgres is not installed (a dry run?): nothing to patch');
  process.exit(0);
}
const run = spawnSync(process.execPath, [`${root}node_modules/patch-package/index.js`, '--error-on-fail'], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
