-- Analytics under RLS at the speed of the same SQL with the caller's scope written by hand (issue 14
-- part 3). One policy, store_id = any(visible_store_ids()) per row, served everyone. The planner
-- cannot see inside the InitPlan and guesses ten stores' worth of rows: for head office it chose
-- bitmap scans over whole tables where the direct query scans them (1.3-1.9x the time), for a store
-- manager parallel hash joins sized for ten stores where the direct query's plan is for one (3x).
-- Readers now act as one of three roles that share retail_reader's privileges (grants keep going to
-- retail_reader) and differ only in the store policy on the store-data tables:
--   retail_head_office_reader  head office: one check per statement that the sealed caller is an
--                              active head-office user, then every row;
--   retail_store_reader        a store manager: store_id = (the caller's one store), a scalar the
--                              planner estimates like a hand-written `where store_id = 7`;
--   retail_scoped_reader       regional managers and a caller whose role is not yet known:
--                              store_id = any(visible_store_ids()), as before.
-- The server picks the role from the caller's resolved role (src/db/with-tenant.ts). Every policy
-- checks the sealed caller itself, so a wrong or stale choice fails closed: a manager acting as the
-- head-office reader, or head office acting as a store reader, sees nothing. retail_reader on its
-- own now sees no rows of those tables. app_users keeps the old policy (to retail_reader, so for all
-- three): its head-office and regional rows have no store, and nobody starts seeing them.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'retail_head_office_reader') then
    create role retail_head_office_reader nologin;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'retail_store_reader') then
    create role retail_store_reader nologin;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'retail_scoped_reader') then
    create role retail_scoped_reader nologin;
  end if;
end $$;
grant retail_reader to retail_head_office_reader, retail_store_reader, retail_scoped_reader;
grant retail_head_office_reader, retail_store_reader, retail_scoped_reader to retail_app;

set local role retail_owner;

create function retail.sees_every_store() returns boolean
language sql stable security definer parallel restricted set search_path = '' as $$
  select exists (
    select 1 from retail.app_users u
     where u.user_id = retail.current_principal_id() and u.is_active and u.role = 'head_office')
$$;

-- The store of the sealed caller when that caller is an active store manager; null otherwise, and
-- store_id = null matches no row.
create function retail.own_store_id() returns int
language sql stable security definer parallel restricted set search_path = '' as $$
  select u.store_id from retail.app_users u
   where u.user_id = retail.current_principal_id() and u.is_active and u.role = 'store_manager'
$$;

revoke all on function retail.sees_every_store(), retail.own_store_id() from public;
grant execute on function retail.sees_every_store(), retail.own_store_id() to retail_reader;

do $$
declare
  t text;
begin
  foreach t in array array['stores', 'customers', 'inventory', 'orders', 'order_items', 'sales_daily_store'] loop
    execute format('alter policy reader_sees_visible_stores on retail.%I to retail_scoped_reader', t);
    execute format(
      'create policy head_office_sees_every_store on retail.%I for select to retail_head_office_reader
         using ((select retail.sees_every_store()))', t);
    execute format(
      'create policy manager_sees_own_store on retail.%I for select to retail_store_reader
         using (store_id = (select retail.own_store_id()))', t);
  end loop;
end $$;
