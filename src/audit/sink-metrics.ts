// The audit sink's metrics: retail_mcp.audit.rows{fate}, a counter, and retail_mcp.audit.backlog{where},
// a gauge read when the exporter collects. Without a meter, both are no-ops.
import type { Meter, ObservableResult } from '@opentelemetry/api';

export type RowFate = 'written' | 'spilled' | 'replayed' | 'dropped' | 'rejected' | 'refusedCalls';

export interface SinkMetrics {
  rows(fate: RowFate, n: number): void;
  /** Stops reporting the backlog (at close). */
  stop(): void;
}

export function sinkMetrics(meter: Meter | undefined, backlog: () => { memoryRows: number; spillBytes: number }): SinkMetrics {
  const rowsCounter = meter?.createCounter('retail_mcp.audit.rows', {
    description:
      'Audit rows by fate: written, spilled (to disk, awaiting the database), replayed (from disk), dropped, rejected (invalid), and refusedCalls (calls refused because the audit buffer was full).',
  });
  const gauge = meter?.createObservableGauge('retail_mcp.audit.backlog', {
    description: 'Audit rows not yet in the database, by where they wait: memory or spill (bytes for spill).',
  });
  const observe = (r: ObservableResult) => {
    const b = backlog();
    r.observe(b.memoryRows, { where: 'memory' });
    r.observe(b.spillBytes, { where: 'spill_bytes' });
  };
  gauge?.addCallback(observe);
  return {
    rows: (fate, n) => rowsCounter?.add(n, { fate }),
    stop: () => gauge?.removeCallback(observe),
  };
}
