// withTenant(principal, fn): one read-only transaction per tool call, with the sealed tenant
// context set by a single bound set_config select, and ROLLBACK at the end, always.
import { createHmac, randomBytes } from 'node:crypto';
import type { Sql, Tx } from './client.js';

export interface TenantIdentity {
  userId: string;
}

export interface TenantOptions {
  /** Turn on pgvector's iterative HNSW scans, so RLS and filters do not return fewer than k rows. */
  vectorSearch?: boolean;
}

export type WithTenant = <T>(who: TenantIdentity, fn: (tx: Tx) => Promise<T>, options?: TenantOptions) => Promise<T>;

/** Thrown inside the transaction to roll it back while still returning the callback's value. */
class RollbackWith<T> {
  constructor(readonly value: T) {}
}

export function seal(sealKeyHex: string, userId: string, nonce: string): string {
  return createHmac('sha256', Buffer.from(sealKeyHex, 'hex')).update(`${userId}:${nonce}`).digest('hex');
}

export function createWithTenant(sql: Sql, settings: { sealKeyHex: string; statementTimeoutMs: number }): WithTenant {
  const timeout = String(settings.statementTimeoutMs);
  return async (who, fn, options = {}) => {
    // A fresh nonce per transaction: a seal read by the model is worthless once this call ends.
    const nonce = randomBytes(16).toString('hex');
    const proof = seal(settings.sealKeyHex, who.userId, nonce);
    const iterative = options.vectorSearch ? 'relaxed_order' : 'off';
    // Shopper phrases sit far from product texts in embedding space; ef_search 1000 (pgvector's
    // maximum) kept recall@10 >= 0.95 at 100k products in every measured build (npm run bench:search).
    const efSearch = options.vectorSearch ? '1000' : '40';
    try {
      await sql.begin('read only', async (tx) => {
        // Every value is bound, and is_local = true: nothing outlives this transaction, so nothing
        // leaks to the next caller on this pooled connection.
        const context = tx`select
            set_config('role', 'retail_reader', true),
            set_config('app.current_rls_user_id', ${who.userId}, true),
            set_config('app.current_rls_nonce', ${nonce}, true),
            set_config('app.current_rls_seal', ${proof}, true),
            set_config('statement_timeout', ${timeout}, true),
            set_config('idle_in_transaction_session_timeout', ${timeout}, true),
            set_config('search_path', 'retail, public', true),
            set_config('plan_cache_mode', 'force_custom_plan', true),
            set_config('hnsw.iterative_scan', ${iterative}, true),
            set_config('hnsw.ef_search', ${efSearch}, true)`.execute();
        // Sent now and pipelined ahead of fn's queries on this connection: one round trip saved.
        // If it fails, the transaction is aborted and fn's queries fail too, so nothing runs
        // without the context; its own rejection is then reported through theirs.
        context.catch(() => {});
        const value = await fn(tx);
        await context;
        throw new RollbackWith(value);
      });
    } catch (outcome) {
      if (outcome instanceof RollbackWith) return outcome.value as never;
      throw outcome;
    }
    throw new Error('unreachable: the tenant transaction always rolls back');
  };
}
