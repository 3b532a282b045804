// What an audit row is, and the one writer that puts rows into PostgreSQL. The sink (audit-sink.ts)
// decides when and how often to call a writer; the spill files (spill.ts) hold the same rows on disk.
import type { Sql } from '../db/client.js';

export interface AuditEntry {
  principalId: string;
  role: string;
  tool: string;
  sqlFingerprint: string | null;
  sqlNormalized: string | null;
  rowCount: number | null;
  resultBytes: number | null;
  durationMs: number;
  outcome: 'ok' | 'error';
  errorCode: string | null;
  traceId: string | null;
  /** The row's idempotency key; the sink assigns one when absent. */
  entryId?: string;
  /** When the call ended (ISO 8601); the sink sets it at record() when absent. */
  occurredAt?: string;
}

export interface StoredAuditEntry extends AuditEntry {
  entryId: string;
  occurredAt: string;
}

/** Writes rows, all or none; repeats of an entryId must be no-ops. */
export type AuditWriter = (rows: StoredAuditEntry[]) => Promise<void>;

/** Inserts as retail_auditor; `on conflict do nothing` (no target) needs only INSERT, and skips repeats. */
export function sqlAuditWriter(sql: Sql): AuditWriter {
  return async (batch) => {
    const rows = batch.map((e) => ({
      entry_id: e.entryId,
      occurred_at: e.occurredAt,
      principal_id: e.principalId,
      role: e.role,
      tool: e.tool,
      sql_fingerprint: e.sqlFingerprint,
      sql_normalized: e.sqlNormalized,
      row_count: e.rowCount,
      result_bytes: e.resultBytes,
      duration_ms: Math.max(0, Math.round(e.durationMs)),
      outcome: e.outcome,
      error_code: e.errorCode,
      trace_id: e.traceId,
    }));
    await sql.begin(async (tx) => {
      await tx`set local role retail_auditor`;
      await tx`insert into retail_private.audit_log ${tx(rows)} on conflict do nothing`;
    });
  };
}
