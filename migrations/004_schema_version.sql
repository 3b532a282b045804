-- Lets the server's self-check see which migrations are applied without any grant on retail_private.
set local role retail_owner;

create function retail.applied_migrations() returns setof text
language sql stable security definer set search_path = '' as $$
  select name from retail_private.schema_migrations order by name
$$;
revoke all on function retail.applied_migrations() from public;
grant execute on function retail.applied_migrations() to retail_reader;
