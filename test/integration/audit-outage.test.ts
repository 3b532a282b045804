// The audit trail loses nothing: across outages of the sink's database connection (a proxy that
// resets or black-holes it), killed connections (pg_terminate_backend), real PostgreSQL restarts
// (a throwaway cluster), a SIGKILLed process (spill files replayed by the next one), and the
// refuse-at-the-bound policy. Every answered call has exactly one audit row afterwards.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type AuditSink, type AuditStats, createAuditSink } from '../../src/audit/audit-sink.js';
import { type AuditEntry, type StoredAuditEntry, sqlAuditWriter } from '../../src/audit/audit-writer.js';
import { loadConfig } from '../../src/config.js';
import { createPool, type Sql } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { toToolError } from '../../src/errors.js';
import { type Logger, silentLogger } from '../../src/log.js';
import { loadTestUsers, type TestUsers } from '../support/fixtures.js';
import { type Harness, openHarness, setup } from '../support/harness.js';
import { findPgBinDir, startPgCluster } from '../support/pg-cluster.js';

const backend = inject('backend');
/** PostgreSQL restarts in the exactly-once test: 5 in `npm test`, 20 in `npm run test:faults`. */
const RESTARTS = Math.max(1, Number(import.meta.env.FAULT_RESTARTS ?? 5) || 5);
const realServer = Boolean(backend.app.url);

/** A TCP proxy in front of the database: `cut('reset')` refuses and drops connections (a stopped
 * server), `cut('blackhole')` accepts and never answers (a network partition), `restore()` heals. */
async function startProxy(upstream: { host: string; port: number } | { path: string }) {
  let mode: 'up' | 'reset' | 'blackhole' = 'up';
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => {});
    if (mode === 'reset') return void client.destroy();
    if (mode === 'blackhole') return; // held open, never answered
    const up = connect(upstream as never);
    sockets.add(up);
    up.on('close', () => {
      sockets.delete(up);
      client.destroy();
    });
    up.on('error', () => client.destroy());
    client.on('close', () => up.destroy());
    client.pipe(up);
    up.pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    cut(m: 'reset' | 'blackhole') {
      mode = m;
      for (const s of sockets) s.destroy();
    },
    restore() {
      mode = 'up';
      for (const s of sockets) s.destroy(); // black-holed connections too: the driver reconnects
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every entry recorded through it carries `marker` as its trace id, so the test can count its rows. */
function tagging(inner: AuditSink, marker: string): AuditSink {
  return { ...inner, record: (e) => inner.record(Promise.resolve(e).then((x) => ({ ...x, traceId: marker }))) };
}

const entry = (traceId: string): AuditEntry => ({
  principalId: randomUUID(),
  role: 'store_manager',
  tool: 'execute_sales_query',
  sqlFingerprint: 'abcdef0123456789',
  sqlNormalized: 'select $1',
  rowCount: 1,
  resultBytes: 12,
  durationMs: 3,
  outcome: 'ok',
  errorCode: null,
  traceId,
});

/**
 * A sink in its own process, as the server runs it: recording a row every 2 ms until told to stop,
 * then flushing. Like the server (src/runtime/process-guards.ts), it survives driver errors that no
 * caller awaited, and counts them: the test worker's embedder library would rethrow them.
 */
async function startSinkChild(o: { url: string; label: string; dir: string; marker: string }) {
  const mod = (p: string) => JSON.stringify(fileURLToPath(new URL(`../../src/${p}`, import.meta.url)));
  const script = join(spillRoot, `sink-child-${randomUUID().slice(0, 8)}.mts`);
  await writeFile(
    script,
    `import { createAuditSink } from ${mod('audit/audit-sink.ts')};
import { createPool } from ${mod('db/client.ts')};
import { loadConfig } from ${mod('config.ts')};
let unhandled = 0;
process.on('unhandledRejection', () => void unhandled++);
process.on('uncaughtException', () => void unhandled++);
const o = ${JSON.stringify(o)};
const sql = createPool({ url: o.url }, loadConfig({ DATABASE_URL: o.url, RLS_SEAL_KEY: 'a'.repeat(64), AUTH_DEV_SECRET: 'x'.repeat(32) }), { max: 2, label: o.label });
const sink = createAuditSink(sql, { debug() {}, info() {}, warn() {}, error() {} }, { spillDir: o.dir, batchSize: 20, flushIntervalMs: 20, retryMinMs: 25, retryMaxMs: 250, writeTimeoutMs: 1500 });
let recorded = 0, stop = false;
process.stdin.on('data', () => void (stop = true));
process.stdout.write('ready\\n');
while (!stop) {
  sink.record({ principalId: crypto.randomUUID(), role: 'store_manager', tool: 'execute_sales_query', sqlFingerprint: 'abcdef0123456789', sqlNormalized: 'select $1', rowCount: 1, resultBytes: 12, durationMs: 3, outcome: 'ok', errorCode: null, traceId: o.marker });
  recorded++;
  await new Promise((r) => setTimeout(r, 2));
}
await sink.flush();
const stats = sink.stats();
await sink.close();
process.stdout.write(JSON.stringify({ recorded, stats, unhandled }) + '\\n');
await sql.end({ timeout: 1 });
process.exit(0);
`,
  );
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    stdio: ['pipe', 'pipe', 'pipe'],
    cwd: fileURLToPath(new URL('../../', import.meta.url)),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += String(d)));
  child.stderr.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<number | null>((r) => child.once('exit', r));
  const until = Date.now() + 30_000;
  while (!stdout.includes('ready')) {
    if (Date.now() > until || child.exitCode !== null) throw new Error(`sink child did not start: ${stderr}`);
    await sleep(20);
  }
  return {
    async stop(): Promise<{ recorded: number; stats: AuditStats; unhandled: number }> {
      child.stdin.write('stop\n');
      const code = await Promise.race([exited, sleep(60_000).then(() => 'timeout')]);
      if (code !== 0) throw new Error(`sink child ended with ${code}: ${stderr}`);
      return JSON.parse(stdout.trim().split('\n').pop()!);
    },
  };
}

let h: Harness;
let users: TestUsers;
let spillRoot: string;
const logs: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
const recordingLog: Logger = {
  debug: (msg, fields) => void logs.push({ level: 'debug', msg, fields: { ...fields, at: Date.now() } }),
  info: (msg, fields) => void logs.push({ level: 'info', msg, fields }),
  warn: (msg, fields) => void logs.push({ level: 'warn', msg, fields }),
  error: (msg, fields) => void logs.push({ level: 'error', msg, fields }),
};

beforeAll(async () => {
  h = await openHarness();
  users = await loadTestUsers(h.admin);
  spillRoot = await mkdtemp(join(tmpdir(), 'audit-outage-'));
});
afterAll(async () => {
  await h?.close();
  await rm(spillRoot, { recursive: true, force: true });
});

async function countRows(admin: Sql, marker: string) {
  const [r] = await admin.begin(
    (tx) => tx<{ n: number; ids: number }[]>`
    select count(*)::int as n, count(distinct entry_id)::int as ids from retail_private.audit_log where trace_id = ${marker}`,
  );
  return r!;
}

/** A pool on the proxy: the same login as the harness's app pool. */
function poolVia(port: number, label: string, max = 2): Sql {
  if (backend.app.url) {
    const u = new URL(backend.app.url);
    u.hostname = '127.0.0.1';
    u.port = String(port);
    return createPool({ url: u.toString() }, h.config, { max, label });
  }
  return createPool({ url: `postgres://postgres@127.0.0.1:${port}/postgres` }, h.config, { max, label });
}

function upstreamOf(): { host: string; port: number } | { path: string } {
  if (backend.app.url) {
    const u = new URL(backend.app.url);
    return { host: u.hostname, port: Number(u.port || 5432) };
  }
  return { path: backend.app.socketPath! };
}

describe('audit trail across outages', () => {
  it('every answered call has exactly one audit row after the sink’s database drops, hangs and returns', async () => {
    const proxy = await startProxy(upstreamOf());
    const pool = poolVia(proxy.port, 'retail-mcp-audit-outage');
    const dir = join(spillRoot, 'calls');
    const sink = createAuditSink(pool, recordingLog, { spillDir: dir, flushIntervalMs: 200, retryMinMs: 50, retryMaxMs: 400, writeTimeoutMs: 1000 });
    const marker = `audit-outage-${randomUUID()}`;
    const saved = h.deps;
    h.deps = { ...h.deps, audit: tagging(sink, marker) };
    try {
      const clients = await Promise.all(
        [users.storeManagers[0]!, users.regionalManagers[0]!, users.headOffice, users.storeManagers[2]!].map((u) => setup(h, u.user_id)),
      );
      let answered = 0;
      let stop = false;
      const workers = clients.map(async (c, i) => {
        let k = 0;
        while (!stop) {
          const r =
            k++ % 3 === 0
              ? await c.callTool('get_current_utc_date', {})
              : await c.callTool('execute_sales_query', { postgresql_query: `select count(*) as n from retail.stores where store_id > ${i}` });
          answered += 1; // ok or error: either way an answer went back, so a row is owed
          if (r.isError) expect(r.error?.code).not.toBe('INTERNAL');
          await sleep(5); // a steady load, not a CPU-bound loop: the sink shares this thread
        }
      });
      // Three outages of each kind while the calls go on.
      for (const kind of ['reset', 'blackhole', 'reset', 'blackhole', 'reset', 'blackhole'] as const) {
        await sleep(1500);
        proxy.cut(kind);
        recordingLog.debug(`test: cut ${kind}`);
        await sleep(kind === 'blackhole' ? 1500 : 700);
        proxy.restore();
        recordingLog.debug('test: restored');
      }
      await sleep(300);
      stop = true;
      await Promise.all(workers);
      await Promise.all(clients.map((c) => c.close()));
      // On a loaded machine the sink's connection may still be coming back from the last outage, and
      // a flush then spills what it cannot write: flush until nothing waits in memory or on disk.
      for (let i = 0; i < 75; i++) {
        await sink.flush();
        if (sink.stats().buffered === 0 && sink.stats().spillFiles === 0) break;
        await sleep(200);
      }
      const stats = sink.stats();
      const rows = await countRows(h.admin, marker);
      expect(answered).toBeGreaterThan(50);
      expect(rows).toEqual({ n: answered, ids: answered });
      expect(stats.spilled).toBeGreaterThan(0); // the outages really hit the sink
      expect(stats).toMatchObject({ buffered: 0, spillFiles: 0, dropped: 0, databaseUp: true });
      expect(stats.replayed).toBe(stats.spilled);
      expect((await readdir(dir)).filter((f) => f.startsWith('audit-'))).toEqual([]);
      expect(logs.some((l) => l.msg.startsWith('audit database unavailable'))).toBe(true);
      expect(logs.some((l) => l.msg.startsWith('audit database back'))).toBe(true);
      const downs = logs.filter((l) => l.msg.startsWith('audit database unavailable')).length;
      process.stderr.write(
        `[audit-outage] ${answered} answered calls, ${stats.written} rows written directly, ${stats.spilled} spilled and replayed; 6 outages, ${downs} seen by the sink\n`,
      );
    } finally {
      h.deps = saved;
      await sink.close();
      await pool.end({ timeout: 1 });
      await proxy.close();
    }
  });

  it.skipIf(!realServer)('killing the sink’s connections mid-write (pg_terminate_backend) neither loses nor duplicates a row', async () => {
    const label = `audit-kill-${randomUUID().slice(0, 8)}`;
    const marker = `audit-kill-${randomUUID()}`;
    const child = await startSinkChild({ url: backend.app.url!, label, dir: join(spillRoot, 'kill'), marker });
    let killed = 0;
    const end = Date.now() + 4000;
    while (Date.now() < end) {
      const r = await h.admin`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where application_name = ${label}`;
      killed += r[0]!.n;
      await sleep(15 + Math.random() * 25);
    }
    const out = await child.stop();
    expect(await countRows(h.admin, marker)).toEqual({ n: out.recorded, ids: out.recorded });
    expect(killed).toBeGreaterThanOrEqual(3);
    expect(out.stats).toMatchObject({ buffered: 0, spillFiles: 0, dropped: 0 });
    process.stderr.write(
      `[audit-outage] pg_terminate_backend x${killed}: ${out.recorded} rows, each once; ${out.stats.spilled} spilled and replayed; driver errors nobody awaited: ${out.unhandled}\n`,
    );
  });

  it('a SIGKILLed process’s spill files are replayed by the next one exactly once, even after a replay that died halfway', async () => {
    const dir = join(spillRoot, 'crash');
    const marker = `audit-crash-${randomUUID()}`;
    const sinkModule = fileURLToPath(new URL('../../src/audit/audit-sink.ts', import.meta.url));
    const clientModule = fileURLToPath(new URL('../../src/db/client.ts', import.meta.url));
    const configModule = fileURLToPath(new URL('../../src/config.ts', import.meta.url));
    const script = join(spillRoot, 'crash-child.ts');
    // The child's database is a port nothing listens on: every write fails, every row is spilled.
    await writeFile(
      script,
      `import { createAuditSink } from ${JSON.stringify(sinkModule)};
import { createPool } from ${JSON.stringify(clientModule)};
import { loadConfig } from ${JSON.stringify(configModule)};
const url = 'postgres://nobody@127.0.0.1:1/none';
const sql = createPool({ url }, loadConfig({ DATABASE_URL: url, RLS_SEAL_KEY: 'a'.repeat(64), AUTH_DEV_SECRET: 'x'.repeat(32) }), { max: 1 });
const log = { debug() {}, info() {}, warn() {}, error() {} };
const sink = createAuditSink(sql, log, { spillDir: ${JSON.stringify(dir)}, flushIntervalMs: 20, retryMinMs: 60000, writeTimeoutMs: 500 });
for (let i = 0; i < 500; i++) sink.record({ principalId: crypto.randomUUID(), role: 'store_manager', tool: 'get_current_utc_date', sqlFingerprint: null, sqlNormalized: null, rowCount: null, resultBytes: 2, durationMs: 1, outcome: 'ok', errorCode: null, traceId: ${JSON.stringify(marker)} });
const t = setInterval(() => { if (sink.stats().spilled === 500) { process.stdout.write('spilled\\n'); clearInterval(t); } }, 10);
setInterval(() => {}, 1000); // stays alive until killed
`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: fileURLToPath(new URL('../../', import.meta.url)),
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`child never spilled: ${stderr}`)), 30_000);
      child.stdout.on('data', (d) => {
        if (!String(d).includes('spilled')) return;
        clearTimeout(t);
        resolve();
      });
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const files = (await readdir(dir)).filter((f) => f.startsWith('audit-')).sort();
    expect(files.length).toBeGreaterThan(0);
    // A replay that committed part of the first file and died before deleting it:
    const first = (await readFile(join(dir, files[0]!), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as StoredAuditEntry);
    await sqlAuditWriter(h.app)(first.slice(0, Math.ceil(first.length / 2)));
    expect((await countRows(h.admin, marker)).n).toBe(Math.ceil(first.length / 2));

    const next = createAuditSink(h.app, recordingLog, { spillDir: dir });
    await next.flush();
    expect(await countRows(h.admin, marker)).toEqual({ n: 500, ids: 500 });
    expect(next.stats().replayed).toBe(500);
    expect(await readdir(dir)).toEqual([]);
    await next.close();
    // And once more on the same directory: nothing left to add.
    const again = createAuditSink(h.app, silentLogger, { spillDir: dir });
    await again.flush();
    expect(again.stats().replayed).toBe(0);
    expect((await countRows(h.admin, marker)).n).toBe(500);
    await again.close();
    expect(logs.some((l) => l.msg === 'audit spill files found from an earlier run: replaying them')).toBe(true);
  });

  it('at the bound, calls are refused with a retryable AUDIT_UNAVAILABLE; after recovery every row is there', async () => {
    const proxy = await startProxy(upstreamOf());
    const pool = poolVia(proxy.port, 'retail-mcp-audit-bound');
    // No spill file: memory only, 50 rows.
    const sink = createAuditSink(pool, silentLogger, {
      spillDir: null,
      maxBuffered: 50,
      flushIntervalMs: 20,
      retryMinMs: 50,
      retryMaxMs: 200,
      writeTimeoutMs: 500,
    });
    const marker = `audit-bound-${randomUUID()}`;
    try {
      proxy.cut('reset');
      let recorded = 0;
      let refusal: unknown = null;
      for (let i = 0; i < 200 && refusal === null; i++) {
        try {
          sink.requireCapacity(); // where the pipeline asks, before a call runs
          sink.record(entry(marker));
          recorded += 1;
        } catch (err) {
          refusal = err;
        }
        await sleep(2);
      }
      expect(recorded).toBe(50);
      expect(toToolError(refusal)).toMatchObject({ code: 'AUDIT_UNAVAILABLE', retryable: true });
      expect(sink.stats()).toMatchObject({ accepting: false, refusedCalls: 1, dropped: 0 });
      proxy.restore();
      const until = Date.now() + 10_000;
      while (!sink.accepting() && Date.now() < until) await sleep(20);
      expect(sink.accepting()).toBe(true);
      await sink.flush();
      expect(await countRows(h.admin, marker)).toEqual({ n: 50, ids: 50 });
    } finally {
      await sink.close();
      await pool.end({ timeout: 1 });
      await proxy.close();
    }
  });
});

describe.skipIf(!realServer || !findPgBinDir())('audit trail across PostgreSQL restarts (throwaway cluster)', () => {
  it(
    `every recorded row is written exactly once across ${RESTARTS} restarts`,
    async () => {
      const cluster = await startPgCluster();
      const config = loadConfig({ DATABASE_URL: cluster.url(), RLS_SEAL_KEY: 'a'.repeat(64), AUTH_DEV_SECRET: 'x'.repeat(32) });
      const admin = createPool({ url: cluster.url() }, config, { max: 1 });
      try {
        await migrate(admin);
        const marker = `audit-restart-${randomUUID()}`;
        const child = await startSinkChild({
          url: cluster.url('postgres', 'retail_app'),
          label: 'retail-mcp-audit-restart',
          dir: join(spillRoot, 'restart'),
          marker,
        });
        for (let i = 0; i < RESTARTS; i++) {
          await sleep(700);
          await cluster.restart('fast');
        }
        await sleep(500);
        const out = await child.stop();
        const [r] = await admin<
          { n: number; ids: number }[]
        >`select count(*)::int as n, count(distinct entry_id)::int as ids from retail_private.audit_log where trace_id = ${marker}`;
        expect(r).toEqual({ n: out.recorded, ids: out.recorded });
        expect(out.stats).toMatchObject({ buffered: 0, spillFiles: 0, dropped: 0 });
        expect(out.stats.spilled).toBeGreaterThan(0);
        process.stderr.write(
          `[audit-outage] ${RESTARTS} PostgreSQL restarts: ${out.recorded} rows, each once; ${out.stats.spilled} spilled and replayed; driver errors nobody awaited: ${out.unhandled}\n`,
        );
      } finally {
        await admin.end({ timeout: 1 });
        await cluster.destroy();
      }
    },
    60_000 + RESTARTS * 5_000,
  );
});
