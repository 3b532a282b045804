// npm run bench:tools — tool calls through HTTP with real tokens and RLS, against the same SQL sent
// straight through postgres.js, in one run. Mixes: analytics (aggregates over order lines) and
// point (single-row lookups), at concurrency 1 and 8. Needs a real PostgreSQL (BENCH_DATABASE_URL,
// default postgres://postgres@127.0.0.1:5432/retail_bench); the server runs as a child process.
import { spawn } from 'node:child_process';
import { DEV_ISSUER, mintDevToken } from '../src/auth/dev-token.js';
import { listUsers } from '../src/cli/user-directory.js';
import { BENCH_DEV_SECRET, BENCH_SEAL_KEY, prepareBenchDatabase } from './bench-database.js';
import { drive, formatRow, type RunStats } from './stats.js';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/retail_bench';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const PORT = 3900 + Math.floor(Math.random() * 90);

const ANALYTICS = [
  `select p.category_id, sum(oi.total_amount) as revenue, count(*) as lines from retail.order_items oi join retail.products p on p.product_id = oi.product_id group by 1 order by 2 desc`,
  `select date_trunc('month', o.order_date) as month, sum(oi.total_amount) as revenue from retail.orders o join retail.order_items oi on oi.order_id = o.order_id group by 1 order by 1`,
];
const point = (storeId: number, productId: number) =>
  `select product_id, stock_level, reorder_point from retail.inventory where store_id = ${storeId} and product_id = ${productId}`;

async function main() {
  const { admin, appUrl } = await prepareBenchDatabase(ADMIN_URL);
  const users = await listUsers(admin);
  const hq = users.find((u) => u.role === 'head_office')!;
  const manager = users.find((u) => u.role === 'store_manager' && u.is_active)!;
  const storeId = manager.store_ids[0]!;

  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve', '--http', '--port', String(PORT)], {
    env: {
      ...process.env,
      DATABASE_URL: appUrl,
      RLS_SEAL_KEY: BENCH_SEAL_KEY,
      AUTH_DEV_SECRET: BENCH_DEV_SECRET,
      LOG_LEVEL: 'warn',
      DB_POOL_MAX: '8',
      // Limits stay on (their cost is part of the hot path) but high enough not to refuse the load.
      RATE_LIMIT_PER_MINUTE: '100000',
      RATE_LIMIT_BURST: '10000',
      CONCURRENCY_PER_USER: '1000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const base = `http://127.0.0.1:${PORT}`;
    await waitForHealth(base);
    const audience = `${base}/mcp`;
    const token = (sub: string) => mintDevToken({ secret: BENCH_DEV_SECRET, userId: sub, issuer: DEV_ISSUER, audience, ttl: '1h' });
    const [hqToken, managerToken] = await Promise.all([token(hq.user_id), token(manager.user_id)]);

    const viaMcp = (tok: string, sqlFor: (i: number) => string) => async (i: number) => {
      const res = await fetch(`${base}/mcp`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: i,
          method: 'tools/call',
          params: { name: 'execute_sales_query', arguments: { postgresql_query: sqlFor(i) } },
        }),
      });
      const body = (await res.json()) as { result?: { isError?: boolean } };
      if (!res.ok || !body.result || body.result.isError) throw new Error(`call failed: ${res.status}`);
    };
    const direct = (sqlFor: (i: number) => string) => async (i: number) => {
      await admin.unsafe(sqlFor(i), [], { prepare: false, simple: false } as never);
    };

    const analyticsSql = (i: number) => ANALYTICS[i % ANALYTICS.length]!;
    const pointSql = (i: number) => point(storeId, 1 + (i % 1000));
    const lines: string[] = [];
    for (const c of [1, 8]) {
      const mA = await drive(viaMcp(hqToken, analyticsSql), c, SECONDS);
      const dA = await drive(direct(analyticsSql), c, SECONDS);
      const mP = await drive(viaMcp(managerToken, pointSql), c, SECONDS);
      const dP = await drive(direct(pointSql), c, SECONDS);
      lines.push(row(`analytics c=${c} MCP/HTTP+JWT+RLS`, mA), row(`analytics c=${c} direct postgres.js`, dA), ratio('analytics', c, mA, dA));
      lines.push(row(`point c=${c} MCP/HTTP+JWT+RLS`, mP), row(`point c=${c} direct postgres.js`, dP), ratio('point', c, mP, dP));
    }
    console.log(`\nbench:tools — ${SECONDS}s per cell, server pool 8, ${new Date().toISOString()}\n${lines.join('\n')}`);
  } finally {
    child.kill('SIGTERM');
    await admin.end();
  }
}

const row = (label: string, s: RunStats) => formatRow(label, s);
const ratio = (mix: string, c: number, mcp: RunStats, direct: RunStats) =>
  `  → ${mix} c=${c}: MCP is ${(mcp.perSecond / direct.perSecond).toFixed(2)}× direct throughput\n`;

async function waitForHealth(base: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server did not become healthy within 30 s');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
