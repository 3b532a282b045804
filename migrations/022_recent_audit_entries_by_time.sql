-- recent_audit_entries: newest first by when the call happened, not by insertion. Rows replayed from
-- the audit spill file after an outage are inserted late, with higher audit_ids than calls made
-- after them, and ordering by audit_id put them on top (audit-sink.ts writes each entry's own time).
-- The audit_log_occurred_at index (migration 007) serves this order.
set local role retail_owner;

create or replace function retail.recent_audit_entries(max_rows int default 100)
returns table (occurred_at timestamptz, principal_id uuid, role text, tool text, sql_fingerprint text,
               sql_normalized text, row_count int, result_bytes int, duration_ms int, outcome text, error_code text)
language sql stable security definer set search_path = '' as $$
  select a.occurred_at, a.principal_id, a.role, a.tool, a.sql_fingerprint, a.sql_normalized,
         a.row_count, a.result_bytes, a.duration_ms, a.outcome, a.error_code
    from retail_private.audit_log a
   where exists (select 1 from retail.app_users u
                  where u.user_id = retail.current_principal_id() and u.is_active and u.role = 'head_office')
   order by a.occurred_at desc, a.audit_id desc
   limit least(greatest(coalesce(max_rows, 100), 1), 1000)
$$;
