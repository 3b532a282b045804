-- The sealed-context check of migration 008, rewritten in PL/pgSQL so that its plans are cached per
-- connection. A LANGUAGE sql function that cannot be inlined (SECURITY DEFINER, SET clauses) is parsed
-- and planned again in every statement that calls it, and the reader policies call
-- visible_store_ids() in every statement of every tool call. PL/pgSQL prepares each of its queries
-- once per connection and keeps the plans: the connection's next call, whoever the user, only
-- executes them. The checks also run step by step now: 008's single query, once flattened, tested the
-- uuid pattern on every app_users row it scanned; here each check runs once, and a missing or
-- malformed context returns before any table is read.
--
-- Same contract as 008: STABLE, SECURITY DEFINER, search_path pinned to ''; fail-closed (no valid
-- context gives '{}' or null, never an error); no EXCEPTION block, because that would open a
-- subtransaction on every call (the cost 008 removed). Nothing here can raise: the user id must
-- match the uuid pattern before it is cast, in an earlier statement, so the order is guaranteed.
--
-- Measured on PostgreSQL 15 (seed scale 0.1, retail_app, withTenant's context select, one point
-- lookup on retail.orders by order_id, pgbench -M prepared, one client): 0.79-2.13 ms per
-- transaction before, 0.25-0.45 ms after; the policy's InitPlan (this function) went from a median
-- of 0.55 ms to 0.03-0.05 ms in EXPLAIN ANALYZE.
--
-- Plan caching and the SET clauses:
-- * `set search_path = ''` does not defeat it. A cached plan is replanned only when the search path
--   differs from the one it was planned under, and inside the function it is always ''. Saving and
--   restoring the setting costs under 1 us per call (the same function without the clause measured
--   no different), so the pin stays: no name resolved here, operators included, depends on the
--   caller's search path. Function names are schema-qualified as well.
-- * `set plan_cache_mode = 'force_generic_plan'` is needed. withTenant sets force_custom_plan for the
--   whole transaction, and that also reaches the queries inside this function: a query that takes a
--   PL/pgSQL variable as a parameter would be planned again on every call (measured: about 2.5 times
--   the cost per call, 55 us instead of 21 us). The function's own setting applies only while it runs
--   and is restored when it returns, even on error. These queries are primary-key and tiny-table
--   lookups, whose generic plans are the right plans. A query without parameters is generic anyway.
-- * A cached plan holds no results: the settings are read, and the queries run, on every call.
--
-- CREATE OR REPLACE keeps each function's oid (which the policies reference), owner and grants
-- (EXECUTE revoked from PUBLIC, granted to retail_reader by 003); sealed-context-plan-cache.test.ts
-- checks the owner and the grants.
set local role retail_owner;

-- The verified caller, or null. Fails closed: any missing, malformed or forged value gives null.
create or replace function retail.current_principal_id() returns uuid
language plpgsql stable security definer set search_path = '' as $$
declare
  claimed text := nullif(pg_catalog.current_setting('app.current_rls_user_id', true), '');
  nonce   text := nullif(pg_catalog.current_setting('app.current_rls_nonce', true), '');
  seal    text := nullif(pg_catalog.current_setting('app.current_rls_seal', true), '');
  secret  bytea;
begin
  if claimed is null or nonce is null or seal is null
     or claimed !~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' then
    return null;
  end if;
  select k.key into secret from retail_private.seal_key k;
  if secret is null
     or pg_catalog.encode(public.hmac(pg_catalog.convert_to(claimed || ':' || nonce, 'UTF8'), secret, 'sha256'), 'hex') <> seal then
    return null;
  end if;
  return claimed::uuid;
end $$;

-- The stores the verified caller may see; the database, not the token, is the authority. It checks
-- the seal itself rather than calling current_principal_id(): one definer call per statement, not two.
create or replace function retail.visible_store_ids() returns int[]
language plpgsql stable security definer set search_path = '' set plan_cache_mode = 'force_generic_plan' as $$
declare
  claimed   text := nullif(pg_catalog.current_setting('app.current_rls_user_id', true), '');
  nonce     text := nullif(pg_catalog.current_setting('app.current_rls_nonce', true), '');
  seal      text := nullif(pg_catalog.current_setting('app.current_rls_seal', true), '');
  secret    bytea;
  principal record;
begin
  if claimed is null or nonce is null or seal is null
     or claimed !~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' then
    return '{}'::int[];
  end if;
  select k.key into secret from retail_private.seal_key k;
  if secret is null
     or pg_catalog.encode(public.hmac(pg_catalog.convert_to(claimed || ':' || nonce, 'UTF8'), secret, 'sha256'), 'hex') <> seal then
    return '{}'::int[];
  end if;
  select u.role, u.store_id, u.region_id into principal
    from retail.app_users u
   where u.user_id = claimed::uuid and u.is_active;
  if not found then
    return '{}'::int[];
  end if;
  case principal.role
    when 'head_office' then
      return array(select s.store_id from retail.stores s order by 1);
    when 'regional_manager' then
      return array(select s.store_id from retail.stores s where s.region_id = principal.region_id order by 1);
    when 'store_manager' then
      return array[principal.store_id];
    else
      return '{}'::int[];
  end case;
end $$;
