// The verified-token cache: an LRU bound, a deadline of min(exp, iat + max token age, now + 60 s)
// checked with a fake clock and real HS256 tokens, and JWKS key rotation against a real local JWKS
// served by node:http (real ES256 keys, real jose remote key set).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheDeadline, parseDurationMs, TOKEN_CACHE_MAX_MS, TokenCache } from '../../src/auth/token-cache.js';
import { createTokenVerifier } from '../../src/auth/verify-token.js';
import { AppError } from '../../src/errors.js';

const SUB = '11111111-2222-4333-8444-555555555555';
const SECRET = 'unit-test-secret-of-at-least-32-characters';
const T0 = 1_900_000_000; // seconds; the fake clock starts here

function fakeClock(startMs: number) {
  let now = startMs;
  return { now: () => now, set: (ms: number) => (now = ms), advance: (ms: number) => (now += ms) };
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe('UNAUTHENTICATED');
  return err as AppError;
}

function hs256(o: { iat: number; exp: number; sub?: string }) {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(o.sub ?? SUB)
    .setIssuer('iss')
    .setAudience('aud')
    .setIssuedAt(o.iat)
    .setExpirationTime(o.exp)
    .sign(new TextEncoder().encode(SECRET));
}

describe('TokenCache', () => {
  it('keeps at most maxEntries, evicting the least recently used', () => {
    const clock = fakeClock(0);
    const c = new TokenCache<number>({ maxEntries: 3, now: clock.now });
    c.set('a', 1, 1000);
    c.set('b', 2, 1000);
    c.set('c', 3, 1000);
    expect(c.get('a')).toBe(1); // a is now the most recently used
    c.set('d', 4, 1000);
    expect(c.size).toBe(3);
    expect(c.get('b')).toBeUndefined();
    expect([c.get('a'), c.get('c'), c.get('d')]).toEqual([1, 3, 4]);
    for (let i = 0; i < 10_000; i++) c.set(`k${i}`, i, 1000);
    expect(c.size).toBe(3);
  });

  it('serves an entry until its deadline, not at or after it, and caches nothing already past', () => {
    const clock = fakeClock(0);
    const c = new TokenCache<string>({ maxEntries: 10, now: clock.now });
    c.set('x', 'v', 100);
    clock.set(99);
    expect(c.get('x')).toBe('v');
    clock.set(100);
    expect(c.get('x')).toBeUndefined();
    expect(c.size).toBe(0);
    c.set('y', 'v', 100);
    expect(c.size).toBe(0);
  });

  it('the deadline is min(exp, iat + max age, now + 60 s)', () => {
    const hour = 3_600_000;
    expect(cacheDeadline({ iat: T0, exp: T0 + 7200 }, hour, T0 * 1000)).toBe(T0 * 1000 + TOKEN_CACHE_MAX_MS);
    expect(cacheDeadline({ iat: T0, exp: T0 + 30 }, hour, T0 * 1000)).toBe((T0 + 30) * 1000);
    expect(cacheDeadline({ iat: T0, exp: T0 + 7200 }, hour, T0 * 1000 + hour - 10_000)).toBe(T0 * 1000 + hour);
  });

  it('parses AUTH_MAX_TOKEN_AGE durations', () => {
    expect([parseDurationMs('45s'), parseDurationMs('30m'), parseDurationMs('12h'), parseDurationMs('7d')]).toEqual([
      45_000, 1_800_000, 43_200_000, 604_800_000,
    ]);
    expect(() => parseDurationMs('1 hour')).toThrow(RangeError);
  });
});

describe('the token verifier cache (HS256, fake clock)', () => {
  const base = { devSecret: SECRET, issuer: 'iss', audience: 'aud', clockToleranceSeconds: 5 };

  it('refuses a token past its max age even though it is cached', async () => {
    const clock = fakeClock((T0 + 3600 - 30) * 1000); // 30 s before the 1 h max age runs out
    const verify = await createTokenVerifier({ ...base, maxTokenAge: '1h', now: clock.now });
    const token = await hs256({ iat: T0, exp: T0 + 7200 }); // exp alone would allow another hour
    expect(await verify(token)).toEqual({ sub: SUB, exp: T0 + 7200 });
    clock.advance(20_000);
    await verify(token);
    expect(verify.cacheHits).toBe(1); // it was served from the cache
    clock.set((T0 + 3600 + 30) * 1000); // past iat + max age (and its 5 s tolerance), well before exp
    const err = await refusal(verify(token));
    expect(err.message).toMatch(/maximum token age/);
    expect(verify.cacheHits).toBe(1);
  });

  it('honours exp: served from the cache at most 60 s at a time, refused after exp', async () => {
    const clock = fakeClock(T0 * 1000);
    const verify = await createTokenVerifier({ ...base, maxTokenAge: '24h', now: clock.now });
    const token = await hs256({ iat: T0, exp: T0 + 120 });
    await verify(token);
    clock.set((T0 + 50) * 1000);
    await verify(token);
    expect(verify.cacheHits).toBe(1);
    clock.set((T0 + 61) * 1000); // the 60 s cap ran out: verified again, then cached until exp
    await verify(token);
    expect(verify.cacheHits).toBe(1);
    clock.set((T0 + 119) * 1000);
    await verify(token);
    expect(verify.cacheHits).toBe(2);
    clock.set((T0 + 121) * 1000); // past exp, inside the clock tolerance: jose decides, nothing is cached
    await verify(token);
    expect(verify.cacheHits).toBe(2);
    expect(verify.cacheSize).toBe(0);
    clock.set((T0 + 126) * 1000); // past exp and the tolerance
    expect((await refusal(verify(token))).message).toMatch(/expired/);
    expect(verify.cacheHits).toBe(2);
  });

  it('keeps at most cacheMaxEntries verified tokens', async () => {
    const clock = fakeClock(T0 * 1000);
    const verify = await createTokenVerifier({ ...base, maxTokenAge: '24h', now: clock.now, cacheMaxEntries: 2 });
    const tokens = await Promise.all([1, 2, 3].map((i) => hs256({ iat: T0 - i, exp: T0 + 300 })));
    for (const t of tokens) await verify(t);
    expect(verify.cacheSize).toBe(2);
    await verify(tokens[0]!); // evicted: verified again, not a hit
    expect(verify.cacheHits).toBe(0);
    await verify(tokens[2]!);
    expect(verify.cacheHits).toBe(1);
  });

  it('caches nothing for a refused token', async () => {
    const clock = fakeClock(T0 * 1000);
    const verify = await createTokenVerifier({ ...base, maxTokenAge: '24h', now: clock.now });
    await refusal(verify(await hs256({ iat: T0, exp: T0 + 300, sub: 'admin' })));
    expect(verify.cacheSize).toBe(0);
  });
});

describe('the token verifier cache and JWKS key rotation (real local JWKS)', () => {
  let server: Server;
  let url: string;
  let served: { keys: JWK[] } = { keys: [] };
  let fetches = 0;
  const keys: Record<'k1' | 'k2', { privateKey: CryptoKey; jwk: JWK }> = {} as never;

  beforeAll(async () => {
    for (const kid of ['k1', 'k2'] as const) {
      const { privateKey, publicKey } = await generateKeyPair('ES256');
      keys[kid] = { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
    }
    server = createServer((req, res) => {
      fetches++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(served));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const es256 = (kid: 'k1' | 'k2') =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid })
      .setSubject(SUB)
      .setIssuer('iss')
      .setAudience('aud')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(keys[kid].privateKey);
  const base = { issuer: 'iss', audience: 'aud', clockToleranceSeconds: 5, maxTokenAge: '1h' };

  it('refuses a cached token at once when a newer key set no longer has its kid', async () => {
    served = { keys: [keys.k1.jwk] };
    const verify = await createTokenVerifier({ ...base, jwksUrl: url, jwksCooldownMs: 0 });
    const old = await es256('k1');
    await verify(old);
    await verify(old);
    expect(verify.cacheHits).toBe(1);

    served = { keys: [keys.k2.jwk] }; // the identity provider rotates k1 out
    const before = fetches;
    await verify(await es256('k2')); // an unknown kid makes jose fetch the new set
    expect(fetches).toBeGreaterThan(before);

    const err = await refusal(verify(old));
    expect(err.message).toMatch(/rotated out/);
    expect(verify.cacheHits).toBe(1);
  });

  it('refuses a cached token once the JWKS is refetched after its max age without the kid', async () => {
    served = { keys: [keys.k1.jwk] };
    const verify = await createTokenVerifier({ ...base, jwksUrl: url, jwksCacheMaxAgeMs: 500 });
    const old = await es256('k1');
    await verify(old);
    await verify(old);
    expect(verify.cacheHits).toBe(1);

    served = { keys: [keys.k2.jwk] };
    await new Promise((r) => setTimeout(r, 600)); // the loaded set is now stale
    const before = fetches;
    await refusal(verify(old));
    expect(fetches).toBe(before + 1);
  });

  it('keeps accepting a token whose key survives a refetch of the set', async () => {
    served = { keys: [keys.k1.jwk] };
    const verify = await createTokenVerifier({ ...base, jwksUrl: url, jwksCacheMaxAgeMs: 500 });
    const token = await es256('k1');
    await verify(token);
    served = { keys: [keys.k2.jwk, keys.k1.jwk] };
    await new Promise((r) => setTimeout(r, 600));
    expect(await verify(token)).toMatchObject({ sub: SUB });
    await verify(token);
    expect(verify.cacheHits).toBe(1);
  });
});
