// The readiness report shared by GET /readyz and `retail-mcp check`: database reachable, migrations
// current, self-check passed, embedder loaded. Names and pass/fail only: no secrets, no tenant data.
import type { Sql } from '../db/client.js';
import { runSelfCheck, type SelfCheckReport } from '../db/self-check.js';
import type { Embedder } from '../embeddings/embedder.js';

export interface ReadinessCheck {
  name: 'database' | 'migrations' | 'self_check' | 'embedder';
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
}

export async function checkReadiness(d: ReadinessDeps): Promise<ReadinessReport> {
  const checks: ReadinessCheck[] = [];
  let selfCheck: SelfCheckReport | null = null;
  try {
    await d.sql.begin('read only', (tx) => tx`select 1`);
    checks.push({ name: 'database', ok: true, detail: 'reachable' });
  } catch (err) {
    checks.push({ name: 'database', ok: false, detail: `unreachable (${(err as { code?: string })?.code ?? 'connection failed'})` });
  }
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
  checks.push(d.embedder ? { name: 'embedder', ok: true, detail: `${d.embedder.model} (${d.embedder.dimensions} dimensions)` } : { name: 'embedder', ok: false, detail: 'not loaded' });
  return { status: checks.every((c) => c.ok) ? 'ready' : 'not_ready', checks, selfCheck };
}

export function formatReadiness(r: ReadinessReport): string {
  return [`readiness: ${r.status}`, ...r.checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`)].join('\n');
}
