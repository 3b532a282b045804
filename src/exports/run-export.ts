// Streams one export: a server-side cursor in the caller's sealed read-only transaction, FETCHed in
// batches only as fast as the store takes the bytes (backpressure), CSV (optionally gzip) hashed on
// the way, into the store under exports/<user hash>/<yyyy>/<mm>/<id>.<ext>. A limit, a cancel, a
// disconnect or a failure stops the statement in PostgreSQL, aborts the upload and removes whatever
// was written: only complete exports exist, and each has its metadata row (its audit record).

import { createHash, randomUUID } from 'node:crypto';
import { pipeline, Readable, Transform } from 'node:stream';
import { createGzip } from 'node:zlib';
import { CUSTOMERS_PII_SCOPE, hasScope } from '../auth/scopes.js';
import type { Tx } from '../db/client.js';
import { unsafeExtended } from '../db/extended.js';
import { AppError } from '../errors.js';
import { tenantHash } from '../telemetry/tenant-hash.js';
import type { ToolContext } from '../tools/tool.js';
import { csvLine, csvRows } from './csv.js';
import type { DownloadLink } from './store.js';

export type ExportFormat = 'csv' | 'csv.gz';

export interface ExportJob {
  source: 'sql' | 'metrics';
  /** One SELECT (already through the guard, or compiled from the catalogue), values bound as $n. */
  sql: string;
  params: unknown[];
  format: ExportFormat;
  /** Stop quietly after this many rows (a limit the caller asked for), below the server's maximum. */
  takeRows?: number;
  fingerprint: string | null;
  normalized: string | null;
}

export interface ExportOutcome {
  id: string;
  uri: string;
  format: ExportFormat;
  rows: number;
  bytes: number;
  sha256: string;
  link: DownloadLink;
  filename: string;
}

// Rows per FETCH: large enough that round trips do not dominate, small enough to keep memory flat.
const BATCH_ROWS = 5000;
const PROGRESS_EVERY_MS = 250;

export function exportUri(id: string): string {
  return `retail://exports/${id}`;
}

export async function runExport(ctx: ToolContext, job: ExportJob): Promise<ExportOutcome> {
  const svc = ctx.deps.exports;
  if (!svc) throw new AppError('STORAGE_UNAVAILABLE', 'Exports are not configured on this server.');
  const { limits, store } = svc;
  const finished = svc.startExport();
  const started = Date.now();
  const id = randomUUID();
  const now = new Date();
  const ext = job.format;
  const key = `exports/${tenantHash(ctx.principal.userId)}/${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${id}.${ext}`;
  const filename = `${id}.${ext}`;

  // The export's own deadline, with its own error; the client's cancel and the call deadline come in ctx.signal.
  const tooSlow = new AbortController();
  const timer = setTimeout(
    () =>
      tooSlow.abort(
        new AppError('EXPORT_TOO_SLOW', `The export ran longer than ${limits.maxDurationMs} ms (EXPORT_MAX_DURATION_MS); filter it or export less.`),
      ),
    limits.maxDurationMs,
  );
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, tooSlow.signal]) : tooSlow.signal;
  let written: { rows: number; bytes: number; sha256: string; storeIds: number[] } | undefined;
  try {
    written = await ctx.deps.withTenant(
      ctx.principal,
      async (tx) => {
        // The stores this export can hold rows of, as RLS sees them (not the cached principal's):
        // read before and after the rows, and both kept, because each statement of a READ
        // COMMITTED transaction sees the data as it is when it starts.
        const visible = async () => (await tx<{ ids: number[] }[]>`select retail.visible_store_ids() as ids`)[0]!.ids;
        const before = await visible();
        const streamed = await streamCursor(tx, ctx, job, key, filename, signal);
        const storeIds = [...new Set([...before, ...(await visible())])].sort((a, b) => a - b);
        return { ...streamed, storeIds };
      },
      { signal, statementTimeoutMs: limits.statementTimeoutMs },
    );
    // An upload can complete in the instant the call is cancelled: then it is removed below.
    if (signal.aborted) throw signal.reason instanceof AppError ? signal.reason : new AppError('CANCELLED', 'The call was cancelled before it finished.');
    const { rows, bytes, sha256, storeIds } = written;
    // No export without its record: if this insert fails, the object is removed below.
    await svc.record({
      export_id: id,
      owner_id: ctx.principal.userId,
      role: ctx.principal.role,
      pii: hasScope(ctx.principal, CUSTOMERS_PII_SCOPE),
      store_ids: storeIds,
      source: job.source,
      format: job.format,
      storage: store.kind,
      location: store.location(key),
      row_count: rows,
      bytes,
      sha256,
      sql_fingerprint: job.fingerprint,
      sql_normalized: job.normalized,
      duration_ms: Date.now() - started,
    });
    const link = await store.link(key, filename, limits.urlTtlS);
    return { id, uri: exportUri(id), format: job.format, rows, bytes, sha256, link, filename };
  } catch (err) {
    // Whatever happened (a limit, a cancel, the store or the database failing), nothing is left.
    await store.remove(key).catch(() => {});
    if (signal.aborted && signal.reason instanceof AppError) throw signal.reason;
    throw err;
  } finally {
    clearTimeout(timer);
    finished();
  }
}

/** Inside the tenant transaction: DECLARE, then FETCH batches into the store until done. */
async function streamCursor(
  tx: Tx,
  ctx: ToolContext,
  job: ExportJob,
  key: string,
  filename: string,
  signal: AbortSignal,
): Promise<{ rows: number; bytes: number; sha256: string }> {
  const { limits, store } = ctx.deps.exports!;
  // Extended protocol only, as for execute_sales_query: exactly one statement, values bound.
  await unsafeExtended(tx, `declare export_rows no scroll cursor for\n${job.sql}\n`, job.params);
  let rows = 0;
  let csvBytes = 0;
  let lastProgress = 0;
  // The first error from the database side (a limit, a cancelled FETCH) is the one to report,
  // not the store's complaint about the stream that then broke.
  let failure: unknown;
  const take = Math.min(job.takeRows ?? Number.POSITIVE_INFINITY, limits.maxRows + 1);

  async function* csv(): AsyncGenerator<Buffer> {
    try {
      let header = true;
      for (;;) {
        const want = Math.min(BATCH_ROWS, take - rows);
        if (want <= 0) break;
        // want is a validated integer; FETCH takes no bound count.
        const batch = await unsafeExtended(tx, `fetch forward ${want} from export_rows`);
        const columns = batch.columns.map((c) => c.name);
        let text = header ? csvLine(columns) : '';
        header = false;
        rows += batch.length;
        if (rows > limits.maxRows) {
          throw new AppError('EXPORT_TOO_MANY_ROWS', `The result has more than ${limits.maxRows} rows (EXPORT_MAX_ROWS); filter it or aggregate.`);
        }
        text += csvRows(columns, batch as unknown as Record<string, unknown>[]);
        const chunk = Buffer.from(text, 'utf8');
        csvBytes += chunk.length;
        if (csvBytes > limits.maxBytes) {
          throw new AppError('EXPORT_TOO_LARGE', `The CSV is larger than ${limits.maxBytes} bytes (EXPORT_MAX_BYTES); select fewer columns or rows.`);
        }
        if (ctx.progress && Date.now() - lastProgress >= PROGRESS_EVERY_MS) {
          lastProgress = Date.now();
          ctx.progress(rows, `${rows} rows written`);
        }
        yield chunk;
        if (batch.length < want) break;
      }
      ctx.progress?.(rows, `${rows} rows written`);
    } catch (err) {
      failure ??= err;
      throw err;
    }
  }

  const hash = createHash('sha256');
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  // Not objectMode: the readable side holds at most about 1 MB before the generator is paused.
  const source = Readable.from(csv(), { objectMode: false, highWaterMark: 1024 * 1024 });
  // pipeline() destroys every stage when one fails, so the store sees the stream break.
  const ignore = () => {};
  if (job.format === 'csv.gz') pipeline(source, createGzip({ level: 6 }), meter, ignore);
  else pipeline(source, meter, ignore);
  try {
    await store.put(key, meter, {
      contentType: job.format === 'csv' ? 'text/csv; charset=utf-8; header=present' : 'application/gzip',
      filename,
      signal,
    });
  } catch (err) {
    source.destroy();
    if (failure) throw failure;
    if (signal.aborted) throw err;
    throw new AppError('STORAGE_UNAVAILABLE', 'The export store did not accept the file; try again later.', { cause: err });
  }
  if (failure) throw failure;
  return { rows: Math.min(rows, take), bytes, sha256: hash.digest('hex') };
}
