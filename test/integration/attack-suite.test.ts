// The attack suite: every query of the rejected corpus plus extra attacks, sent through a real MCP
// client as a store manager and as a regional manager. For each: no other store's rows, a clean error,
// a server that still serves; and at the end a database identical to the one before the suite.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { UserRow } from '../../src/cli/user-directory.js';
import type { Sql } from '../../src/db/client.js';
import { REJECTED_QUERIES } from '../corpus/rejected-queries.js';
import { loadTestUsers, sorted, type TestUsers } from '../support/fixtures.js';
import { type Harness, openHarness, setup, type ToolOutcome } from '../support/harness.js';

/** What an attack may produce: a guard refusal, anything the database contains, a timeout or a byte cap. */
type Expectation = 'rejected' | 'contained' | 'timeout' | 'bytes' | 'denied';

/** Values an attack aims at: a store outside the caller's scope and the head-office user. */
interface Target {
  otherStore: number;
  otherUser: string;
  ownStores: string;
}

interface Attack {
  name: string;
  sql: string | ((t: Target) => string);
  expect: Expectation;
  maxRows?: number;
  /** Text that must not appear in any output (e.g. a file's contents). */
  mustNotShow?: RegExp;
}

const q = (s: string) => s.replace(/'/g, "''"); // quote SQL for use inside a SQL string literal

// Attacks the parser guard must refuse, beyond the shared corpus.
const EXTRA_REJECTED: Attack[] = [
  ['pg_sleep in a CTE', 'with s as (select pg_sleep(5)) select * from s'],
  ['pg_catalog.pg_sleep', 'select pg_catalog.pg_sleep(5)'],
  ['pg_sleep_until', `select pg_sleep_until(now() + interval '1 minute')`],
  ['pg_sleep hidden in a join condition', 'select 1 from retail.stores s join retail.orders o on pg_sleep(0.1) is null'],
  ['pg_stats of customers', `select histogram_bounds from pg_stats where tablename = 'customers'`],
  ['pg_stats feeding a tenant filter', 'select * from retail.orders where store_id in (select 1 from pg_stats)'],
  ['pg_stat_activity in a CTE', 'with a as (select query from pg_stat_activity) select * from a'],
  ['pg_stat_activity in a scalar subquery', 'select (select string_agg(query, chr(10)) from pg_catalog.pg_stat_activity) as q'],
  ['pg_stat_statements', 'select query from pg_stat_statements'],
  ['pg_statistic', 'select * from pg_statistic'],
  ['pg_stats_ext', 'select * from pg_stats_ext'],
  ['pg_roles', 'select rolname, rolsuper from pg_roles'],
  ['pg_shadow', 'select * from pg_shadow'],
  ['pg_locks', 'select * from pg_locks'],
  ['pg_prepared_statements', 'select * from pg_prepared_statements'],
  ['pg_file_settings', 'select * from pg_file_settings'],
  ['pg_hba_file_rules', 'select * from pg_hba_file_rules'],
  ['pg_policies', 'select * from pg_policies'],
  ['pg_proc source of the definer functions', `select prosrc from pg_proc where proname = 'current_principal_id'`],
  ['information_schema.column_privileges', 'select * from information_schema.column_privileges'],
  ['retail_private.pii_roles', 'select * from retail_private.pii_roles'],
  ['retail_private.schema_migrations', 'select * from retail_private.schema_migrations'],
  ['quoted retail_private.seal_key', 'select * from "retail_private"."seal_key"'],
  ['current_setting of the nonce', `select current_setting('app.current_rls_nonce')`],
  ['current_setting of the user id, missing_ok', `select current_setting('app.current_rls_user_id', true)`],
  ['pg_catalog.current_setting', `select pg_catalog.current_setting('app.current_rls_seal')`],
  ['unicode-escaped set_config', `select U&"set\\005fconfig"('role', 'none', true)`],
  ['set_config behind a cast in ORDER BY of a window', `select row_number() over (order by set_config('role', 'none', true)::text) from retail.orders`],
  ['retail.can_see_pii()', 'select retail.can_see_pii()'],
  ['retail.current_principal_id()', 'select retail.current_principal_id()'],
  ['retail.applied_migrations()', 'select * from retail.applied_migrations()'],
  ['pg_reload_conf', 'select pg_reload_conf()'],
  ['pg_cancel_backend', 'select pg_cancel_backend(1)'],
  ['pg_backend_pid', 'select pg_backend_pid()'],
  ['inet_server_addr', 'select inet_server_addr()'],
  ['pg_current_logfile', 'select pg_current_logfile()'],
  ['pg_ls_waldir', 'select * from pg_ls_waldir()'],
  ['lo_export', `select lo_export(1, '/tmp/x')`],
  ['pg_try_advisory_lock (outlives the rollback)', 'select pg_try_advisory_lock(42)'],
  ['current_database', 'select current_database()'],
  ['to_regclass probe', `select to_regclass('retail_private.seal_key')`],
  ['pg_get_functiondef', `select pg_get_functiondef('retail.visible_store_ids'::regproc)`],
  ['query_to_xml inside xpath inside a CTE', `with x as (select xpath('/a', query_to_xml('select 1', true, false, '')) as v) select * from x`],
  ['table_to_xml of retail.orders', `select table_to_xml('retail.orders', true, false, '')`],
  ['schema_to_xml of retail', `select schema_to_xml('retail', true, false, '')`],
  ['ts_stat in a lateral join', `select * from retail.stores s, lateral ts_stat('select to_tsvector(''x'')') t`],
  ['EXPLAIN (FORMAT JSON)', 'explain (format json) select * from retail.orders'],
  ['CREATE TEMP VIEW', 'create temp view v as select * from retail.orders'],
  ['SET LOCAL ROLE', 'set local role retail_owner'],
  ['RESET of the seal', 'reset app.current_rls_seal'],
  ['ALTER ROLE', 'alter role retail_reader bypassrls'],
  ['LOAD a library', `load 'plpgsql'`],
  ['CREATE EXTENSION', 'create extension dblink'],
  ['COMMENT ON', `comment on table retail.orders is 'x'`],
  ['stacked pg_sleep', 'select 1;select pg_sleep(1)'],
  ['writable CTE in a union arm', 'select 1 union all (with d as (delete from retail.orders returning 1) select 1 from d)'],
  ['SELECT INTO TEMP', 'select * into temp t from retail.orders'],
  ['FOR UPDATE OF', 'select * from retail.orders o for update of o'],
].map(([name, sql]) => ({ name: `${name}`, sql: sql!, expect: 'rejected' as const }));

// Attacks the guard lets through (they are plain SELECTs): row-level security must contain them.
const CONTAINED: Attack[] = [
  { name: 'filter on another store', expect: 'contained', sql: (t) => `select distinct store_id from retail.orders where store_id = ${t.otherStore}` },
  { name: 'negated own scope', expect: 'contained', sql: (t) => `select distinct store_id from retail.order_items where store_id not in (${t.ownStores})` },
  { name: 'every store', expect: 'contained', sql: 'select store_id, store_name from retail.stores' },
  { name: 'every user', expect: 'contained', sql: 'select user_id, role, store_id from retail.app_users' },
  { name: 'every inventory row', expect: 'contained', sql: 'select distinct store_id from retail.inventory' },
  { name: 'every customer', expect: 'contained', sql: 'select distinct store_id from retail.customers' },
  { name: 'every customer contact', expect: 'contained', sql: 'select distinct store_id from retail.customer_contacts' },
  {
    name: 'division-by-zero oracle on another store',
    expect: 'contained',
    sql: (t) => `select count(*) as n from retail.orders where 1 / (case when store_id = ${t.otherStore} then 0 else 1 end) = 1`,
  },
  {
    name: 'division-by-zero oracle through the contacts view',
    expect: 'contained',
    sql: (t) => `select count(*) as n from retail.customer_contacts where 1 / (case when store_id = ${t.otherStore} then 0 else 1 end) = 1`,
  },
  {
    name: 'tablesample over everything',
    expect: 'contained',
    sql: 'select array_agg(distinct store_id) as store_id from retail.orders tablesample bernoulli (100)',
  },
  { name: 'scalar subquery aggregation', expect: 'contained', sql: 'select (select array_agg(distinct store_id) from retail.order_items) as store_id' },
  {
    name: 'recursive CTE seeded with another store',
    expect: 'contained',
    sql: (t) =>
      `with recursive s(store_id) as (select ${t.otherStore} union all select store_id from s where false) select o.store_id from retail.orders o join s using (store_id)`,
  },
  {
    name: 'union across tables',
    expect: 'contained',
    sql: 'select store_id from retail.orders union select store_id from retail.inventory union select store_id from retail.stores',
  },
  {
    name: 'json_agg of whole rows',
    expect: 'contained',
    sql: 'select json_agg(o) as rows from (select store_id, order_id from retail.orders order by order_id limit 50) o',
  },
  { name: 'row_to_json of stores', expect: 'contained', sql: 'select row_to_json(s) as s from retail.stores s' },
  {
    name: 'left join to another store',
    expect: 'contained',
    sql: (t) => `select o.store_id, s.store_name from retail.orders o left join retail.stores s on s.store_id = ${t.otherStore} limit 20`,
  },
  {
    name: 'orders of another store through order_items',
    expect: 'contained',
    sql: (t) => `select store_id from retail.orders where order_id in (select order_id from retail.order_items where store_id = ${t.otherStore})`,
  },
  { name: 'regclass probe of the private schema', expect: 'contained', sql: `select 'retail_private.seal_key'::regclass::oid as oid` },
  {
    name: 'any array of every store id',
    expect: 'contained',
    sql: `select distinct store_id from retail.orders where store_id = any (array(select generate_series(1, 1000)))`,
  },
  { name: 'a comment hiding a second statement', expect: 'contained', sql: 'select distinct store_id from retail.orders -- ; set role none' },
  {
    name: 'current_user is still the reader',
    expect: 'contained',
    sql: `select distinct store_id from retail.orders where current_user not in ('retail_scoped_reader', 'retail_store_reader', 'retail_head_office_reader')`,
  },
  { name: 'customer email through retail.customers', expect: 'contained', sql: 'select email, phone, store_id from retail.customers' },
  { name: 'whole customer rows through retail.customers', expect: 'contained', sql: 'select to_jsonb(c) as c from retail.customers c' },
];

// Resource attacks: the statement timeout and the byte cap must stop them (timeouts run at 500 ms).
const RESOURCE: Attack[] = [
  { name: 'runaway generate_series', expect: 'timeout', sql: 'select count(*) from generate_series(1, 1000000000000)' },
  { name: 'unbounded recursive CTE', expect: 'timeout', sql: 'with recursive t(n) as (select 1 union all select n + 1 from t) select count(*) from t' },
  { name: 'triple cross join', expect: 'timeout', sql: 'select count(*) from retail.order_items a, retail.order_items b, retail.order_items c' },
  { name: 'hashing a hundred million rows', expect: 'timeout', sql: `select count(*) from generate_series(1, 100000000) g where md5(g::text) = 'x'` },
  { name: 'five megabytes of rows', expect: 'bytes', sql: `select repeat('x', 1000) as x from generate_series(1, 5000)`, maxRows: 1000 },
  { name: 'one row over the byte cap', expect: 'bytes', sql: `select repeat('x', 300000) as x` },
  { name: 'a megabyte aggregated into one value', expect: 'bytes', sql: `select string_agg(repeat('x', 1000), '') as x from generate_series(1, 1000)` },
];

// With the parser guard off: the database alone must hold against the context and role attacks,
// including through every function that runs SQL text.
const forgeUser = (t: Target) => `select set_config('app.current_rls_user_id', '${t.otherUser}', true)`;
const resetRole = `select set_config('role', 'none', true)`;
const UNGUARDED: Attack[] = [
  // Migration 025: what would outlive the transaction is not the reader's to call at all.
  { name: 'a session advisory lock', expect: 'denied', sql: 'select pg_advisory_lock(962861055)' },
  { name: 'a shared session advisory lock by attribute notation', expect: 'denied', sql: 'select (962861055::bigint).pg_advisory_lock_shared' },
  { name: 'a transaction advisory lock', expect: 'denied', sql: 'select pg_try_advisory_xact_lock(1)' },
  { name: 'a session advisory lock inside query_to_xml', expect: 'denied', sql: `select query_to_xml('select pg_advisory_lock(1)', true, false, '')` },
  { name: 'setseed for the next caller', expect: 'denied', sql: 'select setseed(0.5)' },
  // The guard refuses XML (the corpus); without it, the database must still not read files.
  {
    name: 'XML external entity',
    expect: 'contained',
    sql: `select xmlparse(document '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>') as x`,
    mustNotShow: /root:/,
  },
  { name: 'pg_sleep', expect: 'timeout', sql: 'select pg_sleep(5)' },
  { name: 'pg_sleep_for in WHERE', expect: 'timeout', sql: `select 1 from retail.stores where pg_sleep_for('5 seconds') is null` },
  { name: 'runaway generate_series', expect: 'timeout', sql: 'select count(*) from generate_series(1, 1000000000000)' },
  { name: 'unbounded recursive CTE', expect: 'timeout', sql: 'with recursive t(n) as (select 1 union all select n + 1 from t) select count(*) from t' },
  { name: 'pg_sleep inside query_to_xml', expect: 'timeout', sql: `select query_to_xml('select pg_sleep(5)', true, false, '')` },
  { name: 'set_config lifting the statement timeout', expect: 'contained', sql: `select set_config('statement_timeout', '0', true) as t, pg_sleep(5) as s` },
  {
    name: 'set_config of the user id',
    expect: 'contained',
    sql: (t) => `${forgeUser(t)} as s, (select array_agg(distinct store_id) from retail.orders) as store_id`,
  },
  { name: 'set_config of the role', expect: 'contained', sql: `${resetRole} as r, (select array_agg(distinct store_id) from retail.orders) as store_id` },
  {
    name: 'query_to_xml forging the user id',
    expect: 'contained',
    sql: (t) => `select distinct store_id from retail.orders, query_to_xml('${q(forgeUser(t))}', true, false, '') x`,
  },
  {
    name: 'query_to_xml resetting the role',
    expect: 'contained',
    sql: `select distinct store_id from retail.orders where query_to_xml('${q(resetRole)}', true, false, '') is not null`,
  },
  {
    name: 'query_to_xml_and_xmlschema resetting the role',
    expect: 'contained',
    sql: `select distinct store_id from retail.orders, query_to_xml_and_xmlschema('${q(resetRole)}', true, false, '') x`,
  },
  {
    name: 'query_to_xmlschema forging the user id',
    expect: 'contained',
    sql: (t) => `select distinct store_id from retail.orders, query_to_xmlschema('${q(forgeUser(t))}', true, false, '') x`,
  },
  {
    name: 'xpath over query_to_xml',
    expect: 'contained',
    sql: `select xpath('//store_id/text()', query_to_xml('select store_id from retail.orders', true, false, ''))::text as store_id`,
  },
  {
    name: 'xpath over query_to_xml forging the user id',
    expect: 'contained',
    sql: (t) =>
      `select xpath('//text()', query_to_xml('${q(forgeUser(t))}', true, false, '')) as x, (select array_agg(distinct store_id) from retail.orders) as store_id`,
  },
  { name: 'table_to_xml of every order', expect: 'contained', sql: `select table_to_xml('retail.orders', true, false, '')::text as x` },
  { name: 'table_to_xml of the seal key', expect: 'contained', sql: `select table_to_xml('retail_private.seal_key', true, false, '')::text as x` },
  { name: 'cursor_to_xml of the unnamed portal', expect: 'contained', sql: `select cursor_to_xml('', 10, true, false, '')::text as x` },
  { name: "cursor_to_xml of the server's own cursor", expect: 'contained', sql: `select cursor_to_xml('model_query', 10, true, false, '')::text as x` },
  { name: 'schema_to_xml of retail', expect: 'contained', sql: `select schema_to_xml('retail', true, false, '')::text as x` },
  {
    name: 'ts_stat forging the user id',
    expect: 'contained',
    sql: (t) => `select distinct store_id from retail.orders, ts_stat('select to_tsvector(${q(forgeUser(t)).replace(/^select /, '')})') s`,
  },
  {
    name: 'ts_stat resetting the role',
    expect: 'contained',
    sql: `select distinct store_id from retail.orders, ts_stat('select to_tsvector(${q(resetRole).replace(/^select /, '')})') s`,
  },
  {
    name: 'ts_rewrite resetting the role',
    expect: 'contained',
    sql: `select ts_rewrite('a'::tsquery, 'select ''a''::tsquery, ${q(resetRole).replace(/^select /, '')}::tsquery') as r, (select array_agg(distinct store_id) from retail.orders) as store_id`,
  },
  {
    name: 'query_to_xml switching to the audit writer role',
    expect: 'contained',
    sql: `select query_to_xml('select set_config(''role'', ''retail_auditor'', true)', true, false, '') as x, (select array_agg(distinct store_id) from retail.orders) as store_id`,
  },
  { name: 'RESET ROLE', expect: 'contained', sql: 'reset role' },
  { name: 'SET ROLE to the owner', expect: 'contained', sql: 'set role retail_owner' },
  { name: 'SET SESSION AUTHORIZATION', expect: 'contained', sql: 'set session authorization postgres' },
  { name: 'SET of the user id', expect: 'contained', sql: (t) => `set app.current_rls_user_id = '${t.otherUser}'` },
  {
    name: 'DO block resetting the role and raising the data',
    expect: 'contained',
    sql: `do $$ begin reset role; raise exception '%', (select string_agg(distinct store_id::text, ',') from retail.orders); end $$`,
  },
  {
    name: 'DO block calling set_config',
    expect: 'contained',
    sql: (t) => `do $$ begin perform set_config('app.current_rls_user_id', '${t.otherUser}', true); end $$`,
  },
  { name: 'stacked statements (extended protocol)', expect: 'contained', sql: 'select 1; select distinct store_id from retail.orders' },
  { name: 'COMMIT of the tenant transaction', expect: 'contained', sql: 'commit' },
  { name: 'SELECT FOR UPDATE', expect: 'contained', sql: 'select store_id from retail.orders for update' },
  { name: 'INSERT', expect: 'contained', sql: `insert into retail.regions (region_name) values ('attacker')` },
  {
    name: 'pg_stats of the tenant tables',
    expect: 'contained',
    sql: `select tablename, most_common_vals::text as v from pg_stats where schemaname = 'retail' and tablename in ('orders', 'order_items', 'customers', 'stores', 'app_users', 'inventory')`,
  },
  { name: 'pg_stat_activity', expect: 'contained', sql: 'select usename, query from pg_stat_activity' },
  { name: 'pg_read_file', expect: 'contained', sql: `select pg_read_file('/etc/passwd')`, mustNotShow: /root:/ },
  {
    name: 'customer email with the guard off',
    expect: 'contained',
    sql: `select query_to_xml('select email from retail.customers', true, false, '')::text as x`,
  },
];

const sealKeyHex = inject('backend').sealKeyHex;
/** String literals worth looking for in a message: not short plain words such as 'role' or 'none'. */
const literals = (sql: string): string[] =>
  [...sql.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!).filter((s) => s.length >= 8 || (s.length >= 4 && /[^a-z]/.test(s)));

/** Store ids in a result: any value under a key that names store_id, and <store_id> XML elements. */
function storeIdsIn(value: unknown, key = '', out: number[] = []): number[] {
  if (Array.isArray(value)) value.forEach((v) => storeIdsIn(v, key, out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) storeIdsIn(v, k, out);
  else if (/store_id/.test(key)) for (const m of String(value).matchAll(/\d+/g)) out.push(Number(m[0]));
  else if (typeof value === 'string') for (const m of value.matchAll(/<store_id>(\d+)<\/store_id>/g)) out.push(Number(m[1]));
  return out;
}

interface World {
  users: TestUsers;
  storeNames: Map<number, string>;
}

/** What a caller must never see: other stores' names and ids, other users' ids. */
function foreign(world: World, caller: UserRow) {
  const mine = new Set(caller.store_ids);
  const visibleUsers = new Set(world.users.all.filter((u) => u.role === 'store_manager' && mine.has(u.store_ids[0]!)).map((u) => u.user_id));
  return {
    storeNames: [...world.storeNames].filter(([id]) => !mine.has(id)).map(([, name]) => name),
    userIds: world.users.all.map((u) => u.user_id).filter((id) => id !== caller.user_id && !visibleUsers.has(id)),
    anyOtherUserIds: world.users.all.map((u) => u.user_id).filter((id) => id !== caller.user_id),
  };
}

/** Every output: no other tenant's ids or store names, no key material, nothing the attack aimed at. */
function expectNothingForeign(out: ToolOutcome, attack: Attack, sql: string, caller: UserRow, world: World): void {
  const all = `${out.text}\n${JSON.stringify(out.structured)}`;
  const f = foreign(world, caller);
  for (const name of f.storeNames) expect(all, `${attack.name}: another store's name`).not.toContain(name);
  for (const id of f.userIds) expect(all, `${attack.name}: another user's id`).not.toContain(id);
  expect(all).not.toContain(sealKeyHex);
  if (attack.mustNotShow) expect(all).not.toMatch(attack.mustNotShow);
  for (const id of storeIdsIn(out.structured.rows ?? [])) expect(caller.store_ids, `${attack.name}: store ${id} in ${sql}`).toContain(id);
  for (const m of out.text.matchAll(/<store_id>(\d+)<\/store_id>/g)) expect(caller.store_ids).toContain(Number(m[1]));
}

/** Error hygiene: a stable code and a short message that quotes nothing it was sent or holds. */
function expectCleanError(out: ToolOutcome, sql: string, caller: UserRow, world: World): void {
  const text = out.text;
  expect(out.error?.code).toMatch(/^[A-Z_]+$/);
  expect(out.error?.message.length).toBeLessThan(200);
  if (sql.trim().length > 3) expect(text).not.toContain(sql.trim());
  for (const literal of literals(sql)) expect(text).not.toContain(literal);
  // Seals are 64 hex digits, nonces 32, the seal key 64: no run of 32 hex digits belongs in an error.
  expect(text).not.toMatch(/[0-9a-f]{32}/i);
  for (const id of foreign(world, caller).anyOtherUserIds) expect(text).not.toContain(id);
  for (const name of foreign(world, caller).storeNames) expect(text).not.toContain(name);
  expect(text).not.toMatch(/\bat .+:\d+:\d+|node_modules|PostgresError|permission denied for|relation "|syntax error at or near/);
}

/** Row counts and a content hash of every retail table, plus the catalogue that guards them. */
async function fingerprint(admin: Sql): Promise<string> {
  const rows = await admin.begin(async (tx) => {
    await tx`set local role retail_owner`;
    return tx<{ x: string }[]>`
      select c.relname || '=' || (xpath('/row/n/text()', query_to_xml(
               format('select count(*)::text || '':'' || md5(coalesce(string_agg(t::text, ''|'' order by t::text), '''')) as n from retail.%I t', c.relname),
               false, true, '')))[1]::text as x
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'retail' and c.relkind in ('r', 'p')
      union all
      select c.relname || ':' || c.relkind::text || ':' || c.relrowsecurity::text || ',' || c.relforcerowsecurity::text || ':' || coalesce(c.relacl::text, '') ||
             ':' || coalesce((select string_agg(a.attname || '=' || coalesce(a.attacl::text, ''), ',' order by a.attnum)
                                from pg_attribute a where a.attrelid = c.oid and a.attnum > 0), '')
        from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname in ('retail', 'retail_private')
      union all
      select polname || ':' || polrelid::regclass::text || ':' || pg_get_expr(polqual, polrelid) from pg_policy
      union all
      select p.oid::regprocedure::text || ':' || md5(p.prosrc) || ':' || p.prosecdef::text || ':' || coalesce(p.proacl::text, '')
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname in ('retail', 'retail_private')
      union all
      select 'set_config:' || coalesce(proacl::text, '') from pg_proc where oid = 'pg_catalog.set_config(text,text,boolean)'::regprocedure
      union all
      select r.rolname || ':' || concat_ws(',', r.rolsuper, r.rolinherit, r.rolcanlogin, r.rolbypassrls) || ':' || coalesce(r.rolconfig::text, '') ||
             ':' || coalesce((select string_agg(g.rolname, ',' order by g.rolname) from pg_auth_members m join pg_roles g on g.oid = m.roleid where m.member = r.oid), '')
        from pg_roles r where r.rolname like 'retail%'
      union all
      select 'seal_key:' || md5(key) from retail_private.seal_key
      order by 1`;
  });
  return rows.map((r) => r.x).join('\n');
}

let guarded: Harness;
let fast: Harness;
let unguarded: Harness;
let world: World;
let before: string;

beforeAll(async () => {
  guarded = await openHarness();
  // Runaway queries get a 500 ms statement timeout, so the database's timeout is what stops them.
  fast = await openHarness({ env: { STATEMENT_TIMEOUT_MS: '500' } });
  unguarded = await openHarness({ sqlGuard: false, env: { STATEMENT_TIMEOUT_MS: '500' } });
  const users = await loadTestUsers(guarded.admin);
  const stores = await guarded.admin.begin(async (tx) => {
    await tx`set local role retail_owner`;
    return tx<{ store_id: number; store_name: string }[]>`select store_id, store_name from retail.stores`;
  });
  world = { users, storeNames: new Map(stores.map((s) => [s.store_id, s.store_name])) };
  before = await fingerprint(guarded.admin);
});

afterAll(async () => {
  await Promise.all([guarded?.close(), fast?.close(), unguarded?.close()]);
});

const CALLERS = [
  { label: 'store manager', pick: (u: TestUsers) => u.storeManagers[0]! },
  { label: 'regional manager', pick: (u: TestUsers) => u.regionalManagers[0]! },
];

const CORPUS: Attack[] = REJECTED_QUERIES.map((r) => ({ name: r.name, sql: r.sql, expect: 'rejected' }));
const pglite = inject('backend').kind === 'pglite';

describe.each(CALLERS)('attacks as a $label', ({ pick }) => {
  let caller: UserRow;
  let target: Target;
  const sessions = new Map<Harness, Awaited<ReturnType<typeof setup>>>();

  beforeAll(async () => {
    caller = pick(world.users);
    target = {
      otherStore: world.users.allStoreIds.find((id) => !caller.store_ids.includes(id))!,
      otherUser: world.users.headOffice.user_id,
      ownStores: caller.store_ids.join(', '),
    };
    for (const h of [guarded, fast, unguarded]) sessions.set(h, await setup(h, caller.user_id));
  });
  afterAll(async () => {
    for (const s of sessions.values()) await s.close();
  });

  async function run(h: Harness, attack: Attack): Promise<void> {
    const session = sessions.get(h)!;
    const sql = typeof attack.sql === 'function' ? attack.sql(target) : attack.sql;
    const out = await session.callTool('execute_sales_query', { postgresql_query: sql, ...(attack.maxRows ? { max_rows: attack.maxRows } : {}) });
    expectNothingForeign(out, attack, sql, caller, world);
    if (out.isError) expectCleanError(out, sql, caller, world);
    switch (attack.expect) {
      case 'rejected':
        // An empty string never reaches the guard: the tool's zod schema (min 1) refuses it first.
        if (sql === '') expect(out.error?.code, out.text).toBe('BAD_INPUT');
        else expect(out.error?.code, out.text).toBe('SQL_REJECTED');
        break;
      case 'timeout':
        expect(out.error?.code, out.text).toBe('QUERY_TIMEOUT');
        expect(out.error?.retryable).toBe(true);
        break;
      case 'bytes':
        if (out.isError) expect(out.error?.code).toBe('RESULT_TOO_LARGE');
        else expect(out.structured).toMatchObject({ truncated: true, truncated_reason: 'bytes' });
        break;
      case 'denied':
        expect(out.error?.code, out.text).toBe('FORBIDDEN');
        break;
      case 'contained':
        // Either outcome is fine; what matters is checked above. Refusals use safe codes only.
        if (out.isError) expect(['FORBIDDEN', 'QUERY_FAILED', 'INTERNAL', 'RESULT_TOO_LARGE', 'QUERY_TIMEOUT']).toContain(out.error?.code);
    }
    // The server still serves this caller, with exactly their scope, on the same pool.
    const after = await session.callTool('execute_sales_query', {
      postgresql_query: 'select array_agg(distinct store_id order by store_id) as ids from retail.orders',
    });
    expect(after.isError, `after ${attack.name}: ${after.text}`).toBe(false);
    expect(after.structured.rows[0].ids).toEqual(sorted(caller.store_ids));
  }

  describe('the parser guard refuses', () => {
    it('the corpus and the extra attacks together number at least 60 beyond the corpus', () => {
      expect(CORPUS.length).toBeGreaterThanOrEqual(137);
      expect(EXTRA_REJECTED.length + CONTAINED.length + RESOURCE.length + UNGUARDED.length).toBeGreaterThanOrEqual(60);
    });
    it.each([...CORPUS, ...EXTRA_REJECTED])('$name', (attack) => run(guarded, attack));
  });

  describe('row-level security contains what the guard lets through', () => {
    it.each(CONTAINED)('$name', (attack) => run(guarded, attack));
  });

  describe('the statement timeout and the byte cap stop resource attacks', () => {
    // PGlite has no statement timeout (measured: pg_sleep(3) under a 500 ms timeout returns after 3 s),
    // and runs in-process: a runaway query there would stall the whole suite. See SECURITY.md.
    it.skipIf(pglite).each(RESOURCE.filter((a) => a.expect === 'timeout'))('$name', (attack) => run(fast, attack));
    it.each(RESOURCE.filter((a) => a.expect === 'bytes'))('$name', (attack) => run(fast, attack));
  });

  describe('with the parser guard off, the database alone holds', () => {
    it.each(UNGUARDED.filter((a) => a.expect !== 'timeout'))('$name', (attack) => run(unguarded, attack));
    it.skipIf(pglite).each(UNGUARDED.filter((a) => a.expect === 'timeout'))('$name', (attack) => run(unguarded, attack));
  });
});

describe('after the whole suite', () => {
  it('the database is unchanged: row counts, contents, schema, grants and roles', async () => {
    expect(await fingerprint(guarded.admin)).toBe(before);
  });
});
