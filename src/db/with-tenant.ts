// withTenant(principal, fn): one read-only transaction per tool call, with the sealed tenant
// context set by a single bound set_config select, and ROLLBACK at the end, always.
import { createHmac } from 'node:crypto';
import { CUSTOMERS_PII_SCOPE } from '../auth/scopes.js';
import { AppError } from '../errors.js';
import { randomHex } from '../random-pool.js';
import type { Sql, Tx } from './client.js';

export interface TenantIdentity {
  userId: string;
  /** The token's OAuth scopes; `retail.customers.pii` marks the transaction for unmasked contacts. */
  scopes?: readonly string[];
  /** The caller's role as last resolved: it picks the reader role, and so the store policy (readerRoleFor). */
  role?: string;
}

export interface TenantOptions {
  /** Turn on pgvector's iterative HNSW scans, so RLS and filters do not return fewer than k rows. */
  vectorSearch?: boolean;
  /**
   * Aborting it cancels the statement running in PostgreSQL (a CancelRequest on a socket of its
   * own, so it works even when every pooled connection is busy) and rolls the transaction back.
   */
  signal?: AbortSignal;
  /** This transaction's statement (and idle-in-transaction) timeout instead of the runner's: exports run longer. */
  statementTimeoutMs?: number;
}

export type WithTenant = <T>(who: TenantIdentity, fn: (tx: Tx) => Promise<T>, options?: TenantOptions) => Promise<T>;

/** Thrown inside the transaction to roll it back while still returning the callback's value. */
class RollbackWith<T> {
  constructor(readonly value: T) {}
}

export function seal(sealKeyHex: string | Buffer, userId: string, nonce: string): string {
  const key = typeof sealKeyHex === 'string' ? Buffer.from(sealKeyHex, 'hex') : sealKeyHex;
  return createHmac('sha256', key).update(`${userId}:${nonce}`).digest('hex');
}

/** Why an aborted call ended: the reason given to abort() when it is an AppError (a deadline, say). */
function abortError(signal: AbortSignal, cause?: unknown): AppError {
  return signal.reason instanceof AppError ? signal.reason : new AppError('CANCELLED', 'The call was cancelled before it finished.', { cause });
}

function requireNotAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}

/**
 * How a caller reads (migration 019): the reader role, whose store policy the planner can estimate
 * for that kind of caller: head office, a one-time check and then every row; a store manager,
 * `store_id = <one store>`; anyone else, `store_id = any(<visible stores>)`. The role only picks the
 * policy; each policy checks the sealed caller itself, so a stale role fails closed. Every role
 * keeps the server's max_parallel_workers_per_gather, as a direct query does (see README, Benchmarks).
 */
export function readerRoleFor(who: TenantIdentity): string {
  if (who.role === 'head_office') return 'retail_head_office_reader';
  if (who.role === 'store_manager') return 'retail_store_reader';
  return 'retail_scoped_reader';
}

export function createWithTenant(sql: Sql, settings: { sealKeyHex: string; statementTimeoutMs: number }): WithTenant {
  const timeout = String(settings.statementTimeoutMs);
  const key = Buffer.from(settings.sealKeyHex, 'hex'); // decoded once per process, not per call
  return async (who, fn, options = {}) => {
    const { signal } = options;
    requireNotAborted(signal);
    const statementTimeout = options.statementTimeoutMs === undefined ? timeout : String(Math.trunc(options.statementTimeoutMs));
    // A fresh nonce per transaction. The seal binds user and nonce, not time: a (user, nonce, seal)
    // triple the model read stays valid, but it names the caller's own user, and re-setting it needs
    // set_config, which the reader may not call where the admin is a superuser (see README, Limits).
    // A caller whose token holds the PII scope gets a nonce ending '.pii' (migration 015's
    // can_see_pii() reads it); the seal covers the nonce, so nobody without the key can add the mark.
    const nonce = who.scopes?.includes(CUSTOMERS_PII_SCOPE) ? `${randomHex(16)}.pii` : randomHex(16);
    const proof = seal(key, who.userId, nonce);
    const iterative = options.vectorSearch ? 'relaxed_order' : 'off';
    // Shopper phrases sit far from product texts in embedding space; ef_search 1000 (pgvector's
    // maximum) kept recall@10 >= 0.95 at 100k products in every measured build (npm run bench:search).
    const efSearch = options.vectorSearch ? '1000' : '40';
    try {
      await sql.begin('read only', async (tx) => {
        // The wait for a pooled connection may have outlasted the caller.
        requireNotAborted(signal);
        // jit off: a statement being JIT-compiled ignores a cancel for up to ~1 s (measured), and JIT
        // does not pay off at this data size. standard_conforming_strings on: the SQL guard parses
        // backslashes in strings as PostgreSQL does only with it on (its default, pinned here).
        // Every value is bound, and is_local = true: nothing outlives this transaction, so nothing
        // leaks to the next caller on this pooled connection.
        const context = tx`select
            set_config('role', ${readerRoleFor(who)}, true),
            set_config('app.current_rls_user_id', ${who.userId}, true),
            set_config('app.current_rls_nonce', ${nonce}, true),
            set_config('app.current_rls_seal', ${proof}, true),
            set_config('statement_timeout', ${statementTimeout}, true),
            set_config('idle_in_transaction_session_timeout', ${statementTimeout}, true),
            set_config('search_path', 'retail, public', true),
            set_config('standard_conforming_strings', 'on', true),
            set_config('plan_cache_mode', 'force_custom_plan', true),
            set_config('jit', 'off', true),
            set_config('hnsw.iterative_scan', ${iterative}, true),
            set_config('hnsw.ef_search', ${efSearch}, true)`.execute();
        // Sent now and pipelined ahead of fn's queries on this connection: one round trip saved (the
        // postgres.js patch also returns without waiting for the ROLLBACK's reply). If it fails, the
        // transaction is aborted and fn's queries fail too, so nothing runs without the context; its
        // own rejection is then reported through theirs.
        context.catch(() => {});
        // On abort: a CancelRequest with this connection's backend key, on a connection of its own.
        // Not context.cancel(): postgres.js sends one only while that query is the one running; on
        // a finished query it just marks it, so fn's statement ran on (measured: to the 30 s
        // statement timeout). The context query's canceller is the driver's own, and once the query
        // has been sent, its `state` is the backend key. Sent again every 250 ms until fn settles
        // (PostgreSQL drops a cancel that lands between two statements), one at a time, and the
        // last one is waited for before the ROLLBACK, so none lands in a later transaction.
        const { canceller } = context as unknown as { canceller?: (q: { state: unknown; active: true }) => Promise<void> };
        let settled = false;
        let wake: (() => void) | undefined;
        let cancelling: Promise<void> | undefined;
        const cancel = () => {
          cancelling = (async () => {
            while (!settled) {
              const { state } = context as unknown as { state: unknown };
              if (canceller && state) await Promise.resolve(canceller({ state, active: true })).catch(() => {});
              if (!settled) {
                await new Promise<void>((resolve) => {
                  wake = resolve;
                  setTimeout(resolve, 250).unref();
                });
              }
            }
          })();
        };
        signal?.addEventListener('abort', cancel, { once: true });
        try {
          const value = await fn(tx);
          await context;
          throw new RollbackWith(value);
        } finally {
          signal?.removeEventListener('abort', cancel);
          settled = true;
          wake?.();
          await cancelling;
        }
      });
    } catch (outcome) {
      if (outcome instanceof RollbackWith) return outcome.value as never;
      // A statement cancelled on the caller's behalf is reported as the cancellation it was.
      if (signal?.aborted) throw abortError(signal, outcome);
      throw outcome;
    }
    throw new Error('unreachable: the tenant transaction always rolls back');
  };
}
