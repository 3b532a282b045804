-- Export metadata: one append-only row per finished export (export_query_result), which is also the
-- export's audit record (who, the SQL fingerprint, rows, bytes, where the object is). The server
-- writes it as retail_exporter, a NOLOGIN role whose only privilege is INSERT; the reader sees only
-- the verified caller's own rows (FORCE RLS by owner), so nobody lists or reads another's export.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'retail_exporter') then
    create role retail_exporter nologin;
  end if;
end $$;
-- retail_app is NOINHERIT: it gains INSERT only after `set local role retail_exporter`.
grant retail_exporter to retail_app;

-- A schema of its own: outside `retail`, so the model's SQL (the guard allows `retail` only) and the
-- schema tools never see it; the server reads it for retail://exports.
create schema if not exists retail_exports authorization retail_owner;

set local role retail_owner;
revoke all on schema retail_exports from public;
grant usage on schema retail_exports to retail_reader, retail_exporter;

create table retail_exports.exports (
  export_id       uuid primary key,
  owner_id        uuid not null,
  role            text not null,
  created_at      timestamptz not null default now(),
  source          text not null check (source in ('sql', 'metrics')),
  format          text not null check (format in ('csv', 'csv.gz')),
  -- 's3' (location = bucket/key) or 'file' (location = the key under the data dir's exports/).
  storage         text not null check (storage in ('s3', 'file')),
  location        text not null,
  row_count       bigint not null check (row_count >= 0),
  bytes           bigint not null check (bytes >= 0),
  sha256          text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  -- libpg-query's fingerprint and normalised text ($n for every constant), as in the audit log.
  sql_fingerprint text,
  sql_normalized  text,
  duration_ms     int not null check (duration_ms >= 0)
);
create index exports_owner_created on retail_exports.exports (owner_id, created_at desc);

alter table retail_exports.exports enable row level security;
alter table retail_exports.exports force row level security;

revoke all on retail_exports.exports from public;
grant select on retail_exports.exports to retail_reader;
grant insert on retail_exports.exports to retail_exporter;

-- The owner only, through the sealed context (retail.current_principal_id() fails closed to null).
create policy exports_owner_reads on retail_exports.exports for select to retail_reader
  using (owner_id = (select retail.current_principal_id()));
-- The writer may add rows and nothing else: no SELECT, UPDATE or DELETE privilege, so no policy for them.
create policy exports_writer_inserts on retail_exports.exports for insert to retail_exporter
  with check (true);
