-- Unmasked customer contacts need the token's `retail.customers.pii` scope as well as a role listed in
-- retail_private.pii_roles (head office). The server marks a transaction whose caller holds the scope
-- by ending its nonce with '.pii'; the nonce is covered by the seal's HMAC, so neither the model nor
-- anyone without the seal key can add the mark (a changed nonce fails the seal, and then
-- current_principal_id() is null). Fail-closed as before: no verified caller, no contacts.
set local role retail_owner;

create or replace function retail.can_see_pii() returns boolean
language sql stable security definer parallel restricted set search_path = '' as $$
  select pg_catalog.right(coalesce(pg_catalog.current_setting('app.current_rls_nonce', true), ''), 4) = '.pii'
     and exists (
       select 1
         from retail.app_users u
         join retail_private.pii_roles r on r.role = u.role
        where u.user_id = retail.current_principal_id() and u.is_active
     )
$$;
