// Tracing and metrics behind one small object. Unconfigured, every instrument is the API's no-op, so
// the hot path pays almost nothing; configured, spans and metrics go to OTLP and/or Prometheus.
import { type Counter, type Histogram, type Meter, metrics, type Tracer, trace, type UpDownCounter } from '@opentelemetry/api';

export interface Instruments {
  /** MCP semantic conventions: seconds, by mcp.method.name, gen_ai.tool.name and error.type. */
  operationDuration: Histogram;
  /** Tool calls by tool and outcome (ok | error). */
  toolCalls: Counter;
  rowsReturned: Counter;
  bytesReturned: Counter;
  /** Rejected tokens and unknown/disabled users, by reason. */
  authFailures: Counter;
  /** Calls refused by a rate limiter; the limiter increments it with { tool }. */
  rateLimited: Counter;
  /** Tenant transactions running or waiting for a pooled connection (postgres.js exposes no pool stats). */
  dbTransactionsActive: UpDownCounter;
}

export interface Telemetry {
  enabled: boolean;
  tracer: Tracer;
  meter: Meter;
  instruments: Instruments;
  /** Serves the Prometheus text format when the Prometheus exporter is on; null otherwise. */
  metricsHandler: ((req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void) | null;
  /** Flushes and stops exporters; call on shutdown. */
  shutdown(): Promise<void>;
}

export const TRACER_NAME = 'retail-mcp';

export function createInstruments(meter: Meter): Instruments {
  return {
    operationDuration: meter.createHistogram('mcp.server.operation.duration', {
      unit: 's',
      description: 'Duration of MCP requests handled by the server.',
      advice: { explicitBucketBoundaries: [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300] },
    }),
    toolCalls: meter.createCounter('retail_mcp.tool.calls', { description: 'Tool calls by tool and outcome.' }),
    rowsReturned: meter.createCounter('retail_mcp.tool.rows', { description: 'Rows returned by tool calls.' }),
    bytesReturned: meter.createCounter('retail_mcp.tool.bytes', { unit: 'By', description: 'Result bytes returned by tool calls.' }),
    authFailures: meter.createCounter('retail_mcp.auth.failures', { description: 'Requests refused by token verification or principal resolution.' }),
    rateLimited: meter.createCounter('retail_mcp.rate_limited', { description: 'Tool calls refused by a rate limit.' }),
    dbTransactionsActive: meter.createUpDownCounter('retail_mcp.db.transactions.active', {
      description: 'Tenant transactions in flight, including those waiting for a pooled connection.',
    }),
  };
}

/** The no-op telemetry: API defaults, nothing exported. */
export function noopTelemetry(): Telemetry {
  const meter = metrics.getMeterProvider().getMeter(TRACER_NAME);
  return {
    enabled: false,
    tracer: trace.getTracerProvider().getTracer(TRACER_NAME),
    meter,
    instruments: createInstruments(meter),
    metricsHandler: null,
    shutdown: async () => {},
  };
}
