// Builds everything `serve` and `check` need, in order: databases (initialised on first embedded
// use), the embedder, the tenant runner, auth, and the dependencies every tool call shares.

import { type AuditSink, auditOptionsFromConfig, createAuditSink } from '../audit/audit-sink.js';
import type { Config } from '../config.js';
import { createTenantRunner } from '../db/replica-routing.js';
import type { WithTenant } from '../db/with-tenant.js';
import type { Embedder } from '../embeddings/embedder.js';
import { createExportService } from '../exports/export-service.js';
import { createLimiter } from '../limits/index.js';
import type { Logger } from '../log.js';
import type { ServerDeps } from '../server.js';
import { startTelemetry } from '../telemetry/start-telemetry.js';
import type { Telemetry } from '../telemetry/telemetry.js';
import { tracedWithTenant } from '../telemetry/traced-with-tenant.js';
import { type Auth, createAuth } from './create-auth.js';
import { createEmbedder } from './create-embedder.js';
import { type Databases, openDatabases } from './databases.js';
import { createPipelineDeps } from './pipeline-deps.js';

export interface Runtime {
  config: Config;
  dbs: Databases;
  embedder: Embedder;
  withTenant: WithTenant;
  auth: Auth;
  serverDeps: ServerDeps;
  audit: AuditSink;
  telemetry: Telemetry;
  /** Flushes the audit trail, stops telemetry exporters, then closes the pools. */
  close(): Promise<void>;
}

export async function openRuntime(config: Config, log: Logger, options: { sqlGuard?: boolean } = {}): Promise<Runtime> {
  const embedder = await createEmbedder(config);
  const dbs = await openDatabases(config, { admin: false, log, embedder });
  try {
    const telemetry = await startTelemetry(config);
    const withTenant = tracedWithTenant(
      // On the hot standby when DATABASE_REPLICA_URL is set, falling back to the primary per call.
      createTenantRunner(dbs, { sealKeyHex: dbs.sealKeyHex, statementTimeoutMs: config.STATEMENT_TIMEOUT_MS, cooldownMs: config.DB_REPLICA_COOLDOWN_MS }, log),
      telemetry,
    );
    const audit = createAuditSink(dbs.app, log, { ...auditOptionsFromConfig(config), meter: telemetry.meter });
    const auth = await createAuth(config, withTenant, dbs.devSecret);
    const limiter = await createLimiter({
      ratePerMinute: config.RATE_LIMIT_PER_MINUTE,
      burst: config.RATE_LIMIT_BURST,
      concurrency: config.CONCURRENCY_PER_USER,
      redisUrl: config.REDIS_URL,
      keyPrefix: config.REDIS_KEY_PREFIX,
      log,
    });
    const serverDeps = createPipelineDeps(config, withTenant, log, {
      embedder,
      sqlGuard: options.sqlGuard ?? true,
      audit,
      telemetry,
      limiter,
      exports: createExportService(config, dbs.app, dbs.sealKeyHex),
    });
    const close = async () => {
      await limiter.close();
      await audit.close();
      await telemetry.shutdown();
      await dbs.close();
    };
    return { config, dbs, embedder, withTenant, auth, serverDeps, audit, telemetry, close };
  } catch (err) {
    await dbs.close();
    throw err;
  }
}
