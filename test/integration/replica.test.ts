// The read replica, on real engines: a throwaway PostgreSQL primary (test/support/pg-cluster.ts;
// the shared server is never touched), migrated and seeded, and a hot standby of it made with
// pg_basebackup -R. Tenant transactions go through src/db/replica-routing.ts exactly as the server's
// do. Proved on the standby: calls run there (pg_is_in_recovery() inside the call's transaction),
// RLS per role, the sealed context (a forged seal sees nothing), the statement timeout, a tool call
// through the MCP server, and a recovery conflict retried on the primary. Then the standby is stopped
// under load: every call still succeeds, on the primary, and calls return to the standby once it is
// back. The replica lag is measured and printed to stderr.
//
// Needs real PostgreSQL server binaries; on PGlite (or without binaries) the cluster part is skipped
// with its reason in the title. The routing rules themselves always run.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mintDevToken } from '../../src/auth/dev-token.js';
import { createClock } from '../../src/clock.js';
import { type Config, loadConfig } from '../../src/config.js';
import { createPool, type Sql } from '../../src/db/client.js';
import { classifyPgError } from '../../src/db/pg-errors.js';
import { createTenantRunner, probeReplica, type RoutedWithTenant, replicaFailure, routeToReplica } from '../../src/db/replica-routing.js';
import { createWithTenant, type WithTenant } from '../../src/db/with-tenant.js';
import { createOfflineEmbedder } from '../../src/embeddings/offline.js';
import { AppError } from '../../src/errors.js';
import { type Logger, silentLogger } from '../../src/log.js';
import { createAuth } from '../../src/runtime/create-auth.js';
import { initialiseDatabase } from '../../src/runtime/initialise.js';
import { openRuntime } from '../../src/runtime/open-runtime.js';
import type { ServerDeps } from '../../src/server.js';
import { toolLimitsFrom } from '../../src/tools/tool.js';
import { loadTestUsers, sorted, type TestUsers } from '../support/fixtures.js';
import { type Harness, setup } from '../support/harness.js';
import { findPgBinDir, type PgCluster, startPgCluster } from '../support/pg-cluster.js';
import { TEST_AS_OF } from '../support/test-date.js';

const backendKind = inject('backend').kind;
const binDir = findPgBinDir();
const skipReason =
  backendKind === 'pglite'
    ? 'skipped: needs real PostgreSQL (TEST_DATABASE_URL); PGlite has no streaming replication'
    : !binDir
      ? 'skipped: no PostgreSQL server binaries under /usr/lib/postgresql/*/bin to start a primary and a standby'
      : null;
if (skipReason) process.stderr.write(`\n[replica] ${skipReason}\n`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();
const report = (line: string) => process.stderr.write(`[replica] ${line}\n`);
const COOLDOWN_MS = 1500;
const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });

describe('replica routing rules (always run)', () => {
  it('classifies what the primary should answer instead', () => {
    for (const code of ['ECONNREFUSED', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', '57P01', '57P03', '57P04', '08006', '53300']) {
      expect([code, replicaFailure(pgError(code))]).toEqual([code, 'unavailable']);
    }
    expect(replicaFailure(pgError('40001'))).toBe('conflict');
    // Query errors, timeouts and refusals are the query's own: the primary would say the same.
    for (const code of ['57014', '42501', '42601', '25006', '22012']) expect([code, replicaFailure(pgError(code))]).toEqual([code, null]);
    expect(replicaFailure(new AppError('DB_UNAVAILABLE', 'x', { cause: pgError('ECONNRESET') }))).toBe('unavailable');
    expect(replicaFailure(new AppError('QUERY_TIMEOUT', 'x'))).toBeNull();
    expect(replicaFailure(new Error('a bug'))).toBeNull();
  });

  it('falls back per call, opens the circuit on an unreachable replica, and closes it after a probe', async () => {
    let replicaUp = false;
    let replicaCalls = 0;
    const replica: WithTenant = async () => {
      replicaCalls++;
      if (!replicaUp) throw pgError('ECONNREFUSED');
      return 'replica' as never;
    };
    const primary: WithTenant = async () => 'primary' as never;
    const routed = routeToReplica({
      primary,
      replica,
      cooldownMs: 100,
      probe: async () => {
        if (!replicaUp) throw pgError('ECONNREFUSED');
      },
    });
    const who = { userId: 'u' };
    expect(await routed(who, async () => 0)).toBe('primary');
    expect(routed.stats()).toMatchObject({ state: 'primary-only', fallbacks: 1, opened: 1 });
    // While open, the replica is not tried at all.
    for (let i = 0; i < 5; i++) expect(await routed(who, async () => 0)).toBe('primary');
    expect(replicaCalls).toBe(1);
    replicaUp = true;
    await sleep(120);
    expect(await routed(who, async () => 0)).toBe('primary'); // starts the background probe
    await sleep(10);
    expect(await routed(who, async () => 0)).toBe('replica');
    expect(routed.stats()).toMatchObject({ state: 'replica', replica: 1, primary: 7, fallbacks: 1, opened: 1 });

    // A recovery conflict is retried on the primary but leaves the circuit closed; a query error is not retried.
    const conflicted = routeToReplica({ primary, replica: async () => Promise.reject(pgError('40001')), cooldownMs: 100, probe: async () => {} });
    expect(await conflicted(who, async () => 0)).toBe('primary');
    expect(conflicted.stats()).toMatchObject({ state: 'replica', fallbacks: 1, opened: 0 });
    const failing = routeToReplica({ primary, replica: async () => Promise.reject(pgError('42601')), cooldownMs: 100, probe: async () => {} });
    await expect(failing(who, async () => 0)).rejects.toMatchObject({ code: '42601' });
    // A call its caller cancelled is not run again.
    const aborted = new AbortController();
    aborted.abort();
    const cancelled = routeToReplica({ primary, replica: async () => Promise.reject(pgError('57P01')), cooldownMs: 100, probe: async () => {} });
    await expect(cancelled(who, async () => 0, { signal: aborted.signal })).rejects.toMatchObject({ code: '57P01' });
  });
});

describe.skipIf(skipReason !== null)(`read replica on a throwaway primary and hot standby${skipReason ? ` (${skipReason})` : ''}`, () => {
  let primary: PgCluster;
  let standby: PgCluster;
  let adminPrimary: Sql;
  let adminStandby: Sql;
  let appPrimary: Sql;
  let appReplica: Sql;
  let routed: RoutedWithTenant;
  let users: TestUsers;
  let sealKeyHex: string;
  let devSecret: string;
  let config: Config;
  const logged: string[] = [];
  const log: Logger = { ...silentLogger, warn: (m) => logged.push(`warn ${m}`), info: (m) => logged.push(`info ${m}`) };

  beforeAll(async () => {
    const t0 = now();
    primary = await startPgCluster();
    await primary.psql('create database retail');
    sealKeyHex = randomBytes(32).toString('hex');
    devSecret = randomBytes(32).toString('base64url');
    config = loadConfig({
      DATABASE_URL: primary.url('retail', 'retail_app'),
      RLS_SEAL_KEY: sealKeyHex,
      AUTH_DEV_SECRET: devSecret,
      DB_POOL_MAX: '4',
      DB_REPLICA_COOLDOWN_MS: String(COOLDOWN_MS),
    });
    adminPrimary = createPool({ url: primary.url('retail') }, config, { max: 2, label: 'retail-mcp-admin' });
    report(`primary on port ${primary.port} started in ${((now() - t0) / 1000).toFixed(1)} s`);
    // No embedder: product embeddings are not needed here, and computing them is the slow part of a seed.
    await initialiseDatabase(adminPrimary, { sealKeyHex, scale: 0.05, log: silentLogger, progress: false });
    users = await loadTestUsers(adminPrimary);
    const seeded = now();
    // Recovery conflicts cancel standby queries after 200 ms (the default is 30 s), so the conflict test is quick.
    standby = await startPgCluster({ standbyOf: primary, conf: ['hot_standby = on', 'max_standby_streaming_delay = 200ms', 'hot_standby_feedback = off'] });
    report(
      `primary on port ${primary.port} migrated and seeded in ${((seeded - t0) / 1000).toFixed(1)} s; standby on port ${standby.port} (pg_basebackup -R) ready in ${((now() - seeded) / 1000).toFixed(1)} s`,
    );
    adminStandby = createPool({ url: standby.url('retail') }, config, { max: 2, label: 'retail-mcp-admin' });
    appPrimary = createPool({ url: primary.url('retail', 'retail_app') }, config);
    appReplica = createPool({ url: standby.url('retail', 'retail_app') }, config, { label: 'retail-mcp-replica' });
    routed = createTenantRunner(
      { app: appPrimary, replica: appReplica },
      { sealKeyHex, statementTimeoutMs: 3000, cooldownMs: COOLDOWN_MS },
      log,
    ) as RoutedWithTenant;
  }, 400_000);

  afterAll(async () => {
    routed?.close();
    await Promise.all([appPrimary?.end({ timeout: 2 }), appReplica?.end({ timeout: 2 }), adminPrimary?.end({ timeout: 2 }), adminStandby?.end({ timeout: 2 })]);
    await standby?.destroy();
    await primary?.destroy();
  });

  /** The stores a user sees, and whether the call's own transaction ran on a standby. */
  const storesSeen = (withTenant: WithTenant, userId: string) =>
    withTenant({ userId }, async (tx) => {
      const [row] = await tx<{ standby: boolean; ids: number[] | null; order_stores: number[] | null }[]>`
        select pg_is_in_recovery() as standby,
               (select array_agg(store_id order by store_id) from retail.stores) as ids,
               (select array_agg(distinct store_id order by store_id) from retail.orders) as order_stores`;
      return { standby: row!.standby, ids: row!.ids ?? [], orderStores: row!.order_stores ?? [] };
    });

  it('the standby is a hot standby of the primary, with the seal key and users replicated', async () => {
    expect((await adminStandby`select pg_is_in_recovery() as r`)[0]!.r).toBe(true);
    const [rep] = await adminPrimary<{ state: string }[]>`select state from pg_stat_replication`;
    expect(rep?.state).toBe('streaming');
    const [a] = await adminPrimary<{ n: number }[]>`select count(*)::int as n from retail.app_users`;
    const [b] = await adminStandby<{ n: number }[]>`select count(*)::int as n from retail.app_users`;
    expect(b!.n).toBe(a!.n);
  });

  it('tool transactions run on the standby, and RLS holds there for every role', async () => {
    const before = routed.stats();
    const cast = [...users.storeManagers.slice(0, 2), ...users.regionalManagers.slice(0, 2), users.headOffice];
    for (const u of cast) {
      const seen = await storesSeen(routed, u.user_id);
      expect({ user: u.user_id, standby: seen.standby, ids: seen.ids }).toEqual({ user: u.user_id, standby: true, ids: sorted(u.store_ids) });
      expect(
        seen.orderStores.every((s) => u.store_ids.includes(s)),
        `${u.role} ${u.user_id} sees another store's orders`,
      ).toBe(true);
    }
    const regional = await storesSeen(routed, users.regionalManagers[0]!.user_id);
    expect(regional.ids.length).toBeGreaterThan(1);
    expect(regional.ids.length).toBeLessThan(users.allStoreIds.length);
    // A disabled user sees nothing on the standby either.
    expect((await storesSeen(routed, users.disabled.user_id)).ids).toEqual([]);
    expect(routed.stats().replica - before.replica).toBe(cast.length + 2);
    expect(routed.stats().primary).toBe(before.primary);
  });

  it('the sealed context holds on the standby: a forged seal or no context sees no rows', async () => {
    const forged = await appReplica.begin('read only', async (tx) => {
      await tx`select set_config('role', 'retail_reader', true), set_config('app.current_rls_user_id', ${users.headOffice.user_id}, true),
                      set_config('app.current_rls_nonce', 'n', true), set_config('app.current_rls_seal', ${'0'.repeat(64)}, true)`;
      return tx<{ standby: boolean; orders: number; stores: number }[]>`
        select pg_is_in_recovery() as standby, (select count(*)::int from retail.orders) as orders, (select count(*)::int from retail.stores) as stores`;
    });
    expect(forged[0]).toEqual({ standby: true, orders: 0, stores: 0 });
    // A seal made with another key, for a real user.
    const wrongKey = createWithTenant(appReplica, { sealKeyHex: randomBytes(32).toString('hex'), statementTimeoutMs: 3000 });
    expect((await storesSeen(wrongKey, users.headOffice.user_id)).ids).toEqual([]);
    const none = await appReplica.begin('read only', async (tx) => {
      await tx`select set_config('role', 'retail_reader', true)`;
      return tx<{ n: number }[]>`select count(*)::int as n from retail.orders`;
    });
    expect(none[0]!.n).toBe(0);
    // retail_app may not write on the standby (nor could anyone): the transaction is read-only anyway.
    const write = await routed({ userId: users.headOffice.user_id }, (tx) => tx`update retail.stores set store_id = store_id`).catch((e: unknown) => e);
    expect(classifyPgError(write)?.code).toBe('FORBIDDEN');
  });

  it('the statement timeout holds on the standby: a slow cross join ends with QUERY_TIMEOUT and is not retried on the primary', async () => {
    const short = createTenantRunner(
      { app: appPrimary, replica: appReplica },
      { sealKeyHex, statementTimeoutMs: 300, cooldownMs: COOLDOWN_MS },
    ) as RoutedWithTenant;
    const t0 = now();
    const err = await short({ userId: users.headOffice.user_id }, async (tx) => {
      const [where] = await tx<{ standby: boolean }[]>`select pg_is_in_recovery() as standby`;
      expect(where!.standby).toBe(true);
      return tx`select count(*) from generate_series(1, 100000) a cross join generate_series(1, 100000) b`;
    }).catch((e: unknown) => e);
    const ms = now() - t0;
    expect(classifyPgError(err)?.code).toBe('QUERY_TIMEOUT');
    expect(ms).toBeLessThan(2000);
    expect(short.stats()).toMatchObject({ state: 'replica', fallbacks: 0, primary: 0 });
    // The next call on the standby works.
    expect((await storesSeen(short, users.storeManagers[0]!.user_id)).standby).toBe(true);
    report(`statement timeout on the standby: 300 ms timeout, QUERY_TIMEOUT after ${ms.toFixed(0)} ms`);
  });

  it('a tool call through the MCP server is answered by the standby', async () => {
    const auth = await createAuth(config, routed, devSecret);
    const deps: ServerDeps = {
      withTenant: routed,
      embedder: await createOfflineEmbedder(),
      log: silentLogger,
      // pg_is_in_recovery() is not on the guard's allow-list; the guard is tested elsewhere.
      sqlGuard: false,
      clock: createClock(TEST_AS_OF),
      limits: toolLimitsFrom(config),
    };
    const h = {
      config,
      auth,
      deps,
      tokenFor: (userId: string, ttl = '10m') => mintDevToken({ secret: devSecret, userId, issuer: auth.issuer, audience: auth.audience, ttl }),
    } as unknown as Harness;
    const u = users.regionalManagers[0]!;
    const s = await setup(h, u.user_id);
    try {
      const r = await s.callTool('execute_sales_query', {
        postgresql_query: 'select pg_is_in_recovery() as standby, (select array_agg(store_id order by store_id) from retail.stores) as stores',
      });
      expect(r.isError).toBe(false);
      expect(r.structured.rows[0]).toEqual({ standby: true, stores: sorted(u.store_ids) });
    } finally {
      await s.close();
    }
  });

  it('the server runtime (openRuntime with DATABASE_REPLICA_URL): tool calls read on the standby, audit rows are written on the primary', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'retail-mcp-replica-rt-'));
    const rtConfig = loadConfig({
      DATABASE_URL: primary.url('retail', 'retail_app'),
      DATABASE_REPLICA_URL: standby.url('retail', 'retail_app'),
      RLS_SEAL_KEY: sealKeyHex,
      AUTH_DEV_SECRET: devSecret,
      RETAIL_MCP_DATA_DIR: dataDir,
      DB_POOL_MAX: '2',
    });
    // The guard refuses pg_is_in_recovery() (not on its allow-list); it is tested elsewhere.
    const rt = await openRuntime(rtConfig, silentLogger, { sqlGuard: false });
    try {
      expect(rt.dbs.replica).not.toBeNull();
      const h = {
        config: rtConfig,
        auth: rt.auth,
        deps: rt.serverDeps,
        tokenFor: (userId: string, ttl = '10m') => mintDevToken({ secret: devSecret, userId, issuer: rt.auth.issuer, audience: rt.auth.audience, ttl }),
      } as unknown as Harness;
      const u = users.storeManagers[0]!;
      const [before] = await adminPrimary<{ n: number }[]>`select count(*)::int as n from retail_private.audit_log where principal_id = ${u.user_id}`;
      const s = await setup(h, u.user_id);
      try {
        const r = await s.callTool('execute_sales_query', {
          postgresql_query: 'select pg_is_in_recovery() as standby, (select array_agg(store_id order by store_id) from retail.stores) as stores',
        });
        expect(r.isError).toBe(false);
        expect(r.structured.rows[0]).toEqual({ standby: true, stores: sorted(u.store_ids) });
      } finally {
        await s.close();
      }
      await rt.audit.flush();
      const [after] = await adminPrimary<{ n: number }[]>`select count(*)::int as n from retail_private.audit_log where principal_id = ${u.user_id}`;
      expect(after!.n - before!.n).toBe(1);
    } finally {
      await rt.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a query cancelled by a recovery conflict (40001) is answered by the primary', async () => {
    await primary.psql(
      `create table public.conflict_probe as select generate_series(1, 2000) as i; grant select on public.conflict_probe to retail_reader`,
      'retail',
    );
    await waitForReplay();
    const before = routed.stats();
    let attempts = 0;
    const cleanup = (async () => {
      await sleep(400);
      // Dead tuples removed and the table truncated by VACUUM: replaying that conflicts with the
      // standby query's snapshot and lock, and the standby cancels it after max_standby_streaming_delay.
      await primary.psql('delete from public.conflict_probe', 'retail');
      await primary.psql('vacuum public.conflict_probe', 'retail');
    })().then(
      () => null,
      (e: unknown) => e,
    );
    const t0 = now();
    const answer = await routed({ userId: users.headOffice.user_id }, async (tx) => {
      attempts++;
      const [row] = await tx<{ standby: boolean; n: number }[]>`
        select pg_is_in_recovery() as standby,
               count(*) filter (where pg_sleep(case when i = 1 then 2.5 else 0 end) is not null)::int as n
          from public.conflict_probe`;
      return row!;
    });
    expect(await cleanup).toBeNull();
    expect(attempts).toBe(2);
    expect(answer.standby).toBe(false);
    expect(routed.stats()).toMatchObject({ state: 'replica', fallbacks: before.fallbacks + 1, opened: before.opened });
    report(`recovery conflict: standby query cancelled (40001), answered by the primary in ${(now() - t0).toFixed(0)} ms in all`);
  }, 30_000);

  it('reports the replica lag', async () => {
    await primary.psql('create table if not exists public.lag_probe (i int primary key, at timestamptz default clock_timestamp())', 'retail');
    await waitForReplay();
    // Commit on the primary until visible on the standby. The walsender ships only flushed WAL: with
    // synchronous_commit = off (this throwaway cluster's default) a commit waits for the WAL writer,
    // up to wal_writer_delay (200 ms); with on (PostgreSQL's default), it is flushed at commit.
    const measureLag = async (first: number, syncCommit: 'on' | 'off') => {
      const delays: number[] = [];
      for (let i = first; i < first + 20; i++) {
        const t0 = now();
        await adminPrimary.begin(async (tx) => {
          await tx`select set_config('synchronous_commit', ${syncCommit}, true)`;
          await tx`insert into public.lag_probe (i) values (${i})`;
        });
        for (;;) {
          const [row] = await adminStandby<{ n: number }[]>`select count(*)::int as n from public.lag_probe where i = ${i}`;
          if (row!.n === 1) break;
          await sleep(1);
        }
        delays.push(now() - t0);
      }
      return delays.sort((a, b) => a - b);
    };
    const s = await measureLag(1, 'on');
    const off = await measureLag(100, 'off');
    const [rep] = await adminPrimary<{ bytes: string; replay_lag_ms: number | null }[]>`
      select pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::text as bytes,
             (extract(epoch from replay_lag) * 1000)::float8 as replay_lag_ms from pg_stat_replication`;
    const [st] = await adminStandby<
      { since_ms: number }[]
    >`select (extract(epoch from clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000)::float8 as since_ms`;
    report(
      `replica lag (commit on the primary until visible on the standby, 20 commits each): synchronous_commit on: median ${s[10]!.toFixed(1)} ms, max ${s[19]!.toFixed(1)} ms; ` +
        `off: median ${off[10]!.toFixed(1)} ms, max ${off[19]!.toFixed(1)} ms; ` +
        `pg_stat_replication: ${rep!.bytes} bytes behind, replay_lag ${rep!.replay_lag_ms === null ? 'null (idle)' : `${rep!.replay_lag_ms.toFixed(1)} ms`}; ` +
        `standby: last replayed transaction ${st!.since_ms.toFixed(0)} ms ago`,
    );
    expect(s[19]!).toBeLessThan(5000);
  });

  it('a stopped standby: every call under load still succeeds, on the primary, and calls return to the standby when it is back', async () => {
    const start = routed.stats();
    const cast = [...users.storeManagers.slice(0, 2), users.regionalManagers[0]!, users.headOffice];
    const outcomes: { start: number; end: number; ok: boolean; standby?: boolean; code?: string }[] = [];
    let stopping = false;
    const workers = Array.from({ length: 4 }, async (_, w) => {
      for (let i = w; !stopping; i++) {
        const u = cast[i % cast.length]!;
        const t = now();
        try {
          const seen = await storesSeen(routed, u.user_id);
          const ok = JSON.stringify(seen.ids) === JSON.stringify(sorted(u.store_ids));
          outcomes.push({ start: t, end: now(), ok, standby: seen.standby, code: ok ? undefined : 'LEAK' });
        } catch (e) {
          outcomes.push({ start: t, end: now(), ok: false, code: classifyPgError(e)?.code ?? String((e as { code?: unknown }).code) });
        }
        await sleep(5);
      }
    });
    await sleep(500);
    const stoppedAt = now();
    await standby.stop('fast');
    const stopDone = now();
    await sleep(2000);
    const during = outcomes.filter((o) => o.start >= stopDone);
    const restartAt = now();
    await standby.start();
    const startedAt = now();
    // The background probe runs once the cooldown has passed since the last failure.
    const until = now() + COOLDOWN_MS * 3 + 5000;
    while (now() < until && !outcomes.some((o) => o.start > startedAt && o.standby)) await sleep(50);
    const backOnStandby = outcomes.find((o) => o.start > startedAt && o.standby);
    await sleep(300);
    stopping = true;
    await Promise.all(workers);

    const failures = outcomes.filter((o) => !o.ok);
    expect(failures).toEqual([]);
    expect(during.length).toBeGreaterThan(5);
    expect(during.every((o) => o.standby === false)).toBe(true);
    expect(backOnStandby, 'calls went back to the standby').toBeDefined();
    const end = routed.stats();
    expect(end.state).toBe('replica');
    expect(end.opened - start.opened).toBe(1);
    expect(logged.some((l) => l.startsWith('warn read replica unavailable'))).toBe(true);
    expect(logged.some((l) => l.startsWith('info read replica is back'))).toBe(true);
    const around = outcomes.filter((o) => o.end >= stoppedAt && o.start <= stopDone + 200);
    const slowest = Math.max(...around.map((o) => o.end - o.start));
    const whileOpen = during.map((o) => o.end - o.start).sort((a, b) => a - b);
    report(
      `standby stopped under load (4 callers): ${outcomes.length} calls, 0 failed; ${end.fallbacks - start.fallbacks} retried on the primary; ` +
        `slowest call around the stop ${slowest.toFixed(0)} ms; calls while the circuit was open: median ${whileOpen[Math.floor(whileOpen.length / 2)]!.toFixed(1)} ms, ` +
        `max ${whileOpen.at(-1)!.toFixed(1)} ms; standby restarted in ${((startedAt - restartAt) / 1000).toFixed(1)} s and took calls again ` +
        `${((backOnStandby!.start - startedAt) / 1000).toFixed(1)} s after (cooldown ${COOLDOWN_MS} ms)`,
    );
  }, 60_000);

  it('a replica host that never answers costs one connect timeout, not one per call', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((s) => sockets.add(s.on('error', () => {})));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const deadReplica = createPool({ url: `postgres://retail_app@127.0.0.1:${(silent.address() as AddressInfo).port}/retail` }, config, { max: 2 });
    const r = createTenantRunner({ app: appPrimary, replica: deadReplica }, { sealKeyHex, statementTimeoutMs: 3000, cooldownMs: 60_000 }) as RoutedWithTenant;
    try {
      const times: number[] = [];
      for (let i = 0; i < 10; i++) {
        const t0 = now();
        const seen = await storesSeen(r, users.storeManagers[0]!.user_id);
        times.push(now() - t0);
        expect(seen).toMatchObject({ standby: false, ids: sorted(users.storeManagers[0]!.store_ids) });
      }
      expect(times[0]!).toBeGreaterThan(900);
      expect(Math.max(...times.slice(1))).toBeLessThan(500);
      expect(r.stats()).toMatchObject({ state: 'primary-only', fallbacks: 1, primary: 10, replica: 0 });
      report(
        `silent replica host: first call ${times[0]!.toFixed(0)} ms (connect timeout, then the primary); next 9 at most ${Math.max(...times.slice(1)).toFixed(1)} ms`,
      );
    } finally {
      r.close();
      await deadReplica.end({ timeout: 0 });
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });

  it('probeReplica refuses a server that is not a standby', async () => {
    await expect(probeReplica(appPrimary)).rejects.toThrow(/not in recovery/);
    await probeReplica(appReplica);
  });

  /** Waits until the standby has replayed everything the primary has written so far. */
  async function waitForReplay(): Promise<void> {
    // The insert position, not pg_current_wal_lsn() (the write position): with synchronous_commit off
    // the last commit may still sit in WAL buffers, and waiting for the write position returned before
    // the standby had it (a CI run saw `lag_probe` missing there).
    const [{ lsn }] = [...(await adminPrimary<{ lsn: string }[]>`select pg_current_wal_insert_lsn()::text as lsn`)] as [{ lsn: string }];
    for (let i = 0; i < 500; i++) {
      const [row] = await adminStandby<{ done: boolean }[]>`select pg_last_wal_replay_lsn() >= ${lsn}::pg_lsn as done`;
      if (row!.done) return;
      await sleep(10);
    }
    throw new Error('the standby did not catch up');
  }
});
