// npm run soak — a long run at steady concurrency against a spawned `retail-mcp serve --http` child
// on a seeded bench database: a mixed workload (point lookups, an analytics query,
// get_multiple_table_schemas, semantic search) from store managers, regional managers and head
// office with real tokens. Prints, per 30 s window: calls/s, p50/p99, errors and the server's RSS
// (VmRSS from /proc/<pid>/status, sampled every second), then a verdict on whether RSS stayed bounded.
//
// Env: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/retail_bench_peers; created,
// migrated, seeded and embedded on first use); SOAK_SECONDS (300); SOAK_CONCURRENCY (32);
// SOAK_WINDOW_SECONDS (30); SOAK_POOL (the child's DB_POOL_MAX, 8).

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { DEV_ISSUER, mintDevToken } from '../src/auth/dev-token.js';
import { listUsers } from '../src/cli/user-directory.js';
import { BENCH_DEV_SECRET, BENCH_SEAL_KEY, prepareBenchDatabase } from './bench-database.js';
import { freePort, stopChild, waitForHealth } from './child-server.js';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/retail_bench_peers';
const SECONDS = Number(process.env.SOAK_SECONDS ?? 300);
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 32);
const WINDOW_SECONDS = Number(process.env.SOAK_WINDOW_SECONDS ?? 30);
const POOL = Number(process.env.SOAK_POOL ?? 8);
const PROTOCOL = '2025-06-18';

const ANALYTICS = [
  `select o.store_id, sum(oi.total_amount) as revenue, count(distinct o.order_id) as orders from retail.orders o join retail.order_items oi on oi.order_id = o.order_id where o.order_date > (select max(order_date) from retail.orders) - 90 group by o.store_id order by revenue desc`,
  `select date_trunc('month', o.order_date) as month, sum(oi.total_amount) as revenue from retail.orders o join retail.order_items oi on oi.order_id = o.order_id group by 1 order by 1`,
];
const SEARCHES = [
  'something to cook soup in',
  'warm winter jacket',
  'running shoes for trails',
  'a gift for a coffee lover',
  'waterproof hiking boots',
  'kids toys',
];
const TABLE_SETS = [['orders', 'order_items'], ['products', 'inventory'], ['stores'], []];

interface Window {
  calls: number;
  errors: number;
  latencies: number[];
  rssKb: number[];
  startedAt: number;
  firstError?: string;
}
const newWindow = (): Window => ({ calls: 0, errors: 0, latencies: [], rssKb: [], startedAt: performance.now() });

async function main() {
  process.stderr.write(`soak: preparing ${new URL(ADMIN_URL).pathname.slice(1)}…\n`);
  const { admin, appUrl } = await prepareBenchDatabase(ADMIN_URL, { embed: true });
  const users = (await listUsers(admin)).filter((u) => u.is_active);
  const orders = await admin<{ order_id: number }[]>`select order_id::int from retail.orders order by random() limit 2000`;
  const products = await admin<{ product_id: number }[]>`select product_id::int from retail.products order by product_id`;
  await admin.end({ timeout: 5 });
  const cast = [
    ...users.filter((u) => u.role === 'store_manager').slice(0, 6),
    ...users.filter((u) => u.role === 'regional_manager').slice(0, 3),
    ...users.filter((u) => u.role === 'head_office').slice(0, 1),
  ];

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve', '--http', '--port', String(port)], {
    env: {
      ...(process.env as Record<string, string>),
      DATABASE_URL: appUrl,
      RLS_SEAL_KEY: BENCH_SEAL_KEY,
      AUTH_DEV_SECRET: BENCH_DEV_SECRET,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(port),
      LOG_LEVEL: 'warn',
      DB_POOL_MAX: String(POOL),
      RATE_LIMIT_PER_MINUTE: '100000',
      RATE_LIMIT_BURST: '10000',
      CONCURRENCY_PER_USER: '1000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitForHealth(base, child);
    const callers = await Promise.all(
      cast.map(async (u) => ({
        role: u.role,
        stores: u.store_ids,
        token: await mintDevToken({ secret: BENCH_DEV_SECRET, userId: u.user_id, issuer: DEV_ISSUER, audience: `${base}/mcp`, ttl: '2h' }),
      })),
    );
    process.stderr.write(
      `soak: server pid ${child.pid} on ${base}, pool ${POOL}; ${SECONDS} s at c=${CONCURRENCY}, ${callers.length} callers (${cast.map((u) => u.role).join(', ')})\n`,
    );

    /** The i-th call of the mix: 50% point lookups, 10% analytics, 20% schemas, 20% semantic search. */
    const workload = (i: number): [string, Record<string, unknown>] => {
      const k = i % 10;
      const c = callers[i % callers.length]!;
      if (k < 3)
        return [
          'execute_sales_query',
          { postgresql_query: `select order_id, store_id, order_date from retail.orders where order_id = ${orders[i % orders.length]!.order_id}` },
        ];
      if (k < 5)
        return [
          'execute_sales_query',
          {
            postgresql_query: `select product_id, stock_level from retail.inventory where store_id = ${c.stores[i % c.stores.length]} and product_id = ${products[i % products.length]!.product_id}`,
          },
        ];
      if (k === 5) return ['execute_sales_query', { postgresql_query: ANALYTICS[i % ANALYTICS.length]! }];
      if (k < 8) return ['get_multiple_table_schemas', { table_names: TABLE_SETS[i % TABLE_SETS.length]! }];
      return ['semantic_search_products', { query_description: SEARCHES[i % SEARCHES.length]!, max_rows: 10 }];
    };

    const windows: Window[] = [newWindow()];
    const current = () => windows[windows.length - 1]!;
    const sampler = setInterval(() => current().rssKb.push(rssKb(child.pid!)), 1000);
    const started = performance.now();
    const end = started + SECONDS * 1000;
    let nextWindowAt = started + WINDOW_SECONDS * 1000;
    const ticker = setInterval(() => {
      if (performance.now() >= nextWindowAt && performance.now() < end) {
        printWindow(windows.length, current());
        windows.push(newWindow());
        nextWindowAt += WINDOW_SECONDS * 1000;
      }
    }, 200);
    printHeader();
    let i = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < end) {
          const n = i++;
          const [tool, args] = workload(n);
          const caller = callers[n % callers.length]!;
          const t = performance.now();
          try {
            await call(base, caller.token, n, tool, args);
            const w = current();
            w.calls++;
            w.latencies.push(performance.now() - t);
          } catch (err) {
            const w = current();
            w.errors++;
            w.firstError ??= `${tool}: ${(err as Error).message}`;
          }
        }
      }),
    );
    clearInterval(ticker);
    clearInterval(sampler);
    current().rssKb.push(rssKb(child.pid!));
    printWindow(windows.length, current());
    verdict(windows, (performance.now() - started) / 1000);
  } finally {
    await stopChild(child);
  }
}

async function call(base: string, token: string, id: number, name: string, args: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${base}/mcp`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': PROTOCOL,
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } }),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${text.slice(0, 160)}`);
  const answer = JSON.parse(text) as { result?: { isError?: boolean; content?: { text?: string }[] }; error?: { message: string } };
  if (answer.error) throw new Error(`JSON-RPC error: ${answer.error.message}`);
  if (answer.result?.isError) throw new Error(`tool error: ${answer.result.content?.[0]?.text?.slice(0, 160)}`);
}

function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : Number.NaN;
};
const mb = (kb: number) => (kb / 1024).toFixed(0);
const peak = (w: Window) => Math.max(...w.rssKb.filter(Number.isFinite));

function printHeader() {
  console.log(`window   calls  calls/s   p50 ms   p99 ms  errors   RSS min-max MB`);
}

function printWindow(n: number, w: Window) {
  const rss = w.rssKb.filter(Number.isFinite);
  const seconds = (performance.now() - w.startedAt) / 1000;
  console.log(
    `${String(n).padStart(6)} ${String(w.calls).padStart(7)} ${(w.calls / seconds).toFixed(0).padStart(8)} ${pct(w.latencies, 0.5).toFixed(1).padStart(8)} ${pct(w.latencies, 0.99).toFixed(1).padStart(8)} ${String(w.errors).padStart(7)}   ${mb(Math.min(...rss))}-${mb(Math.max(...rss))}${w.firstError ? `   first error: ${w.firstError}` : ''}`,
  );
}

/**
 * Bounded: the peak RSS of the last window is at most 20% (or 64 MB, whichever is more) above the
 * peak of the first window, which includes the warm-up. Also prints the growth rate from the
 * second window to the last.
 */
function verdict(windows: Window[], seconds: number) {
  const all = windows.flatMap((w) => w.latencies);
  const errors = windows.reduce((a, w) => a + w.errors, 0);
  console.log(
    `total: ${all.length} calls in ${seconds.toFixed(0)} s = ${(all.length / seconds).toFixed(0)} calls/s, p50 ${pct(all, 0.5).toFixed(1)} ms, p99 ${pct(all, 0.99).toFixed(1)} ms, errors ${errors}`,
  );
  const first = peak(windows[0]!);
  const last = peak(windows[windows.length - 1]!);
  const allowance = Math.max(first * 0.2, 64 * 1024);
  const bounded = last <= first + allowance;
  const second = windows.length > 2 ? peak(windows[1]!) : first;
  const minutes = ((windows.length - 2) * WINDOW_SECONDS) / 60;
  const slope = windows.length > 2 && minutes > 0 ? `${((last - second) / 1024 / minutes).toFixed(1)} MB/min from window 2 to the last` : 'n/a';
  console.log(
    `RSS: first-window peak ${mb(first)} MB, last-window peak ${mb(last)} MB, overall peak ${mb(Math.max(...windows.map(peak)))} MB; growth ${slope}. Verdict: ${bounded ? 'BOUNDED' : 'NOT BOUNDED'} (last peak ${bounded ? '<=' : '>'} first peak + ${mb(allowance)} MB)`,
  );
  if (!bounded || errors > 0) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
