/// <reference lib="dom" />
// The dashboard's entry. In a host (an MCP Apps frame) it draws each tool result it is sent and
// redraws through tools/call when a metric, grain or comparison is switched; in a static report
// (a <script id="retail-report"> holding the sections) it draws those sections, offline.
import { type CallResult, HostConnection } from './host.js';
import { inferTool, type MetricAnswer, type MetricInfo, switchCall } from './model.js';
import { renderSection, type Section, type Switch } from './render.js';

declare const __RETAIL_METRICS__: MetricInfo[];
const catalogue = __RETAIL_METRICS__;

interface Report {
  title: string;
  subtitle: string;
  sections: Section[];
}

function status(text: string, isError = false): void {
  const s = document.getElementById('status')!;
  s.textContent = text;
  s.className = isError ? 'status error' : 'status';
}

function drawReport(report: Report): void {
  document.getElementById('title')!.textContent = report.title;
  status(report.subtitle);
  const main = document.getElementById('sections')!;
  for (const section of report.sections) {
    const root = document.createElement('div');
    main.append(root);
    renderSection(root, section, { catalogue, width: 880 });
  }
}

async function runInHost(): Promise<void> {
  const host = new HostConnection();
  const root = document.getElementById('sections')!.appendChild(document.createElement('div'));
  let current: Section | undefined;
  let args: Record<string, unknown> = {};
  const resize = () => host.sizeChanged({ height: Math.ceil(document.documentElement.getBoundingClientRect().height) });

  const show = (result: CallResult, tool: string | undefined) => {
    if (result.isError || !result.structuredContent) {
      // The tool's own text says what went wrong (a scope refusal, bad input); it is shown as text.
      status(result.content?.map((c) => c.text ?? '').join('\n') || 'The tool returned no structured result.', true);
      return;
    }
    const answer = result.structuredContent as unknown as MetricAnswer;
    current = { tool: tool ?? inferTool(args, answer), args, answer };
    status('');
    renderSection(root, current, { catalogue, onSwitch: (change) => void switchTo(change) });
    resize();
  };

  const switchTo = async (change: Switch) => {
    const call = current && switchCall(current.tool, current.args, change);
    if (!call) return;
    status('Loading…');
    try {
      const result = await host.callTool(call.name, call.arguments);
      args = call.arguments;
      show(result, call.name);
    } catch (err) {
      status(`The host could not run ${call.name}: ${(err as Error).message}`, true);
    }
  };

  host.ontoolinput = (p) => {
    args = p.arguments ?? {};
  };
  host.ontoolresult = (result) => show(result as CallResult, host.hostContext.toolInfo?.tool.name);
  host.onhostcontext = (context) => {
    document.documentElement.dataset.theme = context.theme === 'dark' ? 'dark' : 'light';
  };
  status('Waiting for a tool result…');
  await host.connect();
  resize();
}

const embedded = document.getElementById('retail-report');
if (embedded?.textContent) drawReport(JSON.parse(embedded.textContent) as Report);
else runInHost().catch((err: Error) => status(`Could not connect to the host: ${err.message}`, true));
