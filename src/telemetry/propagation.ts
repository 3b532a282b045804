// W3C trace context from an HTTP request's headers or an MCP request's params._meta, and the
// AsyncLocalStorage context manager that carries the active span across awaits (and into log lines).
import { type Context, context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

const w3c = new W3CTraceContextPropagator();
let installed = false;

/** Idempotent: the first telemetry to start installs the context manager for the process. */
export function installContextManager(): void {
  if (installed) return;
  installed = true;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(w3c);
}

const getter = {
  keys: (c: Record<string, unknown>) => Object.keys(c),
  get: (c: Record<string, unknown>, key: string) => {
    const v = c[key];
    return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined;
  },
};

/** The parent context carried by a traceparent/tracestate pair, or `base` when there is none. */
export function extractParent(carrier: unknown, base: Context = ROOT_CONTEXT): Context {
  if (!carrier || typeof carrier !== 'object') return base;
  const c = carrier as Record<string, unknown>;
  if (typeof c.traceparent !== 'string' && !Array.isArray(c.traceparent)) return base;
  return w3c.extract(base, c, getter);
}
