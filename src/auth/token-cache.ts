// A bounded cache of verified tokens: least-recently-used eviction above `maxEntries`, and each
// entry kept only until its own deadline (see `cacheDeadline`). The clock is injected for tests.

/** How long a verified token may be served from the cache without verifying it again. */
export const TOKEN_CACHE_MAX_MS = 60_000;

/**
 * The instant (ms) until which a verified token may be served from the cache:
 * min(exp, iat + max token age, now + 60 s). No clock tolerance is added: past this instant the
 * token is verified again, where the tolerance (and every other rule) applies.
 */
export function cacheDeadline(claims: { exp: number; iat: number }, maxTokenAgeMs: number, nowMs: number): number {
  return Math.min(claims.exp * 1000, claims.iat * 1000 + maxTokenAgeMs, nowMs + TOKEN_CACHE_MAX_MS);
}

/** `12h`, `30m`, `45s`, `7d` (the AUTH_MAX_TOKEN_AGE format) → milliseconds. */
export function parseDurationMs(text: string): number {
  const m = /^(\d+)([smhd])$/.exec(text.trim());
  if (!m) throw new RangeError(`Not a duration such as 12h or 7d: ${JSON.stringify(text)}`);
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}

export class TokenCache<V> {
  // A Map iterates in insertion order: delete + re-insert on a hit keeps the first key the least
  // recently used one.
  readonly #entries = new Map<string, { value: V; until: number }>();
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(o: { maxEntries: number; now?: () => number }) {
    if (!Number.isInteger(o.maxEntries) || o.maxEntries < 1) throw new RangeError('maxEntries must be a positive integer');
    this.#maxEntries = o.maxEntries;
    this.#now = o.now ?? Date.now;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The value, if cached and not past its deadline; an expired entry is removed. */
  get(key: string): V | undefined {
    const e = this.#entries.get(key);
    if (!e) return undefined;
    this.#entries.delete(key);
    if (e.until <= this.#now()) return undefined;
    this.#entries.set(key, e);
    return e.value;
  }

  /** Caches `value` until `until` (ms); a deadline already past caches nothing. */
  set(key: string, value: V, until: number): void {
    this.#entries.delete(key);
    if (until <= this.#now()) return;
    this.#entries.set(key, { value, until });
    while (this.#entries.size > this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }
}
