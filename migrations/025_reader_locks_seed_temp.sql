-- Defence in depth behind the SQL guard, for what a model-written query must never reach even if a
-- way past the guard is found (one was: attribute notation, `(1::bigint).pg_advisory_lock`):
-- * advisory locks: a session-level lock outlives the transaction's ROLLBACK and stays with the
--   pooled connection, where it blocked `migrate` and the index rebuild, and enough of them fill
--   the shared lock table for every session of the cluster. Only the pool's own login (for the
--   server's transaction-level locks) and the owner keep EXECUTE;
-- * setseed: it changes random() for the next caller on the same pooled connection;
-- * temp_file_limit for the pool's login: a query may spill to disk (a big sort), but not without
--   bound. 2 GB is more than a scale-40 sort of every order line needs; past it the query fails
--   with RESULT_TOO_LARGE.
-- All three need a superuser, like migration 001's set_config revoke: elsewhere (managed
-- PostgreSQL) they are skipped, and the guard alone holds the line.
do $$
declare
  f regprocedure;
begin
  if not (select rolsuper from pg_roles where rolname = current_user) then
    raise notice 'not a superuser: advisory locks, setseed and temp_file_limit are left as they are';
    return;
  end if;
  for f in
    select p.oid::regprocedure from pg_proc p
     where p.pronamespace = 'pg_catalog'::regnamespace
       and (p.proname like 'pg\_advisory\_%' or p.proname like 'pg\_try\_advisory\_%' or p.proname = 'setseed')
  loop
    execute format('revoke execute on function %s from public', f);
    if f::text not like 'setseed%' then
      execute format('grant execute on function %s to retail_app, retail_owner', f);
    end if;
  end loop;
  alter role retail_app set temp_file_limit = '2GB';
end $$;
