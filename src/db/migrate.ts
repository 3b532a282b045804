// Applies migrations/*.sql in order, each once, in its own transaction, recorded with a checksum.
// Runs as the owner/admin connection. The migrations are this project's own trusted SQL.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { reportWhileRunning } from '../cli/progress.js';
import type { Sql } from './client.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((n) => /^\d{3}_[a-z0-9_]+\.sql$/.test(n)).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(`${dir}${name}`, 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

/**
 * Returns the names applied by this run; an up-to-date database gives []. A migration that takes
 * long (021 rewrites every embedding: minutes at 100k products) logs a line every progressEveryMs.
 */
export async function migrate(sql: Sql, log: (line: string) => void = () => {}, progressEveryMs = 10_000): Promise<string[]> {
  const migrations = await readMigrations();
  const applied: string[] = [];
  await sql.begin(async (tx) => {
    // One migrator at a time, whichever instance or CI job starts first.
    await tx`select pg_advisory_xact_lock(hashtext('retail-mcp migrate'))`;
    await tx`create schema if not exists retail_private`;
    await tx`create table if not exists retail_private.schema_migrations (
      name text primary key, checksum text not null, applied_at timestamptz not null default now())`;
    const done = new Map(
      (await tx<{ name: string; checksum: string }[]>`select name, checksum from retail_private.schema_migrations`).map((r) => [r.name, r.checksum]),
    );
    for (const m of migrations) {
      const previous = done.get(m.name);
      if (previous === m.checksum) continue;
      if (previous) throw new Error(`Migration ${m.name} changed after it was applied. Add a new migration instead of editing an applied one.`);
      await reportWhileRunning(`applying ${m.name}`, log, progressEveryMs, () =>
        tx.savepoint(async (sp) => {
          await sp.unsafe(m.sql);
          await sp`reset role`;
          await sp`insert into retail_private.schema_migrations (name, checksum) values (${m.name}, ${m.checksum})`;
        }),
      );
      applied.push(m.name);
      log(`applied ${m.name}`);
    }
    // The runner creates this table before migration 001 creates retail_owner; the owner's
    // retail.applied_migrations() (the self-check's view of it) needs to read it.
    await tx`grant select on retail_private.schema_migrations to retail_owner`;
  });
  return applied;
}

/** Writes the seal key that retail.current_principal_id() verifies against; a no-op when unchanged. */
export async function writeSealKey(sql: Sql, keyHex: string): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`set local role retail_owner`;
    await tx`insert into retail_private.seal_key (key) values (decode(${keyHex}, 'hex'))
             on conflict (singleton) do update set key = excluded.key where seal_key.key is distinct from excluded.key`;
  });
}

export async function pendingMigrations(appliedNames: string[]): Promise<string[]> {
  const all = await readMigrations();
  const done = new Set(appliedNames);
  return all.map((m) => m.name).filter((n) => !done.has(n));
}

/** Sets retail_app's password. ALTER ROLE cannot bind, so the value travels as a transaction-local
 * setting and is quoted by format(%L) inside the database, never spliced into SQL text here. */
export async function setAppPassword(sql: Sql, password: string): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`select set_config('retail_mcp.app_password', ${password}, true)`;
    await tx`do $$ begin execute format('alter role retail_app password %L', current_setting('retail_mcp.app_password')); end $$`;
  });
}
