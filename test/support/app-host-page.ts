/// <reference lib="dom" />
// A minimal MCP Apps host for the browser tests, built on ext-apps' own AppBridge (the host side of
// the protocol): it frames the app's HTML in a sandboxed iframe (scripts only, no same origin, as
// real hosts do), sends it the tool input and result, and forwards the app's tools/call to the real
// server through a function the test exposes (window.retailCallTool).
import { AppBridge, PostMessageTransport } from '@modelcontextprotocol/ext-apps/app-bridge';

interface HostInput {
  html: string;
  tool: { name: string; [key: string]: unknown };
  args: Record<string, unknown>;
  result: Record<string, unknown>;
}

declare global {
  interface Window {
    startHost(input: HostInput): Promise<void>;
    retailCallTool(name: string, args: Record<string, unknown>): Promise<Record<string, unknown>>;
    hostCalls: string[];
  }
}

window.hostCalls = [];
window.startHost = async ({ html, tool, args, result }) => {
  const iframe = document.getElementById('app') as HTMLIFrameElement;
  const bridge = new AppBridge(
    null,
    { name: 'retail-test-host', version: '1.0.0' },
    { serverTools: {} },
    { hostContext: { theme: 'light', displayMode: 'inline', toolInfo: { tool: tool as never } } },
  );
  bridge.oncalltool = async (params) => {
    window.hostCalls.push(`${params.name} ${JSON.stringify(params.arguments ?? {})}`);
    return (await window.retailCallTool(params.name, params.arguments ?? {})) as never;
  };
  bridge.onsizechange = ({ height }) => {
    if (height) iframe.style.height = `${height}px`;
  };
  const initialized = new Promise<void>((resolve) => {
    bridge.oninitialized = () => resolve();
  });
  // Listening before the frame loads: the app's ui/initialize is its first message. The frame's
  // WindowProxy stays the same across the navigation to srcdoc.
  await bridge.connect(new PostMessageTransport(iframe.contentWindow!, iframe.contentWindow!));
  iframe.srcdoc = html;
  await initialized;
  await bridge.sendToolInput({ arguments: args });
  await bridge.sendToolResult(result as never);
};
