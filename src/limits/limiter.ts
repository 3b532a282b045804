// The fair-use contract every tool call goes through: a per-principal token bucket (calls per
// minute with a burst) and a per-principal cap on calls in flight. One user's flood is refused early
// and cheaply, so it cannot take every pooled connection from everyone else.
import { AppError } from '../errors.js';

export interface Limiter {
  /** Resolves with a release function once a call may start; throws RATE_LIMITED when it may not. */
  acquire(principalKey: string): Promise<() => void>;
  close(): Promise<void>;
}

export interface LimitSettings {
  /** Sustained calls per minute per principal; 0 turns the token bucket off. */
  ratePerMinute: number;
  /** Calls a principal may make at once after being idle (the bucket's capacity). */
  burst: number;
  /** Calls in flight per principal; 0 turns the cap off. */
  concurrency: number;
}

export type Refusal = { reason: 'rate' | 'concurrency'; retryAfterMs: number };

/** The one error a refused call gets; it names no other user and says when to come back. */
export function rateLimited(refusal: Refusal): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil(refusal.retryAfterMs / 1000));
  const what = refusal.reason === 'rate' ? 'Too many calls for this user' : 'Too many calls at once for this user';
  return new AppError('RATE_LIMITED', `${what}; retry after ${retryAfterSeconds} s.`, { retryAfterSeconds });
}

/** A release that runs at most once, however often it is called. */
export function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}

/** For deployments that turn limits off entirely. */
export const NO_LIMITS: Limiter = { acquire: async () => () => {}, close: async () => {} };
