// The audit trail's spill files: audit rows the database could not take, kept on disk until it can.
// Each spill writes a new segment, JSON lines, to a temporary name, fsyncs it, renames it into place
// and fsyncs the directory: a visible segment is complete and durable, and never changes again. So
// any number of sinks (a restarted process, another instance on the same directory) may replay the
// same segment at once: the rows carry their entry_id and the insert ignores repeats, and whoever
// finishes first deletes the file. Rejected rows (the database refused them as invalid, so retrying
// cannot help) go to rejected-*.jsonl next to the segments, for an operator, and are never replayed.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoredAuditEntry } from './audit-writer.js';

const SEGMENT = /^audit-\d{13}-\d+-\d+-[0-9a-f]{8}\.jsonl$/;
const TEMP = /^\.tmp-(audit-\d{13}-\d+-\d+-[0-9a-f]{8}\.jsonl)$/;
/** A temporary file this old belongs to a writer that died between writing and renaming it. */
const STALE_TEMP_MS = 60_000;

export interface Segment {
  name: string;
  bytes: number;
}

export interface SpillDir {
  readonly dir: string;
  /** Segments waiting to be replayed, oldest first, with their sizes (scans the directory). */
  scan(): Promise<Segment[]>;
  /** Writes one durable segment; returns it once it is on disk. */
  write(entries: StoredAuditEntry[]): Promise<Segment>;
  /** The same, synchronously: for a row that arrives after close(). */
  writeSync(entries: StoredAuditEntry[]): Segment;
  /** The rows of a segment; torn or foreign lines are skipped and counted. Missing file: []. */
  read(name: string): Promise<{ entries: StoredAuditEntry[]; badLines: number }>;
  /** Deletes a replayed segment (already gone: fine, another sink replayed it too). */
  remove(name: string): Promise<void>;
  /** Appends rows the database rejected as invalid to a rejected-*.jsonl file. */
  reject(entries: StoredAuditEntry[]): Promise<string>;
}

export function openSpillDir(dir: string): SpillDir {
  let seq = 0;
  let made: Promise<unknown> | null = null;
  const ensureDir = () => (made ??= mkdir(dir, { recursive: true, mode: 0o700 }));
  const nextName = () => `audit-${String(Date.now()).padStart(13, '0')}-${process.pid}-${seq++}-${randomBytes(4).toString('hex')}.jsonl`;
  const encode = (entries: StoredAuditEntry[]) => Buffer.from(entries.map((e) => `${JSON.stringify(e)}\n`).join(''));

  const syncDir = async () => {
    // Makes the rename itself durable. Not every platform lets a directory be fsynced: best effort.
    try {
      const d = await open(dir, 'r');
      try {
        await d.sync();
      } finally {
        await d.close();
      }
    } catch {
      /* ignore */
    }
  };

  return {
    dir,
    async scan() {
      await ensureDir();
      const names = await readdir(dir);
      // A temporary file left by a writer that died before its rename: its complete lines are
      // still rows; replaying them is safe (repeats are ignored), losing them is not.
      for (const n of names) {
        const m = TEMP.exec(n);
        if (!m) continue;
        const s = await stat(join(dir, n)).catch(() => null);
        if (s && Date.now() - s.mtimeMs > STALE_TEMP_MS) await rename(join(dir, n), join(dir, m[1]!)).catch(() => {});
      }
      const segments: Segment[] = [];
      for (const n of (await readdir(dir)).filter((x) => SEGMENT.test(x)).sort()) {
        const s = await stat(join(dir, n)).catch(() => null);
        if (s) segments.push({ name: n, bytes: s.size });
      }
      return segments;
    },
    async write(entries) {
      await ensureDir();
      const name = nextName();
      const tmp = join(dir, `.tmp-${name}`);
      const data = encode(entries);
      const f = await open(tmp, 'wx', 0o600);
      try {
        await f.writeFile(data);
        await f.sync();
      } finally {
        await f.close();
      }
      await rename(tmp, join(dir, name));
      await syncDir();
      return { name, bytes: data.length };
    },
    writeSync(entries) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const name = nextName();
      const tmp = join(dir, `.tmp-${name}`);
      const data = encode(entries);
      const fd = openSync(tmp, 'wx', 0o600);
      try {
        writeSync(fd, data);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, join(dir, name));
      return { name, bytes: data.length };
    },
    async read(name) {
      let text: string;
      try {
        text = await readFile(join(dir, name), 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], badLines: 0 };
        throw err;
      }
      const entries: StoredAuditEntry[] = [];
      let badLines = 0;
      for (const line of text.split('\n')) {
        if (line === '') continue;
        try {
          const e = JSON.parse(line) as StoredAuditEntry;
          if (typeof e?.entryId === 'string' && typeof e.principalId === 'string' && typeof e.tool === 'string') entries.push(e);
          else badLines += 1;
        } catch {
          badLines += 1; // a torn last line from a crash mid-write of a temporary file
        }
      }
      return { entries, badLines };
    },
    async remove(name) {
      await unlink(join(dir, name)).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
    },
    async reject(entries) {
      await ensureDir();
      const name = `rejected-${String(Date.now()).padStart(13, '0')}-${process.pid}.jsonl`;
      const f = await open(join(dir, name), 'a', 0o600);
      try {
        await f.writeFile(encode(entries));
        await f.sync();
      } finally {
        await f.close();
      }
      return name;
    },
  };
}
