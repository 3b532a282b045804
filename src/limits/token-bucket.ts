// Token-bucket arithmetic shared by the in-memory limiter and (as Lua) the Redis one: a bucket
// holds up to `burst` tokens, refills continuously at ratePerMinute / 60 000 tokens per ms.

export interface BucketState {
  tokens: number;
  updatedMs: number;
}

export function refill(state: BucketState, nowMs: number, ratePerMs: number, burst: number): number {
  // A clock that steps backwards refills nothing rather than draining the bucket.
  return Math.min(burst, state.tokens + Math.max(0, nowMs - state.updatedMs) * ratePerMs);
}

/** Milliseconds until one whole token is available again. */
export function msUntilToken(tokens: number, ratePerMs: number): number {
  return Math.ceil((1 - tokens) / ratePerMs);
}
