// The ServerDeps every caller of the tools/call pipeline builds from configuration the same way:
// the clock, the result caps and the whole-call deadline. The server runtime adds its embedder,
// audit sink, telemetry, limiter and exports; the report command and the benchmarks call tools
// directly as one user and need no embedder.

import { createClock } from '../clock.js';
import type { Config } from '../config.js';
import type { WithTenant } from '../db/with-tenant.js';
import type { Embedder } from '../embeddings/embedder.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import type { ServerDeps } from '../pipeline.js';
import { toolLimitsFrom } from '../tools/tool.js';

/** For callers whose tools compute metrics or run SQL and never embed text. */
export const NO_EMBEDDER: Embedder = {
  model: 'none',
  dimensions: 512,
  embed: () => Promise.reject(new AppError('EMBEDDINGS_UNAVAILABLE', 'No embedding model is loaded here.')),
};

export function createPipelineDeps(config: Config, withTenant: WithTenant, log: Logger, more: Partial<ServerDeps> = {}): ServerDeps {
  return {
    withTenant,
    embedder: NO_EMBEDDER,
    log,
    sqlGuard: true,
    clock: createClock(config.RETAIL_TODAY),
    limits: toolLimitsFrom(config),
    // Statements have their own timeout; this bounds the whole call, and cancels what still runs.
    callDeadlineMs: config.STATEMENT_TIMEOUT_MS + 1000,
    ...more,
  };
}
