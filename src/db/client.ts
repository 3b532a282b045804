// The postgres.js pool: connection limits, type parsers and the options every pool shares.
import postgres from 'postgres';
import type { Config } from '../config.js';

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
    connection: { application_name: options.label ?? 'retail-mcp' },
    // Dates stay 'YYYY-MM-DD' strings: a JS Date would invent a time and a time zone.
    types: { date: { to: 1082, from: [1082], serialize: (x: string) => x, parse: (x: string) => x } },
    // Notices (e.g. from rollbacks) are not errors and must never reach stdout.
    onnotice: () => {},
  };
  if (target.socketPath) {
    return postgres({ ...shared, path: target.socketPath, user: target.user ?? 'postgres', database: 'postgres' });
  }
  return postgres(target.url!, shared);
}
