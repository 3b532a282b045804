// The hot path for `tools/call` over stateless HTTP: the same zod input check, the same tool code
// and the same result shape as the McpServer path, without building a server and a transport for
// every request (measured: that costs more than the RLS transaction itself). Every other method
// (initialize, tools/list, ping, notifications, batches) goes through the SDK.
import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Principal } from '../auth/principal.js';
import { runToolCall, type ServerDeps } from '../server.js';
import { TOOLS } from '../tools/index.js';
import type { AnyToolSpec } from '../tools/tool.js';

interface ToolsCallRequest {
  jsonrpc: '2.0';
  id: string | number;
  method: 'tools/call';
  params: { name: string; arguments?: Record<string, unknown> };
}

const compiled = new Map<string, { tool: AnyToolSpec; input: z.ZodTypeAny }>(TOOLS.map((t) => [t.name, { tool: t, input: z.object(t.input) }]));

export function isToolsCall(body: unknown): body is ToolsCallRequest {
  const b = body as Partial<ToolsCallRequest> | null;
  return (
    typeof b === 'object' && b !== null && !Array.isArray(b) && b.jsonrpc === '2.0' && b.method === 'tools/call' &&
    (typeof b.id === 'string' || typeof b.id === 'number') && typeof b.params?.name === 'string'
  );
}

export function protocolVersionSupported(header: string | string[] | undefined): boolean {
  return header === undefined || (typeof header === 'string' && SUPPORTED_PROTOCOL_VERSIONS.includes(header));
}

/** Returns the JSON-RPC response object for one tools/call request. */
export async function directToolCall(deps: ServerDeps, principal: Principal, req: ToolsCallRequest): Promise<object> {
  const entry = compiled.get(req.params.name);
  if (!entry) return { jsonrpc: '2.0', id: req.id, error: { code: -32602, message: `Unknown tool: ${req.params.name.slice(0, 100)}` } };
  const parsed = entry.input.safeParse(req.params.arguments ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('; ');
    const error = { code: 'BAD_INPUT', message: `Invalid arguments for ${entry.tool.name}: ${issues}`, retryable: false };
    return { jsonrpc: '2.0', id: req.id, result: { isError: true, content: [{ type: 'text', text: JSON.stringify(error) }] } };
  }
  return { jsonrpc: '2.0', id: req.id, result: await runToolCall(deps, principal, entry.tool, parsed.data) };
}
