// One COPY FROM STDIN into a retail table, fed chunk by chunk with backpressure, so a generator can
// produce the next chunk while PostgreSQL parses the last one.
import type postgres from 'postgres';

type Tx = postgres.TransactionSql<Record<string, unknown>>;

/**
 * Streams COPY text (tab-separated lines, as strings or bytes) into retail.<table>. Resolves once the server has
 * committed the COPY to the transaction; rejects if it refused a row.
 */
export async function copyInto(tx: Tx, table: string, columns: readonly string[], chunks: Iterable<string | Buffer>): Promise<void> {
  const stream = await tx.unsafe(`copy retail.${table} (${columns.join(', ')}) from stdin`).writable();
  let failure: Error | undefined;
  const finished = new Promise<void>((resolve, reject) => {
    stream.once('finish', resolve);
    stream.once('error', (err: Error) => {
      failure = err;
      reject(err);
    });
  });
  finished.catch(() => {}); // awaited below; meanwhile an early error must not count as unhandled
  let written: Promise<void> = Promise.resolve();
  try {
    for (const chunk of chunks) {
      if (failure) break;
      if (chunk.length === 0) continue;
      written = new Promise<void>((resolve) => {
        // Backpressure: wait for the socket to take this chunk before producing the next one.
        stream.write(chunk, () => resolve());
      });
      if (stream.writableNeedDrain) await written;
    }
  } catch (err) {
    // The rows' producer failed: abort the COPY (CopyFail) so the transaction can roll back.
    stream.destroy(err as Error);
    throw err;
  }
  await written;
  if (failure) throw failure;
  stream.end();
  // postgres.js drops an error that arrives after the end of a COPY and never finishes the stream
  // (porsager/postgres#1173). A query queued behind the COPY does settle: it fails in the aborted
  // transaction, and that failure is reported instead of waiting forever.
  const probe = tx`select 1`.then(
    () => undefined,
    (err: Error) => {
      throw new Error(`COPY into retail.${table} failed (the server's log has the reason): ${err.message}`);
    },
  );
  await Promise.all([finished, probe]);
}
