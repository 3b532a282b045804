// npm run bench:peers — retail-mcp beside its peers on one seeded PostgreSQL, in one run:
// postgres.js direct; the bare sealed RLS transaction in-process; retail-mcp over HTTP and stdio (a
// head-office user, real tokens); @modelcontextprotocol/server-postgres and dbhub over stdio.
// Workloads: three kinds of point lookup, and an analytics mix; at c=1 and c=8 (on stdio, c=8 is 8
// requests in flight on one connection). Every answer is checked against the direct query's rows.
//
// Env: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/retail_bench, or
// retail_bench_s<scale> when BENCH_SCALE is not 1); BENCH_SECONDS per cell (5); BENCH_SCALE (1;
// applies when the database is first seeded); BENCH_TARGETS (comma list of direct, sealed,
// retail-http, retail-stdio, server-postgres, dbhub; default all); BENCH_WORKLOADS (point,analytics);
// BENCH_CONCURRENCY (1,8); BENCH_WARMUP_SECONDS (2, per target before any cell); BENCH_POOL (8
// connections per target); BENCH_NODE (a Node >= 22.5 for dbhub); BENCH_MCP_NEGOTIATION (legacy |
// auto); BENCH_LOG_DIR (the servers' stderr; default a new temp dir); BENCH_RETAIL_DIR (another
// retail-mcp checkout to serve from, e.g. a baseline; default this one); BENCH_RETAIL_BUILD (src:
// src/cli.ts through tsx, the default; dist: the compiled dist/src/cli.js of `npm run build`).
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { listUsers } from '../src/cli/user-directory.js';
import { BENCH_DEV_SECRET, BENCH_SEAL_KEY, prepareBenchDatabase } from './bench-database.js';
import { canonicalRows, clockTicksPerSecond, cpuDeltaMs, databaseBackendsCpuMs, processCpuMs, type Row } from './peers-check.js';
import {
  dbhubTarget,
  directTarget,
  findModernNode,
  retailHttpTarget,
  retailStdioTarget,
  sealedTarget,
  serverPostgresTarget,
  type Target,
  type TargetContext,
} from './peers-targets.js';
import { drive, type RunStats } from './stats.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const ADMIN_URL =
  process.env.BENCH_DATABASE_URL ?? `postgres://postgres@127.0.0.1:5432/retail_bench${SCALE === 1 ? '' : `_s${String(SCALE).replace(/\W/g, '_')}`}`;
const DATABASE = decodeURIComponent(new URL(ADMIN_URL).pathname.slice(1));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const POOL = Number(process.env.BENCH_POOL ?? 8);
const list = (v: string | undefined, fallback: string) =>
  (v ?? fallback)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const TARGET_IDS = ['direct', 'sealed', 'retail-http', 'retail-stdio', 'server-postgres', 'dbhub'];
const WANTED = list(process.env.BENCH_TARGETS, TARGET_IDS.join(','));
const WORKLOADS = list(process.env.BENCH_WORKLOADS, 'point,analytics') as Workload[];
const CONCURRENCY = list(process.env.BENCH_CONCURRENCY, '1,8').map(Number);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const RETAIL_BUILD = process.env.BENCH_RETAIL_BUILD === 'dist' ? 'dist' : 'src';
const NEGOTIATION = process.env.BENCH_MCP_NEGOTIATION === 'auto' ? 'auto' : 'legacy';

type Workload = 'point' | 'analytics';

const CLIENT_VERSION = (JSON.parse(readFileSync('node_modules/@modelcontextprotocol/client/package.json', 'utf8')) as { version: string }).version;

// Analytics: aggregates over all order lines, the head office's everyday questions. "Last 90 days"
// is anchored to the newest order, so the answer does not drift with the calendar.
const ANALYTICS = [
  `select o.store_id, sum(oi.total_amount) as revenue, count(distinct o.order_id) as orders from retail.orders o join retail.order_items oi on oi.order_id = o.order_id where o.order_date > (select max(order_date) from retail.orders) - 90 group by o.store_id order by revenue desc`,
  `select p.product_id, p.product_name, sum(oi.quantity) as units, sum(oi.total_amount) as revenue from retail.order_items oi join retail.products p on p.product_id = oi.product_id group by p.product_id, p.product_name order by revenue desc, p.product_id limit 10`,
  `select date_trunc('month', o.order_date) as month, sum(oi.total_amount) as revenue from retail.orders o join retail.order_items oi on oi.order_id = o.order_id group by 1 order by 1`,
];

interface Cell {
  target: Target;
  workload: Workload;
  c: number;
  stats: RunStats;
  cpuMsPerCall: number;
  dbCpuMsPerCall: number;
  bytesPerCall: number;
  answers: number;
  mismatches: number;
  firstMismatch?: string;
  firstError?: string;
}

async function main() {
  const unknown = WANTED.filter((t) => !TARGET_IDS.includes(t));
  if (unknown.length) throw new Error(`unknown BENCH_TARGETS ${unknown.join(', ')}; known: ${TARGET_IDS.join(', ')}`);
  const logDir = process.env.BENCH_LOG_DIR ?? mkdtempSync(join(tmpdir(), 'bench-peers-'));
  mkdirSync(logDir, { recursive: true });

  process.stderr.write(`bench:peers: preparing ${redact(ADMIN_URL)} (scale ${SCALE} if it needs seeding)...\n`);
  const { admin, appUrl } = await prepareBenchDatabase(ADMIN_URL, { scale: SCALE });
  const hq = (await listUsers(admin)).find((u) => u.role === 'head_office' && u.is_active);
  if (!hq) throw new Error('no active head-office user in the bench database');

  // The point lookups: an order by id, a product by SKU, an inventory row by (store, product); 100
  // of each, picked by hash so every run sends the same ones in the same order.
  const orders = await admin`select order_id from retail.orders order by md5(order_id::text) limit 100`;
  const skus = await admin`select sku from retail.products order by md5(sku) limit 100`;
  const stock = await admin`select store_id, product_id from retail.inventory order by md5(store_id || ':' || product_id) limit 100`;
  const pointGroups = [
    orders.map((r) => `select order_id, customer_id, store_id, order_date from retail.orders where order_id = ${Number(r.order_id)}`),
    skus.map((r) => `select product_id, sku, product_name, base_price from retail.products where sku = '${String(r.sku).replace(/'/g, "''")}'`),
    stock.map(
      (r) =>
        `select store_id, product_id, stock_level, reorder_point from retail.inventory where store_id = ${Number(r.store_id)} and product_id = ${Number(r.product_id)}`,
    ),
  ];
  const POINT = pointGroups.flat();
  const sqlFor: Record<Workload, (i: number) => string> = {
    point: (i) => {
      const group = pointGroups[i % 3] as string[];
      return group[Math.floor(i / 3) % group.length] as string;
    },
    analytics: (i) => ANALYTICS[i % ANALYTICS.length] as string,
  };

  // The expected answer to every statement, from the direct query.
  const expected = new Map<string, string>();
  for (const q of [...(WORKLOADS.includes('point') ? POINT : []), ...(WORKLOADS.includes('analytics') ? ANALYTICS : [])]) {
    const rows = [...(await admin.unsafe(q))] as Row[];
    if (rows.length === 0) throw new Error(`the expected answer is empty, so it would check nothing: ${q}`);
    expected.set(q, canonicalRows(rows));
  }
  const [facts] =
    await admin`select (select count(*) from retail.order_items)::int as lines, (select count(*) from retail.stores)::int as stores, current_setting('server_version') as pg`;

  const ctx: TargetContext = {
    adminUrl: ADMIN_URL,
    appUrl,
    sealKeyHex: BENCH_SEAL_KEY,
    devSecret: BENCH_DEV_SECRET,
    caller: { userId: hq.user_id, role: 'head_office' },
    pool: POOL,
    logDir,
    negotiation: NEGOTIATION,
    retailDir: resolve(process.env.BENCH_RETAIL_DIR ?? '.'),
    retailBuild: RETAIL_BUILD,
  };
  const notes: string[] = [];
  const targets: Target[] = [];
  const starters: Record<string, () => Promise<Target>> = {
    direct: async () => directTarget(ctx),
    sealed: async () => sealedTarget(ctx),
    'retail-http': () => retailHttpTarget(ctx),
    'retail-stdio': () => retailStdioTarget(ctx),
    'server-postgres': () => serverPostgresTarget(ctx),
    dbhub: async () => {
      const node = findModernNode(process.env.BENCH_NODE);
      notes.push(`dbhub runs on Node ${node.version} (${node.source}: ${node.path})`);
      return dbhubTarget(ctx, node.path);
    },
  };
  for (const id of TARGET_IDS.filter((t) => WANTED.includes(t))) {
    process.stderr.write(`bench:peers: starting ${id}...\n`);
    try {
      targets.push(await (starters[id] as () => Promise<Target>)());
    } catch (err) {
      notes.push(`!!! ${id} could not start: ${(err as Error).message} (log: ${join(logDir, `${id}.log`)})`);
      process.exitCode = 1;
      process.stderr.write(`${notes.at(-1)}\n`);
    }
  }

  const cells: Cell[] = [];
  try {
    // JIT, lazy imports and pool connections warm up here, not in whichever cell comes first.
    for (const target of targets) {
      for (const w of await warmUp(target, sqlFor, expected)) {
        if (w.mismatches) notes.push(`!!! WRONG ANSWERS during warm-up: ${target.id} ${w.workload}: ${w.mismatches}/${w.answers}, e.g. ${w.firstMismatch}`);
        if (w.firstError) notes.push(`errors during warm-up: ${target.id} ${w.workload} (${w.stats.errors}), first: ${w.firstError}`);
      }
    }
    console.log(header(facts as { lines: number; stores: number; pg: string }, logDir));
    for (const workload of WORKLOADS) {
      for (const c of CONCURRENCY) {
        for (const target of targets) {
          const cell = await runCell(target, workload, c, sqlFor[workload], expected);
          cells.push(cell);
          console.log(formatCell(cell));
        }
        console.log('');
      }
    }
  } finally {
    for (const t of targets) await t.close().catch((err) => process.stderr.write(`closing ${t.id}: ${(err as Error).message}\n`));
    await admin.end({ timeout: 5 });
  }

  console.log(summary(cells));
  console.log(`\n${markdown(cells, targets)}\n`);
  console.log(
    `load average at the end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  for (const t of targets) if (t.describe) console.log(`${t.id}: ${t.describe}`);
  for (const n of notes) console.log(n);
  const bad = cells.filter((c) => c.mismatches > 0);
  if (bad.length) {
    console.log(`\n!!! WRONG ANSWERS: ${bad.length} cell(s) returned rows that differ from the direct query:`);
    for (const c of bad) console.log(`!!!   ${c.target.id} ${c.workload} c=${c.c}: ${c.mismatches}/${c.answers}, e.g. ${c.firstMismatch}`);
    process.exitCode = 1;
  }
  const failed = cells.filter((c) => c.firstError);
  for (const c of failed) console.log(`errors in ${c.target.id} ${c.workload} c=${c.c} (${c.stats.errors}), first: ${c.firstError}`);
}

async function warmUp(target: Target, sqlFor: Record<Workload, (i: number) => string>, expected: Map<string, string>): Promise<Cell[]> {
  process.stderr.write(`bench:peers: warming up ${target.id}...\n`);
  const cells: Cell[] = [];
  for (const w of WORKLOADS) cells.push(await runCell(target, w, 4, sqlFor[w], expected, w === 'point' ? WARMUP_SECONDS : 0.1));
  return cells;
}

async function runCell(
  target: Target,
  workload: Workload,
  c: number,
  sqlFor: (i: number) => string,
  expected: Map<string, string>,
  seconds = SECONDS,
): Promise<Cell> {
  if (seconds === SECONDS) process.stderr.write(`bench:peers: ${target.id} ${workload} c=${c}...\n`);
  const cell: Omit<Cell, 'stats' | 'cpuMsPerCall' | 'dbCpuMsPerCall' | 'bytesPerCall'> = { target, workload, c, answers: 0, mismatches: 0 };
  // Bytes per distinct statement, averaged over the statements: a cell that happened to finish more
  // of the mix's larger queries does not look heavier.
  const bytesBySql = new Map<string, number>();
  let cpuStart = 0;
  let dbStart = new Map<number, number>();
  const stats = await drive(
    async (i) => {
      const q = sqlFor(i);
      let answer: Awaited<ReturnType<Target['call']>>;
      try {
        answer = await target.call(q);
      } catch (err) {
        cell.firstError ??= (err as Error).message.slice(0, 300);
        throw err;
      }
      cell.answers++;
      bytesBySql.set(q, answer.bytes);
      if (canonicalRows(answer.rows) !== expected.get(q)) {
        cell.mismatches++;
        cell.firstMismatch ??= `${q.slice(0, 80)}… → ${JSON.stringify(answer.rows.slice(0, 2)).slice(0, 200)}`;
      }
    },
    c,
    seconds,
    {
      onStart: () => {
        cpuStart = target.pid ? processCpuMs(target.pid) : 0;
        dbStart = databaseBackendsCpuMs(DATABASE);
      },
    },
  );
  const dbCpu = cpuDeltaMs(dbStart, databaseBackendsCpuMs(DATABASE));
  const calls = Math.max(1, stats.calls + stats.errors);
  const cpuMsPerCall = target.pid ? (processCpuMs(target.pid) - cpuStart) / calls : Number.NaN;
  const sizes = [...bytesBySql.values()];
  return {
    ...cell,
    stats,
    cpuMsPerCall,
    dbCpuMsPerCall: dbCpu / calls,
    bytesPerCall: sizes.length ? sizes.reduce((a, b) => a + b, 0) / sizes.length : Number.NaN,
  };
}

const COLUMNS = `${'target'.padEnd(34)} ${'workload'.padEnd(9)} ${'c'.padStart(2)} ${'calls/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'CPU ms/call'.padStart(11)} ${'DB ms/call'.padStart(10)} ${'bytes/call'.padStart(10)} ${'errors'.padStart(6)}  check`;

function header(f: { lines: number; stores: number; pg: string }, logDir: string): string {
  return [
    `bench:peers — ${new Date().toISOString()}, ${SECONDS} s per cell (after ${WARMUP_SECONDS} s of warm-up per target, and 0.5 s per cell), ${POOL} connections per target`,
    `PostgreSQL ${f.pg}, ${f.lines.toLocaleString('en')} order lines, ${f.stores} stores; load generator, retail-mcp and server-postgres on Node ${process.version} (retail-mcp from ${RETAIL_BUILD === 'dist' ? 'dist/, compiled' : 'src/ through tsx'}); MCP client @modelcontextprotocol/client ${CLIENT_VERSION}, negotiation ${NEGOTIATION}`,
    `CPU ms/call: the server process's utime+stime over the cell (/proc/<pid>/stat, ${clockTicksPerSecond()} ticks/s) / calls; DB ms/call: the same for every`,
    `PostgreSQL backend of ${DATABASE} (found by process title); bytes/call: JSON of content + structuredContent, mean over the distinct statements answered`,
    `${cpus().length} CPUs, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} at the start (others' processes count too)`,
    `servers' stderr: ${logDir}${process.env.BENCH_RETAIL_DIR ? `; retail-mcp served from ${resolve(process.env.BENCH_RETAIL_DIR)}` : ''}`,
    '',
    COLUMNS,
  ].join('\n');
}

function formatCell(x: Cell): string {
  const f = (v: number, d = 2, w = 8) => (Number.isFinite(v) ? v.toFixed(d) : '–').padStart(w);
  const check = x.mismatches ? `!!! ${x.mismatches}/${x.answers} WRONG ANSWERS !!!` : x.answers ? `ok (${x.answers})` : 'NO ANSWERS';
  return `${x.target.label.padEnd(34)} ${x.workload.padEnd(9)} ${String(x.c).padStart(2)} ${f(x.stats.perSecond, 0)} ${f(x.stats.p50)} ${f(x.stats.p95)} ${f(x.stats.p99)} ${f(x.cpuMsPerCall, 2, 11)} ${f(x.dbCpuMsPerCall, 2, 10)} ${f(x.bytesPerCall, 0, 10)} ${String(x.stats.errors).padStart(6)}  ${check}`;
}

function summary(cells: Cell[]): string {
  const find = (id: string, w: Workload, c: number) => cells.find((x) => x.target.id === id && x.workload === w && x.c === c);
  const lines = ['Targets (issue 8):'];
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const http8 = find('retail-http', 'point', 8);
  const sealed8 = find('sealed', 'point', 8);
  if (http8 && sealed8) {
    const r = http8.stats.perSecond / sealed8.stats.perSecond;
    lines.push(
      `  retail-mcp HTTP point c=8 / sealed transaction point c=8: ${http8.stats.perSecond.toFixed(0)} / ${sealed8.stats.perSecond.toFixed(0)} = ${r.toFixed(2)}× (target ≥ 0.8: ${verdict(r >= 0.8)})`,
    );
  } else lines.push('  retail-mcp HTTP / sealed transaction at point c=8: not measured in this run');
  for (const id of ['retail-http', 'retail-stdio', 'server-postgres', 'dbhub']) {
    for (const c of CONCURRENCY) {
      const x = find(id, 'point', c);
      if (!x) continue;
      const target = id === 'retail-http' ? ` (target ≤ 1.0: ${verdict(x.cpuMsPerCall <= 1)})` : '';
      lines.push(`  ${x.target.label} server CPU per point call, c=${c}: ${x.cpuMsPerCall.toFixed(2)} ms${target}`);
    }
  }
  for (const w of WORKLOADS) {
    const mine = cells.find((x) => x.target.id === 'retail-http' && x.workload === w);
    const ref = cells.find((x) => x.target.id === 'server-postgres' && x.workload === w);
    if (mine && ref) {
      const r = mine.bytesPerCall / ref.bytesPerCall;
      lines.push(
        `  result bytes, ${w}: retail-mcp ${mine.bytesPerCall.toFixed(0)} / server-postgres ${ref.bytesPerCall.toFixed(0)} = ${r.toFixed(2)}× (target ≤ 1.5: ${verdict(r <= 1.5)})`,
      );
    } else lines.push(`  result bytes, ${w}: retail-mcp / server-postgres not measured in this run`);
  }
  return lines.join('\n');
}

/** The same numbers as a Markdown table for the README: calls/s per cell, then CPU and bytes. */
function markdown(cells: Cell[], targets: Target[]): string {
  const at = (t: Target, w: Workload, c: number) => cells.find((x) => x.target === t && x.workload === w && x.c === c);
  const n = (v: number | undefined, d = 0) =>
    v === undefined || !Number.isFinite(v) ? '–' : v.toLocaleString('en', { minimumFractionDigits: d, maximumFractionDigits: d });
  const runs = WORKLOADS.flatMap((w) => CONCURRENCY.map((c) => [w, c] as const));
  const cpu = (t: Target, w: Workload, pick: (x: Cell) => number) => CONCURRENCY.map((c) => n(at(t, w, c) && pick(at(t, w, c) as Cell), 2)).join(' / ');
  const head = [
    'target',
    ...runs.map(([w, c]) => `${w} c=${c} calls/s`),
    ...WORKLOADS.flatMap((w) => [`server CPU ms/${w} call (c=${CONCURRENCY.join(' / ')})`, `DB CPU ms/${w} call`]),
    ...WORKLOADS.map((w) => `bytes/${w} call`),
  ];
  const rows = targets.map((t) => [
    t.label,
    ...runs.map(([w, c]) => {
      const x = at(t, w, c);
      return x?.mismatches ? `${n(x.stats.perSecond)} (WRONG ANSWERS)` : n(x?.stats.perSecond);
    }),
    ...WORKLOADS.flatMap((w) => [cpu(t, w, (x) => x.cpuMsPerCall), cpu(t, w, (x) => x.dbCpuMsPerCall)]),
    ...WORKLOADS.map((w) => n(at(t, w, CONCURRENCY[0] as number)?.bytesPerCall)),
  ]);
  const line = (r: string[]) => `| ${r.join(' | ')} |`;
  return [line(head), line(head.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
