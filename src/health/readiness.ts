// The readiness report shared by GET /readyz and `retail-mcp check`: database reachable, migrations
// current, self-check passed, embedder loaded. Names and pass/fail only: no secrets, no tenant data.
import type { AuditSink } from '../audit/audit-sink.js';
import type { Sql } from '../db/client.js';
import { runSelfCheck, type SelfCheckReport } from '../db/self-check.js';
import type { Embedder } from '../embeddings/embedder.js';

export interface ReadinessCheck {
  name: 'database' | 'migrations' | 'self_check' | 'embedder' | 'audit';
  ok: boolean;
  detail: string;
}

export interface ReadinessReport {
  status: 'ready' | 'not_ready';
  checks: ReadinessCheck[];
  /** The full self-check, for the CLI; /readyz leaves it out. */
  selfCheck: SelfCheckReport | null;
}

export interface ReadinessDeps {
  sql: Sql;
  embedded: boolean;
  /** null: the model could not be loaded; the report says so. */
  embedder: Embedder | null;
  /** With AUDIT_OVERFLOW=refuse, calls are refused while the audit trail cannot take rows. */
  audit?: Pick<AuditSink, 'accepting'>;
}

/** One round trip through the pool, the way a call begins: a read-only transaction. */
export async function pingDatabase(sql: Sql): Promise<ReadinessCheck> {
  try {
    await sql.begin('read only', (tx) => tx`select 1`);
    return { name: 'database', ok: true, detail: 'reachable' };
  } catch (err) {
    return { name: 'database', ok: false, detail: `unreachable (${(err as { code?: string })?.code ?? 'connection failed'})` };
  }
}

/** The checks that need no database: the embedder and the audit trail's room. */
export function localChecks(d: ReadinessDeps): ReadinessCheck[] {
  const embedder: ReadinessCheck = d.embedder
    ? { name: 'embedder', ok: true, detail: `${d.embedder.model} (${d.embedder.dimensions} dimensions)` }
    : { name: 'embedder', ok: false, detail: 'not loaded' };
  const audit: ReadinessCheck[] = d.audit
    ? [
        d.audit.accepting()
          ? { name: 'audit', ok: true, detail: 'accepting rows' }
          : { name: 'audit', ok: false, detail: 'buffer full: calls are refused until the database or the spill space is back' },
      ]
    : [];
  return [embedder, ...audit];
}

export async function checkReadiness(d: ReadinessDeps): Promise<ReadinessReport> {
  const checks: ReadinessCheck[] = [await pingDatabase(d.sql)];
  let selfCheck: SelfCheckReport | null = null;
  if (checks[0]!.ok) {
    try {
      selfCheck = await runSelfCheck(d.sql, { embedded: d.embedded });
      const migrations = selfCheck.items.find((i) => i.name === 'migrations are current');
      checks.push({ name: 'migrations', ok: Boolean(migrations?.ok), detail: migrations?.ok ? 'current' : 'pending migrations: run `retail-mcp migrate`' });
      const failed = selfCheck.items.filter((i) => !i.ok && i.severity === 'error').map((i) => i.name);
      checks.push({ name: 'self_check', ok: selfCheck.ok, detail: selfCheck.ok ? 'passed' : `failed: ${failed.join('; ')}` });
    } catch {
      checks.push({ name: 'migrations', ok: false, detail: 'could not be read' });
      checks.push({ name: 'self_check', ok: false, detail: 'could not run' });
    }
  } else {
    checks.push({ name: 'migrations', ok: false, detail: 'database unreachable' }, { name: 'self_check', ok: false, detail: 'database unreachable' });
  }
  checks.push(...localChecks(d));
  return { status: checks.every((c) => c.ok) ? 'ready' : 'not_ready', checks, selfCheck };
}

export function formatReadiness(r: ReadinessReport): string {
  return [`readiness: ${r.status}`, ...r.checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`)].join('\n');
}
