// What every call a principal makes goes through, whether a tool call (pipeline.ts) or a resource
// read, prompt or completion (server.ts): admission before any work, and one log line per failure.
import type { AuditSink } from './audit/audit-sink.js';
import type { Principal } from './auth/principal.js';
import type { AppError } from './errors.js';
import type { Limiter } from './limits/limiter.js';
import type { Logger } from './log.js';

/**
 * Refuses a call the audit trail could not record (AUDIT_UNAVAILABLE, retryable), then takes the
 * principal's fair-use share (RATE_LIMITED with a retry-after, or a wait for a slot). Returns the
 * release, to call when the call ends.
 */
export async function admitCall(deps: { audit?: AuditSink; limiter?: Limiter }, principal: Principal): Promise<() => void> {
  deps.audit?.requireCapacity();
  return (await deps.limiter?.acquire(principal.userId)) ?? (() => {});
}

/** A failed call, logged once: an error when the server is at fault, else at info. */
export function logCallFailure(log: Logger, what: string, principal: Principal, safe: AppError, err: unknown, fields: Record<string, unknown> = {}): void {
  log[safe.code === 'INTERNAL' ? 'error' : 'info'](`${what} failed`, { ...fields, user: principal.userId, code: safe.code, cause: (err as Error)?.message });
}
