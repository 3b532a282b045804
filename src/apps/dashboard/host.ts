// The View side of MCP Apps (io.modelcontextprotocol/ui) over postMessage JSON-RPC, typed against
// @modelcontextprotocol/ext-apps' spec types. Its App class would add zod and the SDK core to the
// bundle (about 660 KB minified); the few messages this dashboard needs fit in these lines:
// ui/initialize → ui/notifications/initialized, tool-input and tool-result notifications from the
// host, tools/call through the host (so the server's RLS and scopes decide), size changes, teardown.
import type {
  McpUiHostContext,
  McpUiInitializeRequest,
  McpUiInitializeResult,
  McpUiSizeChangedNotification,
  McpUiToolInputNotification,
  McpUiToolResultNotification,
} from '@modelcontextprotocol/ext-apps';

export const UI_PROTOCOL_VERSION = '2026-01-26';

type Json = Record<string, unknown>;
interface Message {
  jsonrpc: '2.0';
  id?: number | string;
  method?: string;
  params?: Json;
  result?: Json;
  error?: { code: number; message: string };
}

export interface CallResult {
  isError?: boolean;
  structuredContent?: Json;
  content?: { type: string; text?: string }[];
}

export class HostConnection {
  hostContext: McpUiHostContext = {};
  ontoolinput?: (params: McpUiToolInputNotification['params']) => void;
  ontoolresult?: (params: McpUiToolResultNotification['params']) => void;
  onhostcontext?: (context: McpUiHostContext) => void;
  private nextId = 1;
  private readonly pending = new Map<number | string, { resolve: (v: Json) => void; reject: (e: Error) => void }>();

  constructor(private readonly host: Window = window.parent) {
    window.addEventListener('message', (event) => {
      // Only the host frame speaks to this view; anything else posting here is ignored.
      if (event.source !== this.host) return;
      const m = event.data as Message;
      if (m?.jsonrpc === '2.0') this.receive(m);
    });
  }

  async connect(): Promise<void> {
    const params: McpUiInitializeRequest['params'] = {
      appInfo: { name: 'retail-mcp-dashboard', version: '1.0.0' },
      appCapabilities: { availableDisplayModes: ['inline'] },
      protocolVersion: UI_PROTOCOL_VERSION,
    };
    const result = (await this.request('ui/initialize', params as unknown as Json)) as McpUiInitializeResult;
    this.hostContext = result.hostContext ?? {};
    this.notify('ui/notifications/initialized', {});
    this.onhostcontext?.(this.hostContext);
  }

  /** tools/call through the host, which forwards it to this server as the signed-in user. */
  callTool(name: string, args: Json): Promise<CallResult> {
    return this.request('tools/call', { name, arguments: args }) as Promise<CallResult>;
  }

  sizeChanged(params: McpUiSizeChangedNotification['params']): void {
    this.notify('ui/notifications/size-changed', params as Json);
  }

  private request(method: string, params: Json): Promise<Json> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.post({ jsonrpc: '2.0', id, method, params });
    });
  }

  private notify(method: string, params: Json): void {
    this.post({ jsonrpc: '2.0', method, params });
  }

  private post(message: Message): void {
    this.host.postMessage(message, '*');
  }

  private receive(m: Message): void {
    if (m.method === undefined && m.id !== undefined) {
      const waiting = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error) waiting?.reject(new Error(m.error.message));
      else waiting?.resolve(m.result ?? {});
      return;
    }
    if (m.id !== undefined) {
      // Requests from the host: teardown and ping are answered; this view serves nothing else.
      if (m.method === 'ui/resource-teardown' || m.method === 'ping') this.post({ jsonrpc: '2.0', id: m.id, result: {} });
      else this.post({ jsonrpc: '2.0', id: m.id, error: { code: -32601, message: 'Method not found' } });
      return;
    }
    if (m.method === 'ui/notifications/tool-input') this.ontoolinput?.((m.params ?? {}) as McpUiToolInputNotification['params']);
    else if (m.method === 'ui/notifications/tool-result') this.ontoolresult?.((m.params ?? {}) as McpUiToolResultNotification['params']);
    else if (m.method === 'ui/notifications/host-context-changed') {
      this.hostContext = { ...this.hostContext, ...(m.params as McpUiHostContext) };
      this.onhostcontext?.(this.hostContext);
    }
  }
}
