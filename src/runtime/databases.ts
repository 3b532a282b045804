// Opens the pools a command needs. Embedded: PGlite in the data dir (initialised on first use) with
// both pools on its socket. Real PostgreSQL: the app pool from DATABASE_URL (retail_app) and, for
// admin commands only, the owner pool from MIGRATION_DATABASE_URL; with DATABASE_REPLICA_URL, a
// pool on the hot standby for tenant reads (src/db/replica-routing.ts decides per call).
import type { Config } from '../config.js';
import { ConfigError } from '../config.js';
import { createPool, type Sql } from '../db/client.js';
import { type EmbeddedDatabase, openEmbeddedDatabase } from '../db/embedded.js';
import { loadOrCreateEmbeddedSecrets } from '../db/embedded-secrets.js';
import type { Embedder } from '../embeddings/embedder.js';
import { createLogger, type Logger } from '../log.js';
import { createEmbedder } from './create-embedder.js';
import { initialiseDatabase } from './initialise.js';

export interface Databases {
  app: Sql;
  /** A pool on the read replica (DATABASE_REPLICA_URL); null without one, and in the embedded mode. */
  replica: Sql | null;
  /** The owner/admin pool; null unless the command asked for it. */
  admin: Sql | null;
  sealKeyHex: string;
  /** The embedded mode's own HS256 dev secret; AUTH_DEV_SECRET otherwise. */
  devSecret: string | undefined;
  embedded: EmbeddedDatabase | null;
  close(): Promise<void>;
}

export interface OpenOptions {
  admin: boolean;
  log?: Logger;
  /** Reused for first-use initialisation of the embedded database, if given. */
  embedder?: Embedder;
  /** Seed scale for first-use initialisation (`seed --scale N` on a fresh data dir). */
  scale?: number;
  /** The seed's as-of date on first use (`seed --as-of`); default RETAIL_TODAY, else today. */
  asOf?: string;
}

export async function openDatabases(config: Config, options: OpenOptions): Promise<Databases> {
  if (!config.embedded) {
    if (options.admin && !config.MIGRATION_DATABASE_URL) {
      throw new ConfigError('This command changes the schema or data: set MIGRATION_DATABASE_URL to an owner/admin connection (see the README).');
    }
    const app = createPool({ url: config.DATABASE_URL }, config);
    const admin = options.admin ? createPool({ url: config.MIGRATION_DATABASE_URL }, config, { max: 4, label: 'retail-mcp-admin' }) : null;
    // Lazy like every postgres.js pool: a replica that is down at startup costs nothing until a call.
    // Admin commands write, so they never get one.
    const replica =
      config.DATABASE_REPLICA_URL && !options.admin ? createPool({ url: config.DATABASE_REPLICA_URL }, config, { label: 'retail-mcp-replica' }) : null;
    return {
      app,
      replica,
      admin,
      sealKeyHex: config.RLS_SEAL_KEY!,
      devSecret: config.AUTH_DEV_SECRET,
      embedded: null,
      close: async () => {
        await Promise.all([app.end({ timeout: 5 }), replica?.end({ timeout: 5 }), admin?.end({ timeout: 5 })]);
      },
    };
  }

  const secrets = loadOrCreateEmbeddedSecrets(config.RETAIL_MCP_DATA_DIR);
  // Restarts of the engine (after a runaway statement) are logged as warnings.
  const embedded = await openEmbeddedDatabase(config.RETAIL_MCP_DATA_DIR, options.log ? { log: options.log } : {});
  // PGlite's session user is always the superuser `postgres`; both pools share the one socket.
  // PGlite runs one statement at a time, so one pooled connection is all the server needs.
  const app = createPool({ socketPath: embedded.socketPath }, config, { max: 1 });
  let admin: Sql | null = createPool({ socketPath: embedded.socketPath }, config, { max: 2, label: 'retail-mcp-admin' });
  const sealKeyHex = config.RLS_SEAL_KEY ?? secrets.sealKeyHex;
  try {
    // Every command initialises the embedded database on first use; each step is a no-op later.
    if (embedded.owner) {
      const embedder = options.embedder ?? (await createEmbedder(config));
      await initialiseDatabase(admin, {
        sealKeyHex,
        embedder,
        scale: options.scale,
        asOf: options.asOf ?? config.RETAIL_TODAY,
        log: options.log ?? createLogger(config.LOG_LEVEL),
      });
    }
  } catch (err) {
    await Promise.all([app.end({ timeout: 5 }), admin.end({ timeout: 5 })]);
    await embedded.close();
    throw err;
  }
  if (!options.admin) {
    await admin.end({ timeout: 5 });
    admin = null;
  }
  return {
    app,
    replica: null,
    admin,
    sealKeyHex,
    devSecret: config.AUTH_DEV_SECRET ?? secrets.devJwtSecret,
    embedded,
    close: async () => {
      await Promise.all([app.end({ timeout: 5 }), admin?.end({ timeout: 5 })]);
      await embedded.close();
    },
  };
}

/** Opens the pools, runs fn, and always closes them: the shape of every one-shot CLI command. */
export async function withDatabases<T>(config: Config, options: OpenOptions, fn: (dbs: Databases) => Promise<T>): Promise<T> {
  const dbs = await openDatabases(config, options);
  try {
    return await fn(dbs);
  } finally {
    await dbs.close();
  }
}
