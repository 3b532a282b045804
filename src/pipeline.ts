// handleToolCall: the one tools/call path. Every transport and both protocol eras come here, through
// the SDK's request handler or the HTTP fast path, which are thin framing around it:
// lookup → zod input → fair-use limiter → tool.run → output check → result → span, metric, audit.

import { type CallToolResult, ProtocolError, ProtocolErrorCode, type Tool } from '@modelcontextprotocol/server';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { z } from 'zod';
import type { AuditSink } from './audit/audit-sink.js';
import { toolCallEntry } from './audit/tool-call-entry.js';
import type { Principal } from './auth/principal.js';
import { requireScope } from './auth/scopes.js';
import { admitCall, logCallFailure } from './call-admission.js';
import { classifyPgError } from './db/pg-errors.js';
import { AppError, toAppError, toToolError } from './errors.js';
import type { Limiter } from './limits/limiter.js';
import type { Logger } from './log.js';
import { extractParent } from './telemetry/propagation.js';
import { noopTelemetry, type Telemetry } from './telemetry/telemetry.js';
import { tenantHash } from './telemetry/tenant-hash.js';
import { TOOLS } from './tools/index.js';
import type { AnyToolSpec, CallFacts, ToolDeps } from './tools/tool.js';

export interface ServerDeps extends ToolDeps {
  log: Logger;
  /** Where one row per tool call goes; absent in library use and most tests. */
  audit?: AuditSink;
  /** Spans and metrics; the no-op telemetry when absent. */
  telemetry?: Telemetry;
  /** Fair use per principal: a token bucket and a cap on calls in flight. Absent: no limits. */
  limiter?: Limiter;
  /** The server's own deadline for a whole call; past it the running statement is cancelled. */
  callDeadlineMs?: number;
}

export interface CallOptions {
  /** The request's params._meta: a W3C traceparent there parents the span when no HTTP span is active. */
  meta?: Record<string, unknown>;
  /** Aborted when the client cancels the request or goes away. */
  signal?: AbortSignal;
  /** Sends notifications/progress for the request's progressToken; absent when it has none. */
  progress?: (progress: number, message?: string) => void;
}

interface CompiledTool {
  spec: AnyToolSpec;
  input: z.ZodObject;
  output: z.ZodObject;
}

// destructiveHint and idempotentHint mean something only when readOnlyHint is false (MCP spec).
const ANNOTATIONS = { readOnlyHint: true, openWorldHint: false };

// Built once per process: the zod objects and the JSON Schemas `tools/list` advertises.
const COMPILED = new Map<string, CompiledTool>(TOOLS.map((spec) => [spec.name, { spec, input: z.object(spec.input), output: z.object(spec.output) }]));

/**
 * A JSON Schema without what costs every conversation tokens and tells the model nothing: `$schema`
 * (2020-12 is MCP's default), ±2^53 bounds on integers, and `propertyNames: string` on records.
 */
function compactSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(compactSchema);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === '$schema') continue;
    if ((k === 'minimum' || k === 'maximum') && Math.abs(v as number) === Number.MAX_SAFE_INTEGER) continue;
    if (k === 'propertyNames' && (v as { type?: string }).type === 'string' && Object.keys(v as object).length === 1) continue;
    out[k] = compactSchema(v);
  }
  return out;
}

/** A tool's MCP App (src/apps/), `_meta.ui.resourceUri`, which app-capable hosts render; others ignore it. */
function uiMetaOf(spec: AnyToolSpec): { _meta?: Tool['_meta'] } {
  const meta = (spec as { _meta?: Tool['_meta'] })._meta;
  return meta ? { _meta: meta } : {};
}

export const TOOL_DEFINITIONS: Tool[] = [...COMPILED.values()].map(({ spec, input, output }) => ({
  name: spec.name,
  title: spec.title,
  description: spec.description,
  inputSchema: compactSchema(z.toJSONSchema(input, { io: 'input' })) as Tool['inputSchema'],
  outputSchema: compactSchema(z.toJSONSchema(output, { io: 'output' })) as Tool['outputSchema'],
  annotations: spec.annotations ? { ...ANNOTATIONS, ...spec.annotations } : ANNOTATIONS,
  ...uiMetaOf(spec),
}));

const NOOP_TELEMETRY = noopTelemetry();

/** The OAuth scope a tool needs, if any (the HTTP transport checks it before dispatch, for the step-up challenge). */
export function requiredScopeOf(name: string): string | undefined {
  return COMPILED.get(name)?.spec.scope;
}

/** The JSON Schema `tools/list` advertises for a tool's output, for the SDK's result projection. */
export function outputSchemaOf(name: string): Record<string, unknown> | undefined {
  return TOOL_DEFINITIONS.find((t) => t.name === name)?.outputSchema;
}

/**
 * Runs one tool call for one principal. An unknown tool is a protocol error (-32602), as the spec
 * asks; everything else, bad arguments included, comes back as a result, failures as safe isError.
 */
export async function handleToolCall(deps: ServerDeps, principal: Principal, name: string, args: unknown, call: CallOptions = {}): Promise<CallToolResult> {
  const tool = COMPILED.get(name);
  if (!tool) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Tool ${name.slice(0, 100)} not found`);
  const t = deps.telemetry ?? NOOP_TELEMETRY;
  const active = context.active();
  const parent = trace.getSpan(active) ? active : extractParent(call.meta, active);
  const span = t.tracer.startSpan(
    `tools/call ${name}`,
    {
      kind: SpanKind.SERVER,
      attributes: {
        'mcp.method.name': 'tools/call',
        'gen_ai.tool.name': name,
        'gen_ai.operation.name': 'execute_tool',
        'retail.tenant.hash': tenantHash(principal.userId),
        'retail.principal.role': principal.role,
      },
    },
    parent,
  );
  const started = performance.now();
  const facts: CallFacts = {};
  let errorCode: string | null = null;
  let rowCount: number | null = null;
  let resultBytes: number | null = null;
  try {
    return await context.with(trace.setSpan(parent, span), async (): Promise<CallToolResult> => {
      let release: (() => void) | undefined;
      const deadline = new AbortController();
      const deadlineMs = tool.spec.deadlineMs?.(deps) ?? deps.callDeadlineMs;
      const timer = deadlineMs
        ? setTimeout(
            () => deadline.abort(new AppError('QUERY_TIMEOUT', 'The call took longer than the server allows; narrow the query or aggregate.')),
            deadlineMs,
          )
        : undefined;
      try {
        const parsed = tool.input.safeParse(args ?? {});
        if (!parsed.success) {
          const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('; ');
          throw new AppError('BAD_INPUT', `Invalid arguments for ${name}: ${issues}`);
        }
        // A tool that needs a scope the token lacks: INSUFFICIENT_SCOPE (over HTTP the transport has
        // already answered 403 with the step-up challenge; this covers stdio and in-memory clients).
        if (tool.spec.scope) requireScope(principal, tool.spec.scope);
        // Before any work: a call the audit trail could not record is refused, and so is a flooding
        // principal, cheaply; nobody holds more than their share of the pooled connections.
        release = await admitCall(deps, principal);
        const signal = call.signal ? AbortSignal.any([call.signal, deadline.signal]) : deadline.signal;
        const { data, text, links } = await tool.spec.run({ deps, principal, signal, facts, progress: call.progress }, parsed.data);
        // The output schema is the contract `tools/list` advertises; a tool that breaks it is a bug.
        const checked = tool.output.safeParse(data);
        if (!checked.success) throw new AppError('INTERNAL', 'The server produced a malformed result. It has been logged.', { cause: checked.error });
        const rows = (data as { rows?: unknown[] } | null)?.rows;
        rowCount = Array.isArray(rows) ? rows.length : null;
        resultBytes = Buffer.byteLength(text);
        return { content: [{ type: 'text', text }, ...(links ?? [])], structuredContent: data as Record<string, unknown> };
      } catch (err) {
        const safe = toSafeError(err);
        errorCode = safe.code;
        if (safe.code === 'RATE_LIMITED') t.instruments.rateLimited.add(1, { 'gen_ai.tool.name': name });
        logCallFailure(deps.log, 'tool call', principal, safe, err, { tool: name });
        return { isError: true, content: [{ type: 'text', text: JSON.stringify(toToolError(safe)) }] };
      } finally {
        clearTimeout(timer);
        release?.();
      }
    });
  } finally {
    const durationMs = performance.now() - started;
    const attrs = { 'mcp.method.name': 'tools/call', 'gen_ai.tool.name': name, ...(errorCode ? { 'error.type': errorCode } : {}) };
    t.instruments.operationDuration.record(durationMs / 1000, attrs);
    t.instruments.toolCalls.add(1, { 'gen_ai.tool.name': name, outcome: errorCode ? 'error' : 'ok' });
    if (rowCount !== null) t.instruments.rowsReturned.add(rowCount, { 'gen_ai.tool.name': name });
    if (resultBytes !== null) t.instruments.bytesReturned.add(resultBytes, { 'gen_ai.tool.name': name });
    if (errorCode) {
      span.setAttribute('error.type', errorCode);
      span.setStatus({ code: SpanStatusCode.ERROR, message: errorCode });
    }
    if (rowCount !== null) span.setAttribute('retail.result.rows', rowCount);
    span.end();
    // Written after the response is shaped and never awaited here: an audit failure is handled by
    // the sink, and cannot fail or slow the call.
    const traceId = span.spanContext().traceId;
    deps.audit?.record(
      toolCallEntry({
        principal,
        tool: name,
        args,
        rowCount,
        resultBytes,
        durationMs,
        errorCode,
        traceId: /^0+$/.test(traceId) ? null : traceId,
        sqlTree: facts.sqlTree,
      }),
    );
  }
}

export function toSafeError(err: unknown): AppError {
  return err instanceof AppError ? err : (classifyPgError(err) ?? toAppError(err));
}
