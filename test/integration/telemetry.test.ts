// Spans and metrics with in-memory exporters: a span per MCP request and per tool call with the MCP
// semantic-convention attributes, a child span per tenant transaction, traceparent from HTTP headers
// and from params._meta, tenants only as a hash, trace ids on log lines, and Prometheus /metrics.

import { context, trace } from '@opentelemetry/api';
import { AggregationTemporality, InMemoryMetricExporter, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { startTelemetry } from '../../src/telemetry/start-telemetry.js';
import type { Telemetry } from '../../src/telemetry/telemetry.js';
import { tenantHash } from '../../src/telemetry/tenant-hash.js';
import { tracedWithTenant } from '../../src/telemetry/traced-with-tenant.js';
import { loadTestUsers, type TestUsers } from '../support/fixtures.js';
import { type Harness, openHarness, setup, startHttp } from '../support/harness.js';

let h: Harness;
let users: TestUsers;
let telemetry: Telemetry;
const spans = new InMemorySpanExporter();
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 60_000 });

beforeAll(async () => {
  h = await openHarness({ env: { METRICS_ENABLED: 'true' } });
  users = await loadTestUsers(h.admin);
  telemetry = await startTelemetry(h.config, { spanExporter: spans, metricReader: reader });
  h.deps = { ...h.deps, telemetry, withTenant: tracedWithTenant(h.withTenant, telemetry) };
});
afterAll(async () => {
  await telemetry.shutdown();
  await h.close();
});

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const PARENT = 'b7ad6b7169203331';

describe('telemetry', () => {
  it('a tool call is a span with MCP attributes, a hashed tenant, and a child transaction span', async () => {
    spans.reset();
    const manager = users.storeManagers[0]!;
    const s = await setup(h, manager.user_id);
    const r = await s.callTool('execute_sales_query', { postgresql_query: 'select count(*) as n from retail.orders' });
    expect(r.isError).toBe(false);
    await s.close();
    const finished = spans.getFinishedSpans();
    const tool = finished.find((x) => x.name === 'tools/call execute_sales_query')!;
    expect(tool).toBeDefined();
    expect(tool.attributes).toMatchObject({
      'mcp.method.name': 'tools/call',
      'gen_ai.tool.name': 'execute_sales_query',
      'retail.tenant.hash': tenantHash(manager.user_id),
      'retail.result.rows': 1,
    });
    expect(JSON.stringify(finished.map((x) => x.attributes))).not.toContain(manager.user_id);
    const tx = finished.find((x) => x.name === 'transaction retail' && x.parentSpanContext?.spanId === tool.spanContext().spanId);
    expect(tx?.attributes['db.system.name']).toBe('postgresql');
  });

  it('a failed call sets error.type', async () => {
    spans.reset();
    const s = await setup(h, users.storeManagers[1]!.user_id);
    await s.callTool('execute_sales_query', { postgresql_query: 'delete from retail.orders' });
    await s.close();
    const tool = spans.getFinishedSpans().find((x) => x.name === 'tools/call execute_sales_query')!;
    expect(tool.attributes['error.type']).toBe('SQL_REJECTED');
    expect(tool.status.code).toBe(2);
  });

  it('continues a trace from params._meta.traceparent (in-memory transport)', async () => {
    spans.reset();
    const s = await setup(h, users.storeManagers[2]!.user_id);
    await s.client.callTool({ name: 'get_current_utc_date', arguments: {}, _meta: { traceparent: `00-${TRACE}-${PARENT}-01` } });
    await s.close();
    const tool = spans.getFinishedSpans().find((x) => x.name === 'tools/call get_current_utc_date')!;
    expect(tool.spanContext().traceId).toBe(TRACE);
    expect(tool.parentSpanContext?.spanId).toBe(PARENT);
  });

  it('over HTTP: a request span parented by the traceparent header, the tool span its child', async () => {
    spans.reset();
    const http = await startHttp(h);
    try {
      const token = await h.tokenFor(users.storeManagers[3]!.user_id);
      const res = await fetch(`${http.base}/mcp`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          traceparent: `00-${TRACE}-${PARENT}-01`,
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'get_current_utc_date', arguments: {} } }),
      });
      expect(res.status).toBe(200);
      // Without an MCP-Protocol-Version header this goes through the SDK's handler, which may stream.
      expect(await res.text()).toContain('utc_date');
      const finished = spans.getFinishedSpans();
      const request = finished.find((x) => x.attributes['mcp.method.name'] === 'tools/call' && x.attributes['http.response.status_code'] === 200)!;
      expect(request.spanContext().traceId).toBe(TRACE);
      expect(request.parentSpanContext?.spanId).toBe(PARENT);
      const tool = finished.find((x) => x.name === 'tools/call get_current_utc_date' && x !== request)!;
      expect(tool.parentSpanContext?.spanId).toBe(request.spanContext().spanId);

      const unauth = await fetch(`${http.base}/mcp`, { method: 'POST', body: '{}' });
      expect(unauth.status).toBe(401);
      const metricsText = await (await fetch(`${http.base}/metrics`)).text();
      expect(metricsText).toMatch(/retail_mcp_auth_failures_total\{reason="missing_token"[^}]*\} [1-9]/);
      expect(metricsText).toMatch(/mcp_server_operation_duration/);
    } finally {
      await http.close();
    }
  });

  it('records tool-call metrics by tool and outcome', async () => {
    await reader.forceFlush();
    const all = metricExporter.getMetrics().flatMap((rm) => rm.scopeMetrics.flatMap((sm) => sm.metrics));
    const names = new Set(all.map((m) => m.descriptor.name));
    for (const n of ['mcp.server.operation.duration', 'retail_mcp.tool.calls', 'retail_mcp.tool.rows', 'retail_mcp.tool.bytes']) expect(names).toContain(n);
    const calls = all.filter((m) => m.descriptor.name === 'retail_mcp.tool.calls').flatMap((m) => m.dataPoints as { attributes: Record<string, unknown> }[]);
    expect(calls.some((p) => p.attributes.outcome === 'error' && p.attributes['gen_ai.tool.name'] === 'execute_sales_query')).toBe(true);
  });

  it('puts the active trace id on log lines', () => {
    const lines: string[] = [];
    const stream = { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
    const log = createLogger('info', stream);
    const span = telemetry.tracer.startSpan('log-test');
    context.with(trace.setSpan(context.active(), span), () => log.info('inside'));
    span.end();
    log.info('outside');
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'inside', trace_id: span.spanContext().traceId, span_id: span.spanContext().spanId });
    expect(JSON.parse(lines[1]!).trace_id).toBeUndefined();
  });
});
