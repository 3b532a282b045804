// Wraps a WithTenant so each tenant transaction is a child span (db.system.name = postgresql) and
// is counted while it runs or waits for a connection. The transaction code itself is untouched.
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { WithTenant } from '../db/with-tenant.js';
import type { Telemetry } from './telemetry.js';
import { tenantHash } from './tenant-hash.js';

export function tracedWithTenant(inner: WithTenant, t: Telemetry): WithTenant {
  if (!t.enabled) return inner;
  const active = t.instruments.dbTransactionsActive;
  return (who, fn, options) =>
    t.tracer.startActiveSpan(
      'transaction retail',
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'db.system.name': 'postgresql',
          'db.operation.name': 'transaction',
          'retail.tenant.hash': tenantHash(who.userId),
          'retail.db.vector_search': Boolean(options?.vectorSearch),
        },
      },
      async (span) => {
        active.add(1);
        try {
          return await inner(who, fn, options);
        } catch (err) {
          const code = (err as { code?: unknown })?.code;
          span.setStatus({ code: SpanStatusCode.ERROR });
          span.setAttribute('error.type', typeof code === 'string' ? code : 'error');
          throw err;
        } finally {
          active.add(-1);
          span.end();
        }
      },
    );
}
