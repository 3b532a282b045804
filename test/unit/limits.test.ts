// The in-memory limiter with a fake clock: burst, refill, concurrency, release and isolation between
// principals, plus the fallback wrapper that keeps limits on while Redis is down.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { createFallbackLimiter } from '../../src/limits/fallback.js';
import { type Limiter, NO_LIMITS, rateLimited } from '../../src/limits/limiter.js';
import { createMemoryLimiter } from '../../src/limits/memory.js';
import { silentLogger } from '../../src/log.js';

function fakeClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('the in-memory limiter', () => {
  it('allows a burst, then refuses with RATE_LIMITED and a retry-after', async () => {
    const clock = fakeClock();
    const limiter = createMemoryLimiter({ ratePerMinute: 60, burst: 3, concurrency: 0 }, clock.now);
    for (let i = 0; i < 3; i++) (await limiter.acquire('alice'))();
    const err = await refusal(limiter.acquire('alice'));
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.retryable).toBe(true);
    expect(err.retryAfterSeconds).toBe(1);
    expect(err.message).toBe('Too many calls for this user; retry after 1 s.');
  });

  it('refills at the sustained rate, never above the burst', async () => {
    const clock = fakeClock();
    const limiter = createMemoryLimiter({ ratePerMinute: 6, burst: 2, concurrency: 0 }, clock.now); // one token per 10 s
    (await limiter.acquire('a'))();
    (await limiter.acquire('a'))();
    expect((await refusal(limiter.acquire('a'))).retryAfterSeconds).toBe(10);
    clock.advance(4_000);
    expect((await refusal(limiter.acquire('a'))).retryAfterSeconds).toBe(6);
    clock.advance(6_000);
    (await limiter.acquire('a'))();
    clock.advance(3_600_000); // an hour idle refills to the burst, not to 360 tokens
    (await limiter.acquire('a'))();
    (await limiter.acquire('a'))();
    await refusal(limiter.acquire('a'));
  });

  it('caps calls in flight and frees a slot on release', async () => {
    const limiter = createMemoryLimiter({ ratePerMinute: 0, burst: 1, concurrency: 2 });
    const r1 = await limiter.acquire('a');
    await limiter.acquire('a');
    const err = await refusal(limiter.acquire('a'));
    expect(err.message).toBe('Too many calls at once for this user; retry after 1 s.');
    r1();
    await limiter.acquire('a');
  });

  it('a release called twice frees one slot only', async () => {
    const limiter = createMemoryLimiter({ ratePerMinute: 0, burst: 1, concurrency: 2 });
    const r1 = await limiter.acquire('a');
    await limiter.acquire('a');
    r1();
    r1();
    await limiter.acquire('a');
    await refusal(limiter.acquire('a'));
  });

  it('a call refused for concurrency does not spend a token', async () => {
    const clock = fakeClock();
    const limiter = createMemoryLimiter({ ratePerMinute: 1, burst: 2, concurrency: 1 }, clock.now);
    const r = await limiter.acquire('a');
    for (let i = 0; i < 5; i++) expect((await refusal(limiter.acquire('a'))).message).toMatch(/at once/);
    r();
    (await limiter.acquire('a'))(); // the second token is still there
  });

  it('principals do not share budgets', async () => {
    const limiter = createMemoryLimiter({ ratePerMinute: 60, burst: 1, concurrency: 1 });
    await limiter.acquire('alice');
    await refusal(limiter.acquire('alice'));
    await limiter.acquire('bob');
  });

  it('forgets idle principals with full buckets once it tracks many', async () => {
    const clock = fakeClock();
    const limiter = createMemoryLimiter({ ratePerMinute: 600, burst: 1, concurrency: 1 }, clock.now);
    const held = await limiter.acquire('busy');
    for (let i = 0; i < 10_001; i++) (await limiter.acquire(`u${i}`))();
    clock.advance(60_000);
    (await limiter.acquire('newcomer'))();
    expect(limiter.size()).toBe(2); // 'busy' (a call in flight) and 'newcomer'
    await refusal(limiter.acquire('busy'));
    held();
  });

  it('0 turns each limit off', async () => {
    const limiter = createMemoryLimiter({ ratePerMinute: 0, burst: 1, concurrency: 0 });
    await Promise.all(Array.from({ length: 1000 }, () => limiter.acquire('a')));
    await Promise.all(Array.from({ length: 1000 }, () => NO_LIMITS.acquire('a')));
  });

  it('rounds retry-after up to whole seconds, at least 1', () => {
    expect(rateLimited({ reason: 'rate', retryAfterMs: 1 }).retryAfterSeconds).toBe(1);
    expect(rateLimited({ reason: 'rate', retryAfterMs: 1001 }).retryAfterSeconds).toBe(2);
  });
});

describe('the fallback limiter', () => {
  const broken: Limiter = { acquire: async () => Promise.reject(new Error('ECONNREFUSED')), close: async () => {} };

  it('limits through the fallback while the primary fails', async () => {
    const limiter = createFallbackLimiter(broken, createMemoryLimiter({ ratePerMinute: 0, burst: 1, concurrency: 1 }), silentLogger);
    await limiter.acquire('a');
    expect(limiter.degraded()).toBe(true);
    expect((await refusal(limiter.acquire('a'))).code).toBe('RATE_LIMITED');
  });

  it("passes the primary's refusals on instead of asking the fallback", async () => {
    const refusing: Limiter = { acquire: async () => Promise.reject(rateLimited({ reason: 'rate', retryAfterMs: 5000 })), close: async () => {} };
    const limiter = createFallbackLimiter(refusing, NO_LIMITS, silentLogger);
    expect((await refusal(limiter.acquire('a'))).retryAfterSeconds).toBe(5);
    expect(limiter.degraded()).toBe(false);
  });
});
