// The shared limiter: one token bucket and one set of concurrency slots per principal in Redis, so
// every server instance enforces the same budget. Scripts run by SHA, loaded on first NOSCRIPT.
import { createHash, randomUUID } from 'node:crypto';
import { type Limiter, type LimitSettings, once, rateLimited } from './limiter.js';
import { ACQUIRE, HEARTBEAT, RELEASE } from './redis-scripts.js';

/** The two calls the limiter needs; node-redis's client has exactly this shape. */
export interface RedisScripting {
  evalSha(sha1: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

export interface RedisLimiterOptions extends LimitSettings {
  redis: RedisScripting;
  /** Namespace for this deployment's keys, e.g. 'retail-mcp:limits:'. */
  prefix: string;
  /** How long a slot outlives its last heartbeat; a crashed instance's slots free up after this. */
  slotTtlMs: number;
  /** A Redis call slower than this counts as a failure (the caller may fall back). */
  commandTimeoutMs?: number;
}

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');
const SCRIPTS = {
  acquire: { text: ACQUIRE, sha: sha1(ACQUIRE) },
  heartbeat: { text: HEARTBEAT, sha: sha1(HEARTBEAT) },
  release: { text: RELEASE, sha: sha1(RELEASE) },
};

export function createRedisLimiter(o: RedisLimiterOptions): Limiter {
  const ratePerMs = o.ratePerMinute / 60_000;
  const timeoutMs = o.commandTimeoutMs ?? 1000;
  const heartbeats = new Set<NodeJS.Timeout>();

  async function run(script: { text: string; sha: string }, keys: string[], args: string[]): Promise<unknown> {
    const call = async () => {
      try {
        return await o.redis.evalSha(script.sha, { keys, arguments: args });
      } catch (err) {
        if (!String((err as Error)?.message).startsWith('NOSCRIPT')) throw err;
        return o.redis.eval(script.text, { keys, arguments: args });
      }
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([call(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  // A hash tag ({...}) keeps both keys of one principal on one cluster slot, as a script needs.
  // The key is hashed so that nothing a token carries is spliced into Redis key names.
  const keysFor = (principalKey: string) => {
    const tag = `{${sha1(principalKey).slice(0, 32)}}`;
    return { bucket: `${o.prefix}${tag}:bucket`, slots: `${o.prefix}${tag}:slots` };
  };

  return {
    async acquire(principalKey) {
      const { bucket, slots } = keysFor(principalKey);
      const slotId = randomUUID();
      const reply = await run(SCRIPTS.acquire, [bucket, slots], [String(ratePerMs), String(o.burst), String(o.concurrency), String(o.slotTtlMs), slotId]);
      const [ok, retryAfterMs, reason] = Array.isArray(reply) ? reply : [];
      if (Number(ok) !== 1) {
        throw rateLimited({ reason: String(reason) === 'rate' ? 'rate' : 'concurrency', retryAfterMs: Number(retryAfterMs) || 1000 });
      }
      if (o.concurrency <= 0) return () => {};
      // Keep the slot alive while the call runs; if this instance dies, the slot lapses by itself.
      const heartbeat = setInterval(
        () => {
          run(SCRIPTS.heartbeat, [slots], [String(o.slotTtlMs), slotId]).catch(() => {});
        },
        Math.max(50, Math.floor(o.slotTtlMs / 3)),
      );
      heartbeat.unref();
      heartbeats.add(heartbeat);
      return once(() => {
        clearInterval(heartbeat);
        heartbeats.delete(heartbeat);
        // Best effort: an unreleased slot expires after slotTtlMs anyway.
        run(SCRIPTS.release, [slots], [slotId]).catch(() => {});
      });
    },
    async close() {
      for (const h of heartbeats) clearInterval(h);
      heartbeats.clear();
    },
  };
}
