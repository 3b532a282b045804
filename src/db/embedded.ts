// The embedded default: PGlite + pgvector in the data dir, served to the postgres.js pool through
// pglite-socket on a unix socket inside that dir. One process owns the data dir at a time; any
// other process (`token`, `users` while `serve` runs) connects through the owner's socket.
import { PGlite } from '@electric-sql/pglite';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface EmbeddedDatabase {
  socketPath: string;
  /** false when another process owns the data dir and we only connect to its socket. */
  owner: boolean;
  close(): Promise<void>;
}

interface LockFile {
  pid: number;
  socketPath: string;
}

const MAX_CONNECTIONS = 8;

export async function openEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const lockPath = join(dir, 'retail-mcp.lock');

  const running = readLiveLock(lockPath);
  if (running) return { socketPath: running.socketPath, owner: false, close: async () => {} };

  // Claim the dir before PGlite opens it; 'wx' fails if another process won the race.
  const socketPath = chooseSocketPath(dir);
  try {
    writeFileSync(lockPath, JSON.stringify({ pid: process.pid, socketPath } satisfies LockFile), { flag: 'wx', mode: 0o600 });
  } catch {
    throw new Error(`The embedded database in ${dir} is being opened by another process. Wait for it to finish, or stop it.`);
  }

  try {
    const db = await PGlite.create(join(dir, 'pgdata'), { extensions: { vector, pgcrypto } });
    rmSync(socketPath, { force: true });
    const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: MAX_CONNECTIONS });
    await server.start();
    return {
      socketPath,
      owner: true,
      async close() {
        await server.stop();
        await db.close();
        rmSync(socketPath, { force: true });
        rmSync(lockPath, { force: true });
      },
    };
  } catch (err) {
    rmSync(lockPath, { force: true });
    throw err;
  }
}

function readLiveLock(lockPath: string): LockFile | null {
  if (!existsSync(lockPath)) return null;
  let lock: LockFile;
  try {
    lock = JSON.parse(readFileSync(lockPath, 'utf8')) as LockFile;
  } catch {
    rmSync(lockPath, { force: true });
    return null;
  }
  if (lock.pid !== process.pid && isAlive(lock.pid) && existsSync(lock.socketPath)) return lock;
  // A crashed owner left its lock behind: PGlite's own files are consistent after a crash.
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

/** Unix socket paths are limited to ~107 bytes; fall back to a private temp name for deep dirs. */
function chooseSocketPath(dir: string): string {
  const inDir = join(dir, '.s.PGSQL.5432');
  if (Buffer.byteLength(inDir) < 100) return inDir;
  return join(tmpdir(), `retail-mcp-${randomBytes(6).toString('hex')}.sock`);
}
