-- Exactly-once audit rows. The server gives every entry a uuid when the call ends; a row it could not
-- write is kept (in memory, then in a spill file) and written again later, possibly after a write
-- that did commit but whose answer was lost, or after a crash mid-replay. The unique index makes
-- those repeats no-ops: the sink inserts with a bare `on conflict do nothing`, which needs only the
-- INSERT privilege retail_auditor already has (naming the conflict column would need SELECT on it).
-- Rows written before this migration keep a null entry_id; nulls never conflict.
set local role retail_owner;

alter table retail_private.audit_log add column entry_id uuid;
create unique index audit_log_entry_id on retail_private.audit_log (entry_id);
