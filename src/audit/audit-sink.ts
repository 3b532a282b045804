// The audit trail's sink: one row per tool call, written in batches as retail_auditor (INSERT only)
// in a short transaction of its own, and never lost while the process lives.
//
// - Every entry gets a uuid (entry_id) and its time when the call ends; the insert is
//   `on conflict do nothing` on that uuid (migration 011), so writing a row twice is harmless.
// - A batch the database cannot take (outage, restart, killed connection, a write that hangs past
//   writeTimeoutMs) goes to a spill file in spillDir (see spill.ts: fsynced segments of JSON lines),
//   and the sink retries the database with a backoff (retryMinMs doubling to retryMaxMs). While the
//   database is down, the buffer is spilled at every flush tick. When a write succeeds again, the
//   segments are replayed oldest first, then deleted. A sink created on a directory that holds
//   segments (after a crash or a shutdown during an outage) replays them at once.
// - Only when neither the database nor the spill file can take rows (spill space used up or
//   unwritable) do rows stay in memory, up to maxBuffered. Beyond that, overflow = 'refuse' makes
//   accepting() false and requireCapacity() throw AUDIT_UNAVAILABLE (retryable), so the server
//   refuses new calls instead of answering calls it cannot audit; 'drop' answers them and drops
//   their rows, counted and logged.
// - Rows the database rejects as invalid (SQLSTATE class 22 or 23) are retried one by one; the ones
//   still refused go to rejected-*.jsonl and the log, never back into the queue.
// - close() writes what it can, spills the rest, and leaves the spill files for the next start.
// What a hard crash (SIGKILL, power loss) can lose: rows still in memory, i.e. at most the last
// flushIntervalMs (or batchSize rows) of calls, or of an outage. Spilled rows are on disk.
import { randomUUID } from 'node:crypto';
import type { Meter } from '@opentelemetry/api';
import type { Config } from '../config.js';
import type { Sql } from '../db/client.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import { type AuditEntry, type AuditWriter, type StoredAuditEntry, sqlAuditWriter } from './audit-writer.js';
import { createBatchWriter } from './batch-writer.js';
import { type RowFate, sinkMetrics } from './sink-metrics.js';
import { openSpillDir, type Segment, type SpillDir } from './spill.js';

export interface AuditStats {
  /** Rows in memory, neither written nor spilled. */
  buffered: number;
  /** Spill segments (and their rows and bytes) waiting for the database. */
  spillFiles: number;
  spillBytes: number;
  /** Cumulative counts since the sink was created. */
  written: number;
  spilled: number;
  replayed: number;
  dropped: number;
  rejected: number;
  refusedCalls: number;
  /** False from a failed write until a write succeeds. */
  databaseUp: boolean;
  accepting: boolean;
}

export interface AuditSink {
  /** Takes the entry or a promise of it (the SQL summary is computed off the response path). */
  record(entry: AuditEntry | Promise<AuditEntry>): void;
  /** False when the buffer is full and overflow is 'refuse': new calls must be refused. */
  accepting(): boolean;
  /** Call before a tool call runs: throws AUDIT_UNAVAILABLE (retryable) when !accepting(). */
  requireCapacity(): void;
  stats(): AuditStats;
  /** Writes everything recorded so far (trying the database now, even while it is marked down),
   * spilling what it cannot write; resolves when done. Also finishes a startup replay. */
  flush(): Promise<void>;
  /** Stops the timers, writes or spills everything: call on shutdown, before the pool closes. */
  close(): Promise<void>;
}

export interface AuditSinkOptions {
  /** Write when this many entries are buffered. */
  batchSize?: number;
  /** Write (or, while the database is down, spill) at least this often while entries are buffered. */
  flushIntervalMs?: number;
  /** Rows held in memory when they can be neither written nor spilled. */
  maxBuffered?: number;
  /** What happens beyond maxBuffered; see the top of this file. */
  overflow?: 'refuse' | 'drop';
  /** Where spill segments go; absent or null: no spill file, memory only. */
  spillDir?: string | null;
  /** Spill space; beyond it rows stay in memory. */
  spillMaxBytes?: number;
  /** A write that has not finished after this long counts as failed (it may still commit: harmless). */
  writeTimeoutMs?: number;
  retryMinMs?: number;
  retryMaxMs?: number;
  /** Rows per transaction when replaying a spill segment. */
  replayChunk?: number;
  /** Metrics: retail_mcp.audit.rows{fate} and retail_mcp.audit.backlog{where}. */
  meter?: Meter;
}

/** The sink's options from the configuration: spill files under the data dir unless AUDIT_SPILL_DIR is set. */
export function auditOptionsFromConfig(config: Config): AuditSinkOptions {
  return {
    maxBuffered: config.AUDIT_BUFFER_MAX,
    overflow: config.AUDIT_OVERFLOW,
    spillDir: config.AUDIT_SPILL_MAX_MB === 0 ? null : (config.AUDIT_SPILL_DIR ?? `${config.RETAIL_MCP_DATA_DIR.replace(/\/$/, '')}/audit-spill`),
    spillMaxBytes: config.AUDIT_SPILL_MAX_MB * 1024 * 1024,
  };
}

export function createAuditSink(sql: Sql, log: Logger, o: AuditSinkOptions = {}): AuditSink {
  return createAuditSinkWith(sqlAuditWriter(sql), log, o);
}

type Mode = 0 | 1 | 2 | 3; // tick < probe < flush < close
const TICK: Mode = 0;
const PROBE: Mode = 1;
const FLUSH: Mode = 2;
const CLOSE: Mode = 3;
const MAX_SEGMENT_ROWS = 5000;

export const AUDIT_UNAVAILABLE_MESSAGE =
  'The audit trail cannot record more calls right now (the database is unavailable and the audit buffer is full), so this call was not run. Try again shortly.';

export function createAuditSinkWith(writer: AuditWriter, log: Logger, o: AuditSinkOptions = {}): AuditSink {
  const batchSize = o.batchSize ?? 100;
  const interval = o.flushIntervalMs ?? 1000;
  const maxBuffered = o.maxBuffered ?? 10_000;
  const overflow = o.overflow ?? 'refuse';
  const spillMaxBytes = o.spillMaxBytes ?? 256 * 1024 * 1024;
  const writeTimeoutMs = o.writeTimeoutMs ?? 5000;
  const retryMinMs = o.retryMinMs ?? 250;
  const retryMaxMs = o.retryMaxMs ?? 5000;
  const replayChunk = o.replayChunk ?? 500;
  const spill: SpillDir | null = o.spillDir ? openSpillDir(o.spillDir) : null;

  let queue: StoredAuditEntry[] = [];
  let segments: Segment[] = [];
  let spillBytes = 0;
  let dbUp = true;
  let downSince = 0;
  let spillFailing = false;
  let closed = false;
  let wasAccepting = true;
  let retryDelay = retryMinMs;
  let flushTimer: NodeJS.Timeout | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let droppedUnlogged = 0;
  let lastDropLog = 0;
  const counts: Record<RowFate, number> = { written: 0, spilled: 0, replayed: 0, dropped: 0, rejected: 0, refusedCalls: 0 };
  const pending = new Set<Promise<void>>();

  const metrics = sinkMetrics(o.meter, () => ({ memoryRows: queue.length, spillBytes }));
  const count = (fate: RowFate, n: number) => {
    if (n <= 0) return;
    counts[fate] += n;
    metrics.rows(fate, n);
  };

  const accepting = () => queue.length < maxBuffered;
  const noteAccepting = () => {
    const now = accepting();
    if (now === wasAccepting) return;
    wasAccepting = now;
    if (!now && overflow === 'refuse')
      log.error('audit buffer full: refusing new tool calls (AUDIT_UNAVAILABLE) until the database or spill space is back', {
        buffered: queue.length,
        spillBytes,
        spillFailing,
      });
    else if (now && overflow === 'refuse') log.warn('audit buffer has room again: accepting tool calls', { buffered: queue.length });
  };

  // ---- the database side -------------------------------------------------------------------

  const writeRows = createBatchWriter(writer, { timeoutMs: writeTimeoutMs, log, spill, onRejected: () => count('rejected', 1) });

  const markDown = (err: unknown) => {
    if (dbUp) {
      dbUp = false;
      downSince = Date.now();
      log.warn('audit database unavailable: keeping audit rows (memory, then spill file) and retrying', {
        cause: (err as Error)?.message,
        code: (err as { code?: string })?.code,
        spillDir: spill?.dir ?? null,
      });
    }
    scheduleRetry();
  };

  const markUp = () => {
    retryDelay = retryMinMs;
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    if (!dbUp) {
      dbUp = true;
      log.info('audit database back: writing the audit backlog', { outageMs: Date.now() - downSince, spillFiles: segments.length, buffered: queue.length });
    }
  };

  const scheduleRetry = () => {
    if (closed || retryTimer) return;
    const delay = Math.round(retryDelay * (0.75 + Math.random() * 0.5));
    retryDelay = Math.min(retryDelay * 2, retryMaxMs);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      log.debug('audit database retry', { afterMs: delay });
      void pump(PROBE);
    }, delay);
    retryTimer.unref();
  };

  /** Replays the spill segments, oldest first, several small ones per transaction (up to
   * replayChunk rows). False when the database failed (transiently). */
  const replaySegments = async (): Promise<boolean> => {
    while (spill && segments.length > 0) {
      const taken: Segment[] = [];
      const rows: StoredAuditEntry[] = [];
      while (taken.length < segments.length && (taken.length === 0 || rows.length < replayChunk)) {
        const seg = segments[taken.length]!;
        let read: Awaited<ReturnType<SpillDir['read']>>;
        try {
          read = await spill.read(seg.name);
        } catch (err) {
          // Unreadable (permissions, I/O): leave the file for an operator, and let the rest through.
          log.error('audit spill file unreadable: left in place, not replayed', { file: `${spill.dir}/${seg.name}`, cause: (err as Error)?.message });
          segments.splice(taken.length, 1);
          spillBytes = Math.max(0, spillBytes - seg.bytes);
          continue;
        }
        const { entries, badLines } = read;
        if (badLines > 0) log.warn('audit spill file had unreadable lines (torn by a crash mid-write); skipped', { file: seg.name, badLines });
        taken.push(seg);
        rows.push(...entries);
      }
      for (let i = 0; i < rows.length; i += replayChunk) {
        try {
          await writeRows(rows.slice(i, i + replayChunk));
        } catch (err) {
          log.debug('audit replay failed; spill files kept', { files: taken.length, cause: (err as Error)?.message });
          markDown(err);
          return false;
        }
        markUp(); // the database takes writes again: reset the backoff, even with a backlog left
      }
      for (const seg of taken) {
        // Written already; a file that cannot be deleted is replayed again at the next start, harmlessly.
        await spill.remove(seg.name).catch((err) => log.error('audit spill file replayed but not deleted', { file: seg.name, cause: (err as Error)?.message }));
      }
      segments.splice(0, taken.length);
      spillBytes = Math.max(0, spillBytes - taken.reduce((n, x) => n + x.bytes, 0));
      count('replayed', rows.length);
      log.debug('audit spill segments replayed', { files: taken.length, rows: rows.length });
    }
    return true;
  };

  /** Writes the in-memory queue in batches. False when the database failed (transiently). */
  const writeQueue = async (): Promise<boolean> => {
    // Only what is queued now: rows recorded meanwhile wait for the next pump, so a steady stream
    // of calls cannot keep one pump (and a flush() awaiting it) going for ever.
    let left = queue.length;
    while (left > 0) {
      const batch = queue.slice(0, Math.min(batchSize, left));
      try {
        await writeRows(batch);
      } catch (err) {
        log.debug('audit write failed; rows kept', { entries: batch.length, cause: (err as Error)?.message });
        markDown(err);
        return false;
      }
      queue.splice(0, batch.length); // only the pump removes from the front; record() appends
      left -= batch.length;
      count('written', batch.length);
    }
    return true;
  };

  // ---- the disk side -------------------------------------------------------------------------

  /** Moves the in-memory queue to spill segments, as far as spill space allows. */
  const spillQueue = async (): Promise<void> => {
    if (!spill) return;
    let left = queue.length; // as in writeQueue: what is queued now, not what arrives during the fsync
    while (left > 0) {
      if (spillBytes >= spillMaxBytes) {
        if (!spillFailing) log.error('audit spill space used up: audit rows now wait in memory', { spillBytes, spillMaxBytes, buffered: queue.length });
        spillFailing = true;
        return;
      }
      const chunk = queue.slice(0, Math.min(MAX_SEGMENT_ROWS, left));
      try {
        const started = Date.now();
        const seg = await spill.write(chunk);
        log.debug('audit rows spilled', { file: seg.name, rows: chunk.length, ms: Date.now() - started });
        segments.push(seg);
        spillBytes += seg.bytes;
        queue.splice(0, chunk.length);
        left -= chunk.length;
        count('spilled', chunk.length);
        if (spillFailing) log.info('audit spill file writable again', { dir: spill.dir });
        spillFailing = false;
      } catch (err) {
        if (!spillFailing)
          log.error('audit spill failed: audit rows now wait in memory', { dir: spill.dir, cause: (err as Error)?.message, buffered: queue.length });
        spillFailing = true;
        return;
      }
    }
  };

  // ---- the pump: one at a time; requests made while one runs are merged into the next -------

  let running: Promise<void> = Promise.resolve();
  let next: { mode: Mode; promise: Promise<void> } | null = null;

  const pumpOnce = async (mode: Mode) => {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = null;
    // While the database is down, ticks only spill; the retry timer and flush() try it. close()
    // does not wait for a database already known to be down (it spills), and leaves a backlog of
    // spill files to the next start rather than hold up the shutdown replaying it.
    const tryDb = dbUp ? true : mode === PROBE || mode === FLUSH;
    if (tryDb && (mode === CLOSE || (await replaySegments())) && (await writeQueue())) {
      markUp();
    } else {
      if (!tryDb && !retryTimer && !closed) scheduleRetry();
      await spillQueue();
    }
    noteAccepting();
    if (!closed && queue.length > 0 && !flushTimer) armFlushTimer();
  };

  const pump = (mode: Mode): Promise<void> => {
    if (next) {
      next.mode = Math.max(next.mode, mode) as Mode;
      return next.promise;
    }
    const slot: { mode: Mode; promise: Promise<void> } = { mode, promise: Promise.resolve() };
    slot.promise = running.then(async () => {
      next = null;
      try {
        await pumpOnce(slot.mode);
      } catch (err) {
        log.error('audit sink failed', { cause: (err as Error)?.message });
      }
    });
    next = slot;
    running = slot.promise;
    return slot.promise;
  };

  const armFlushTimer = () => {
    flushTimer = setTimeout(() => void pump(TICK), interval);
    flushTimer.unref();
  };

  // ---- startup: pick up segments left by an earlier process -----------------------------------

  const scanned: Promise<void> = spill
    ? spill.scan().then(
        (found) => {
          // Segments this sink spilled before the scan finished are already in `segments`.
          const known = new Set(segments.map((s) => s.name));
          const older = found.filter((s) => !known.has(s.name));
          segments = [...older, ...segments];
          spillBytes += older.reduce((n, s) => n + s.bytes, 0);
          if (older.length > 0) {
            log.info('audit spill files found from an earlier run: replaying them', { dir: spill.dir, files: older.length, bytes: spillBytes });
            void pump(PROBE);
          }
        },
        (err) => {
          spillFailing = true;
          log.error('audit spill directory unusable: audit rows will wait in memory during outages', { dir: spill.dir, cause: (err as Error)?.message });
        },
      )
    : Promise.resolve();
  // The first pump runs after the scan, so replays keep their order.
  running = scanned;

  // ---- recording -------------------------------------------------------------------------------

  const add = (entry: StoredAuditEntry) => {
    if (closed) {
      // A call that finished after close(): put its row straight on disk, or say it is lost.
      try {
        if (!spill) throw new Error('no spill directory');
        spill.writeSync([entry]);
        count('spilled', 1);
      } catch (err) {
        count('dropped', 1);
        log.error('audit row lost: recorded after close() and could not be spilled', { cause: (err as Error)?.message });
      }
      return;
    }
    if (queue.length >= maxBuffered) {
      // Refused calls are not run; their own entries are not kept while the buffer is full.
      const hardCap = overflow === 'refuse' ? maxBuffered * 2 : maxBuffered;
      if (entry.errorCode === 'AUDIT_UNAVAILABLE' || queue.length >= hardCap) {
        if (entry.errorCode !== 'AUDIT_UNAVAILABLE') {
          count('dropped', 1);
          droppedUnlogged += 1;
          if (Date.now() - lastDropLog > 10_000) {
            log.error('audit rows dropped: buffer full', { dropped: droppedUnlogged, overflow, buffered: queue.length });
            droppedUnlogged = 0;
            lastDropLog = Date.now();
          }
        }
        noteAccepting();
        return;
      }
    }
    queue.push(entry);
    noteAccepting();
    if (queue.length >= batchSize && (dbUp || queue.length % batchSize === 0)) void pump(TICK);
    else if (!flushTimer) armFlushTimer();
  };

  const stamp = (e: AuditEntry, at: string): StoredAuditEntry => ({ ...e, entryId: e.entryId ?? randomUUID(), occurredAt: e.occurredAt ?? at });

  const flush = async (): Promise<void> => {
    await scanned;
    while (pending.size > 0) await Promise.all(pending);
    await pump(FLUSH);
  };

  return {
    record(entry) {
      const at = new Date().toISOString();
      if (!(entry instanceof Promise)) return add(stamp(entry, at));
      const p: Promise<void> = entry
        .then(
          (e) => add(stamp(e, at)),
          (err) => log.error('audit entry failed', { cause: (err as Error)?.message }),
        )
        .finally(() => pending.delete(p));
      pending.add(p);
    },
    accepting: () => overflow === 'drop' || accepting(),
    requireCapacity() {
      if (overflow === 'drop' || accepting()) return;
      count('refusedCalls', 1);
      throw new AppError('AUDIT_UNAVAILABLE', AUDIT_UNAVAILABLE_MESSAGE, { retryAfterSeconds: Math.max(1, Math.ceil(retryDelay / 1000)) });
    },
    stats: () => ({
      buffered: queue.length,
      spillFiles: segments.length,
      spillBytes,
      ...counts,
      databaseUp: dbUp,
      accepting: overflow === 'drop' || accepting(),
    }),
    flush,
    async close() {
      await scanned;
      while (pending.size > 0) await Promise.all(pending);
      await pump(CLOSE);
      closed = true;
      if (flushTimer) clearTimeout(flushTimer);
      if (retryTimer) clearTimeout(retryTimer);
      flushTimer = retryTimer = null;
      metrics.stop();
      await running;
      if (queue.length > 0) {
        // Rows recorded while the last write ran, or that neither the database nor the spill took.
        const rest = queue;
        queue = [];
        try {
          // Past the spill bound if need be: at shutdown a little more disk beats a lost row.
          if (!spill) throw new Error('no spill directory');
          const seg = spill.writeSync(rest);
          segments.push(seg);
          spillBytes += seg.bytes;
          count('spilled', rest.length);
        } catch (err) {
          count('dropped', rest.length);
          log.error('audit rows lost at shutdown: the database and the spill file were both unavailable', {
            rows: rest.length,
            cause: (err as Error)?.message,
          });
        }
      }
      if (segments.length > 0)
        log.warn('audit rows left in spill files: they are written at the next start', { dir: spill?.dir, files: segments.length, bytes: spillBytes });
    },
  };
}
