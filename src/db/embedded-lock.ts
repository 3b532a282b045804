// One process owns an embedded data dir at a time; the others connect through the owner's socket.
//
// The lock is held by the operating system, not inferred from a file: on Linux the owner binds an
// abstract unix socket named after the data dir's real path. The kernel frees that name the moment
// the owner dies, however it dies (even SIGKILL), and no two live processes can hold it, so a live
// owner's lock is never taken over and a dead owner's lock needs no cleanup or pid guessing (pids
// are reused). The lock file only tells the others where the owner's socket is.
// Elsewhere (macOS, Windows) the lock file is the lock, created exclusively; a live pid in it is
// never taken over, and only a dead pid's file is replaced.
//
// A process that finds the dir held waits, bounded, for the owner's socket to answer (a first
// start initialises the database before it listens), then uses it, as `token` and `users` do
// while `serve` runs.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { join } from 'node:path';

export interface LockInfo {
  pid: number;
  socketPath: string;
  /** Distinguishes this holder's file from a later holder's. */
  token: string;
  since: string;
}

export type DataDirClaim = { owner: true; release(): void } | { owner: false; socketPath: string; holder: LockInfo };

export const LOCK_FILE = 'retail-mcp.lock';
const POLL_MS = 200;

export async function claimDataDir(dir: string, socketPath: string, options: { waitMs: number }): Promise<DataDirClaim> {
  const lockPath = join(dir, LOCK_FILE);
  const started = Date.now();
  for (;;) {
    const holder = readLock(lockPath);
    if (holder && (await socketAnswers(holder.socketPath))) return { owner: false, socketPath: holder.socketPath, holder };
    const held = process.platform === 'linux' ? await holdAbstractName(dir) : holdLockFile(lockPath, holder);
    if (held) {
      const info: LockInfo = { pid: process.pid, socketPath, token: randomBytes(8).toString('hex'), since: new Date().toISOString() };
      writeLock(lockPath, info);
      return {
        owner: true,
        release() {
          held.release();
          if (readLock(lockPath)?.token === info.token) rmSync(lockPath, { force: true });
        },
      };
    }
    if (Date.now() - started > options.waitMs) {
      const who = holder ? `process ${holder.pid} (since ${holder.since})` : 'another process';
      throw new Error(
        `The embedded database in ${dir} is held by ${who}, but its socket ${holder?.socketPath ?? ''} did not answer within ${Math.round(options.waitMs / 1000)} s. ` +
          'Wait for it to finish starting, or stop it; the lock frees itself when that process exits.',
      );
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

function readLock(lockPath: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(lockPath, 'utf8')) as LockInfo;
    return typeof info.pid === 'number' && typeof info.socketPath === 'string' ? info : null;
  } catch {
    return null;
  }
}

/** Written whole (temp file + rename), so a reader never sees half of it. */
function writeLock(lockPath: string, info: LockInfo): void {
  const tmp = `${lockPath}.${process.pid}.${info.token}`;
  writeFileSync(tmp, JSON.stringify(info), { mode: 0o600 });
  renameSync(tmp, lockPath);
}

/** Linux: the lock is an abstract unix socket name; the kernel frees it when the holder dies. */
async function holdAbstractName(dir: string): Promise<{ release(): void } | null> {
  const name = `\0retail-mcp-lock-${createHash('sha256').update(realpathSync(dir)).digest('hex').slice(0, 40)}`;
  const server: Server = createServer((s) => s.destroy());
  const ok = await new Promise<boolean>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' ? resolve(false) : reject(err)));
    server.listen({ path: name, exclusive: true }, () => resolve(true));
  });
  if (!ok) return null;
  server.unref();
  return { release: () => server.close() };
}

/** Elsewhere: an exclusively created lock file. Only a dead pid's file is ever replaced. */
function holdLockFile(lockPath: string, holder: LockInfo | null): { release(): void } | null {
  const placeholder = JSON.stringify({ pid: process.pid, socketPath: '', token: '', since: new Date().toISOString() });
  try {
    writeFileSync(lockPath, placeholder, { flag: 'wx', mode: 0o600 });
    return { release: () => {} };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  // Replaced on the next poll: a dead pid's file, or one that stayed unreadable (a crash mid-write).
  if (holder ? !isAlive(holder.pid) : Date.now() - (statSync(lockPath, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 10_000)
    rmSync(lockPath, { force: true });
  return null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function socketAnswers(path: string): Promise<boolean> {
  if (!path) return Promise.resolve(false);
  return new Promise((resolve) => {
    const socket = connect(path);
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.setTimeout(1000, () => done(false));
  });
}
