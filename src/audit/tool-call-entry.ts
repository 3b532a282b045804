// Builds the audit entry for one finished call (a tool call; a resource read, prompt or completion is
// named after its method): who, which tool, the SQL's fingerprint and normalised text (never its
// literals), how much came back, how long it took, and how it ended.
import type { ParseResult } from 'libpg-query';
import type { Principal } from '../auth/principal.js';
import type { AuditEntry } from './audit-writer.js';
import { summariseSql } from './sql-summary.js';

export interface ToolCallFacts {
  principal: Principal;
  tool: string;
  args: unknown;
  rowCount: number | null;
  resultBytes: number | null;
  durationMs: number;
  errorCode: string | null;
  traceId: string | null;
  /** The SQL guard's parse of the model's query, when there was one: it is never parsed twice. */
  sqlTree?: ParseResult;
}

export async function toolCallEntry(f: ToolCallFacts): Promise<AuditEntry> {
  const query = (f.args as { postgresql_query?: unknown } | null)?.postgresql_query;
  const summary = summariseSql(typeof query === 'string' ? query : undefined, f.sqlTree);
  return {
    principalId: f.principal.userId,
    role: f.principal.role,
    tool: f.tool,
    sqlFingerprint: summary.fingerprint,
    sqlNormalized: summary.normalized,
    rowCount: f.rowCount,
    resultBytes: f.resultBytes,
    durationMs: f.durationMs,
    outcome: f.errorCode ? 'error' : 'ok',
    errorCode: f.errorCode,
    traceId: f.traceId,
  };
}
