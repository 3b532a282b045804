// The audit trail: one row per tool call (successful or failed) with the SQL's fingerprint and
// normalised text but no literals; retail_app may not change it; only head office can read it.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditSink, createAuditSink } from '../../src/audit/audit-sink.js';
import { sqlAuditWriter } from '../../src/audit/audit-writer.js';
import { silentLogger } from '../../src/log.js';
import { loadTestUsers, type TestUsers } from '../support/fixtures.js';
import { type Harness, openHarness, setup } from '../support/harness.js';

let h: Harness;
let users: TestUsers;
let audit: AuditSink;
beforeAll(async () => {
  h = await openHarness();
  users = await loadTestUsers(h.admin);
  audit = createAuditSink(h.app, silentLogger, { flushIntervalMs: 50 });
  h.deps = { ...h.deps, audit };
});
afterAll(async () => {
  await audit.close();
  await h.close();
});

const marker = () => `audit-${Math.random().toString(36).slice(2, 10)}`;

async function rowsFor(userId: string) {
  await audit.flush();
  return h.admin.begin((tx) => tx`select * from retail_private.audit_log where principal_id = ${userId} order by audit_id`);
}

describe('audit trail', () => {
  it('writes a row for a successful and a failed call, with no literal values', async () => {
    const manager = users.storeManagers[0]!;
    const before = (await rowsFor(manager.user_id)).length;
    const s = await setup(h, manager.user_id);
    const tag = marker();
    const ok = await s.callTool('execute_sales_query', {
      postgresql_query: `select count(*) as n, '${tag}' as tag from retail.orders where store_id = 424242`,
    });
    expect(ok.isError).toBe(false);
    const bad = await s.callTool('execute_sales_query', { postgresql_query: `delete from retail.orders where note = '${tag}'` });
    expect(bad.isError).toBe(true);
    await s.close();

    const rows = (await rowsFor(manager.user_id)).slice(before);
    expect(rows).toHaveLength(2);
    const [a, b] = rows as any[];
    expect(a).toMatchObject({ role: 'store_manager', tool: 'execute_sales_query', outcome: 'ok', error_code: null, row_count: 1 });
    expect(a.sql_fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(a.sql_normalized).toContain('$1');
    expect(a.result_bytes).toBeGreaterThan(0);
    expect(b).toMatchObject({ tool: 'execute_sales_query', outcome: 'error', error_code: 'SQL_REJECTED' });
    for (const r of rows as any[]) {
      expect(JSON.stringify(r)).not.toContain(tag);
      expect(JSON.stringify(r)).not.toContain('424242');
    }
  });

  it('writes a row for each resource read, prompt and completion, failed ones too', async () => {
    const manager = users.regionalManagers[0]!;
    const before = (await rowsFor(manager.user_id)).length;
    const s = await setup(h, manager.user_id);
    const c = s.client as unknown as {
      readResource(p: { uri: string }): Promise<unknown>;
      getPrompt(p: { name: string; arguments?: Record<string, string> }): Promise<unknown>;
      complete(p: { ref: { type: string; name: string }; argument: { name: string; value: string } }): Promise<unknown>;
    };
    await c.readResource({ uri: 'retail://stores/mine' });
    await expect(c.readResource({ uri: 'retail://schema/no_such_table' })).rejects.toThrow(/NOT_FOUND/);
    await c.getPrompt({ name: 'low_stock_review', arguments: {} });
    await c.complete({ ref: { type: 'ref/prompt', name: 'weekly_store_briefing' }, argument: { name: 'store', value: '' } });
    await s.close();
    const rows = (await rowsFor(manager.user_id)).slice(before) as any[];
    expect(rows.map((r) => [r.tool, r.outcome, r.error_code])).toEqual([
      ['resources/read', 'ok', null],
      ['resources/read', 'error', 'NOT_FOUND'],
      ['prompts/get', 'ok', null],
      ['completion/complete', 'ok', null],
    ]);
    expect(rows[0].result_bytes).toBeGreaterThan(0);
  });

  it('retail_app and retail_reader cannot update, delete or truncate it; retail_auditor may only insert', async () => {
    const [p] = await h.admin.begin(
      (tx) => tx`select
        has_table_privilege('retail_app', 'retail_private.audit_log', 'UPDATE') as app_update,
        has_table_privilege('retail_app', 'retail_private.audit_log', 'DELETE') as app_delete,
        has_table_privilege('retail_app', 'retail_private.audit_log', 'SELECT') as app_select,
        has_table_privilege('retail_reader', 'retail_private.audit_log', 'INSERT') as reader_insert,
        has_table_privilege('retail_auditor', 'retail_private.audit_log', 'INSERT') as auditor_insert,
        has_table_privilege('retail_auditor', 'retail_private.audit_log', 'UPDATE,DELETE,TRUNCATE,SELECT') as auditor_more,
        (select rolcanlogin from pg_roles where rolname = 'retail_auditor') as auditor_login`,
    );
    expect(p).toEqual({
      app_update: false,
      app_delete: false,
      app_select: false,
      reader_insert: false,
      auditor_insert: true,
      auditor_more: false,
      auditor_login: false,
    });
  });

  it('the pool, acting as retail_auditor, is refused an UPDATE or DELETE', async () => {
    if (h.kind === 'pglite') return; // PGlite's session user is a superuser: privileges do not bind it.
    await expect(
      h.app.begin(async (tx) => {
        await tx`set local role retail_auditor`;
        await tx`delete from retail_private.audit_log`;
      }),
    ).rejects.toThrow(/permission denied/);
    await expect(
      h.app.begin(async (tx) => {
        await tx`set local role retail_auditor`;
        await tx`update retail_private.audit_log set tool = 'x'`;
      }),
    ).rejects.toThrow(/permission denied/);
  });

  it('a store manager reading recent entries gets nothing; head office gets rows', async () => {
    const manager = users.storeManagers[1]!;
    const s = await setup(h, manager.user_id);
    await s.callTool('get_current_utc_date', {});
    await s.close();
    await audit.flush();
    const read = (userId: string) => h.withTenant({ userId }, (tx) => tx`select * from retail.recent_audit_entries(50)`);
    expect(await read(manager.user_id)).toHaveLength(0);
    expect(await read(users.regionalManagers[0]!.user_id)).toHaveLength(0);
    const hq = await read(users.headOffice.user_id);
    expect(hq.length).toBeGreaterThan(0);
    expect(hq.some((r: any) => r.principal_id === manager.user_id && r.tool === 'get_current_utc_date')).toBe(true);
  });

  it('recent entries are newest first by when the call happened, also for a row replayed late (migration 022)', async () => {
    const tool = marker();
    // Later than every row already there, so that these two are the newest also in a reused database.
    const [last] = await h.admin.begin((tx) => tx<{ latest: Date }[]>`select coalesce(max(occurred_at), now()) as latest from retail_private.audit_log`);
    const at = (days: number) => new Date(last!.latest.getTime() + days * 86_400_000).toISOString();
    const row = (occurredAt: string) => ({
      principalId: users.headOffice.user_id,
      role: 'head_office',
      tool,
      sqlFingerprint: null,
      sqlNormalized: null,
      rowCount: null,
      resultBytes: null,
      durationMs: 1,
      outcome: 'ok' as const,
      errorCode: null,
      traceId: null,
      entryId: randomUUID(),
      occurredAt,
    });
    // The later call is written first; the earlier one arrives afterwards, as a spill replay would.
    const write = sqlAuditWriter(h.app);
    await write([row(at(3))]);
    await write([row(at(2))]);
    const recent = await h.withTenant({ userId: users.headOffice.user_id }, (tx) => tx`select occurred_at, tool from retail.recent_audit_entries(2)`);
    expect(recent.map((r: any) => [r.tool, new Date(r.occurred_at).toISOString()])).toEqual([
      [tool, at(3)],
      [tool, at(2)],
    ]);
  });

  it('a failed audit write is logged and swallowed, never thrown', async () => {
    const errors: string[] = [];
    const log = { ...silentLogger, error: (m: string) => void errors.push(m) };
    const sink = createAuditSink(h.app, log, { flushIntervalMs: 10 });
    sink.record({
      principalId: 'not-a-uuid',
      role: 'x',
      tool: 'x',
      sqlFingerprint: null,
      sqlNormalized: null,
      rowCount: null,
      resultBytes: null,
      durationMs: 1,
      outcome: 'ok',
      errorCode: null,
      traceId: null,
    });
    await expect(sink.close()).resolves.toBeUndefined();
    expect(errors).toContain('audit write failed');
  });
});
