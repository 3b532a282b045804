// `npm run bench:seed [-- --scale 7 --runs 1]`: seed throughput on a real PostgreSQL, end to end.
// Each run creates a throwaway database on the server of BENCH_SEED_SERVER_URL (an admin login;
// default postgres://postgres@127.0.0.1:5432/postgres), applies the migrations with the real CLI,
// then times the real `retail-mcp seed --scale N --as-of 2026-11-01` from spawn to exit: order lines
// per second, the seed's own phases (from its closing "seeded" log line), the CLI's peak RSS (VmHWM,
// read from /proc while it runs), the database's size, and the load average before and after,
// since the machine may be shared. The database is dropped afterwards.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { BENCH_AS_OF, BENCH_SEAL_KEY } from './bench-database.js';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '7' }, runs: { type: 'string', default: '1' } } });
const scale = Number(values.scale);
const runs = Number(values.runs);
if (!(scale > 0 && scale <= 100)) throw new Error('--scale must be a number above 0 and at most 100');
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');
const serverUrl = new URL(process.env.BENCH_SEED_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');

const ROOT = new URL('..', import.meta.url).pathname;
const loadavg = () => {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'n/a';
  }
};

interface Run {
  seconds: number;
  orderLines: number;
  orders: number;
  phasesMs: Record<string, number>;
  peakRssMb: number | null;
  databaseMb: number;
  loadBefore: string;
  loadAfter: string;
}

/** Runs the CLI (TypeScript sources, as `npm run cli` does) against one database; resolves with its log lines. */
function cli(args: string[], dbUrl: URL, onSpawn?: (child: ChildProcess) => void): Promise<string[]> {
  const app = new URL(dbUrl);
  app.username = 'retail_app';
  app.password = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: app.toString(), MIGRATION_DATABASE_URL: dbUrl.toString(), RLS_SEAL_KEY: BENCH_SEAL_KEY, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  onSpawn?.(child);
  let err = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      const lines = err.split('\n').filter(Boolean);
      if (code === 0) resolve(lines);
      else reject(new Error(`retail-mcp ${args[0]} exited with ${code}:\n${lines.slice(-20).join('\n')}`));
    });
  });
}

/** The highest VmHWM seen in /proc/<pid>/status while the process runs (Linux only). */
function watchPeakRss(child: ChildProcess): () => number | null {
  let peakKb: number | null = null;
  const read = () => {
    try {
      const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]);
      if (kb > (peakKb ?? 0)) peakKb = kb;
    } catch {
      // exited, or no /proc
    }
  };
  const timer = setInterval(read, 100);
  child.once('exit', () => clearInterval(timer));
  return () => (peakKb === null ? null : peakKb / 1024);
}

async function seedOnce(): Promise<Run> {
  const name = `retail_seedbench_${randomBytes(4).toString('hex')}`;
  const server = postgres(serverUrl.toString(), { max: 1, onnotice: () => {} });
  await server.unsafe(`create database ${name}`);
  const dbUrl = new URL(serverUrl);
  dbUrl.pathname = `/${name}`;
  try {
    await cli(['migrate'], dbUrl);
    const loadBefore = loadavg();
    let peak: () => number | null = () => null;
    const t0 = performance.now();
    const lines = await cli(['seed', '--scale', String(scale), '--as-of', BENCH_AS_OF], dbUrl, (child) => {
      peak = watchPeakRss(child);
    });
    const seconds = (performance.now() - t0) / 1000;
    const loadAfter = loadavg();
    const seeded = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((e) => e.msg === 'seeded');
    if (!seeded?.phasesMs) throw new Error(`no "seeded" line with phases in the seed's log:\n${lines.slice(-10).join('\n')}`);
    const [size] = await server`select pg_database_size(${name})::float8 / 1048576 as mb`;
    return {
      seconds,
      orderLines: Number(seeded.order_items),
      orders: Number(seeded.orders),
      phasesMs: seeded.phasesMs as Record<string, number>,
      peakRssMb: peak(),
      databaseMb: Number(size!.mb),
      loadBefore,
      loadAfter,
    };
  } finally {
    await server.unsafe(`drop database if exists ${name} with (force)`);
    await server.end();
  }
}

const results: Run[] = [];
for (let i = 0; i < runs; i++) {
  const r = await seedOnce();
  results.push(r);
  const seedSeconds = Object.values(r.phasesMs).reduce((a, b) => a + b, 0) / 1000;
  console.log(
    `run ${i + 1}: seed --scale ${scale}: ${r.orders.toLocaleString('en')} orders, ${r.orderLines.toLocaleString('en')} order lines in ${r.seconds.toFixed(1)} s ` +
      `end to end (${Math.round(r.orderLines / r.seconds).toLocaleString('en')} lines/s; the seed's own timer ${seedSeconds.toFixed(1)} s), ` +
      `peak RSS ${r.peakRssMb === null ? 'n/a' : `${r.peakRssMb.toFixed(0)} MB`}, database ${r.databaseMb.toFixed(0)} MB, load average ${r.loadBefore} -> ${r.loadAfter}`,
  );
  for (const [phase, ms] of Object.entries(r.phasesMs)) console.log(`  ${phase.padEnd(36)} ${(ms / 1000).toFixed(2).padStart(7)} s`);
}
if (runs > 1) {
  const sorted = results.map((r) => r.seconds).sort((a, b) => a - b);
  const median = (sorted[Math.floor((runs - 1) / 2)]! + sorted[Math.floor(runs / 2)]!) / 2;
  console.log(`median of ${runs}: ${median.toFixed(1)} s end to end (all: ${results.map((r) => r.seconds.toFixed(1)).join(', ')} s)`);
}
