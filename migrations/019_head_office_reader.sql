-- Head office reads at the speed of the same SQL without RLS (issue 14 part 3).
-- Its policy was store_id = any(<every store id>) on every row of every joined table. The planner
-- cannot see inside the InitPlan, guessed a third of the rows, and chose bitmap index scans over
-- whole tables: 1.3-1.9x the time of the same query run directly (EXPLAIN ANALYZE, scale 7).
-- Readers now act as one of two roles that share retail_reader's privileges (grants keep going to
-- retail_reader) and differ only in the store policy:
--   retail_scoped_reader       store and regional managers: store_id = any(visible_store_ids()), as before;
--   retail_head_office_reader  head office: one check per statement that the sealed caller is an
--                              active head-office user; every row of every store otherwise.
-- The server picks the role from the caller's resolved role (src/db/with-tenant.ts). Both policies
-- check the sealed caller themselves, so a wrong or stale choice fails closed: a manager acting as
-- the head-office reader sees nothing. retail_reader on its own now sees no store rows at all.
-- app_users keeps the old policy for both roles: its head-office and regional rows have no store,
-- and head office must not start seeing them.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'retail_scoped_reader') then
    create role retail_scoped_reader nologin;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'retail_head_office_reader') then
    create role retail_head_office_reader nologin;
  end if;
end $$;
grant retail_reader to retail_scoped_reader, retail_head_office_reader;
grant retail_scoped_reader, retail_head_office_reader to retail_app;

set local role retail_owner;

create function retail.sees_every_store() returns boolean
language sql stable security definer parallel restricted set search_path = '' as $$
  select exists (
    select 1 from retail.app_users u
     where u.user_id = retail.current_principal_id() and u.is_active and u.role = 'head_office')
$$;
revoke all on function retail.sees_every_store() from public;
grant execute on function retail.sees_every_store() to retail_reader;

do $$
declare
  t text;
begin
  foreach t in array array['stores', 'customers', 'inventory', 'orders', 'order_items', 'sales_daily_store'] loop
    execute format('alter policy reader_sees_visible_stores on retail.%I to retail_scoped_reader', t);
    execute format(
      'create policy head_office_sees_every_store on retail.%I for select to retail_head_office_reader
         using ((select retail.sees_every_store()))', t);
  end loop;
end $$;
