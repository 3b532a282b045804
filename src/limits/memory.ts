// The in-memory limiter: correct for one server instance. Several instances behind a load balancer
// each enforce their own share; use the Redis limiter to share one budget between them.
import { type Limiter, type LimitSettings, once, rateLimited } from './limiter.js';
import { msUntilToken, refill } from './token-bucket.js';

interface Entry {
  tokens: number;
  updatedMs: number;
  inFlight: number;
}

/** Above this many principals, idle ones with a full bucket are forgotten (they hold no state). */
const SWEEP_ABOVE = 10_000;

export function createMemoryLimiter(settings: LimitSettings, clock: () => number = () => performance.now()): Limiter & { size(): number } {
  const { burst, concurrency } = settings;
  const ratePerMs = settings.ratePerMinute / 60_000;
  const entries = new Map<string, Entry>();

  const sweep = (now: number) => {
    for (const [key, e] of entries) {
      if (e.inFlight === 0 && (ratePerMs === 0 || refill(e, now, ratePerMs, burst) >= burst)) entries.delete(key);
    }
  };

  return {
    async acquire(principalKey) {
      const now = clock();
      if (entries.size > SWEEP_ABOVE) sweep(now);
      const e = entries.get(principalKey) ?? { tokens: burst, updatedMs: now, inFlight: 0 };
      entries.set(principalKey, e);
      // Concurrency first: a refused call must not also spend a token.
      if (concurrency > 0 && e.inFlight >= concurrency) throw rateLimited({ reason: 'concurrency', retryAfterMs: 1000 });
      if (ratePerMs > 0) {
        const tokens = refill(e, now, ratePerMs, burst);
        e.updatedMs = now;
        e.tokens = tokens;
        if (tokens < 1) throw rateLimited({ reason: 'rate', retryAfterMs: msUntilToken(tokens, ratePerMs) });
        e.tokens = tokens - 1;
      }
      e.inFlight++;
      return once(() => {
        e.inFlight--;
      });
    },
    async close() {
      entries.clear();
    },
    size: () => entries.size,
  };
}
