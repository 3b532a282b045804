// One batch of audit rows to the database, with a deadline. Rows the database rejects as invalid
// (SQLSTATE class 22 or 23) are retried one by one, and the ones still refused are counted, logged
// and set aside in a rejected-*.jsonl file for an operator, never retried. Any other failure is
// thrown: the sink keeps the rows and tries again later.
import type { Logger } from '../log.js';
import type { AuditWriter, StoredAuditEntry } from './audit-writer.js';
import type { SpillDir } from './spill.js';

export interface BatchWriterOptions {
  /** A write that has not finished after this long counts as failed (it may still commit: harmless). */
  timeoutMs: number;
  log: Logger;
  /** Where rejected rows are kept; null: they are only logged. */
  spill: SpillDir | null;
  /** Called once per row the database refused as invalid. */
  onRejected(): void;
}

/** Data errors: the rows themselves are invalid, so retrying them cannot help. Anything else may pass. */
function isRowProblem(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && /^(22|23)[0-9A-Z]{3}$/.test(code);
}

export function createBatchWriter(writer: AuditWriter, o: BatchWriterOptions): (rows: StoredAuditEntry[]) => Promise<void> {
  const withTimeout = <T>(p: Promise<T>): Promise<T> => {
    let t: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      t = setTimeout(
        () => reject(Object.assign(new Error(`audit write did not finish within ${o.timeoutMs} ms`), { code: 'AUDIT_WRITE_TIMEOUT' })),
        o.timeoutMs,
      );
      t.unref();
    });
    p.catch(() => {}); // an abandoned write that fails later must not become an unhandled rejection
    return Promise.race([p, timeout]).finally(() => clearTimeout(t));
  };

  const writeRows = async (rows: StoredAuditEntry[]): Promise<void> => {
    try {
      await withTimeout(writer(rows));
      return;
    } catch (err) {
      if (!isRowProblem(err)) throw err;
      if (rows.length === 1) {
        o.onRejected();
        o.log.error('audit write failed', { entries: 1, cause: (err as Error)?.message, code: (err as { code?: string }).code });
        if (o.spill) {
          const file = await o.spill.reject(rows).catch(() => null);
          if (file) o.log.error('audit row rejected by the database: kept for an operator', { file: `${o.spill.dir}/${file}` });
        }
        return;
      }
    }
    for (const r of rows) await writeRows([r]);
  };
  return writeRows;
}
