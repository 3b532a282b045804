// The startup self-check: refuse to serve as a superuser, a BYPASSRLS role or an owner, or when a
// store-data table lacks FORCE RLS, or when migrations are missing. PGlite's session user is always
// a superuser, so there the superuser finding is a warning, and the set_config revoke must hold.
import { postgresDriverPatched, type Sql } from './client.js';
import { pendingMigrations } from './migrate.js';

export interface CheckItem {
  name: string;
  ok: boolean;
  severity: 'error' | 'warning';
  detail: string;
}

export interface SelfCheckReport {
  ok: boolean;
  items: CheckItem[];
}

export async function runSelfCheck(sql: Sql, o: { embedded: boolean }): Promise<SelfCheckReport> {
  // In a read-only transaction, the way every call begins (and the embedded relay serves whole transactions).
  const [who] = await sql.begin(
    'read only',
    (tx) => tx<
      {
        session_user: string;
        rolsuper: boolean;
        rolbypassrls: boolean;
        owner_member: boolean;
        owned: number;
        unforced: string[];
        reader_set_config: boolean;
        reader_locks: boolean;
      }[]
    >`
    select session_user, r.rolsuper, r.rolbypassrls,
           pg_has_role(session_user, 'retail_owner', 'USAGE') and not r.rolsuper as owner_member,
           (select count(*)::int from pg_class c join pg_namespace n on n.oid = c.relnamespace
             where n.nspname in ('retail', 'retail_private', 'retail_exports') and c.relowner = r.oid) as owned,
           -- Store data (a store_id column) and every user's exports must carry FORCE RLS.
           array(select n.nspname || '.' || c.relname from pg_class c
                   join pg_namespace n on n.oid = c.relnamespace
                  where c.relkind in ('r', 'p') and not (c.relrowsecurity and c.relforcerowsecurity)
                    and (n.nspname = 'retail_exports'
                         or (n.nspname = 'retail' and exists (select 1 from pg_attribute a
                               where a.attrelid = c.oid and a.attname = 'store_id' and not a.attisdropped)))
                  order by 1) as unforced,
           has_function_privilege('retail_reader', 'pg_catalog.set_config(text,text,boolean)', 'EXECUTE') as reader_set_config,
           has_function_privilege('retail_reader', 'pg_catalog.pg_advisory_lock(bigint)', 'EXECUTE') as reader_locks
      from pg_roles r where r.rolname = session_user`,
  );
  if (!who) throw new Error('Could not read the login role from pg_roles.');
  let migrationsReadable = true;
  const applied = await sql
    .begin('read only', async (tx) => {
      await tx`select set_config('role', 'retail_reader', true)`;
      return (await tx<{ name: string }[]>`select retail.applied_migrations() as name`).map((r) => r.name);
    })
    .catch(() => {
      migrationsReadable = false; // no schema yet, or no retail_reader: every migration counts as pending
      return [] as string[];
    });
  const pending = await pendingMigrations(applied);

  const items: CheckItem[] = [
    o.embedded
      ? {
          name: 'login role is not a superuser',
          ok: false,
          severity: 'warning',
          detail: `Embedded PGlite: the session user is always the superuser "${who.session_user}". A role reset would reach a superuser, so the revoked set_config and the SQL guard hold the line. Use the embedded mode for demos and development only.`,
        }
      : {
          name: 'login role is not a superuser',
          ok: !who.rolsuper,
          severity: 'error',
          detail: who.rolsuper ? `"${who.session_user}" is a superuser and bypasses RLS: connect as retail_app.` : 'ok',
        },
    {
      name: 'login role has no BYPASSRLS',
      ok: o.embedded || !who.rolbypassrls,
      severity: 'error',
      detail: who.rolbypassrls && !o.embedded ? `Run: alter role ${who.session_user} nobypassrls` : 'ok',
    },
    {
      name: 'login role owns nothing',
      ok: o.embedded || (who.owned === 0 && !who.owner_member),
      severity: 'error',
      detail:
        !o.embedded && (who.owned > 0 || who.owner_member)
          ? `"${who.session_user}" owns retail objects or can act as retail_owner: connect as retail_app.`
          : 'ok',
    },
    {
      name: 'every store-data table has FORCE RLS',
      ok: who.unforced.length === 0,
      severity: 'error',
      detail: who.unforced.length ? `Missing ENABLE/FORCE ROW LEVEL SECURITY on: ${who.unforced.join(', ')}` : 'ok',
    },
    {
      name: 'retail_reader cannot call set_config',
      ok: !who.reader_set_config,
      // Managed services do not let the admin revoke it; the sealed context still protects rows.
      severity: o.embedded ? 'error' : 'warning',
      detail: who.reader_set_config
        ? 'EXECUTE on pg_catalog.set_config is granted to PUBLIC: run `retail-mcp migrate` as a superuser to revoke it. The sealed context still blocks forged user ids.'
        : 'ok',
    },
    {
      name: 'retail_reader cannot take advisory locks',
      ok: !who.reader_locks,
      // Migration 025 revokes them where the admin is a superuser; elsewhere the SQL guard holds the line.
      severity: 'warning',
      detail: who.reader_locks
        ? 'EXECUTE on pg_catalog.pg_advisory_lock and setseed is granted to PUBLIC: run `retail-mcp migrate` as a superuser to revoke it (migration 025). The SQL guard refuses them meanwhile.'
        : 'ok',
    },
    {
      name: 'migrations are current',
      ok: pending.length === 0,
      severity: 'error',
      detail: pending.length
        ? `${migrationsReadable ? '' : 'Could not read the applied migrations. '}Pending: ${pending.join(', ')}. Run \`retail-mcp migrate\`.`
        : 'ok',
    },
    {
      name: 'postgres.js carries patches/postgres+3.4.9.patch',
      ok: postgresDriverPatched(),
      severity: 'warning',
      detail: postgresDriverPatched() ? 'ok' : 'Without it a database restart can crash the server: run `npm install` (its postinstall applies the patch).',
    },
  ];
  return { ok: items.every((i) => i.ok || i.severity === 'warning'), items };
}

export function formatSelfCheck(r: SelfCheckReport): string {
  return r.items.map((i) => `${i.ok ? 'ok  ' : i.severity === 'warning' ? 'WARN' : 'FAIL'} ${i.name}${i.ok ? '' : `: ${i.detail}`}`).join('\n');
}
