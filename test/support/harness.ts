// The integration-test harness: real pools on the prepared backend, real signed tokens, and a real
// MCP client connected over InMemoryTransport or over HTTP. `setup()` returns { client, callTool }.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { AddressInfo } from 'node:net';
import { inject } from 'vitest';
import { mintDevToken } from '../../src/auth/dev-token.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createPool, type Sql } from '../../src/db/client.js';
import { createWithTenant, type WithTenant } from '../../src/db/with-tenant.js';
import { createOfflineEmbedder } from '../../src/embeddings/offline.js';
import { silentLogger } from '../../src/log.js';
import { createAuth, type Auth } from '../../src/runtime/create-auth.js';
import { buildServer, type ServerDeps } from '../../src/server.js';
import { createHttpServer } from '../../src/transports/http.js';

export interface Harness {
  kind: string;
  config: Config;
  app: Sql;
  admin: Sql;
  withTenant: WithTenant;
  auth: Auth;
  deps: ServerDeps;
  tokenFor(userId: string, ttl?: string): Promise<string>;
  close(): Promise<void>;
}

export interface ToolOutcome {
  isError: boolean;
  structured: Record<string, any>;
  text: string;
  error?: { code: string; message: string; retryable: boolean };
}

export async function openHarness(o: { poolMax?: number; sqlGuard?: boolean; env?: Record<string, string> } = {}): Promise<Harness> {
  const b = inject('backend');
  const config = loadConfig({
    DATABASE_URL: b.app.url ?? 'postgres://embedded@localhost/pglite',
    RLS_SEAL_KEY: b.sealKeyHex,
    AUTH_DEV_SECRET: b.devSecret,
    HTTP_PORT: '0',
    DB_POOL_MAX: String(o.poolMax ?? 4),
    STATEMENT_TIMEOUT_MS: '3000',
    ...o.env,
  });
  const app = createPool(b.app, config);
  const admin = createPool(b.admin, config, { max: 2 });
  const withTenant = createWithTenant(app, { sealKeyHex: b.sealKeyHex, statementTimeoutMs: config.STATEMENT_TIMEOUT_MS });
  const auth = await createAuth(config, withTenant, b.devSecret);
  const deps: ServerDeps = {
    withTenant,
    embedder: await createOfflineEmbedder(),
    log: silentLogger,
    sqlGuard: o.sqlGuard ?? true,
    limits: { rowLimitDefault: config.ROW_LIMIT_DEFAULT, rowLimitMax: config.ROW_LIMIT_MAX, resultMaxBytes: config.RESULT_MAX_BYTES },
  };
  return {
    kind: b.kind,
    config,
    app,
    admin,
    withTenant,
    auth,
    deps,
    tokenFor: (userId, ttl = '10m') => mintDevToken({ secret: b.devSecret, userId, issuer: auth.issuer, audience: auth.audience, ttl }),
    close: async () => {
      await Promise.all([app.end({ timeout: 5 }), admin.end({ timeout: 5 })]);
    },
  };
}

/** A real MCP client over InMemoryTransport, for a user resolved exactly as a request would be. */
export async function setup(h: Harness, userId: string) {
  const principal = await h.auth.resolvePrincipal(userId);
  const server = buildServer(h.deps, principal);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'retail-mcp-test', version: '1.0.0' });
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  return { client, principal, callTool: (name: string, args: Record<string, unknown> = {}) => callTool(client, name, args), close: () => client.close() };
}

export async function callTool(client: Client, name: string, args: Record<string, unknown>): Promise<ToolOutcome> {
  const r = (await client.callTool({ name, arguments: args })) as { isError?: boolean; structuredContent?: Record<string, unknown>; content: { type: string; text?: string }[] };
  const text = r.content.map((c) => c.text ?? '').join('\n');
  const outcome: ToolOutcome = { isError: Boolean(r.isError), structured: r.structuredContent ?? {}, text };
  if (r.isError) {
    try {
      outcome.error = JSON.parse(text);
    } catch {
      outcome.error = { code: 'UNPARSED', message: text, retryable: false };
    }
  }
  return outcome;
}

/** The HTTP transport on an ephemeral port, with the same dependencies. */
export async function startHttp(h: Harness) {
  const server = createHttpServer({ config: h.config, verifyToken: h.auth.verifyToken, resolvePrincipal: h.auth.resolvePrincipal, serverDeps: h.deps });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    port,
    async connect(token: string) {
      const client = new Client({ name: 'retail-mcp-http-test', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
      return { client, callTool: (name: string, args: Record<string, unknown> = {}) => callTool(client, name, args) };
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
