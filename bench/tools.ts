// npm run bench:tools (issue 14 part 3): the analytics mix at seed scale 7, per role, six ways in
// one run:
//   direct  postgres.js as the superuser, the caller's scope written by hand on both fact tables, as
//           RLS applies it (`and o.store_id = 7 and oi.store_id = 7`, `in (…)` for a region, nothing
//           for head office, which sees every store): the ratios are against this one;
//   naive   the same with the scope on orders only, as a person would usually write it: 1.5-2.6x
//           slower than under RLS, so a ratio against it would flatter RLS; printed beside;
//   sealed  the same SQL without that clause, in the caller's sealed RLS transaction, in-process;
//   MCP     execute_sales_query over Streamable HTTP with a dev-signed JWT, a child `serve --http`,
//           through the SDK's Client;
//   bare    the same server and call as bare JSON-RPC POSTs on a keep-alive socket: MCP minus the
//           client library's own cost (fetch, result validation), which shares the 2 cores;
//   floor   direct's SQL and pool behind the thinnest Node HTTP server (http-floor-server.ts), called
//           like bare: no auth, RLS or MCP, only the HTTP hop, so no server over HTTP can beat it.
// The mix: revenue by store, the top 10 products of the caller's first store, and daily revenue of
// the caller's region, each over the 90 days before the seed's as-of date. Every (role, query) is
// answered by every way first and the rows must be identical; a mismatch fails the run.
// The ways are interleaved call by call, in a seeded random order per round and query, from c
// workers, so a shared, noisy machine slows them alike; a ratio is direct's mean latency over the other's.
//
// Env: BENCH_ANALYTICS_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/retail_bench_analytics,
// the scale-7 database bench:analytics uses; created and seeded when missing), BENCH_ROUNDS (6: each
// query this many times per way), BENCH_CONCURRENCY (1,4), BENCH_POOL (4), BENCH_ROLES (all three).
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRng } from '../seed/random.js';
import type { Role } from '../src/auth/principal.js';
import { listUsers, type UserRow } from '../src/cli/user-directory.js';
import type { Sql } from '../src/db/client.js';
import { BENCH_AS_OF, BENCH_DEV_SECRET, BENCH_SEAL_KEY, prepareBenchDatabase } from './bench-database.js';
import { canonicalRows } from './peers-check.js';
import { directTarget, httpFloorTarget, retailHttpTargets, sealedTarget, type Target, type TargetContext } from './peers-targets.js';
import { type RunStats, summarise } from './stats.js';

const ADMIN_URL = process.env.BENCH_ANALYTICS_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/retail_bench_analytics';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? '1,4').split(',').map(Number);
const POOL = Number(process.env.BENCH_POOL ?? 4);
const FROM = new Date(Date.parse(`${BENCH_AS_OF}T00:00:00Z`) - 90 * 86_400_000).toISOString().slice(0, 10);

interface Caller {
  role: Role;
  user: UserRow;
  storeId: number;
  regionId: number;
  /** The hand-written equivalent of what RLS lets this caller see, for the direct query. */
  scope: string;
  /** The scope on orders only. */
  naiveScope: string;
}

const MIX: { name: string; sql: (c: Caller, scope: string) => string }[] = [
  {
    name: 'revenue by store',
    sql: (_, scope) =>
      `select o.store_id, sum(oi.total_amount) as revenue from retail.orders o join retail.order_items oi on oi.order_id = o.order_id
        where o.order_date >= date '${FROM}'${scope} group by o.store_id order by revenue desc`,
  },
  {
    name: 'top products of a store',
    sql: (c, scope) =>
      `select oi.product_id, sum(oi.quantity) as units, sum(oi.total_amount) as revenue from retail.orders o join retail.order_items oi on oi.order_id = o.order_id
        where o.store_id = ${c.storeId} and o.order_date >= date '${FROM}'${scope} group by oi.product_id order by revenue desc, oi.product_id limit 10`,
  },
  {
    name: 'daily revenue of a region',
    sql: (c, scope) =>
      `select o.order_date, sum(oi.total_amount) as revenue from retail.orders o join retail.order_items oi on oi.order_id = o.order_id
        join retail.stores s on s.store_id = o.store_id where s.region_id = ${c.regionId} and o.order_date >= date '${FROM}'${scope}
        group by o.order_date order by o.order_date`,
  },
];

async function main() {
  const { admin, appUrl } = await prepareBenchDatabase(ADMIN_URL, { scale: 7 });
  const [facts] = await admin<{ lines: number; stores: number }[]>`
    select (select count(*) from retail.order_items)::int as lines, (select count(*) from retail.stores)::int as stores`;
  const wanted = (process.env.BENCH_ROLES ?? 'head_office,regional_manager,store_manager').split(',');
  const callers = (await pickCallers(admin)).filter((c) => wanted.includes(c.role));
  const logDir = mkdtempSync(join(tmpdir(), 'bench-tools-'));
  const lines: string[] = [];
  try {
    for (const caller of callers) {
      const ctx: TargetContext = {
        adminUrl: ADMIN_URL,
        appUrl,
        sealKeyHex: BENCH_SEAL_KEY,
        devSecret: BENCH_DEV_SECRET,
        caller: { userId: caller.user.user_id, role: caller.role },
        pool: POOL,
        logDir,
        negotiation: 'legacy',
        retailDir: resolve('.'),
        retailBuild: 'src',
      };
      process.stderr.write(`bench:tools: ${caller.role} (${caller.user.email}), starting the server...\n`);
      const direct = directTarget(ctx);
      const sealed = sealedTarget(ctx);
      const { sdk: mcp, raw: bare } = await retailHttpTargets(ctx);
      const floor = await httpFloorTarget(ctx);
      try {
        const scoped = MIX.map((q) => q.sql(caller, caller.scope));
        const underRls = MIX.map((q) => q.sql(caller, ''));
        const naive = MIX.map((q) => q.sql(caller, caller.naiveScope));
        await checkSameRows(caller, direct, scoped, [
          { name: 'naive', target: direct, sql: naive },
          { name: 'sealed', target: sealed, sql: underRls },
          { name: 'MCP', target: mcp, sql: underRls },
          { name: 'bare', target: bare, sql: underRls },
          { name: 'floor', target: floor, sql: scoped },
        ]);
        for (const c of CONCURRENCY) {
          const [d, n, s, m, b, f] = await interleaved(
            [
              { name: 'direct', target: direct, sql: scoped },
              { name: 'naive', target: direct, sql: naive },
              { name: 'sealed', target: sealed, sql: underRls },
              { name: 'MCP', target: mcp, sql: underRls },
              { name: 'bare', target: bare, sql: underRls },
              { name: 'floor', target: floor, sql: scoped },
            ],
            c,
          );
          lines.push(formatRow(caller, c, d!, n!, s!, m!, b!, f!));
          process.stderr.write(`${lines.at(-1)}\n`);
        }
      } finally {
        await Promise.all([direct.close(), sealed.close(), bare.close(), mcp.close(), floor.close()]);
      }
    }
  } finally {
    await admin.end();
  }
  console.log(
    `\nbench:tools: ${facts!.lines.toLocaleString('en')} order lines, ${facts!.stores} stores, ${ROUNDS} rounds of the mix per way and cell, pool ${POOL}, ` +
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}, ${new Date().toISOString()}\n` +
      `mix: ${MIX.map((q) => q.name).join(', ')} (90 days to ${BENCH_AS_OF})\n\n` +
      '| role | c | mean ms: direct | naive | sealed | MCP | bare | floor | sealed speed ÷ direct | MCP speed ÷ direct | bare ÷ direct | floor ÷ direct | sealed ÷ naive | p95 ms: direct / sealed / MCP |\n' +
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n' +
      lines.join('\n'),
  );
}

/** Head office, the regional manager of the region with the most stores, and an active store manager in it. */
async function pickCallers(admin: Sql): Promise<Caller[]> {
  const users = (await listUsers(admin)).filter((u) => u.is_active);
  const regionOf = new Map(
    (await admin<{ store_id: number; region_id: number }[]>`select store_id, region_id from retail.stores`).map((r) => [r.store_id, r.region_id]),
  );
  const regional = users.filter((u) => u.role === 'regional_manager').sort((a, b) => b.store_ids.length - a.store_ids.length)[0]!;
  const manager = users.find((u) => u.role === 'store_manager' && regional.store_ids.includes(u.store_ids[0]!))!;
  const hq = users.find((u) => u.role === 'head_office')!;
  const caller = (user: UserRow, stores: string): Caller => ({
    role: user.role as Role,
    user,
    storeId: user.store_ids[0]!,
    regionId: regionOf.get(user.store_ids[0]!)!,
    scope: stores && ` and o.store_id ${stores} and oi.store_id ${stores}`,
    naiveScope: stores && ` and o.store_id ${stores}`,
  });
  return [caller(hq, ''), caller(regional, `in (${regional.store_ids.join(', ')})`), caller(manager, `= ${manager.store_ids[0]}`)];
}

/** The rows of every query, direct with the hand-written scope against every other way. */
async function checkSameRows(caller: Caller, direct: Target, scoped: string[], others: Way[]): Promise<void> {
  for (const [i, q] of MIX.entries()) {
    const expected = canonicalRows((await direct.call(scoped[i]!)).rows);
    if (expected === '[]') throw new Error(`${caller.role}: "${q.name}" is empty, so it would compare nothing`);
    for (const w of others) {
      if (canonicalRows((await w.target.call(w.sql[i]!)).rows) !== expected)
        throw new Error(`${caller.role}: ${w.name} (${w.target.label}) answered "${q.name}" differently from direct`);
    }
  }
}

interface Way {
  name: string;
  target: Target;
  sql: string[];
}

/** Every query ROUNDS times per way, the ways taking turns call by call, from c workers; latencies per way. */
async function interleaved(ways: Way[], c: number): Promise<Measured[]> {
  // Each round of each query takes the ways in a fresh (seeded) order. A fixed order had sealed always
  // run right after naive, whose 100-300 ms scans leave the CPU caches cold for the next query, and
  // direct never did.
  const rng = createRng('bench-tools');
  const tasks = Array.from({ length: ROUNDS * MIX.length }, (_, k) => rng.shuffle(ways.map((_, way) => ({ way, query: k % MIX.length })))).flat();
  const latencies = ways.map(() => [] as number[]);
  const perQuery = ways.map(() => MIX.map(() => [] as number[]));
  const errors = ways.map(() => 0);
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: c }, async () => {
      for (let task = tasks[next++]; task; task = tasks[next++]) {
        const t = performance.now();
        try {
          await ways[task.way]!.target.call(ways[task.way]!.sql[task.query]!);
          latencies[task.way]!.push(performance.now() - t);
          perQuery[task.way]![task.query]!.push(performance.now() - t);
        } catch {
          errors[task.way]!++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  process.stderr.write(
    `  c=${c} median ms per query (${MIX.map((q) => q.name).join(' / ')}): ${ways.map((w, i) => `${w.name} ${perQuery[i]!.map((ms) => median(ms).toFixed(0)).join('/')}`).join(', ')}\n`,
  );
  return latencies.map((ms, i) => ({ ...summarise(ms, errors[i]!, seconds), mean: ms.reduce((a, b) => a + b, 0) / ms.length }));
}

type Measured = RunStats & { mean: number };

function formatRow(caller: Caller, c: number, d: Measured, n: Measured, s: Measured, m: Measured, b: Measured, f: Measured): string {
  const ms = (x: number) => x.toFixed(0);
  const errors = d.errors + n.errors + s.errors + m.errors + b.errors + f.errors;
  return (
    `| ${caller.role} | ${c} | ${ms(d.mean)} | ${ms(n.mean)} | ${ms(s.mean)} | ${ms(m.mean)} | ${ms(b.mean)} | ${ms(f.mean)} | **${(d.mean / s.mean).toFixed(2)}×** | ` +
    `**${(d.mean / m.mean).toFixed(2)}×** | ${(d.mean / b.mean).toFixed(2)}× | ${(d.mean / f.mean).toFixed(2)}× | ${(n.mean / s.mean).toFixed(2)}× | ` +
    `${ms(d.p95)} / ${ms(s.p95)} / ${ms(m.p95)}${errors ? ` (${errors} errors)` : ''} |`
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
