-- The sealed tenant context and the row-level-security policies.
-- The server sets app.current_rls_user_id, a random nonce and seal = HMAC-SHA256(key, user || ':' || nonce)
-- per transaction. Only these SECURITY DEFINER functions can read the key, so a user id the model
-- forges through set_config, without the key, yields no rows.
set local role retail_owner;

create table retail_private.seal_key (
  singleton boolean primary key default true check (singleton),
  key       bytea not null check (length(key) >= 32)
);
revoke all on retail_private.seal_key from public;

-- The verified caller, or null. Fails closed: any missing, malformed or forged value gives null.
create function retail.current_principal_id() returns uuid
language plpgsql stable security definer set search_path = '' as $$
declare
  claimed text := nullif(current_setting('app.current_rls_user_id', true), '');
  nonce   text := nullif(current_setting('app.current_rls_nonce', true), '');
  seal    text := nullif(current_setting('app.current_rls_seal', true), '');
  secret  bytea;
begin
  if claimed is null or nonce is null or seal is null then
    return null;
  end if;
  select k.key into secret from retail_private.seal_key k;
  if secret is null
     or encode(public.hmac(convert_to(claimed || ':' || nonce, 'UTF8'), secret, 'sha256'), 'hex') <> seal then
    return null;
  end if;
  return claimed::uuid;
exception when others then
  return null;
end $$;

-- The stores the verified caller may see; the database, not the token, is the authority.
create function retail.visible_store_ids() returns int[]
language sql stable security definer set search_path = '' as $$
  select coalesce((
    select case u.role
             when 'head_office' then array(select s.store_id from retail.stores s order by 1)
             when 'regional_manager' then array(select s.store_id from retail.stores s where s.region_id = u.region_id order by 1)
             else array[u.store_id]
           end
      from retail.app_users u
     where u.user_id = retail.current_principal_id() and u.is_active
  ), '{}'::int[])
$$;

revoke all on function retail.current_principal_id() from public;
revoke all on function retail.visible_store_ids() from public;
grant execute on function retail.current_principal_id() to retail_reader;
grant execute on function retail.visible_store_ids() to retail_reader;

-- ENABLE + FORCE on every store-data table. Readers see visible stores; the owner keeps an explicit
-- policy so that migrations, the seed and the definer functions above (which read stores and
-- app_users) work under FORCE without recursing into the tenant policy.
do $$
declare
  t text;
begin
  foreach t in array array['stores', 'app_users', 'customers', 'inventory', 'orders', 'order_items'] loop
    execute format('alter table retail.%I enable row level security', t);
    execute format('alter table retail.%I force row level security', t);
    execute format('create policy owner_maintains on retail.%I for all to retail_owner using (true) with check (true)', t);
    execute format(
      'create policy reader_sees_visible_stores on retail.%I for select to retail_reader
         using (store_id = any ((select retail.visible_store_ids())::int[]))', t);
  end loop;
end $$;

-- Regional and head-office users carry no store_id; every user also sees their own row.
create policy reader_sees_self on retail.app_users for select to retail_reader
  using (user_id = (select retail.current_principal_id()));

-- The reader may SELECT what tools read, and nothing else.
grant select on retail.regions, retail.stores, retail.app_users, retail.customers, retail.categories,
  retail.product_types, retail.products, retail.inventory, retail.orders, retail.order_items,
  retail.product_embeddings to retail_reader;
