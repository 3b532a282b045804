// Read-replica routing: every tenant transaction (tool calls and principal lookups; all read-only)
// runs on the hot standby when DATABASE_REPLICA_URL is set, and on the primary while the standby
// cannot serve. The audit trail never comes here: it writes through the primary pool.
//
// Per call: a call that fails on the replica because the replica is unreachable, restarting or out of
// connections (DB_UNAVAILABLE class), or because replay cancelled its query (a recovery conflict,
// SQLSTATE 40001), is run again on the primary. That is safe because the transaction is read-only
// and always rolled back: a half-run attempt leaves nothing behind. A query error (bad SQL, a
// timeout, a forbidden table) or a cancelled call is not retried: the primary would answer the same.
//
// Circuit breaker: an unreachable replica opens the circuit, and for DB_REPLICA_COOLDOWN_MS calls go
// straight to the primary, so a dead replica does not add a connect timeout to every call. After the
// cooldown a background probe (never a caller) tries the replica; when it answers as a standby, calls
// go back to it. A recovery conflict does not open the circuit: the replica itself is healthy.
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Sql } from './client.js';
import { isConnectionFailure } from './pg-errors.js';
import { createWithTenant, type WithTenant } from './with-tenant.js';

export type ReplicaState = 'replica' | 'primary-only';

export interface RoutingStats {
  state: ReplicaState;
  /** Calls answered by the replica. */
  replica: number;
  /** Calls answered by the primary (while the circuit was open, or as a fallback). */
  primary: number;
  /** Calls that failed on the replica and were run again on the primary. */
  fallbacks: number;
  /** How often the circuit opened. */
  opened: number;
}

export type RoutedWithTenant = WithTenant & { stats(): RoutingStats; close(): void };

export interface ReplicaRoutingOptions {
  primary: WithTenant;
  replica: WithTenant;
  /** Resolves when the replica can serve again (e.g. `select pg_is_in_recovery()` answers). */
  probe: () => Promise<void>;
  cooldownMs: number;
  log?: Logger;
}

/** Why a replica attempt failed, if it is worth running the call again on the primary. */
export function replicaFailure(err: unknown): 'unavailable' | 'conflict' | null {
  // A tool that classified the driver's error already: judge the error it wraps.
  if (err instanceof AppError) return err.code === 'DB_UNAVAILABLE' ? (replicaFailure(err.cause) ?? 'unavailable') : null;
  if (isConnectionFailure(err)) return 'unavailable';
  const sqlstate = (err as { code?: unknown })?.code;
  if (typeof sqlstate !== 'string') return null;
  // 08: connection exception; 57P: shutdown, crash, starting up (57P03), dropped by recovery (57P04);
  // 53: out of connections or memory on the standby.
  if (/^(08|57P|53)/.test(sqlstate)) return 'unavailable';
  // "canceling statement due to conflict with recovery" (max_standby_streaming_delay passed).
  if (sqlstate === '40001') return 'conflict';
  return null;
}

export function routeToReplica(o: ReplicaRoutingOptions): RoutedWithTenant {
  const stats: RoutingStats = { state: 'replica', replica: 0, primary: 0, fallbacks: 0, opened: 0 };
  let openedAt = 0;
  let probing = false;
  let closed = false;

  const open = (err: unknown) => {
    openedAt = Date.now();
    if (stats.state === 'primary-only') return;
    stats.state = 'primary-only';
    stats.opened++;
    o.log?.warn('read replica unavailable: calls go to the primary', { cause: err, retryInMs: o.cooldownMs });
  };

  const maybeProbe = () => {
    if (probing || closed || Date.now() - openedAt < o.cooldownMs) return;
    probing = true;
    o.probe().then(
      () => {
        probing = false;
        if (closed || stats.state === 'replica') return;
        stats.state = 'replica';
        o.log?.info('read replica is back: calls go to it again');
      },
      () => {
        probing = false;
        openedAt = Date.now();
      },
    );
  };

  const routed: WithTenant = async (who, fn, options) => {
    if (stats.state === 'primary-only') {
      maybeProbe();
      const value = await o.primary(who, fn, options);
      stats.primary++;
      return value;
    }
    try {
      const value = await o.replica(who, fn, options);
      stats.replica++;
      return value;
    } catch (err) {
      const why = options?.signal?.aborted ? null : replicaFailure(err);
      if (!why) throw err;
      if (why === 'unavailable') open(err);
      stats.fallbacks++;
      const value = await o.primary(who, fn, options);
      stats.primary++;
      return value;
    }
  };
  return Object.assign(routed, {
    stats: () => ({ ...stats }),
    close: () => {
      closed = true;
    },
  });
}

/** Fails unless the replica answers, and as a standby (a promoted replica is someone else's primary now). */
export async function probeReplica(sql: Sql): Promise<void> {
  const [row] = await sql<{ standby: boolean }[]>`select pg_is_in_recovery() as standby`;
  if (!row?.standby) throw new Error('the replica answered but is not in recovery');
}

export interface TenantRunnerSettings {
  sealKeyHex: string;
  statementTimeoutMs: number;
  cooldownMs: number;
}

/**
 * The server's tenant runner: createWithTenant on the primary pool, or, when a replica pool is open,
 * the replica with fallback to the primary.
 */
export function createTenantRunner(pools: { app: Sql; replica: Sql | null }, s: TenantRunnerSettings, log?: Logger): WithTenant {
  const settings = { sealKeyHex: s.sealKeyHex, statementTimeoutMs: s.statementTimeoutMs };
  const primary = createWithTenant(pools.app, settings);
  const replicaSql = pools.replica;
  if (!replicaSql) return primary;
  return routeToReplica({
    primary,
    replica: createWithTenant(replicaSql, settings),
    probe: () => probeReplica(replicaSql),
    cooldownMs: s.cooldownMs,
    log,
  });
}
