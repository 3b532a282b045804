// The embedded mode stops a runaway statement: PGlite enforces no statement_timeout (a statement
// runs synchronously inside WebAssembly), so the engine runs in a worker thread that is replaced
// when a statement overruns. The call answers QUERY_TIMEOUT within the timeout plus a small
// margin, the next call of any tenant works, and nothing committed is lost. This file starts its
// own embedded database in a temp dir, so it runs on every test backend.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createPool, type Sql } from '../../src/db/client.js';
import { type EmbeddedDatabase, openEmbeddedDatabase } from '../../src/db/embedded.js';
import { classifyPgError } from '../../src/db/pg-errors.js';
import { createWithTenant, type WithTenant } from '../../src/db/with-tenant.js';
import { silentLogger } from '../../src/log.js';
import { initialiseDatabase } from '../../src/runtime/initialise.js';
import { loadTestUsers, type TestUsers } from '../support/fixtures.js';

const TIMEOUT_MS = 1000;
/** The deadline check, the worker's termination and the answer, on a loaded 2-core machine. */
const MARGIN_MS = 1500;

const RUNAWAYS = {
  'a recursive CTE without end': 'with recursive r(n) as (select 1 union all select n + 1 from r) select count(*) from r',
  'a cross join': 'select count(*) from retail.order_items a, retail.order_items b, retail.order_items c',
  'generate_series to 10^12': 'select count(*) from generate_series(1, 1e12::bigint)',
};

const dir = mkdtempSync(join(tmpdir(), 'retail-mcp-timeout-'));
const sealKeyHex = randomBytes(32).toString('hex');
const config = loadConfig({ RETAIL_MCP_DATA_DIR: dir, STATEMENT_TIMEOUT_MS: String(TIMEOUT_MS) });
let db: EmbeddedDatabase;
let admin: Sql;
let app: Sql;
let withTenant: WithTenant;
let users: TestUsers;

async function open(): Promise<void> {
  db = await openEmbeddedDatabase(dir);
  admin = createPool({ socketPath: db.socketPath }, config, { max: 2, label: 'test-admin' });
  // As the server does: one connection for the calls.
  app = createPool({ socketPath: db.socketPath }, config, { max: 1 });
  withTenant = createWithTenant(app, { sealKeyHex, statementTimeoutMs: TIMEOUT_MS });
}

async function shut(): Promise<void> {
  await Promise.all([admin.end({ timeout: 5 }), app.end({ timeout: 5 })]);
  await db.close();
}

async function counts(): Promise<Record<string, number>> {
  const [row] = await admin.begin(
    (tx) => tx<{ orders: number; items: number; probe: number }[]>`
      select (select count(*)::int from retail.orders) as orders,
             (select count(*)::int from retail.order_items) as items,
             (select count(*)::int from timeout_probe) as probe`,
  );
  return { ...row! };
}

beforeAll(async () => {
  await open();
  await initialiseDatabase(admin, { sealKeyHex, scale: 0.05, log: silentLogger, progress: false });
  await admin`create table if not exists timeout_probe (n int)`;
  users = await loadTestUsers(admin);
}, 600_000);

afterAll(async () => {
  await shut();
  rmSync(dir, { recursive: true, force: true });
});

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value?: T; error?: unknown }> {
  const started = Date.now();
  try {
    const value = await fn();
    return { ms: Date.now() - started, value };
  } catch (error) {
    return { ms: Date.now() - started, error };
  }
}

describe('a runaway statement in the embedded database', () => {
  it.each(Object.entries(RUNAWAYS))(
    '%s answers QUERY_TIMEOUT in time, and the next call of another tenant works',
    async (_, sql) => {
      const before = await counts();
      // Committed just before the runaway: must survive the engine being replaced.
      await admin`insert into timeout_probe values (1)`;
      const caller = users.headOffice;
      const other = users.storeManagers[0]!;
      const runaway = timed(() => withTenant({ userId: caller.user_id }, (tx) => tx.unsafe(sql)));
      // Another tenant's call, queued behind the runaway on the one connection.
      const queued = timed(() => withTenant({ userId: other.user_id }, (tx) => tx`select count(*)::int as n from retail.stores`));
      const r = await runaway;
      expect(r.error, 'the runaway must not finish').toBeDefined();
      expect(classifyPgError(r.error)?.code).toBe('QUERY_TIMEOUT');
      expect(r.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(r.ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
      const q = await queued;
      expect(q.error).toBeUndefined();
      expect(q.value).toEqual([{ n: other.store_ids.length }]);
      const next = await withTenant({ userId: caller.user_id }, (tx) => tx`select count(*)::int as n from retail.stores`);
      expect(next).toEqual([{ n: users.allStoreIds.length }]);
      expect(await counts()).toEqual({ ...before, probe: before.probe! + 1 });
      process.stderr.write(
        `[embedded-timeout] ${_}: QUERY_TIMEOUT after ${r.ms} ms (timeout ${TIMEOUT_MS} ms); queued call of another tenant answered after ${q.ms} ms\n`,
      );
    },
    120_000,
  );

  it('a runaway write is rolled back, and committed rows stay', async () => {
    const before = await counts();
    const r = await timed(() =>
      admin.begin(async (tx) => {
        await tx`select set_config('statement_timeout', ${String(TIMEOUT_MS)}, true)`;
        await tx`insert into timeout_probe select g from generate_series(1, 1e12::bigint) g`;
      }),
    );
    expect((r.error as { code?: string }).code).toBe('57014');
    expect(await counts()).toEqual(before);
  }, 120_000);

  it('postgres.js cancel() stops the running statement', async () => {
    const query = app`select count(*) from generate_series(1, 1e12::bigint)`;
    const started = Date.now();
    let runningAtCancel: { pid: number; since: number } | null = null;
    setTimeout(() => {
      runningAtCancel = db.activity();
      query.cancel();
    }, 300);
    const r = await timed(() => query);
    expect((r.error as { code?: string }).code).toBe('57014');
    // What the tests on real PostgreSQL read from pg_stat_activity: it ran, and runs no more.
    expect(runningAtCancel).not.toBeNull();
    expect(db.activity()).toBeNull();
    expect(Date.now() - started).toBeLessThan(300 + MARGIN_MS);
    expect(await app`select 1 as one`).toEqual([{ one: 1 }]);
  }, 120_000);

  it('a client idle in a transaction past idle_in_transaction_session_timeout loses its session, so others go on', async () => {
    const idle = createPool({ socketPath: db.socketPath }, config, { max: 1, label: 'test-idle' });
    try {
      const before = await counts();
      const reserved = await idle.reserve();
      await reserved`begin`;
      await reserved`select set_config('idle_in_transaction_session_timeout', '500', true)`;
      await reserved`insert into timeout_probe values (2)`;
      // The one PGlite session is held by that transaction; this call waits for it to end.
      const started = Date.now();
      expect(await admin.begin((tx) => tx`select 1 as one`)).toEqual([{ one: 1 }]);
      const waited = Date.now() - started;
      expect(waited).toBeGreaterThanOrEqual(400);
      expect(waited).toBeLessThan(500 + MARGIN_MS);
      // Its transaction was rolled back.
      expect(await counts()).toEqual(before);
      reserved.release();
    } finally {
      await idle.end({ timeout: 1 });
    }
  }, 60_000);

  it('the data dir opens cleanly afterwards, with everything committed in it', async () => {
    const before = await counts();
    expect(db.restarts()).toBeGreaterThanOrEqual(Object.keys(RUNAWAYS).length + 2);
    await shut();
    await open();
    expect(await counts()).toEqual(before);
  }, 120_000);
});
