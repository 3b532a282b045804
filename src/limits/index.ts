// createLimiter(settings): in memory by default; with a Redis URL, shared between instances through
// Redis, falling back to memory while Redis is unreachable. The server wraps every tool call in it.
import { createClient } from 'redis';
import type { Logger } from '../log.js';
import { createFallbackLimiter } from './fallback.js';
import { type Limiter, type LimitSettings, NO_LIMITS } from './limiter.js';
import { createMemoryLimiter } from './memory.js';
import { createRedisLimiter } from './redis.js';

export interface LimiterOptions extends LimitSettings {
  redisUrl?: string;
  /** Key namespace in Redis, so deployments sharing one Redis do not share budgets. */
  keyPrefix?: string;
  /** How long a Redis slot outlives its holder's last heartbeat (crash recovery). */
  slotTtlMs?: number;
  log: Logger;
}

export async function createLimiter(o: LimiterOptions): Promise<Limiter> {
  if (o.ratePerMinute <= 0 && o.concurrency <= 0) return NO_LIMITS;
  const memory = createMemoryLimiter(o);
  if (!o.redisUrl) return memory;

  let reported = false;
  const client = createClient({
    url: o.redisUrl,
    // Fail fast while disconnected instead of queueing: the fallback limiter answers meanwhile.
    disableOfflineQueue: true,
    socket: { connectTimeout: 2000, reconnectStrategy: (retries: number) => Math.min(200 * (retries + 1), 5000) },
  });
  client.on('error', (err: Error) => {
    if (!reported) o.log.warn('Redis connection error (limits fall back to memory until it recovers)', { cause: err.message });
    reported = true;
  });
  client.on('ready', () => {
    reported = false;
  });
  // Do not hold up startup on Redis: connect in the background and retry for ever.
  client.connect().catch(() => {});

  const shared = createRedisLimiter({ ...o, redis: client, prefix: o.keyPrefix ?? 'retail-mcp:limits:', slotTtlMs: o.slotTtlMs ?? 30_000 });
  const limiter = createFallbackLimiter(shared, memory, o.log);
  return {
    acquire: (key) => limiter.acquire(key),
    async close() {
      await limiter.close();
      client.destroy();
    },
  };
}
