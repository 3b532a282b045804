-- The audit trail: one append-only row per tool call. The pool writes it through retail_auditor, a
-- NOLOGIN role whose only privilege is INSERT, in its own short transaction outside the tenant's
-- read-only one; no login role may UPDATE or DELETE a row. Head office reads it through a definer
-- function that returns nothing unless the verified principal is an active head_office user.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'retail_auditor') then
    create role retail_auditor nologin;
  end if;
end $$;
-- retail_app is NOINHERIT: it gains these privileges only after `set local role retail_auditor`.
grant retail_auditor to retail_app;

set local role retail_owner;

create table retail_private.audit_log (
  audit_id        bigserial primary key,
  occurred_at     timestamptz not null default now(),
  principal_id    uuid not null,
  role            text not null,
  tool            text not null,
  -- libpg-query's fingerprint and normalised text ($n for every constant): no literal value is kept.
  sql_fingerprint text,
  sql_normalized  text,
  row_count       int,
  result_bytes    int,
  duration_ms     int not null check (duration_ms >= 0),
  outcome         text not null check (outcome in ('ok', 'error')),
  error_code      text,
  trace_id        text
);
create index audit_log_occurred_at on retail_private.audit_log (occurred_at desc);

revoke all on retail_private.audit_log from public;
grant usage on schema retail_private to retail_auditor;
grant insert on retail_private.audit_log to retail_auditor;
grant usage on sequence retail_private.audit_log_audit_id_seq to retail_auditor;

-- Recent entries, newest first, for an active head-office principal only; an empty set otherwise.
create function retail.recent_audit_entries(max_rows int default 100)
returns table (occurred_at timestamptz, principal_id uuid, role text, tool text, sql_fingerprint text,
               sql_normalized text, row_count int, result_bytes int, duration_ms int, outcome text, error_code text)
language sql stable security definer set search_path = '' as $$
  select a.occurred_at, a.principal_id, a.role, a.tool, a.sql_fingerprint, a.sql_normalized,
         a.row_count, a.result_bytes, a.duration_ms, a.outcome, a.error_code
    from retail_private.audit_log a
   where exists (select 1 from retail.app_users u
                  where u.user_id = retail.current_principal_id() and u.is_active and u.role = 'head_office')
   order by a.audit_id desc
   limit least(greatest(coalesce(max_rows, 100), 1), 1000)
$$;
revoke all on function retail.recent_audit_entries(int) from public;
grant execute on function retail.recent_audit_entries(int) to retail_reader;
