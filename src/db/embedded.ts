// The embedded default: PGlite + pgvector in the data dir, served to the postgres.js pool on a unix
// socket inside that dir. One process owns the data dir at a time (embedded-lock.ts); any other
// process (`token`, `users` while `serve` runs) connects through the owner's socket.
// The owner runs PGlite in a worker thread (embedded-engine.ts) behind its own protocol relay
// (embedded-relay.ts), so that a statement past its statement_timeout is stopped (PGlite itself
// enforces none) and answers 57014, and a CancelRequest works.
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Logger } from '../log.js';
import { type BulkStep, EmbeddedEngine } from './embedded-engine.js';
import { claimDataDir } from './embedded-lock.js';
import { EmbeddedRelay } from './embedded-relay.js';

export interface EmbeddedDatabase {
  socketPath: string;
  /** false when another process owns the data dir and we only connect to its socket. */
  owner: boolean;
  /** Owner only: how many times the engine was replaced (stopped statements, crashes). */
  restarts(): number;
  /** Owner only: the client (its BackendKeyData pid) whose messages run now, and since when (ms
   *  epoch). PGlite's pg_stat_activity shows one session; this is what tests can watch instead. */
  activity(): { pid: number; since: number } | null;
  close(): Promise<void>;
}

export interface EmbeddedOptions {
  /** How long to wait for another owner's socket to answer (its first start initialises the dir). */
  lockWaitMs?: number;
  /** How far past its statement_timeout a statement may run before the engine is replaced. */
  timeoutGraceMs?: number;
  log?: Logger;
}

/**
 * The engines this process owns, by socket path: what `inProcessBulk` finds for a pool on one of
 * them. A pool reaching another process's socket finds nothing (and loads through the socket).
 */
const owned = new Map<string, EmbeddedEngine>();

/**
 * For a postgres.js pool on an embedded database this process owns: a way to run statements
 * in-process in the engine's session, between that pool's own statements (EmbeddedEngine.bulk),
 * with data for `COPY ... FROM '/dev/blob'`. Undefined for any other pool.
 */
export function inProcessBulk(sql: { options?: { path?: string | false } }): ((steps: BulkStep[]) => Promise<void>) | undefined {
  const path = sql.options?.path;
  const engine = path ? owned.get(resolve(path)) : undefined;
  return engine ? (steps) => engine.bulk(steps) : undefined;
}

const MAX_CONNECTIONS = 64;
const DEFAULT_LOCK_WAIT_MS = 120_000;
const DEFAULT_GRACE_MS = 100;

export async function openEmbeddedDatabase(dataDir: string, options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const socketPath = chooseSocketPath(dir);
  const claim = await claimDataDir(dir, socketPath, { waitMs: options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS });
  if (!claim.owner) return { socketPath: claim.socketPath, owner: false, restarts: () => 0, activity: () => null, close: async () => {} };

  const log = options.log;
  let engine: EmbeddedEngine | null = null;
  try {
    engine = await EmbeddedEngine.start(join(dir, 'pgdata'), {
      graceMs: options.timeoutGraceMs ?? DEFAULT_GRACE_MS,
      events: {
        restarted: ({ reason, ms }) => log?.warn('embedded database engine replaced', { reason, restartMs: ms }),
        failed: (err) => log?.error('embedded database engine did not restart', { err }),
      },
    });
    const relay = new EmbeddedRelay(engine, {
      maxConnections: MAX_CONNECTIONS,
      events: { stopped: ({ reason }) => log?.warn('embedded database statement stopped', { reason }) },
    });
    rmSync(socketPath, { force: true });
    await relay.listen(socketPath);
    const running = engine;
    owned.set(resolve(socketPath), running);
    return {
      socketPath,
      owner: true,
      restarts: () => running.restarts,
      activity: () => relay.activity(),
      async close() {
        owned.delete(resolve(socketPath));
        await relay.close();
        await running.close();
        rmSync(socketPath, { force: true });
        claim.release();
      },
    };
  } catch (err) {
    await engine?.close().catch(() => {});
    claim.release();
    throw err;
  }
}

/** Unix socket paths are limited to ~107 bytes; fall back to a private temp name for deep dirs. */
function chooseSocketPath(dir: string): string {
  const inDir = join(dir, '.s.PGSQL.5432');
  if (Buffer.byteLength(inDir) < 100) return inDir;
  return join(tmpdir(), `retail-mcp-${randomBytes(6).toString('hex')}.sock`);
}
