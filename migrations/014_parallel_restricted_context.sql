-- Let PostgreSQL plan tenant queries in parallel. The sealed-context functions were PARALLEL UNSAFE
-- (the default), and one unsafe function anywhere in a query rules out a parallel plan, so every
-- statement under RLS ran on one core even where the superuser's same query used two workers
-- (bench:analytics: head office's 12-month aggregates). PARALLEL RESTRICTED means they run in the
-- leader only: the policies call them in an InitPlan, which the leader evaluates once and hands to
-- the workers as a parameter, so the check still reads the leader's own transaction-local settings.
-- Nothing else changes: STABLE, SECURITY DEFINER, search_path '', fail-closed.
set local role retail_owner;

alter function retail.visible_store_ids() parallel restricted;
alter function retail.current_principal_id() parallel restricted;
alter function retail.can_see_pii() parallel restricted;
