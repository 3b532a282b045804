// The HTTP fast path: one JSON-RPC `tools/call` of the 2025 era goes straight to the pipeline,
// without building an SDK server and transport for the request (measured: those cost more CPU than
// the RLS transaction itself). It is framing only: the result, and the -32602 for an unknown tool,
// are what the SDK path returns for the same request, and one parameterised suite checks that.
// Everything else (initialize, lists, batches, notifications, every 2026-07-28 request) goes
// through the SDK's createMcpHandler.
import { PROTOCOL_VERSION_META_KEY, ProtocolError, SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/server';
import type { Principal } from '../auth/principal.js';
import { handleToolCall, type ServerDeps } from '../pipeline.js';
import { trackCall } from './cancellable-calls.js';

export interface ToolsCallRequest {
  jsonrpc: '2.0';
  id: string | number;
  method: 'tools/call';
  params: { name: string; arguments?: Record<string, unknown>; _meta?: Record<string, unknown> };
}

// The 2025-era revisions this SDK serves; 2026-07-28 requests carry their version in params._meta.
const LEGACY_VERSIONS = new Set(SUPPORTED_PROTOCOL_VERSIONS);

/** The request, when it is one well-formed 2025-era tools/call this path may answer; else null. */
export function fastToolsCall(body: unknown, protocolHeader: string | string[] | undefined): ToolsCallRequest | null {
  if (typeof protocolHeader !== 'string' || !LEGACY_VERSIONS.has(protocolHeader)) return null;
  const b = body as Partial<ToolsCallRequest> | null;
  if (typeof b !== 'object' || b === null || Array.isArray(b) || b.jsonrpc !== '2.0' || b.method !== 'tools/call') return null;
  if (typeof b.id !== 'string' && typeof b.id !== 'number') return null;
  const p = b.params;
  if (typeof p !== 'object' || p === null || typeof p.name !== 'string') return null;
  if (p.arguments !== undefined && (typeof p.arguments !== 'object' || p.arguments === null || Array.isArray(p.arguments))) return null;
  if (p._meta !== undefined && (typeof p._meta !== 'object' || p._meta === null || PROTOCOL_VERSION_META_KEY in p._meta)) return null;
  return b as ToolsCallRequest;
}

/** The JSON-RPC response object for one tools/call. */
export async function answerToolsCall(deps: ServerDeps, principal: Principal, req: ToolsCallRequest, signal: AbortSignal, token: string): Promise<object> {
  const cancelled = new AbortController();
  const untrack = trackCall(token, req.id, () => cancelled.abort());
  try {
    const result = await handleToolCall(deps, principal, req.params.name, req.params.arguments, {
      meta: req.params._meta,
      signal: AbortSignal.any([signal, cancelled.signal]),
    });
    return { jsonrpc: '2.0', id: req.id, result };
  } catch (err) {
    if (err instanceof ProtocolError) return { jsonrpc: '2.0', id: req.id, error: { code: err.code, message: err.message } };
    throw err;
  } finally {
    untrack();
  }
}
