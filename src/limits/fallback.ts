// Redis down must not take the server down: while the shared limiter fails, calls are limited by
// this instance's own in-memory limiter (each instance enforcing its own share), and it says so once.
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Limiter } from './limiter.js';

export function createFallbackLimiter(primary: Limiter, fallback: Limiter, log: Logger): Limiter & { degraded(): boolean } {
  let degraded = false;
  return {
    async acquire(principalKey) {
      try {
        const release = await primary.acquire(principalKey);
        if (degraded) {
          degraded = false;
          log.info('rate limits are shared through Redis again');
        }
        return release;
      } catch (err) {
        // A refusal is an answer, not a failure: pass it on.
        if (err instanceof AppError) throw err;
        if (!degraded) {
          degraded = true;
          log.warn('Redis is unavailable: rate limits fall back to this instance alone', { cause: (err as Error)?.message });
        }
        return fallback.acquire(principalKey);
      }
    },
    async close() {
      await Promise.all([primary.close(), fallback.close()]);
    },
    degraded: () => degraded,
  };
}
