-- Roles, schemas and extensions. Runs as the migrating admin (a superuser on self-hosted and
-- embedded PostgreSQL, or a CREATEROLE admin on managed services). Roles are cluster-wide, so
-- they are created only when missing.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'retail_owner') then
    create role retail_owner nologin;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'retail_reader') then
    create role retail_reader nologin;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'retail_app') then
    -- NOINHERIT: the pool's own privileges are nothing; it acts only after set_config('role', ...).
    create role retail_app login noinherit;
  end if;
end $$;

grant retail_reader to retail_app;
-- The migrating admin must be able to act as the owner (implicit for superusers).
grant retail_owner to current_user;

create extension if not exists vector;
create extension if not exists pgcrypto;

create schema if not exists retail authorization retail_owner;
alter schema retail_private owner to retail_owner;
revoke all on schema retail_private from public;
grant usage on schema retail to retail_reader;

-- Where the admin is a superuser, nobody but the pool may call set_config: the reader role then
-- cannot rewrite the tenant context or reset its role, not even from inside query_to_xml.
-- The server's own set_config select is checked while the session is still retail_app.
do $$
begin
  if (select rolsuper from pg_roles where rolname = current_user) then
    revoke execute on function pg_catalog.set_config(text, text, boolean) from public;
    grant execute on function pg_catalog.set_config(text, text, boolean) to retail_app;
  end if;
end $$;
