// The integration-test harness: real pools on the prepared backend, real signed tokens, and real MCP
// clients of both protocol eras (the v1 SDK's client speaks 2025-11-25; the v2 client is pinned to
// 2026-07-28), connected in memory through the stdio entry or over HTTP. `setup()` returns
// { client, callTool }.

import type { AddressInfo } from 'node:net';
import { InMemoryTransport, Client as ModernClient, StreamableHTTPClientTransport as ModernHttpTransport } from '@modelcontextprotocol/client';
import { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as LegacyHttpTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { inject } from 'vitest';
import { mintDevToken } from '../../src/auth/dev-token.js';
import { defaultScopesFor } from '../../src/auth/scopes.js';
import { createClock } from '../../src/clock.js';
import { type Config, loadConfig } from '../../src/config.js';
import { createPool, type Sql } from '../../src/db/client.js';
import { createWithTenant, type WithTenant } from '../../src/db/with-tenant.js';
import { createOfflineEmbedder } from '../../src/embeddings/offline.js';
import { silentLogger } from '../../src/log.js';
import { type Auth, createAuth } from '../../src/runtime/create-auth.js';
import type { ServerDeps } from '../../src/server.js';
import { toolLimitsFrom } from '../../src/tools/tool.js';
import { createHttpServer } from '../../src/transports/http.js';
import { serveStdio } from '../../src/transports/stdio.js';
import { TEST_AS_OF } from './test-date.js';

/** How a test reaches the server: the path (in memory through the stdio entry, or HTTP) and the era. */
export type Via = 'memory-2025' | 'memory-2026' | 'http-2025' | 'http-2026';
export const EVERY_VIA: readonly Via[] = ['memory-2025', 'memory-2026', 'http-2025', 'http-2026'];

/** The least either era's client offers: what the tests use. */
export interface AnyClient {
  listTools(): Promise<{ tools: { name: string; [key: string]: unknown }[] }>;
  callTool(params: { name: string; arguments?: Record<string, unknown>; _meta?: Record<string, unknown> }): Promise<unknown>;
  close(): Promise<void>;
}

function newClient(era: '2025' | '2026', name: string): AnyClient {
  return era === '2025'
    ? (new LegacyClient({ name, version: '1.0.0' }) as unknown as AnyClient)
    : (new ModernClient({ name, version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } }) as unknown as AnyClient);
}

export interface Harness {
  kind: string;
  config: Config;
  app: Sql;
  admin: Sql;
  withTenant: WithTenant;
  auth: Auth;
  deps: ServerDeps;
  /** A signed development token; `scopes` become its scope claim (none when absent). */
  tokenFor(userId: string, ttl?: string, scopes?: readonly string[]): Promise<string>;
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
    clock: createClock(TEST_AS_OF),
    limits: toolLimitsFrom(config),
  };
  return {
    kind: b.kind,
    config,
    app,
    admin,
    withTenant,
    auth,
    deps,
    tokenFor: (userId, ttl = '10m', scopes) => mintDevToken({ secret: b.devSecret, userId, issuer: auth.issuer, audience: auth.audience, ttl, scopes }),
    close: async () => {
      await Promise.all([app.end({ timeout: 5 }), admin.end({ timeout: 5 })]);
    },
  };
}

/**
 * A real MCP client for a user whose token is verified exactly as a request's would be, over `via`
 * (default: in memory, 2025 era). HTTP clients get a server of their own, closed with the client.
 */
export async function setup(h: Harness, userId: string, via: Via = 'memory-2025', scopes?: readonly string[]) {
  const [path, era] = via.split('-') as ['memory' | 'http', '2025' | '2026'];
  const principal = await h.auth.resolvePrincipal(userId);
  // The scopes `retail-mcp token` gives this role by default, unless the test asks for others.
  const token = await h.tokenFor(userId, '10m', scopes ?? defaultScopesFor(principal.role));
  const client = newClient(era, `retail-mcp-test-${via}`);
  let stop: () => Promise<void>;
  if (path === 'memory') {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const stopServer = await serveStdio({
      token,
      verifyToken: h.auth.verifyToken,
      resolvePrincipal: h.auth.resolvePrincipal,
      serverDeps: h.deps,
      transport: serverSide,
    });
    await (client as unknown as ModernClient).connect(clientSide);
    stop = stopServer;
  } else {
    const http = await startHttp(h);
    await connectHttp(client, `${http.base}/mcp`, token, era);
    stop = http.close;
  }
  return {
    client,
    principal,
    callTool: (name: string, args: Record<string, unknown> = {}) => callTool(client, name, args),
    close: async () => {
      await client.close();
      await stop();
    },
  };
}

async function connectHttp(client: AnyClient, url: string, token: string, era: '2025' | '2026'): Promise<void> {
  const requestInit = { headers: { Authorization: `Bearer ${token}` } };
  if (era === '2025') await (client as unknown as LegacyClient).connect(new LegacyHttpTransport(new URL(url), { requestInit }));
  else await (client as unknown as ModernClient).connect(new ModernHttpTransport(new URL(url), { requestInit }));
}

export async function callTool(client: AnyClient, name: string, args: Record<string, unknown>): Promise<ToolOutcome> {
  const r = (await client.callTool({ name, arguments: args })) as {
    isError?: boolean;
    structuredContent?: Record<string, unknown>;
    content: { type: string; text?: string }[];
  };
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
    async connect(token: string, era: '2025' | '2026' = '2025') {
      const client = newClient(era, 'retail-mcp-http-test');
      await connectHttp(client, `${base}/mcp`, token, era);
      return { client, callTool: (name: string, args: Record<string, unknown> = {}) => callTool(client, name, args) };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
