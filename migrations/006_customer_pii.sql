-- Customer email and phone by role, enforced here rather than in TypeScript: the reader role may not
-- read those two columns of retail.customers at all, and retail.customer_contacts returns them masked
-- unless the verified principal's role is listed in retail_private.pii_roles (head office by default).
set local role retail_owner;

-- Which roles see contact details unmasked. Owner-only; add a role here to allow it explicitly.
create table retail_private.pii_roles (
  role text primary key check (role in ('store_manager', 'regional_manager', 'head_office'))
);
revoke all on retail_private.pii_roles from public;
insert into retail_private.pii_roles (role) values ('head_office');

-- Whether the verified caller may see customers' email and phone. Fails closed like
-- visible_store_ids(): no valid sealed context, an unknown or a disabled user gives false.
create function retail.can_see_pii() returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1
      from retail.app_users u
      join retail_private.pii_roles r on r.role = u.role
     where u.user_id = retail.current_principal_id() and u.is_active
  )
$$;
revoke all on function retail.can_see_pii() from public;
grant execute on function retail.can_see_pii() to retail_reader;

-- Column privileges: the reader keeps every column except email and phone. A whole-row reference
-- (select *, row_to_json(c), to_jsonb(c), c.*) needs every column, so it is refused outright, as is
-- any mention of email or phone (select list, where, order by, inside query_to_xml or ts_stat).
-- Columns added later are not granted until someone decides they are not personal data.
revoke select on retail.customers from retail_reader;
grant select (customer_id, first_name, last_name, store_id, created_on) on retail.customers to retail_reader;

-- The one way the reader reaches email and phone. The view runs with its owner's privileges (it must:
-- the reader has no privilege on those columns), and the owner's policy on customers is `true`, so the
-- tenant filter is repeated here in the same InitPlan shape as the table policies. security_barrier
-- keeps the caller's own (possibly leaky) conditions from running before that filter.
create view retail.customer_contacts with (security_barrier = true) as
select c.customer_id,
       c.store_id,
       c.first_name,
       c.last_name,
       -- Masked: first character and domain only (j***@example.com), enough for domain analytics.
       case when (select retail.can_see_pii()) then c.email
            else left(c.email, 1) || '***@' || split_part(c.email, '@', 2)
       end as email,
       case when (select retail.can_see_pii()) then c.phone end as phone,
       c.created_on
  from retail.customers c
 where c.store_id = any ((select retail.visible_store_ids())::int[]);

grant select on retail.customer_contacts to retail_reader;

comment on table retail.customers is
  'Customers of your stores. email and phone are not readable here (so select * is refused): read them from retail.customer_contacts.';
comment on view retail.customer_contacts is
  'Customers of your stores with contact details: email and phone are masked (j***@example.com, null phone) unless your role may see personal data.';
