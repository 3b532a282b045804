// Customer email and phone by role, enforced by the database: store and regional managers never see
// a real address or number, whatever the query's shape; head office (or a role explicitly allowed),
// with the retail.customers.pii scope in its token, sees them through retail.customer_contacts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserRow } from '../../src/cli/user-directory.js';
import { loadTestUsers, sorted, type TestUsers } from '../support/fixtures.js';
import { type Harness, openHarness, setup, type ToolOutcome } from '../support/harness.js';

let h: Harness;
let unguarded: Harness;
let users: TestUsers;
/** Every customer's real contact details, read as the owner: the truth that must not leak. */
let truth: { customer_id: number; store_id: number; email: string; phone: string | null }[];
let realEmails: Set<string>;

beforeAll(async () => {
  h = await openHarness();
  unguarded = await openHarness({ sqlGuard: false });
  users = await loadTestUsers(h.admin);
  truth = await h.admin.begin(async (tx) => {
    await tx`set local role retail_owner`;
    return [...(await tx`select customer_id, store_id, email, phone from retail.customers order by customer_id`)].map((r) => ({ ...r })) as typeof truth;
  });
  realEmails = new Set(truth.map((c) => c.email));
});
afterAll(async () => {
  await Promise.all([h?.close(), unguarded?.close()]);
});

const MASKED_EMAIL = /^[^*@]\*\*\*@[^@*]+$/;
// Phone numbers as the seed writes them, and as anyone would: 7+ digits with separators.
const PHONE_LIKE = /\(?\d{3}\)?[ .-]?\d{3}-\d{4}/;

// Shapes that read retail.customers' email or phone: each must be refused by the column grants.
const ON_CUSTOMERS = [
  'select email from retail.customers',
  'select phone from retail.customers',
  'select * from retail.customers',
  'table retail.customers',
  'select c.* from retail.customers c',
  'select c from retail.customers c',
  'select row_to_json(c) from retail.customers c',
  'select to_jsonb(c) from retail.customers c',
  "select to_jsonb(c) -> 'email' from retail.customers c",
  'select (c).email from retail.customers c',
  'select json_agg(c) from retail.customers c',
  'select x.email from (select * from retail.customers) x',
  'select (select email from retail.customers limit 1) as e',
  'with t as (select * from retail.customers) select count(*) from t',
  "select count(*) from retail.customers where email like 'a%'",
  'select customer_id from retail.customers order by phone',
  "select string_agg(email, ',') from retail.customers",
  'select md5(email) from retail.customers',
  'select length(phone) from retail.customers',
  'select * from retail.orders o join retail.customers c using (customer_id)',
  'select o.order_id, c.email from retail.orders o join retail.customers c on c.customer_id = o.customer_id',
  "select count(distinct split_part(email, '@', 2)) from retail.customers",
];

// The same shapes through the view: they work, and show masked values only.
const ON_CONTACTS = [
  'select email, phone from retail.customer_contacts',
  'select * from retail.customer_contacts',
  'table retail.customer_contacts',
  'select c.* from retail.customer_contacts c',
  'select c from retail.customer_contacts c',
  'select row_to_json(c) as c from retail.customer_contacts c',
  'select to_jsonb(c) as c from retail.customer_contacts c',
  'select (c).email, (c).phone from retail.customer_contacts c',
  'select json_agg(c) as c from (select * from retail.customer_contacts order by customer_id limit 200) c',
  'select x.email from (select * from retail.customer_contacts) x',
  'select (select email from retail.customer_contacts order by customer_id limit 1) as email',
  'with t as (select * from retail.customer_contacts) select * from t',
  'select o.order_id, c.email, c.phone from retail.orders o join retail.customer_contacts c using (customer_id)',
  "select string_agg(email, ',') as emails, string_agg(phone, ',') as phones from (select * from retail.customer_contacts limit 200) c",
];

/** Every string anywhere in a tool result, including inside JSON values and whole-row text. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value !== null && typeof value === 'object') Object.values(value).forEach((v) => strings(v, out));
  return out;
}

/**
 * Nothing in the output is a real email or phone number of any customer. Every "@" must follow the
 * mask's "***" (a real address never ends its local part so), and nothing may look like a phone.
 */
function expectNoRealContacts(out: ToolOutcome, sql: string): void {
  const all = `${out.text}\n${JSON.stringify(out.structured)}`;
  expect(all, `${sql}: an unmasked email`).not.toMatch(/(?<!\*\*\*)@/);
  expect(all, `${sql}: a phone number`).not.toMatch(PHONE_LIKE);
  for (const token of all.match(/[^\s"'<>,(){}|\\]+@[^\s"'<>,(){}|\\]+/g) ?? []) expect(realEmails.has(token), sql).toBe(false);
}

async function asUser(harness: Harness, user: UserRow, sqls: string[], check: (out: ToolOutcome, sql: string) => void): Promise<void> {
  const { callTool, close } = await setup(harness, user.user_id);
  try {
    for (const sql of sqls) check(await callTool('execute_sales_query', { postgresql_query: sql, max_rows: 1000 }), sql);
  } finally {
    await close();
  }
}

async function asUserWithScopes(user: UserRow, scopes: string[], sqls: string[], check: (out: ToolOutcome, sql: string) => void): Promise<void> {
  const { callTool, close } = await setup(h, user.user_id, 'memory-2025', scopes);
  try {
    for (const sql of sqls) check(await callTool('execute_sales_query', { postgresql_query: sql, max_rows: 1000 }), sql);
  } finally {
    await close();
  }
}

const MANAGERS = ['store manager', 'regional manager'] as const;
const manager = (label: (typeof MANAGERS)[number]) => (label === 'store manager' ? users.storeManagers[0]! : users.regionalManagers[0]!);
const managers = () => MANAGERS.map((label) => [label, manager(label)] as const);

describe('customer contact details by role', () => {
  it('the reader role holds no privilege on email or phone, and customers keeps FORCE RLS', async () => {
    const [row] = await h.admin`
      select has_table_privilege('retail_reader', 'retail.customers', 'select') as whole_table,
             has_column_privilege('retail_reader', 'retail.customers', 'email', 'select') as email,
             has_column_privilege('retail_reader', 'retail.customers', 'phone', 'select') as phone,
             has_column_privilege('retail_reader', 'retail.customers', 'store_id', 'select') as store_id,
             has_table_privilege('retail_reader', 'retail.customer_contacts', 'select') as contacts,
             has_column_privilege('retail_app', 'retail.customers', 'email', 'select') as app_email,
             (select relforcerowsecurity from pg_class where oid = 'retail.customers'::regclass) as forced`;
    expect(row).toEqual({ whole_table: false, email: false, phone: false, store_id: true, contacts: true, app_email: false, forced: true });
  });

  it.each(MANAGERS)('a %s: every shape on retail.customers that touches email or phone is FORBIDDEN', async (label) => {
    await asUser(h, manager(label), ON_CUSTOMERS, (out, sql) => {
      expect(out.isError, `${sql}: ${out.text}`).toBe(true);
      expect(out.error?.code, sql).toBe('FORBIDDEN');
      expectNoRealContacts(out, sql);
    });
  });

  it.each(MANAGERS)('a %s: every shape on retail.customer_contacts shows masked emails and no phone', async (label) => {
    await asUser(h, manager(label), ON_CONTACTS, (out, sql) => {
      expect(out.isError, `${sql}: ${out.text}`).toBe(false);
      expect(out.structured.row_count, sql).toBeGreaterThan(0);
      expectNoRealContacts(out, sql);
      const emails = strings(out.structured.rows).flatMap((s) => s.match(/[^\s",{}()|]*@[^\s",{}()|]+/g) ?? []);
      expect(emails.length, sql).toBeGreaterThan(0);
      for (const e of emails) expect(e, sql).toMatch(MASKED_EMAIL);
    });
  });

  it('a masked email keeps the first character and the domain, so domain analytics still work', async () => {
    const storeManager = manager('store manager');
    const { callTool, close } = await setup(h, storeManager.user_id);
    const r = await callTool('execute_sales_query', {
      postgresql_query: 'select customer_id, email, phone from retail.customer_contacts order by customer_id',
      max_rows: 1000,
    });
    const domains = await callTool('execute_sales_query', {
      postgresql_query: `select split_part(email, '@', 2) as domain, count(*)::int as n from retail.customer_contacts group by 1 order by split_part(email, '@', 2) collate "C"`,
      max_rows: 1000,
    });
    await close();
    const mine = truth.filter((c) => storeManager.store_ids.includes(c.store_id));
    expect(r.structured.rows).toEqual(
      mine.slice(0, 1000).map((c) => ({ customer_id: c.customer_id, email: `${c.email[0]}***@${c.email.split('@')[1]}`, phone: null })),
    );
    const expected = new Map<string, number>();
    for (const c of mine) expected.set(c.email.split('@')[1]!, (expected.get(c.email.split('@')[1]!) ?? 0) + 1);
    expect(domains.structured.rows).toEqual([...expected].sort(([a], [b]) => (a < b ? -1 : 1)).map(([domain, n]) => ({ domain, n })));
  });

  it('the contacts view keeps the tenant scope of the table it reads', async () => {
    for (const [, user] of managers()) {
      const { callTool, close } = await setup(h, user.user_id);
      const r = await callTool('execute_sales_query', {
        postgresql_query: 'select array_agg(distinct store_id order by store_id) as ids, count(*)::int as n from retail.customer_contacts',
      });
      await close();
      expect(r.structured.rows[0].ids).toEqual(sorted(user.store_ids));
      expect(r.structured.rows[0].n).toBe(truth.filter((c) => user.store_ids.includes(c.store_id)).length);
    }
  });

  it("the view's tenant filter runs before the caller's conditions (no error oracle on other stores)", async () => {
    const storeManager = manager('store manager');
    const other = users.allStoreIds.find((id) => !storeManager.store_ids.includes(id))!;
    const { callTool, close } = await setup(h, storeManager.user_id);
    const r = await callTool('execute_sales_query', {
      postgresql_query: `select count(*)::int as n from retail.customer_contacts where 1 / (case when store_id = ${other} then 0 else 1 end) = 1 and email like '%@%'`,
    });
    await close();
    expect(r.isError, r.text).toBe(false);
  });

  it('head office sees real email and phone for every store', async () => {
    const { callTool, close } = await setup(h, users.headOffice.user_id);
    const r = await callTool('execute_sales_query', {
      postgresql_query: 'select customer_id, store_id, email, phone from retail.customer_contacts order by customer_id',
      max_rows: 1000,
    });
    const total = await callTool('execute_sales_query', {
      postgresql_query: 'select count(*)::int as n, count(phone)::int as phones from retail.customer_contacts',
    });
    await close();
    expect(r.structured.rows).toEqual(truth.slice(0, 1000));
    expect(total.structured.rows[0]).toEqual({ n: truth.length, phones: truth.filter((c) => c.phone).length });
  });

  it('head office without the retail.customers.pii scope in its token sees masked contacts only', async () => {
    const { callTool, close } = await setup(h, users.headOffice.user_id, 'memory-2025', ['retail.export']);
    const r = await callTool('execute_sales_query', {
      postgresql_query: 'select customer_id, store_id, email, phone from retail.customer_contacts order by customer_id',
      max_rows: 1000,
    });
    await close();
    expect(r.isError, r.text).toBe(false);
    expect(r.structured.rows).toHaveLength(1000);
    expectNoRealContacts(r, 'head office without the scope');
    expect(r.structured.rows.every((c: { email: string }) => MASKED_EMAIL.test(c.email))).toBe(true);
  });

  it('the scope alone is not enough: a store manager whose token claims it still sees masked contacts', async () => {
    await asUserWithScopes(users.storeManagers[0]!, ['retail.customers.pii'], ON_CONTACTS.slice(0, 3), expectNoRealContacts);
  });

  it('head office too is refused email and phone on retail.customers itself (one way in, one rule)', async () => {
    const { callTool, close } = await setup(h, users.headOffice.user_id);
    const r = await callTool('execute_sales_query', { postgresql_query: 'select * from retail.customers' });
    await close();
    expect(r.error?.code).toBe('FORBIDDEN');
  });

  it('a role explicitly allowed in retail_private.pii_roles sees real values with the scope; removing it masks them again', async () => {
    const regional = users.regionalManagers[0]!;
    const allow = (on: boolean) =>
      h.admin.begin(async (tx) => {
        await tx`set local role retail_owner`;
        if (on) await tx`insert into retail_private.pii_roles (role) values ('regional_manager') on conflict do nothing`;
        else await tx`delete from retail_private.pii_roles where role = 'regional_manager'`;
      });
    const firstEmail = async () => {
      // Its token must carry the scope too (migration 015): the role alone is not enough.
      const { callTool, close } = await setup(h, regional.user_id, 'memory-2025', ['retail.customers.pii']);
      const r = await callTool('execute_sales_query', {
        postgresql_query: 'select customer_id, email from retail.customer_contacts order by customer_id limit 1',
      });
      await close();
      return r.structured.rows[0] as { customer_id: number; email: string };
    };
    try {
      await allow(true);
      const seen = await firstEmail();
      expect(seen.email).toBe(truth.find((c) => c.customer_id === seen.customer_id)!.email);
    } finally {
      await allow(false);
    }
    expect((await firstEmail()).email).toMatch(MASKED_EMAIL);
  });

  it('get_multiple_table_schemas shows customers without email and phone, and points to the contacts view', async () => {
    const { callTool, close } = await setup(h, manager('store manager').user_id);
    const r = await callTool('get_multiple_table_schemas', { table_names: ['customers', 'customer_contacts'] });
    await close();
    expect(r.isError, r.text).toBe(false);
    const tables = r.structured.tables as { table_name: string; description: string; columns: { name: string }[] }[];
    const customers = tables.find((t) => t.table_name === 'customers')!;
    const contacts = tables.find((t) => t.table_name === 'customer_contacts')!;
    expect(customers.columns.map((c) => c.name)).toEqual(['customer_id', 'first_name', 'last_name', 'store_id', 'created_on']);
    expect(customers.description).toMatch(/retail\.customer_contacts/);
    expect(contacts.columns.map((c) => c.name)).toEqual(['customer_id', 'store_id', 'first_name', 'last_name', 'email', 'phone', 'created_on']);
  });

  it('a disabled user and a forged context see no contacts at all', async () => {
    const rows = await h.withTenant({ userId: users.disabled.user_id }, (tx) => tx`select count(*)::int as n from retail.customer_contacts`);
    expect(rows[0]!.n).toBe(0);
    const forged = await h.app.begin('read only', async (tx) => {
      await tx`select set_config('role', 'retail_reader', true), set_config('app.current_rls_user_id', ${users.headOffice.user_id}, true),
                      set_config('app.current_rls_nonce', 'n', true), set_config('app.current_rls_seal', ${'0'.repeat(64)}, true)`;
      return tx`select count(*)::int as n, bool_or(email not like '%***@%') as real from retail.customer_contacts`;
    });
    expect(forged[0]).toEqual({ n: 0, real: null });
  });

  it('with the parser guard off, SQL-executing functions and DO blocks reach no real contact details', async () => {
    const attacks = [
      `select query_to_xml('select email, phone from retail.customers', true, false, '')::text as x`,
      `select table_to_xml('retail.customers', true, false, '')::text as x`,
      `select xpath('//email/text()', query_to_xml('select email from retail.customers', true, false, ''))::text as x`,
      `select * from ts_stat('select to_tsvector(email) from retail.customers')`,
      `select ts_rewrite('a'::tsquery, 'select ''a''::tsquery, email::tsquery from retail.customers')::text as x`,
      `select query_to_xml('select * from retail.customer_contacts limit 100', true, false, '')::text as x`,
      `select tablename, histogram_bounds::text as h, most_common_vals::text as v from pg_stats where tablename = 'customers'`,
      `do $$ begin raise exception '%', (select string_agg(email, ',') from retail.customers); end $$`,
      `do $$ begin reset role; raise exception '%', (select string_agg(email || phone, ',') from retail.customers); end $$`,
      `explain select * from retail.customers where email = 'x'`,
    ];
    for (const [, user] of managers()) {
      await asUser(unguarded, user, attacks, (out, sql) => {
        expectNoRealContacts(out, sql);
        if (out.isError) expect(['FORBIDDEN', 'QUERY_FAILED', 'INTERNAL']).toContain(out.error?.code);
      });
    }
  });
});
