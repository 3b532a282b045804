// bench:export — peak server memory while export_query_result streams every order line (seed scale 7:
// ~1.58M rows) through the real tool path (handleToolCall → guard → sealed RLS transaction → cursor
// → CSV/gzip → store), sampling this process's RSS every 20 ms. The store is the data dir by default,
// or an s3rver child process (BENCH_EXPORT_STORE=s3) so its own memory is not counted here.
// BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/retail_bench_analytics), BENCH_SCALE (7),
// BENCH_EXPORT_FORMAT (csv.gz | csv), BENCH_EXPORT_SQL (default: every order line).

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPrincipalResolver } from '../src/auth/principal.js';
import { EXPORT_SCOPE, withScopes } from '../src/auth/scopes.js';
import { listUsers } from '../src/cli/user-directory.js';
import { loadConfig } from '../src/config.js';
import { createPool } from '../src/db/client.js';
import { createWithTenant } from '../src/db/with-tenant.js';
import { createExportService } from '../src/exports/export-service.js';
import { silentLogger } from '../src/log.js';
import { handleToolCall } from '../src/pipeline.js';
import { createPipelineDeps } from '../src/runtime/pipeline-deps.js';
import { BENCH_AS_OF, BENCH_SEAL_KEY, prepareBenchDatabase } from './bench-database.js';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/retail_bench_analytics';
const SCALE = Number(process.env.BENCH_SCALE ?? 7);
const FORMAT = process.env.BENCH_EXPORT_FORMAT ?? 'csv.gz';
const STORE = process.env.BENCH_EXPORT_STORE ?? 'file';
const SQL = process.env.BENCH_EXPORT_SQL ?? 'select * from retail.order_items';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** s3rver in a child process on a spare port; resolves with its endpoint. */
async function startS3rver(dir: string): Promise<{ endpoint: string; stop: () => void }> {
  const script = `const S3rver = require('s3rver');
    new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: ${JSON.stringify(dir)}, configureBuckets: [{ name: 'bench-exports' }] })
      .run().then((a) => console.log(a.port));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (d) => resolve(Number(String(d).trim())));
    child.once('exit', (code) => reject(new Error(`s3rver exited (${code})`)));
  });
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

async function main() {
  const { admin, appUrl } = await prepareBenchDatabase(ADMIN_URL, { scale: SCALE });
  const dir = await mkdtemp(join(tmpdir(), 'retail-bench-export-'));
  const s3 = STORE === 's3' ? await startS3rver(dir) : undefined;
  const config = loadConfig({
    DATABASE_URL: appUrl,
    RLS_SEAL_KEY: BENCH_SEAL_KEY,
    RETAIL_TODAY: BENCH_AS_OF,
    RETAIL_MCP_DATA_DIR: dir,
    ...(s3
      ? { S3_BUCKET: 'bench-exports', S3_ENDPOINT: s3.endpoint, S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER', S3_FORCE_PATH_STYLE: 'true' }
      : {}),
  });
  const app = createPool({ url: appUrl }, config);
  try {
    const withTenant = createWithTenant(app, { sealKeyHex: BENCH_SEAL_KEY, statementTimeoutMs: config.STATEMENT_TIMEOUT_MS });
    const deps = createPipelineDeps(config, withTenant, silentLogger, { exports: createExportService(config, app, BENCH_SEAL_KEY) });
    const users = await listUsers(admin);
    const hq = users.find((u) => u.role === 'head_office' && u.is_active)!;
    const principal = withScopes(await createPrincipalResolver(withTenant)(hq.user_id), [EXPORT_SCOPE]);
    const [direct] = await admin.begin(async (tx) => {
      await tx`set local role retail_owner`;
      return tx.unsafe(`select count(*)::bigint as n from (${SQL}) x`);
    });
    console.log(
      `database ${new URL(ADMIN_URL).pathname.slice(1)} (scale ${SCALE}); ${cpus().length} CPUs, load ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
    );
    console.log(`export: ${SQL} as ${hq.email}, ${FORMAT}, to ${STORE === 's3' ? `s3rver (child process) ${s3!.endpoint}` : `the data dir ${dir}`}`);

    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    let heapPeak = 0;
    let externalPeak = 0;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peak = Math.max(peak, m.rss);
      heapPeak = Math.max(heapPeak, m.heapUsed);
      externalPeak = Math.max(externalPeak, m.external);
    }, 20);
    let progressCalls = 0;
    const started = performance.now();
    const result = await handleToolCall(deps, principal, 'export_query_result', { sql: SQL, format: FORMAT }, { progress: () => void progressCalls++ });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    if (result.isError) throw new Error(`export failed: ${JSON.stringify(result.content)}`);
    const out = result.structuredContent as { rows: number; bytes: number; sha256: string };
    const ok = BigInt(out.rows) === BigInt(direct!.n as string);
    console.log(
      `rows ${out.rows} (direct count ${direct!.n}: ${ok ? 'equal' : 'DIFFERENT'}); object ${mb(out.bytes)}; ${seconds.toFixed(1)} s (${Math.round(out.rows / seconds)} rows/s); ${progressCalls} progress notifications`,
    );
    console.log(
      `RSS before ${mb(baseline)}, peak ${mb(peak)} (+${mb(peak - baseline)}); heap used peak ${mb(heapPeak)}; external peak ${mb(externalPeak)}; process maxRSS ${mb(process.resourceUsage().maxRSS * 1024)}`,
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await app.end({ timeout: 5 });
    await admin.end({ timeout: 5 });
    s3?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
