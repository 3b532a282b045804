-- The two policy checks of migration 019 in PL/pgSQL, like visible_store_ids() since migration 010.
-- As LANGUAGE sql SECURITY DEFINER functions they cannot be inlined, so every statement parsed and
-- planned their bodies again, once per table its policy applies to: a store manager's three-table
-- query ran three such InitPlans. PL/pgSQL keeps each query's plan for the connection's next call
-- (the context is still read, and the check still run, on every call: nothing carries over between
-- callers). Measured (seed scale 7, retail_store_reader, median of 380 statements with three
-- InitPlans each): 0.32 ms as SQL, 0.21 ms as PL/pgSQL, against 0.11 ms for the same statement
-- with `(select 1)`.
--
-- Same contract as 019: STABLE, SECURITY DEFINER, PARALLEL RESTRICTED, search_path pinned to '',
-- fail closed (no verified caller, or one who is disabled or has another role: false or null), no
-- EXCEPTION block. plan_cache_mode is pinned to generic for the user lookup because the tenant
-- transaction forces custom plans (see migration 010). CREATE OR REPLACE keeps each function's oid
-- (which the policies reference), owner and grants; sealed-context-plan-cache.test.ts checks them.
set local role retail_owner;

create or replace function retail.sees_every_store() returns boolean
language plpgsql stable security definer parallel restricted set search_path = '' set plan_cache_mode = 'force_generic_plan' as $$
begin
  return exists (
    select 1 from retail.app_users u
     where u.user_id = retail.current_principal_id() and u.is_active and u.role = 'head_office');
end $$;

-- The store of the sealed caller when that caller is an active store manager; null otherwise, and
-- store_id = null matches no row.
create or replace function retail.own_store_id() returns int
language plpgsql stable security definer parallel restricted set search_path = '' set plan_cache_mode = 'force_generic_plan' as $$
declare
  store int;
begin
  select u.store_id into store from retail.app_users u
   where u.user_id = retail.current_principal_id() and u.is_active and u.role = 'store_manager';
  return store;
end $$;
