// Buffers audit entries and writes them in batches, as retail_auditor (INSERT only), in a short
// transaction of its own. A failed write is logged, never surfaced to the tool call; close() flushes.
import type { Sql } from '../db/client.js';
import type { Logger } from '../log.js';

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
}

export interface AuditSink {
  /** Takes the entry or a promise of it (the SQL summary is computed off the response path). */
  record(entry: AuditEntry | Promise<AuditEntry>): void;
  /** Writes everything buffered so far; resolves when it is written (or the write failed and was logged). */
  flush(): Promise<void>;
  /** Stops the timer and flushes: call on shutdown, before the pool closes. */
  close(): Promise<void>;
}

export interface AuditSinkOptions {
  /** Flush when this many entries are buffered. */
  batchSize?: number;
  /** Flush at least this often while entries are buffered. */
  flushIntervalMs?: number;
  /** Entries beyond this are dropped (and counted in the log) when the database cannot keep up. */
  maxBuffered?: number;
}

export function createAuditSink(sql: Sql, log: Logger, o: AuditSinkOptions = {}): AuditSink {
  const batchSize = o.batchSize ?? 100;
  const interval = o.flushIntervalMs ?? 1000;
  const maxBuffered = o.maxBuffered ?? 10_000;
  let buffer: AuditEntry[] = [];
  let dropped = 0;
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();
  const pending = new Set<Promise<void>>();

  const write = async (batch: AuditEntry[]) => {
    const rows = batch.map((e) => ({
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
    try {
      await sql.begin(async (tx) => {
        await tx`set local role retail_auditor`;
        await tx`insert into retail_private.audit_log ${tx(rows)}`;
      });
    } catch (err) {
      log.error('audit write failed', { entries: batch.length, cause: (err as Error)?.message });
    }
  };

  const flush = async (): Promise<void> => {
    if (pending.size > 0) await Promise.all(pending);
    if (timer) clearTimeout(timer);
    timer = null;
    if (buffer.length > 0) {
      const batch = buffer;
      buffer = [];
      // Serialised: one audit transaction at a time, so audit writes never crowd out tool calls.
      writing = writing.then(() => write(batch));
    }
    if (dropped > 0) {
      log.error('audit entries dropped: buffer full', { dropped });
      dropped = 0;
    }
    return writing;
  };

  const add = (entry: AuditEntry) => {
      if (buffer.length >= maxBuffered) {
        dropped += 1;
        return;
      }
      buffer.push(entry);
      if (buffer.length >= batchSize) void flush();
      else if (!timer) {
        timer = setTimeout(() => void flush(), interval);
        timer.unref();
      }
  };

  return {
    record(entry) {
      if (!(entry instanceof Promise)) return add(entry);
      const p: Promise<void> = entry.then(add, (err) => log.error('audit entry failed', { cause: (err as Error)?.message })).finally(() => pending.delete(p));
      pending.add(p);
    },
    flush,
    close: flush,
  };
}
