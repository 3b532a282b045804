// The Redis limiter against a real Redis (127.0.0.1:6379): one budget shared by several instances,
// atomic under contention, and slots of a crashed instance expiring. Skips when Redis is unreachable.
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { createLimiter } from '../../src/limits/index.js';
import type { Limiter } from '../../src/limits/limiter.js';
import { createRedisLimiter } from '../../src/limits/redis.js';
import { silentLogger } from '../../src/log.js';

const REDIS_URL = 'redis://127.0.0.1:6379';
// A random prefix per run: parallel runs and other users of this Redis never collide.
const PREFIX = `retail-mcp-test:${randomBytes(6).toString('hex')}:`;

async function connect() {
  const client = createClient({ url: REDIS_URL, socket: { connectTimeout: 1000, reconnectStrategy: false } });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
    return client;
  } catch {
    return null;
  }
}

const redis = await connect();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'ok' as const,
    (e: unknown) => (e instanceof AppError ? e.code : 'error'),
  );

afterAll(async () => {
  if (!redis) return;
  for await (const keys of redis.scanIterator({ MATCH: `${PREFIX}*`, COUNT: 500 })) if (keys.length) await redis.del(keys);
  redis.destroy();
});

describe.skipIf(!redis)('the Redis limiter', () => {
  const instance = (o: { rate?: number; burst?: number; concurrency?: number; ttl?: number; prefix?: string } = {}) =>
    createRedisLimiter({
      redis: redis!,
      prefix: o.prefix ?? PREFIX,
      ratePerMinute: o.rate ?? 0,
      burst: o.burst ?? 1,
      concurrency: o.concurrency ?? 0,
      slotTtlMs: o.ttl ?? 30_000,
    });

  it('two instances share one token bucket', async () => {
    const a = instance({ rate: 60, burst: 4 });
    const b = instance({ rate: 60, burst: 4 });
    const key = `user-${randomBytes(4).toString('hex')}`;
    (await a.acquire(key))();
    (await b.acquire(key))();
    (await a.acquire(key))();
    (await b.acquire(key))();
    const err = await b.acquire(key).catch((e: AppError) => e);
    expect(err).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 1 });
    expect(await outcome(a.acquire(key))).toBe('RATE_LIMITED');
    expect(await outcome(a.acquire(`${key}-other`))).toBe('ok');
  });

  it('takes exactly the burst under 200 simultaneous calls from 4 instances (atomic script)', async () => {
    const instances = Array.from({ length: 4 }, () => instance({ rate: 1, burst: 25 }));
    const key = `user-${randomBytes(4).toString('hex')}`;
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => outcome(instances[i % 4]!.acquire(key))));
    expect(results.filter((r) => r === 'ok')).toHaveLength(25);
    expect(results.filter((r) => r === 'RATE_LIMITED')).toHaveLength(175);
  });

  it('refills at the sustained rate', async () => {
    const limiter = instance({ rate: 600, burst: 1 }); // one token per 100 ms
    const key = `user-${randomBytes(4).toString('hex')}`;
    (await limiter.acquire(key))();
    expect(await outcome(limiter.acquire(key))).toBe('RATE_LIMITED');
    await sleep(150);
    expect(await outcome(limiter.acquire(key))).toBe('ok');
  });

  it('caps calls in flight across instances, and frees the slot on release', async () => {
    const a = instance({ concurrency: 2 });
    const b = instance({ concurrency: 2 });
    const key = `user-${randomBytes(4).toString('hex')}`;
    const held = await Promise.all([a.acquire(key), b.acquire(key)]);
    const err = await a.acquire(key).catch((e: AppError) => e);
    expect(err).toMatchObject({ code: 'RATE_LIMITED', message: 'Too many calls at once for this user; retry after 1 s.' });
    held[0]!();
    await sleep(50); // release is fire-and-forget
    expect(await outcome(b.acquire(key))).toBe('ok');
  });

  it('exactly `concurrency` of 100 simultaneous calls get a slot', async () => {
    const instances = Array.from({ length: 3 }, () => instance({ concurrency: 5 }));
    const key = `user-${randomBytes(4).toString('hex')}`;
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => outcome(instances[i % 3]!.acquire(key))));
    expect(results.filter((r) => r === 'ok')).toHaveLength(5);
    await Promise.all(instances.map((i) => i.close()));
  });

  it("a crashed instance's slots expire after their ttl", async () => {
    const crashed = instance({ concurrency: 1, ttl: 300 });
    const key = `user-${randomBytes(4).toString('hex')}`;
    await crashed.acquire(key);
    await crashed.close(); // stops heartbeats without releasing: what a crash looks like from Redis
    const survivor = instance({ concurrency: 1, ttl: 300 });
    expect(await outcome(survivor.acquire(key))).toBe('RATE_LIMITED');
    await sleep(450);
    expect(await outcome(survivor.acquire(key))).toBe('ok');
    await survivor.close();
  });

  it('a live call keeps its slot past the ttl through heartbeats', async () => {
    const live = instance({ concurrency: 1, ttl: 300 });
    const key = `user-${randomBytes(4).toString('hex')}`;
    const release = await live.acquire(key);
    await sleep(900);
    expect(await outcome(instance({ concurrency: 1, ttl: 300 }).acquire(key))).toBe('RATE_LIMITED');
    release();
    await live.close();
  });

  it('keys name neither the principal nor anything it sent', async () => {
    const limiter = instance({ rate: 60, burst: 2, concurrency: 1 });
    const key = `evil}:*\r\nFLUSHALL ${randomBytes(4).toString('hex')}`;
    const release = await limiter.acquire(key);
    const keys: string[] = [];
    for await (const batch of redis!.scanIterator({ MATCH: `${PREFIX}*`, COUNT: 500 })) keys.push(...batch);
    expect(keys.some((k) => k.includes('evil') || k.includes('FLUSHALL'))).toBe(false);
    release();
    await limiter.close();
  });

  it('createLimiter shares limits through Redis when REDIS_URL is set', async () => {
    const prefix = `${PREFIX}factory:`;
    const [a, b] = await Promise.all(
      [0, 1].map(() => createLimiter({ ratePerMinute: 60, burst: 2, concurrency: 0, redisUrl: REDIS_URL, keyPrefix: prefix, log: silentLogger })),
    );
    // Both clients connect in the background; wait until each one's calls reach Redis.
    for (const limiter of [a!, b!]) await untilShared(limiter, prefix);
    (await a!.acquire('u'))();
    (await b!.acquire('u'))();
    expect(await outcome(a!.acquire('u'))).toBe('RATE_LIMITED');
    await Promise.all([a!.close(), b!.close()]);
  });
});

/** Acquires fresh probe keys until one shows up under prefix in Redis (so the limiter is connected). */
async function untilShared(limiter: Limiter, prefix: string): Promise<void> {
  const count = async () => {
    let n = 0;
    for await (const batch of redis!.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) n += batch.length;
    return n;
  };
  for (let i = 0; i < 200; i++) {
    const before = await count();
    (await limiter.acquire(`probe-${randomBytes(4).toString('hex')}`))();
    if ((await count()) > before) return;
    await sleep(50);
  }
  throw new Error('the limiter never reached Redis');
}

describe('the Redis limiter when Redis is unreachable', () => {
  it('falls back to this instance alone, and still limits', async () => {
    const warnings: string[] = [];
    const log = { ...silentLogger, warn: (m: string) => warnings.push(m) };
    const limiter = await createLimiter({ ratePerMinute: 0, burst: 1, concurrency: 1, redisUrl: 'redis://127.0.0.1:1', log });
    const started = Date.now();
    const release = await limiter.acquire('u');
    expect(Date.now() - started).toBeLessThan(1500);
    expect(await outcome(limiter.acquire('u'))).toBe('RATE_LIMITED');
    release();
    expect(await outcome(limiter.acquire('u'))).toBe('ok');
    expect(warnings.some((w) => /fall back/.test(w))).toBe(true);
    await limiter.close();
  });
});
