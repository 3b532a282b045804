// The postgres.js pool: connection limits, type parsers and the options every pool shares.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import postgres from 'postgres';
import type { Config } from '../config.js';
import { tlsFromUrl } from './tls.js';

export type Sql = postgres.Sql<{}>;
export type Tx = postgres.TransactionSql<{}>;

export interface ConnectTarget {
  /** A postgres:// URL, or a unix socket path for the embedded database. */
  url?: string;
  socketPath?: string;
  user?: string;
}

export function createPool(target: ConnectTarget, config: Config, options: { max?: number; label?: string } = {}): Sql {
  const shared: postgres.Options<{}> = {
    max: options.max ?? config.DB_POOL_MAX,
    idle_timeout: config.DB_IDLE_TIMEOUT_S || undefined,
    max_lifetime: config.DB_MAX_LIFETIME_S || null,
    prepare: config.DB_PREPARE,
    // Fail fast while the database is down, recover fast when it is back (see reconnectDelay).
    // PGlite shares this thread: a long statement there can delay another connection's handshake,
    // so the embedded socket keeps the driver's own 30 s.
    connect_timeout: target.socketPath ? 30 : config.DB_CONNECT_TIMEOUT_S,
    backoff: reconnectDelay(config.DB_RECONNECT_MAX_DELAY_MS),
    connection: { application_name: options.label ?? 'retail-mcp' },
    // Dates stay 'YYYY-MM-DD' strings: a JS Date would invent a time and a time zone.
    types: { date: { to: 1082, from: [1082], serialize: (x: string) => x, parse: (x: string) => x } },
    // Notices (e.g. from rollbacks) are not errors and must never reach stdout.
    onnotice: () => {},
  };
  if (target.socketPath) {
    return postgres({ ...shared, path: target.socketPath, user: target.user ?? 'postgres', database: 'postgres' });
  }
  const { url, ssl } = tlsFromUrl(target.url!);
  return postgres(url, ssl ? { ...shared, ssl } : shared);
}

/**
 * postgres.js waits `backoff(failures)` seconds before a closed connection connects again, where
 * `failures` counts the pool's failed connects since its last good one. Its default grows as 3^n up
 * to 20 s, so one restart of the database under load left calls queued (not failing) for up to 20 s,
 * and errors went on 20 s after the database was back. Here: 25 ms doubling to at most maxDelayMs,
 * with jitter, so that every call fails within about connect timeout + maxDelayMs while the database
 * is down, and the first call after its return reconnects within maxDelayMs.
 */
export function reconnectDelay(maxDelayMs: number): (failures: number) => number {
  return (failures) => {
    const ms = Math.min(maxDelayMs, 25 * 2 ** Math.min(failures, 20));
    return (ms * (0.5 + Math.random() / 2)) / 1000;
  };
}

/**
 * Whether the loaded postgres.js carries patches/postgres+3.4.9.patch (applied by `npm install`'s
 * postinstall; missing after `npm install --ignore-scripts`). Unpatched, a database restart or a
 * terminated backend can end the process, and a dead transaction's queries can run in another's.
 */
export function postgresDriverPatched(): boolean {
  try {
    // require.resolve gives the CommonJS entry, <root>/cjs/src/index.js (package.json is not exported).
    const root = join(createRequire(import.meta.url).resolve('postgres'), '..', '..', '..');
    // The ESM build (what this server imports) and the CommonJS one.
    return ['src', 'cjs/src'].every((dir) => readFileSync(join(root, dir, 'connection.js'), 'utf8').includes('retail-mcp patch'));
  } catch {
    return false;
  }
}
