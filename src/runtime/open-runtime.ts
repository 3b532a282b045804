// Builds everything `serve` and `check` need, in order: databases (initialised on first embedded
// use), the embedder, the tenant runner, auth, and the dependencies every tool call shares.
import type { Config } from '../config.js';
import { createWithTenant, type WithTenant } from '../db/with-tenant.js';
import type { Embedder } from '../embeddings/embedder.js';
import type { Logger } from '../log.js';
import type { ServerDeps } from '../server.js';
import { createAuth, type Auth } from './create-auth.js';
import { createEmbedder } from './create-embedder.js';
import { openDatabases, type Databases } from './databases.js';
import { initialiseDatabase } from './initialise.js';

export interface Runtime {
  config: Config;
  dbs: Databases;
  embedder: Embedder;
  withTenant: WithTenant;
  auth: Auth;
  serverDeps: ServerDeps;
  close(): Promise<void>;
}

export async function openRuntime(config: Config, log: Logger, options: { sqlGuard?: boolean } = {}): Promise<Runtime> {
  const dbs = await openDatabases(config, { admin: config.embedded });
  try {
    const embedder = await createEmbedder(config);
    if (dbs.admin && dbs.embedded?.owner) {
      await initialiseDatabase(dbs.admin, { sealKeyHex: dbs.sealKeyHex, embedder, log });
    }
    await dbs.admin?.end({ timeout: 5 });
    dbs.admin = null;
    const withTenant = createWithTenant(dbs.app, { sealKeyHex: dbs.sealKeyHex, statementTimeoutMs: config.STATEMENT_TIMEOUT_MS });
    const auth = await createAuth(config, withTenant, dbs.devSecret);
    const serverDeps: ServerDeps = {
      withTenant,
      embedder,
      log,
      sqlGuard: options.sqlGuard ?? true,
      limits: { rowLimitDefault: config.ROW_LIMIT_DEFAULT, rowLimitMax: config.ROW_LIMIT_MAX, resultMaxBytes: config.RESULT_MAX_BYTES },
    };
    return { config, dbs, embedder, withTenant, auth, serverDeps, close: () => dbs.close() };
  } catch (err) {
    await dbs.close();
    throw err;
  }
}
