// The audit sink without a database: a fake table keyed by entry_id (as migration 011's unique index
// with `on conflict do nothing`) behind a writer the tests take down, hang, or make lose its answer.
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CollectionResult, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AuditSink, type AuditSinkOptions, auditOptionsFromConfig, createAuditSinkWith } from '../../src/audit/audit-sink.js';
import type { AuditEntry, StoredAuditEntry } from '../../src/audit/audit-writer.js';
import { loadConfig } from '../../src/config.js';
import { toToolError } from '../../src/errors.js';
import { type Logger, silentLogger } from '../../src/log.js';

type Mode = 'up' | 'down' | 'hang' | 'lost-ack';

function fakeTable() {
  const rows = new Map<string, StoredAuditEntry>();
  let mode: Mode = 'up';
  let attempts = 0;
  const hung: (() => void)[] = [];
  const commit = (batch: StoredAuditEntry[]) => {
    if (batch.some((r) => r.principalId === 'not-a-uuid')) throw Object.assign(new Error('invalid input syntax for type uuid'), { code: '22P02' });
    for (const r of batch) if (!rows.has(r.entryId)) rows.set(r.entryId, r); // on conflict do nothing
  };
  const writer = async (batch: StoredAuditEntry[]) => {
    attempts += 1;
    await new Promise((r) => setImmediate(r));
    if (mode === 'down') throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    if (mode === 'lost-ack') {
      commit(batch); // committed, but the connection died before the answer came back
      throw Object.assign(new Error('write CONNECTION_CLOSED'), { code: 'CONNECTION_CLOSED' });
    }
    if (mode === 'hang') {
      await new Promise<void>((r) => hung.push(r));
    }
    commit(batch);
  };
  return {
    rows,
    writer,
    set: (m: Mode) => {
      mode = m;
    },
    get attempts() {
      return attempts;
    },
    releaseHung: () => hung.splice(0).forEach((r) => r()),
  };
}

let n = 0;
const entry = (over: Partial<AuditEntry> = {}): AuditEntry => ({
  principalId: '00000000-0000-4000-8000-000000000001',
  role: 'store_manager',
  tool: 'execute_sales_query',
  sqlFingerprint: null,
  sqlNormalized: null,
  rowCount: 1,
  resultBytes: 10,
  durationMs: 1,
  outcome: 'ok',
  errorCode: null,
  traceId: `t-${n++}`,
  ...over,
});

const until = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

const fast: AuditSinkOptions = { flushIntervalMs: 10, retryMinMs: 10, retryMaxMs: 40, writeTimeoutMs: 200, batchSize: 50 };

let dir: string;
const sinks: AuditSink[] = [];
const make = (t: ReturnType<typeof fakeTable>, o: AuditSinkOptions = {}, log: Logger = silentLogger) => {
  const s = createAuditSinkWith(t.writer, log, { ...fast, spillDir: dir, ...o });
  sinks.push(s);
  return s;
};
const segmentsIn = async () => (await readdir(dir)).filter((f) => f.startsWith('audit-'));

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'audit-spill-'));
});
afterEach(async () => {
  for (const s of sinks.splice(0)) await s.close().catch(() => {});
  await rm(dir, { recursive: true, force: true });
});

describe('audit sink', () => {
  it('writes every row once while the database is healthy', async () => {
    const t = fakeTable();
    const s = make(t);
    for (let i = 0; i < 230; i++) s.record(i % 2 ? entry() : Promise.resolve(entry()));
    await s.flush();
    expect(t.rows.size).toBe(230);
    expect(s.stats()).toMatchObject({ written: 230, spilled: 0, buffered: 0, databaseUp: true });
    expect([...t.rows.values()].every((r) => /^[0-9a-f-]{36}$/.test(r.entryId) && !Number.isNaN(Date.parse(r.occurredAt)))).toBe(true);
  });

  it('keeps rows through an outage in spill files and writes each exactly once when the database returns', async () => {
    const t = fakeTable();
    const s = make(t);
    t.set('down');
    for (let i = 0; i < 300; i++) s.record(entry());
    await until(() => s.stats().spilled === 300);
    expect(s.stats().databaseUp).toBe(false);
    expect((await segmentsIn()).length).toBeGreaterThan(0);
    expect(t.rows.size).toBe(0);
    // More calls during the outage, then the database comes back: the retry timer finds it.
    for (let i = 0; i < 20; i++) s.record(entry());
    t.set('up');
    await until(() => s.stats().databaseUp && s.stats().spillFiles === 0 && s.stats().buffered === 0);
    expect(t.rows.size).toBe(320);
    expect(await segmentsIn()).toEqual([]);
    expect(s.stats()).toMatchObject({ replayed: s.stats().spilled, dropped: 0 });
  });

  it('a write that committed but lost its answer is not duplicated by the retry', async () => {
    const t = fakeTable();
    const s = make(t);
    t.set('lost-ack');
    for (let i = 0; i < 40; i++) s.record(entry());
    await until(() => s.stats().spilled === 40);
    t.set('up');
    await s.flush();
    expect(t.rows.size).toBe(40);
    expect(t.attempts).toBeGreaterThan(1);
  });

  it('a write that hangs past the timeout is spilled; when it commits late, the replay adds nothing', async () => {
    const t = fakeTable();
    const s = make(t);
    t.set('hang');
    for (let i = 0; i < 10; i++) s.record(entry());
    await until(() => s.stats().spilled === 10);
    t.releaseHung();
    t.set('up');
    await s.flush();
    expect(t.rows.size).toBe(10);
    expect(s.stats().spillFiles).toBe(0);
  });

  it('a new sink on the same directory replays what a crashed one spilled, once', async () => {
    const crashed = fakeTable();
    crashed.set('down');
    const a = createAuditSinkWith(crashed.writer, silentLogger, { ...fast, spillDir: dir, retryMinMs: 60_000 });
    for (let i = 0; i < 120; i++) a.record(entry());
    await until(() => a.stats().spilled === 120);
    // "Crash": a is never closed; its database never comes back. A stale temporary file, as left by
    // a writer killed between write and rename, with a torn last line:
    const stale = join(dir, `.tmp-audit-${String(Date.now() - 120_000).padStart(13, '0')}-1-0-deadbeef.jsonl`);
    const extra = [entry(), entry()].map((e, i) =>
      JSON.stringify({ ...e, entryId: `00000000-0000-4000-8000-00000000000${i}`, occurredAt: new Date().toISOString() }),
    );
    await writeFile(stale, `${extra.join('\n')}\n{"entryId":"torn`);
    await utimes(stale, new Date(Date.now() - 120_000), new Date(Date.now() - 120_000));

    const t = fakeTable();
    // As if a first replay had committed some rows and died before deleting the file:
    const first = (await segmentsIn())[0]!;
    for (const line of (await readFile(join(dir, first), 'utf8')).trim().split('\n').slice(0, 7)) {
      const e = JSON.parse(line) as StoredAuditEntry;
      t.rows.set(e.entryId, e);
    }
    const b = make(t);
    await b.flush();
    expect(t.rows.size).toBe(122);
    expect(await readdir(dir)).toEqual([]);
    const c = make(t);
    await c.flush();
    expect(t.rows.size).toBe(122);
    expect(c.stats().replayed).toBe(0);
  });

  it('close() during an outage leaves every row in the spill files for the next start', async () => {
    const t = fakeTable();
    const s = make(t, { flushIntervalMs: 60_000, batchSize: 1000 });
    t.set('down');
    await s.flush(); // marks it down
    for (let i = 0; i < 33; i++) s.record(Promise.resolve(entry()));
    await s.close();
    expect(s.stats()).toMatchObject({ buffered: 0, spilled: 33, dropped: 0 });
    // A call that ends after close() still gets its row onto disk.
    s.record(entry());
    expect(s.stats().spilled).toBe(34);
    t.set('up');
    const next = make(t);
    await next.flush();
    expect(t.rows.size).toBe(34);
  });

  it('refuses new calls at the bound with a retryable AUDIT_UNAVAILABLE, and accepts again after recovery', async () => {
    const t = fakeTable();
    const logs: string[] = [];
    const log = { ...silentLogger, error: (m: string) => void logs.push(m), warn: (m: string) => void logs.push(m) };
    const s = make(t, { spillDir: null, maxBuffered: 10 }, log);
    t.set('down');
    for (let i = 0; i < 9; i++) {
      s.requireCapacity();
      s.record(entry());
    }
    expect(s.accepting()).toBe(true);
    s.record(entry());
    expect(s.accepting()).toBe(false);
    let refused: unknown;
    try {
      s.requireCapacity();
    } catch (err) {
      refused = err;
    }
    expect(toToolError(refused)).toMatchObject({ code: 'AUDIT_UNAVAILABLE', retryable: true });
    expect(toToolError(refused).message).toMatch(/not run/);
    // The refused call's own entry is not kept while the buffer is full; calls already running are.
    s.record(entry({ outcome: 'error', errorCode: 'AUDIT_UNAVAILABLE' }));
    s.record(entry());
    expect(s.stats()).toMatchObject({ buffered: 11, refusedCalls: 1, dropped: 0 });
    expect(logs).toContain('audit buffer full: refusing new tool calls (AUDIT_UNAVAILABLE) until the database or spill space is back');
    t.set('up');
    await until(() => s.accepting());
    await s.flush();
    expect(t.rows.size).toBe(11);
  });

  it('refuses once spill space is used up too', async () => {
    const t = fakeTable();
    const s = make(t, { spillMaxBytes: 2000, maxBuffered: 20 });
    t.set('down');
    await s.flush();
    // One row at a time, each on disk before the next, until the spill space is used up...
    while (s.stats().spillBytes < 2000) {
      s.record(entry());
      await until(() => s.stats().buffered === 0);
    }
    expect(s.accepting()).toBe(true);
    // ...then rows stay in memory, up to the bound.
    for (let i = 0; i < 20; i++) s.record(entry());
    await s.flush().catch(() => {});
    expect(s.stats().buffered).toBe(20);
    expect(s.accepting()).toBe(false);
    expect(() => s.requireCapacity()).toThrow(/not run/);
    t.set('up');
    await s.flush();
    expect(t.rows.size).toBe(s.stats().written + s.stats().replayed);
    expect(s.accepting()).toBe(true);
  });

  it("overflow 'drop' answers and drops, counted", async () => {
    const t = fakeTable();
    const s = make(t, { spillDir: null, maxBuffered: 10, overflow: 'drop' });
    t.set('down');
    for (let i = 0; i < 15; i++) s.record(entry());
    expect(s.accepting()).toBe(true);
    expect(() => s.requireCapacity()).not.toThrow();
    expect(s.stats()).toMatchObject({ buffered: 10, dropped: 5 });
  });

  it('a row the database rejects as invalid is set aside, and does not block the others', async () => {
    const t = fakeTable();
    const logs: string[] = [];
    const s = make(t, {}, { ...silentLogger, error: (m: string) => void logs.push(m) });
    for (let i = 0; i < 5; i++) s.record(entry());
    s.record(entry({ principalId: 'not-a-uuid' }));
    await s.flush();
    expect(t.rows.size).toBe(5);
    expect(s.stats()).toMatchObject({ rejected: 1, databaseUp: true, buffered: 0 });
    expect(logs).toContain('audit write failed');
    expect((await readdir(dir)).filter((f) => f.startsWith('rejected-'))).toHaveLength(1);
  });

  it('counts rows by fate and reports the backlog as metrics', async () => {
    const reader = new (class extends MetricReader {
      protected async onShutdown() {}
      protected async onForceFlush() {}
    })();
    const provider = new MeterProvider({ readers: [reader] });
    const t = fakeTable();
    const s = make(t, { meter: provider.getMeter('test') });
    t.set('down');
    for (let i = 0; i < 12; i++) s.record(entry());
    await until(() => s.stats().spilled === 12);
    const metric = (r: CollectionResult, name: string) => r.resourceMetrics.scopeMetrics.flatMap((m) => m.metrics).find((m) => m.descriptor.name === name);
    let r = await reader.collect();
    const backlog = metric(r, 'retail_mcp.audit.backlog')!.dataPoints.find((d) => d.attributes.where === 'spill_bytes');
    expect(backlog!.value).toBeGreaterThan(0);
    t.set('up');
    await s.flush();
    r = await reader.collect();
    const fates = Object.fromEntries(metric(r, 'retail_mcp.audit.rows')!.dataPoints.map((d) => [d.attributes.fate, d.value]));
    expect(fates).toMatchObject({ spilled: 12, replayed: 12 });
    await provider.shutdown();
  });

  it('takes its policy from the configuration: spill files under the data dir by default', () => {
    expect(auditOptionsFromConfig(loadConfig({}))).toEqual({
      maxBuffered: 10_000,
      overflow: 'refuse',
      spillDir: '.data/audit-spill',
      spillMaxBytes: 256 * 1024 * 1024,
    });
    expect(auditOptionsFromConfig(loadConfig({ RETAIL_MCP_DATA_DIR: '/var/lib/x/', AUDIT_OVERFLOW: 'drop', AUDIT_BUFFER_MAX: '500' }))).toMatchObject({
      spillDir: '/var/lib/x/audit-spill',
      overflow: 'drop',
      maxBuffered: 500,
    });
    expect(auditOptionsFromConfig(loadConfig({ AUDIT_SPILL_DIR: '/spill', AUDIT_SPILL_MAX_MB: '1' }))).toMatchObject({
      spillDir: '/spill',
      spillMaxBytes: 1024 * 1024,
    });
    expect(auditOptionsFromConfig(loadConfig({ AUDIT_SPILL_MAX_MB: '0' })).spillDir).toBeNull();
    expect(() => loadConfig({ AUDIT_OVERFLOW: 'ignore' })).toThrow(/AUDIT_OVERFLOW/);
  });
});
