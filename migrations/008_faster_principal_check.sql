-- The same sealed-context check as migration 003, without a plpgsql EXCEPTION block: that block
-- opened a subtransaction on every statement of every tool call (measured as the largest share of
-- database CPU on point lookups). A malformed user id is now filtered by a pattern before the cast,
-- so nothing can raise, and the function stays fail-closed.
set local role retail_owner;

create or replace function retail.current_principal_id() returns uuid
language sql stable security definer set search_path = '' as $$
  select case when c.claimed ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' then c.claimed::uuid end
    from (select nullif(current_setting('app.current_rls_user_id', true), '') as claimed,
                 nullif(current_setting('app.current_rls_nonce', true), '') as nonce,
                 nullif(current_setting('app.current_rls_seal', true), '') as seal) c
    join retail_private.seal_key k on true
   where c.nonce is not null
     and c.seal is not null
     and encode(public.hmac(convert_to(c.claimed || ':' || c.nonce, 'UTF8'), k.key, 'sha256'), 'hex') = c.seal
$$;

-- One security-definer entry per statement instead of two: the policies' InitPlan calls this, and
-- it checks the seal itself rather than calling current_principal_id() (each definer call saves
-- and restores search_path, measured at ~0.1 ms).
create or replace function retail.visible_store_ids() returns int[]
language sql stable security definer set search_path = '' as $$
  select coalesce((
    select case u.role
             when 'head_office' then array(select s.store_id from retail.stores s order by 1)
             when 'regional_manager' then array(select s.store_id from retail.stores s where s.region_id = u.region_id order by 1)
             else array[u.store_id]
           end
      from (select nullif(current_setting('app.current_rls_user_id', true), '') as claimed,
                   nullif(current_setting('app.current_rls_nonce', true), '') as nonce,
                   nullif(current_setting('app.current_rls_seal', true), '') as seal) c
      join retail_private.seal_key k on true
      -- The pattern guards the cast inside the CASE, so a malformed id yields no row, never an error.
      join retail.app_users u
        on u.user_id = case when c.claimed ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
                            then c.claimed::uuid end
     where u.is_active
       and c.nonce is not null
       and c.seal is not null
       and encode(public.hmac(convert_to(c.claimed || ':' || c.nonce, 'UTF8'), k.key, 'sha256'), 'hex') = c.seal
  ), '{}'::int[])
$$;
