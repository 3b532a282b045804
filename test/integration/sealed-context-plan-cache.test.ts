// Migrations 010 and 023: the sealed-context functions and the reader policies' checks are PL/pgSQL,
// so each connection keeps their plans.
// A cached plan must never mean a cached answer: a connection reused by another user, or by a forged
// context, gets that caller's stores (or none), every time.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createPool, type Sql, type Tx } from '../../src/db/client.js';
import { createWithTenant, seal, type WithTenant } from '../../src/db/with-tenant.js';
import { loadTestUsers, sorted, type TestUsers } from '../support/fixtures.js';

const backend = inject('backend');
const config = loadConfig({
  DATABASE_URL: backend.app.url ?? 'postgres://embedded@localhost/pglite',
  RLS_SEAL_KEY: backend.sealKeyHex,
  AUTH_DEV_SECRET: backend.devSecret,
});

let app: Sql; // one connection, so every call below reuses it (and its cached plans)
let admin: Sql;
let withTenant: WithTenant;
let users: TestUsers;

beforeAll(async () => {
  app = createPool(backend.app, config, { max: 1 });
  admin = createPool(backend.admin, config, { max: 1 });
  withTenant = createWithTenant(app, { sealKeyHex: backend.sealKeyHex, statementTimeoutMs: 5000 });
  users = await loadTestUsers(admin);
});
afterAll(async () => {
  await Promise.all([app?.end({ timeout: 5 }), admin?.end({ timeout: 5 })]);
});

interface Seen {
  visible: number[];
  principal: string | null;
  orderStores: number[];
  pid: number;
}

const look = async (tx: Tx): Promise<Seen> => {
  const [row] = await tx<Seen[]>`select retail.visible_store_ids() as visible, retail.current_principal_id()::text as principal,
      (select coalesce(array_agg(distinct o.store_id order by o.store_id), '{}') from retail.orders o) as "orderStores",
      pg_backend_pid() as pid`;
  return row!;
};

/** The server's own context select (with-tenant.ts), with the claimed id, nonce and seal as given. */
async function withContext(sql: Sql, userId: string, nonce: string | null, proof: string | null): Promise<Seen> {
  let seen: Seen | undefined;
  await sql
    .begin('read only', async (tx) => {
      await tx`select
          set_config('role', 'retail_scoped_reader', true),
          set_config('app.current_rls_user_id', ${userId}, true),
          set_config('app.current_rls_nonce', ${nonce ?? ''}, true),
          set_config('app.current_rls_seal', ${proof ?? ''}, true),
          set_config('search_path', 'retail, public', true),
          set_config('plan_cache_mode', 'force_custom_plan', true)`;
      seen = await look(tx);
      throw new Error('rollback');
    })
    .catch((err: Error) => {
      if (err.message !== 'rollback') throw err;
    });
  return seen!;
}

const sealed = (sql: Sql, userId: string) => {
  const nonce = randomBytes(16).toString('hex');
  return withContext(sql, userId, nonce, seal(backend.sealKeyHex, userId, nonce));
};

const NOTHING = { visible: [], principal: null, orderStores: [] };

describe('the sealed-context functions after migration 010', () => {
  it('are PL/pgSQL, STABLE, SECURITY DEFINER, with search_path pinned, no EXCEPTION block, and the same owner and grants', async () => {
    const generic = ['search_path=""', 'plan_cache_mode=force_generic_plan'];
    const shape = (proname: string, proconfig: string[]) => ({
      proname,
      lanname: 'plpgsql',
      provolatile: 's',
      prosecdef: true,
      proconfig,
      owner: 'retail_owner',
      has_exception_block: false,
      grants: ['retail_owner:EXECUTE', 'retail_reader:EXECUTE'],
    });
    const rows = await admin.begin(
      (tx) => tx`
      select p.proname, l.lanname, p.provolatile, p.prosecdef, p.proconfig, pg_get_userbyid(p.proowner) as owner,
             p.prosrc ~* '\\mexception\\M' as has_exception_block,
             (select array_agg(case when a.grantee = 0 then 'PUBLIC' else pg_get_userbyid(a.grantee) end || ':' || a.privilege_type order by 1)
                from aclexplode(p.proacl) a) as grants
        from pg_proc p join pg_language l on l.oid = p.prolang
       where p.pronamespace = 'retail'::regnamespace
         and p.proname in ('visible_store_ids', 'current_principal_id', 'own_store_id', 'sees_every_store')
       order by p.proname`,
    );
    expect(rows).toEqual([
      shape('current_principal_id', ['search_path=""']),
      shape('own_store_id', generic),
      shape('sees_every_store', generic),
      shape('visible_store_ids', generic),
    ]);
  });

  it('give each user their own stores', async () => {
    for (const u of [users.headOffice, users.regionalManagers[0]!, users.storeManagers[0]!]) {
      expect(await sealed(app, u.user_id), u.email).toMatchObject({ visible: u.store_ids, principal: u.user_id, orderStores: u.store_ids });
    }
  });

  it('fail closed: forged seal, missing nonce or seal, malformed or unknown user id, disabled user', async () => {
    const ho = users.headOffice.user_id;
    const nonce = randomBytes(16).toString('hex');
    const good = seal(backend.sealKeyHex, ho, nonce);
    const other = seal(randomBytes(32).toString('hex'), ho, nonce);
    const cases: Array<[string, string, string | null, string | null]> = [
      ['seal made with another key', ho, nonce, other],
      ['seal of another nonce', ho, randomBytes(16).toString('hex'), good],
      ['upper-case seal', ho, nonce, good.toUpperCase()],
      ['no nonce', ho, null, good],
      ['no seal', ho, nonce, null],
      ['no user', '', nonce, good],
    ];
    // Malformed ids, each with a seal that is valid for exactly that string: only the pattern stops them.
    for (const bad of ['not-a-uuid', `${ho}\n`, ` ${ho}`, `${ho}x`, "' or true --", '{00000000-0000-4000-8000-000000000001}', ho.replaceAll('-', '')]) {
      const n = randomBytes(16).toString('hex');
      cases.push([`malformed id ${JSON.stringify(bad)}`, bad, n, seal(backend.sealKeyHex, bad, n)]);
    }
    for (const [name, userId, n, proof] of cases) {
      expect(await withContext(app, userId, n, proof), name).toMatchObject(NOTHING);
    }
    // A valid seal for a user who does not exist, or who is disabled: no stores. current_principal_id()
    // only proves who is calling; the policies and visible_store_ids() check is_active.
    expect(await sealed(app, '00000000-0000-4000-8000-00000000dead'), 'unknown user').toMatchObject({ visible: [], orderStores: [] });
    expect(await sealed(app, users.disabled.user_id), 'disabled user').toMatchObject({ visible: [], orderStores: [] });
  });

  it('a connection reused by different users, forged contexts in between, gives each call its own answer', async () => {
    const cast = [users.storeManagers[0]!, users.headOffice, users.regionalManagers[0]!, users.disabled, users.storeManagers[1]!, users.regionalManagers[1]!];
    const pids = new Set<number>();
    for (let round = 0; round < 3; round++) {
      for (const u of cast) {
        const seen = await sealed(app, u.user_id);
        pids.add(seen.pid);
        const expected = u.is_active ? sorted(u.store_ids) : [];
        expect(seen.visible, `${u.email}, round ${round}`).toEqual(expected);
        expect(seen.orderStores, `${u.email}, round ${round}`).toEqual(expected);
        // A forged context right after a valid one on the same connection.
        expect(await withContext(app, users.headOffice.user_id, 'n', 'f'.repeat(64)), `forged after ${u.email}`).toMatchObject(NOTHING);
      }
    }
    expect(pids.size).toBe(1);
    // And through the server's own withTenant, on the same connection.
    for (const u of [users.headOffice, users.storeManagers[2]!, users.headOffice]) {
      const seen = await withTenant({ userId: u.user_id }, look);
      expect(seen.visible).toEqual(u.store_ids);
      expect(pids.has(seen.pid)).toBe(true);
    }
  });

  it("the store-manager and head-office policies on one reused connection: each caller's own rows, a wrong role none", async () => {
    const [m0, m1] = [users.storeManagers[0]!, users.storeManagers[1]!];
    const ho = users.headOffice;
    const orderStores = async (userId: string, role: string) => (await withTenant({ userId, role }, look)).orderStores;
    const everyStore = sorted(ho.store_ids);
    for (let round = 0; round < 3; round++) {
      expect(await orderStores(m0.user_id, 'store_manager'), `round ${round}`).toEqual(m0.store_ids);
      expect(await orderStores(ho.user_id, 'head_office')).toEqual(everyStore);
      expect(await orderStores(m1.user_id, 'store_manager')).toEqual(m1.store_ids);
      // The role only picks the policy; the policy checks the sealed caller, so a wrong pick sees nothing.
      expect(await orderStores(ho.user_id, 'store_manager'), 'head office as a store reader').toEqual([]);
      expect(await orderStores(m0.user_id, 'head_office'), 'a manager as the head-office reader').toEqual([]);
      expect(await orderStores(users.disabled.user_id, 'store_manager'), 'disabled user').toEqual([]);
    }
  });

  it('keeps generic plans for its queries although the tenant transaction forces custom plans', async () => {
    const [who] = await admin.begin((tx) => tx<{ su: boolean }[]>`select rolsuper as su from pg_roles where rolname = current_user`);
    if (!who!.su) return; // pg_backend_memory_contexts is superuser-only; the admin is one in these tests
    const u = users.regionalManagers[0]!;
    // The admin connection acts as the reader, like the pool, then inspects its own backend's memory.
    expect(await sealed(admin, u.user_id)).toMatchObject({ visible: u.store_ids });
    expect(await sealed(admin, u.user_id)).toMatchObject({ visible: u.store_ids });
    const plans = await admin.begin(
      (tx) => tx<{ ident: string }[]>`
      select ident from pg_backend_memory_contexts where name = 'CachedPlan' and ident like '%retail%'`,
    );
    const idents = plans.map((p) => p.ident.replace(/\s+/g, ' '));
    // The parameterised user lookup and the region's stores: generic plans, kept for the next call.
    expect(idents.some((i) => i.includes('from retail.app_users u where u.user_id = claimed::uuid'))).toBe(true);
    expect(idents.some((i) => i.includes('from retail.stores s where s.region_id = principal.region_id'))).toBe(true);
    expect(idents.some((i) => i.includes('from retail_private.seal_key k'))).toBe(true);
  });
});
