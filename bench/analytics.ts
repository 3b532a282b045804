// npm run bench:analytics (issue #10 part 9): how long the curated analytics tools and a typical
// query_metrics call take over 12 months at seed scale 7 (~1.6M order lines), per role, on the real
// PostgreSQL. Measurement only. Every call goes through handleToolCall (the one tools/call path every
// transport uses) with the server's real dependencies: the app pool as retail_app, the sealed RLS
// transaction (createWithTenant), principals resolved under RLS, a clock pinned to the seed's as-of
// date, and the row and byte limits from config. No MCP transport, token check, limiter or audit sink.
//
// Prints a Markdown table (tool × role: p50, p95, max), the target, the EXPLAIN (ANALYZE, BUFFERS) of
// the slowest cell's compiled SQL run in that caller's sealed transaction (so RLS is in the plan),
// and a raw baseline: revenue by store, hand-written SQL straight to the tables as the superuser.
//
// Env: BENCH_ANALYTICS_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/retail_bench_analytics;
// created, migrated and seeded once, then reused); BENCH_ANALYTICS_N (20 measured calls per cell);
// STATEMENT_TIMEOUT_MS (default 120000 here, so slow calls are measured rather than cancelled; calls
// past the server's own default are reported).

import { cpus, loadavg } from 'node:os';
import { createPrincipalResolver, type Principal } from '../src/auth/principal.js';
import { listUsers, type UserRow } from '../src/cli/user-directory.js';
import { loadConfig } from '../src/config.js';
import { createPool, type Sql, type Tx } from '../src/db/client.js';
import { unsafeExtended } from '../src/db/extended.js';
import { createWithTenant, type WithTenant } from '../src/db/with-tenant.js';
import { silentLogger } from '../src/log.js';
import { parsePeriod } from '../src/metrics/period.js';
import { handleToolCall, type ServerDeps } from '../src/pipeline.js';
import { createPipelineDeps } from '../src/runtime/pipeline-deps.js';
import { parseQuery } from '../src/sql-guard/parse.js';
import { withRowLimit } from '../src/sql-guard/row-limit.js';
import { BENCH_AS_OF, BENCH_SEAL_KEY, prepareBenchDatabase } from './bench-database.js';

const ADMIN_URL = process.env.BENCH_ANALYTICS_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/retail_bench_analytics';
const SCALE = 7;
const N = Number(process.env.BENCH_ANALYTICS_N ?? 20);
const WARMUP = 2;
const TARGET_MS = 100;
const PLAN_LINES = 45;
const BENCH_STATEMENT_TIMEOUT_MS = 120_000;

const CALLS: { tool: string; args: Record<string, unknown> }[] = [
  { tool: 'get_store_performance', args: { period: 'last-12-months' } },
  { tool: 'get_top_products', args: { period: 'last-12-months' } },
  { tool: 'get_inventory_alerts', args: {} },
  { tool: 'compare_stores', args: { metric: 'net_revenue', period: 'last-12-months' } },
  { tool: 'get_sales_trend', args: { metric: 'net_revenue', grain: 'month', period: 'last-12-months', comparison: 'last_year' } },
  {
    tool: 'query_metrics',
    args: { metrics: ['net_revenue', 'gross_margin_pct', 'orders'], group_by: ['category', 'month'], period: 'last-12-months' },
  },
];

/** None of the measured tools embeds text; a call that tried would fail loudly here. */
interface Cell {
  tool: string;
  role: string;
  ms: number[];
  rows: number;
  p50: number;
  p95: number;
  max: number;
}

async function main() {
  if (!Number.isInteger(N) || N < 1) throw new Error(`BENCH_ANALYTICS_N must be a positive integer, got ${process.env.BENCH_ANALYTICS_N}`);
  const { admin, appUrl } = await prepareBenchDatabase(ADMIN_URL, { scale: SCALE, verbose: true });
  // A call the server would cancel at its statement timeout is still measured, and marked: the bench
  // runs with STATEMENT_TIMEOUT_MS from the environment, else a generous one of its own.
  const config = loadConfig({
    DATABASE_URL: appUrl,
    RLS_SEAL_KEY: BENCH_SEAL_KEY,
    RETAIL_TODAY: BENCH_AS_OF,
    STATEMENT_TIMEOUT_MS: process.env.STATEMENT_TIMEOUT_MS ?? String(BENCH_STATEMENT_TIMEOUT_MS),
  });
  const serverTimeoutMs = loadConfig({ DATABASE_URL: appUrl, RLS_SEAL_KEY: BENCH_SEAL_KEY }).STATEMENT_TIMEOUT_MS;
  const app = createPool({ url: appUrl }, config);
  try {
    await describeData(admin);
    const withTenant = createWithTenant(app, { sealKeyHex: BENCH_SEAL_KEY, statementTimeoutMs: config.STATEMENT_TIMEOUT_MS });
    const resolvePrincipal = createPrincipalResolver(withTenant);
    const deps = createPipelineDeps(config, withTenant, silentLogger);

    const users = await listUsers(admin);
    const pick = (role: string): UserRow => {
      const u = users.find((x) => x.role === role && x.is_active);
      if (!u) throw new Error(`the seed has no active ${role}`);
      return u;
    };
    const roles: { role: string; user: UserRow; principal: Principal }[] = [];
    for (const role of ['head_office', 'regional_manager', 'store_manager']) {
      const user = pick(role);
      const principal = await resolvePrincipal(user.user_id);
      if (principal.storeIds.length !== user.store_ids.length) {
        throw new Error(`${user.email} sees ${principal.storeIds.length} stores under RLS, the directory says ${user.store_ids.length}`);
      }
      roles.push({ role, user, principal });
      console.log(`role ${role.padEnd(16)} ${user.email} (${principal.storeIds.length} store${principal.storeIds.length === 1 ? '' : 's'})`);
    }

    const hq = roles.find((r) => r.role === 'head_office')!;
    if (process.env.BENCH_ANALYTICS_ONLY === 'model-query') return await modelQuery(deps, hq.principal, admin);

    const load = loadavg().map((x) => x.toFixed(2));
    console.log(`\nmeasuring: ${WARMUP} warm-up + ${N} sequential calls per tool per role, today pinned to ${config.RETAIL_TODAY}`);
    console.log(
      `statement timeout ${config.STATEMENT_TIMEOUT_MS} ms (the server's default: ${serverTimeoutMs} ms); ${cpus().length} CPUs, load average ${load.join(' ')}`,
    );
    const cells: Cell[] = [];
    for (const { tool, args } of CALLS) {
      for (const { role, principal } of roles) {
        const call = () => callOk(deps, principal, tool, args, role);
        for (let i = 0; i < WARMUP; i++) await call();
        const ms: number[] = [];
        let rows = 0;
        for (let i = 0; i < N; i++) {
          const t = performance.now();
          rows = await call();
          ms.push(performance.now() - t);
        }
        const cell = { tool, role, ms, rows, ...percentiles(ms) };
        cells.push(cell);
        process.stderr.write(`  ${tool} as ${role}: p50 ${cell.p50.toFixed(1)} ms, p95 ${cell.p95.toFixed(1)} ms (${rows} rows)\n`);
      }
    }

    console.log(`\n## bench:analytics — seed scale ${SCALE}, as of ${BENCH_AS_OF}, N = ${N} per cell, ${new Date().toISOString()}\n`);
    console.log('Milliseconds per call through handleToolCall (sealed RLS transaction included); p95 is nearest-rank.\n');
    console.log(
      markdownTable(
        cells,
        roles.map((r) => r.role),
      ),
    );
    console.log(`\ntarget (issue #10): p95 ≤ ${TARGET_MS} ms per call for every role`);
    const over = cells.filter((c) => c.p95 > TARGET_MS);
    console.log(over.length === 0 ? 'every cell meets it' : `${over.length} of ${cells.length} cells are over it (p95 in bold)`);
    const cancelled = cells.filter((c) => c.max > serverTimeoutMs);
    for (const c of cancelled) {
      const n = c.ms.filter((x) => x > serverTimeoutMs).length;
      console.log(
        `${c.tool} as ${c.role}: ${n} of ${N} calls ran past the server's default ${serverTimeoutMs} ms statement timeout (QUERY_TIMEOUT in a real server)`,
      );
    }

    const slowest = cells.reduce((a, b) => (b.p95 > a.p95 ? b : a));
    const slowRole = roles.find((r) => r.role === slowest.role)!;
    const spec = CALLS.find((c) => c.tool === slowest.tool)!;
    await explainSlowest(deps, slowRole.principal, spec.tool, spec.args, slowest);

    await baseline(admin, config.RETAIL_TODAY!);
    await modelQuery(deps, hq.principal, admin);
  } finally {
    await Promise.all([app.end({ timeout: 5 }), admin.end({ timeout: 5 })]);
  }
}

/** What the database holds; a database seeded as of another date would make the periods meaningless. */
async function describeData(admin: Sql): Promise<void> {
  const [d] = await admin<{ orders: string; lines: string; stores: string; first: string; last: string }[]>`
    select (select count(*) from retail.orders) as orders, (select count(*) from retail.order_items) as lines,
           (select count(*) from retail.stores) as stores,
           (select min(order_date)::text from retail.orders) as first, (select max(order_date)::text from retail.orders) as last`;
  console.log(
    `data: ${Number(d!.lines).toLocaleString('en')} order lines, ${Number(d!.orders).toLocaleString('en')} orders, ${d!.stores} stores, ${d!.first} .. ${d!.last}`,
  );
  const dayBefore = new Date(Date.parse(`${BENCH_AS_OF}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  if (d!.last !== dayBefore)
    throw new Error(`the database was seeded as of another date (last order ${d!.last}, expected ${dayBefore}); drop it or point elsewhere`);
}

/** One call; any error result fails the run. Returns the result's row count. */
async function callOk(deps: ServerDeps, principal: Principal, tool: string, args: Record<string, unknown>, role: string): Promise<number> {
  const r = await handleToolCall(deps, principal, tool, args);
  if (r.isError) {
    const text = r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
    throw new Error(`${tool} as ${role} returned an error: ${text}`);
  }
  const rows = (r.structuredContent as { rows?: unknown[] } | undefined)?.rows;
  if (!Array.isArray(rows)) throw new Error(`${tool} as ${role} returned no rows array`);
  return rows.length;
}

/** Nearest-rank percentiles (with N = 20, p95 is the 19th of 20, not the maximum). */
function percentiles(ms: number[]): { p50: number; p95: number; max: number } {
  const s = [...ms].sort((a, b) => a - b);
  const rank = (q: number) => s[Math.max(0, Math.ceil(q * s.length) - 1)]!;
  return { p50: rank(0.5), p95: rank(0.95), max: s[s.length - 1]! };
}

function markdownTable(cells: Cell[], roles: string[]): string {
  const f = (x: number) => x.toFixed(1);
  const head = ['tool', ...roles.map((r) => `${r} p50 / p95 / max`)];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const tool of [...new Set(cells.map((c) => c.tool))]) {
    const row = roles.map((role) => {
      const c = cells.find((x) => x.tool === tool && x.role === role)!;
      return `${f(c.p50)} / ${c.p95 > TARGET_MS ? `**${f(c.p95)}**` : f(c.p95)} / ${f(c.max)}`;
    });
    lines.push(`| ${tool} | ${row.join(' | ')} |`);
  }
  return lines.join('\n');
}

/**
 * A withTenant that records the SQL text and parameters each `unsafe` call sends (the compiled metric
 * query goes through unsafeExtended), then runs it unchanged.
 */
function recordingWithTenant(inner: WithTenant, sent: { text: string; params: unknown[] }[]): WithTenant {
  return (who, fn, options) =>
    inner(
      who,
      (tx) =>
        fn(
          new Proxy(tx, {
            get(target, prop) {
              const value = Reflect.get(target, prop, target);
              if (prop !== 'unsafe' || typeof value !== 'function') return value;
              return (text: string, params: unknown[] = [], opts?: unknown) => {
                sent.push({ text, params });
                return value.call(target, text, params, opts);
              };
            },
          }) as Tx,
        ),
      options,
    );
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Subplan Name'?: string;
  Strategy?: string;
  'Hash Cond'?: string;
  'Sort Key'?: string[];
  'Sort Method'?: string;
  'Sort Space Type'?: string;
  'Workers Launched'?: number;
  'Actual Total Time': number;
  'Actual Loops': number;
  'Actual Rows': number;
  Plans?: PlanNode[];
}

const clip = (s: string, n = 70) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** A node's type and what it works on, short enough for a table cell. */
function nodeLabel(n: PlanNode): string {
  const parts = [n['Node Type'] === 'Aggregate' && n.Strategy ? `${n.Strategy} Aggregate` : n['Node Type']];
  if (n['Relation Name']) parts.push(`on ${n['Relation Name']}${n['Index Name'] ? ` using ${n['Index Name']}` : ''}`);
  if (n['Subplan Name']) parts.push(`[${n['Subplan Name']}]`);
  if (n['Hash Cond']) parts.push(n['Hash Cond']);
  if (n['Sort Key']) parts.push(`by ${clip(n['Sort Key'].join(', '), 50)}${n['Sort Method'] ? ` (${n['Sort Method']}, ${n['Sort Space Type']})` : ''}`);
  if (n['Workers Launched'] !== undefined) parts.push(`${n['Workers Launched']} workers`);
  return parts.join(' ').replaceAll('|', '/');
}

/**
 * The most expensive nodes of an EXPLAIN (ANALYZE, FORMAT JSON) plan by self time: a node's time ×
 * loops minus its children's (under a Gather that sums the workers' time, so it can exceed wall time).
 */
function printNodeTimes(json: unknown, top = 10): void {
  const plan = (json as { Plan: PlanNode; 'Execution Time': number }[])[0]!;
  const nodes: { label: string; self: number; total: number; rows: number }[] = [];
  const walk = (n: PlanNode): number => {
    const total = n['Actual Total Time'] * n['Actual Loops'];
    const children = (n.Plans ?? []).reduce((sum, c) => sum + walk(c), 0);
    nodes.push({ label: nodeLabel(n), self: Math.max(0, total - children), total, rows: n['Actual Rows'] * n['Actual Loops'] });
    return total;
  };
  walk(plan.Plan);
  const workers: number[] = [];
  const gathers = (n: PlanNode): void => {
    if (n['Workers Launched'] !== undefined) workers.push(n['Workers Launched']);
    for (const c of n.Plans ?? []) gathers(c);
  };
  gathers(plan.Plan);
  nodes.sort((a, b) => b.self - a.self);
  console.log(`\nTime per plan node (its own run: execution ${plan['Execution Time'].toFixed(1)} ms; self = time × loops − children's):\n`);
  console.log('| node | self ms | incl. ms | rows |\n| --- | ---: | ---: | ---: |');
  for (const n of nodes.slice(0, top)) console.log(`| ${n.label} | ${n.self.toFixed(1)} | ${n.total.toFixed(1)} | ${n.rows.toLocaleString('en')} |`);
  console.log(
    workers.length ? `\nParallel: ${workers.length} Gather node(s), ${workers.join(' + ')} workers launched.` : '\nParallel: none (no Gather in the plan).',
  );
}

/**
 * The slowest cell's tool is called once more, exactly as measured, with its SQL recorded; that SQL
 * then runs under EXPLAIN (ANALYZE, BUFFERS) in the same caller's sealed transaction (withTenant +
 * unsafeExtended, so the RLS policies and their InitPlans are in the plan), with the same parameters.
 */
async function explainSlowest(deps: ServerDeps, principal: Principal, tool: string, args: Record<string, unknown>, cell: Cell): Promise<void> {
  console.log(`\n## Slowest cell: ${tool} as ${cell.role} (p95 ${cell.p95.toFixed(1)} ms)\n`);
  const sent: { text: string; params: unknown[] }[] = [];
  await callOk({ ...deps, withTenant: recordingWithTenant(deps.withTenant, sent) }, principal, tool, args, cell.role);
  const compiled = sent.at(-1);
  if (!compiled) throw new Error(`${tool} sent no SQL through unsafe(); nothing to explain`);
  console.log(`Its compiled SQL (${compiled.text.length} characters, parameters ${JSON.stringify(compiled.params)}), run as ${principal.email} under RLS:\n`);
  const explain = async (options: string) =>
    deps.withTenant(principal, async (tx) => (await unsafeExtended(tx, `explain (${options}) ${compiled.text}`, compiled.params)) as Record<string, unknown>[]);

  const text = (await explain('analyze, buffers')).map((r) => String(r['QUERY PLAN']));
  console.log('```');
  for (const line of text.slice(0, PLAN_LINES)) console.log(line);
  if (text.length > PLAN_LINES) console.log(`... (${text.length - PLAN_LINES} more plan lines)`);
  const footer = text.filter((l) => /^(Planning|Execution) Time/.test(l.trim()));
  if (text.length > PLAN_LINES) for (const line of footer) console.log(line);
  console.log('```');

  // Self time per node, from a second run in FORMAT JSON.
  const [json] = await explain('analyze, buffers, format json');
  printNodeTimes(json!['QUERY PLAN']);
}

/**
 * Issue #10's baseline: revenue by store over the last 30 days, hand-written over the raw tables and
 * sent straight to PostgreSQL as the superuser (no RLS, no sealed context, no pipeline), with jit off
 * as in the server's transactions. The same query over 12 months is shown beside it, for scale.
 */
async function baseline(admin: Sql, today: string): Promise<void> {
  const run = async (period: string) => {
    const { from, to } = parsePeriod(period, today);
    const once = () =>
      admin.begin(async (tx) => {
        await tx`set local jit = off`;
        return unsafeExtended(tx, BASELINE_SQL, [from, to]);
      });
    for (let i = 0; i < WARMUP; i++) await once();
    const ms: number[] = [];
    let rows = 0;
    for (let i = 0; i < N; i++) {
      const t = performance.now();
      rows = (await once()).length;
      ms.push(performance.now() - t);
    }
    const plan = await admin.begin(async (tx) => {
      await tx`set local jit = off`;
      return unsafeExtended(tx, `explain (analyze, buffers, format json) ${BASELINE_SQL}`, [from, to]);
    });
    return { period: `${period} (${from} .. ${to})`, rows, ...percentiles(ms), plan: plan[0]!['QUERY PLAN'] };
  };
  const results = [await run('last-30-days'), await run('last-12-months')];
  console.log(`\n## Raw baseline: revenue by store, hand-written SQL as the superuser (no RLS, jit off), N = ${N}\n`);
  console.log('```sql');
  console.log(BASELINE_SQL.trim());
  console.log('```\n');
  console.log('| period | rows | p50 ms | p95 ms | max ms |\n| --- | ---: | ---: | ---: | ---: |');
  for (const r of results) console.log(`| ${r.period} | ${r.rows} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.max.toFixed(1)} |`);
  for (const r of results) {
    console.log(`\nBaseline ${r.period}:`);
    printNodeTimes(r.plan, 6);
  }
}

/**
 * Issue 14 part 4: a large aggregate written by the model, through execute_sales_query as head
 * office (bounded as one plain statement, so it may run in parallel: src/sql-guard/row-limit.ts),
 * against the same SQL as the superuser, and against the cursor form the tool used before (DECLARE + FETCH, never parallel) as head office.
 */
async function modelQuery(deps: ServerDeps, principal: Principal, admin: Sql): Promise<void> {
  const ways = {
    tool: () => callOk(deps, principal, 'execute_sales_query', { postgresql_query: MODEL_SQL }, 'head_office'),
    cursor: () =>
      deps.withTenant(principal, async (tx) => {
        await unsafeExtended(tx, `declare c no scroll cursor for ${MODEL_SQL}`);
        return unsafeExtended(tx, 'fetch forward 101 from c');
      }),
    direct: () =>
      admin.begin(async (tx) => {
        await tx`set local jit = off`;
        return unsafeExtended(tx, MODEL_SQL);
      }),
  };
  // The three take turns call by call, so a load that comes and goes on a shared machine slows each alike.
  const ms: Record<keyof typeof ways, number[]> = { tool: [], cursor: [], direct: [] };
  for (let i = 0; i < WARMUP + N; i++) {
    for (const [name, once] of Object.entries(ways) as [keyof typeof ways, () => Promise<unknown>][]) {
      const t = performance.now();
      await once();
      if (i >= WARMUP) ms[name].push(performance.now() - t);
    }
  }
  const [tool, cursor, direct] = [percentiles(ms.tool), percentiles(ms.cursor), percentiles(ms.direct)];
  // The plan of the statement the tool runs: the model's text as row-limit.ts bounds it.
  const bounded = withRowLimit(MODEL_SQL, await parseQuery(MODEL_SQL), 101)!;
  const plan = await deps.withTenant(principal, (tx) => unsafeExtended(tx, `explain (analyze, format json) ${bounded}`));
  const workers = JSON.stringify(plan[0]!['QUERY PLAN']).match(/"Workers Launched":(\d+)/)?.[1] ?? '0';
  console.log(`\n## The model's large aggregate (issue 14 part 4), N = ${N}, max_parallel_workers_per_gather 2\n`);
  console.log(`\`\`\`sql\n${MODEL_SQL}\n\`\`\`\n`);
  console.log('| path | p50 ms | p95 ms |\n| --- | ---: | ---: |');
  console.log(
    `| execute_sales_query as head office (grouped, so bounded by a materialized CTE; ${workers} workers launched under RLS) | ${tool.p50.toFixed(1)} | ${tool.p95.toFixed(1)} |`,
  );
  console.log(`| the former cursor form (DECLARE + FETCH 101) as head office | ${cursor.p50.toFixed(1)} | ${cursor.p95.toFixed(1)} |`);
  console.log(`| the same SQL as the superuser, no RLS | ${direct.p50.toFixed(1)} | ${direct.p95.toFixed(1)} |`);
  console.log(`\ndirect ÷ tool (p50): ${(direct.p50 / tool.p50).toFixed(2)}×; direct ÷ cursor form: ${(direct.p50 / cursor.p50).toFixed(2)}×`);
}

const MODEL_SQL = `select s.store_name, count(*) as lines, sum(oi.total_amount) as revenue
  from retail.order_items oi join retail.stores s on s.store_id = oi.store_id
 group by s.store_name order by revenue desc`;

const BASELINE_SQL = `
select s.store_id, s.store_name, sum(oi.total_amount) as revenue
  from retail.order_items oi
  join retail.orders o on o.order_id = oi.order_id
  join retail.stores s on s.store_id = oi.store_id
 where o.order_date between $1::date and $2::date
 group by s.store_id, s.store_name
 order by revenue desc`;

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
