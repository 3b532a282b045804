// Catalogue properties of the migrations: FORCE RLS everywhere it matters, InitPlan-shaped
// policies, store_id-led indexes, and idempotent re-runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.js';
import { runSelfCheck } from '../../src/db/self-check.js';
import { storeDataTables } from '../support/fixtures.js';
import { type Harness, openHarness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(() => h.close());

/** A fingerprint of every object in the retail schemas, their policies and grants. */
async function schemaFingerprint(): Promise<string> {
  const [row] = await h.admin.begin(
    (tx) => tx<{ f: string }[]>`
    select md5(string_agg(x, '|' order by x)) as f from (
      select c.relname || ':' || c.relkind::text || ':' || c.relrowsecurity || ':' || c.relforcerowsecurity || ':' || coalesce(c.relacl::text, '') as x
        from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname in ('retail', 'retail_private')
      union all
      select polname || ':' || pg_get_expr(polqual, polrelid) from pg_policy
      union all
      select p.proname || ':' || md5(p.prosrc) from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'retail'
    ) s`,
  );
  return row!.f;
}

describe('migrations and the catalogue', () => {
  it('every table with a store_id column has ENABLE and FORCE row level security', async () => {
    const tables = await storeDataTables(h.admin);
    expect(tables.length).toBeGreaterThanOrEqual(6);
    const rows = await h.admin.begin(
      (tx) => tx<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }[]>`
      select c.relname, c.relrowsecurity, c.relforcerowsecurity from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'retail' and c.relname = any (${tables})`,
    );
    for (const r of rows) expect(r, r.relname).toMatchObject({ relrowsecurity: true, relforcerowsecurity: true });
  });

  it('reader policies call visible_store_ids through a sub-select, so it runs once per statement', async () => {
    const rows = await h.admin.begin(
      (tx) => tx<{ qual: string }[]>`
      select pg_get_expr(polqual, polrelid) as qual from pg_policy where polname = 'reader_sees_visible_stores'`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(6);
    for (const r of rows) expect(r.qual).toMatch(/ANY \(\(\s*SELECT retail\.visible_store_ids\(\) AS visible_store_ids\)::integer\[\]\)/);
  });

  it('every store-data table has a btree index that leads with store_id', async () => {
    const tables = await storeDataTables(h.admin);
    const rows = await h.admin.begin(
      (tx) => tx<{ relname: string }[]>`
      select distinct t.relname from pg_index i
        join pg_class t on t.oid = i.indrelid join pg_namespace n on n.oid = t.relnamespace
        join pg_attribute a on a.attrelid = t.oid and a.attnum = i.indkey[0]
       where n.nspname = 'retail' and a.attname = 'store_id'`,
    );
    const missing = tables.filter((t) => !rows.some((r) => r.relname === t));
    expect(missing).toEqual([]);
  });

  it('embeddings are stored in the row (migration 021): nothing of the seeded vectors is in TOAST', async () => {
    for (const table of ['product_embeddings', 'product_sentence_embeddings']) {
      const [meta] = await h.admin<{ storage: string; toast: string }[]>`
        select a.attstorage as storage, c.reltoastrelid::regclass::text as toast
          from pg_class c join pg_attribute a on a.attrelid = c.oid and a.attname = 'embedding'
         where c.oid = ${`retail.${table}`}::regclass`;
      expect(meta!.storage, table).toBe('m');
      const [stored] = await h.admin.unsafe(
        `select (select count(*)::int from retail.${table}) as vectors, (select count(*)::int from ${meta!.toast}) as chunks`,
      );
      expect(stored!.chunks, table).toBe(0);
      if (table === 'product_embeddings') expect(stored!.vectors).toBeGreaterThan(1000);
    }
  });

  it('applying the migrations twice changes nothing', async () => {
    const before = await schemaFingerprint();
    expect(await migrate(h.admin)).toEqual([]);
    expect(await migrate(h.admin)).toEqual([]);
    expect(await schemaFingerprint()).toBe(before);
  });

  it('the self-check passes for the pool login (a warning only on PGlite)', async () => {
    const report = await runSelfCheck(h.app, { embedded: h.kind === 'pglite' });
    expect(report.items.filter((i) => !i.ok && i.severity === 'error')).toEqual([]);
    expect(report.ok).toBe(true);
    // Migrated by a superuser here (both backends): the reader may not take advisory locks (migration 025).
    expect(report.items.find((i) => i.name === 'retail_reader cannot take advisory locks')).toMatchObject({ ok: true, detail: 'ok' });
  });

  it('the self-check refuses a superuser login on a real server', async () => {
    if (h.kind === 'pglite') return; // PGlite has only its superuser session; covered by the warning above
    const report = await runSelfCheck(h.admin, { embedded: false });
    expect(report.ok).toBe(false);
    expect(report.items.find((i) => i.name === 'login role is not a superuser')?.ok).toBe(false);
  });
});
