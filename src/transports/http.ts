// Stateless Streamable HTTP at /mcp, both protocol eras: Host/Origin checks → bearer JWT → principal
// → the SDK's createMcpHandler (a server per request), or the tools/call fast path. Also /healthz, /readyz, /metrics (when enabled), OAuth Protected Resource Metadata
// (RFC 9728), a span per MCP request, and drainHttp() for graceful shutdown.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { type AuthInfo, createMcpHandler } from '@modelcontextprotocol/server';
import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Principal, ResolvePrincipal } from '../auth/principal.js';
import { missingToolScope, SCOPES_SUPPORTED, withScopes } from '../auth/scopes.js';
import type { VerifyToken } from '../auth/verify-token.js';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { isExportDownloadPath } from '../exports/file-store.js';
import type { ReadinessProbe } from '../health/readiness-probe.js';
import { requiredScopeOf } from '../pipeline.js';
import { buildServer, type ServerDeps, toSafeError } from '../server.js';
import { extractParent } from '../telemetry/propagation.js';
import { noopTelemetry } from '../telemetry/telemetry.js';
import { cancelTrackedCall, trackCall } from './cancellable-calls.js';
import { createRequestGuards } from './http-guards.js';
import { readJsonBody } from './read-json-body.js';
import { answerToolsCall, fastToolsCall } from './tool-call-fast-path.js';

export interface HttpDeps {
  config: Config;
  verifyToken: VerifyToken;
  resolvePrincipal: ResolvePrincipal;
  serverDeps: ServerDeps;
  /** GET /readyz; without it /readyz answers 503 "not configured". */
  readiness?: ReadinessProbe;
}

interface HttpState {
  draining: boolean;
  inFlight: Set<ServerResponse>;
}

const states = new WeakMap<Server, HttpState>();

/**
 * Stops accepting connections, lets in-flight requests finish (their connections close after the
 * response), and after `deadlineMs` closes whatever is left. Resolves when the server is closed.
 */
export function drainHttp(server: Server, deadlineMs: number): Promise<void> {
  const state = states.get(server);
  if (state) {
    state.draining = true;
    // Keep-alive would hold these sockets open after their responses: ask for a close instead.
    for (const res of state.inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
  }
  return new Promise((resolve) => {
    const deadline = setTimeout(() => server.closeAllConnections(), deadlineMs);
    server.close(() => {
      clearTimeout(deadline);
      resolve();
    });
    server.closeIdleConnections();
  });
}

const METADATA_PATH = '/.well-known/oauth-protected-resource';

export function createHttpServer(d: HttpDeps): Server {
  const { config } = d;
  const log = d.serverDeps.log;
  const telemetry = d.serverDeps.telemetry ?? noopTelemetry();
  const state: HttpState = { draining: false, inFlight: new Set() };
  const resourcePath = new URL(config.resourceUrl).pathname; // normally /mcp
  const metadataUrl = `${new URL(config.resourceUrl).origin}${METADATA_PATH}${resourcePath}`;
  let server: Server;
  const guards = createRequestGuards(config, () => {
    const a = server.address();
    return typeof a === 'object' && a ? a.port : config.HTTP_PORT;
  });

  const metadata = {
    resource: config.resourceUrl,
    authorization_servers: config.AUTH_ISSUER && /^https?:\/\//.test(config.AUTH_ISSUER) ? [config.AUTH_ISSUER] : [],
    bearer_methods_supported: ['header'],
    scopes_supported: SCOPES_SUPPORTED,
    resource_name: 'retail-mcp',
  };

  // The SDK's entry serves 2026-07-28 per request and 2025-era traffic statelessly, from one
  // factory; the verified principal rides in authInfo, never in anything the client sends.
  const mcpHandler = toNodeHandler(
    createMcpHandler((ctx) => buildServer(d.serverDeps, principalOf(ctx.authInfo)), {
      legacy: 'stateless',
      onerror: (err) => log.debug('mcp request refused', { cause: err.message }),
    }),
    { onerror: (err) => log.error('mcp handler failed', { cause: err.message }) },
  );

  server = createServer(async (req, res) => {
    state.inFlight.add(res);
    res.once('close', () => state.inFlight.delete(res));
    if (state.draining) res.setHeader('connection', 'close');
    try {
      const path = (req.url ?? '/').split('?')[0]!;
      if (!guards.hostAllowed(req.headers.host)) return sendJson(res, 403, { error: 'forbidden', error_description: 'Host header not allowed.' });
      if (!guards.originAllowed(req.headers.origin)) return sendJson(res, 403, { error: 'forbidden', error_description: 'Origin not allowed.' });

      if (req.method === 'GET' && path === '/healthz') return sendJson(res, 200, { status: 'ok' });
      if (req.method === 'GET' && path === '/readyz') {
        if (!d.readiness) return sendJson(res, 503, { status: 'not_ready', checks: [] });
        const r = await d.readiness();
        return sendJson(res, state.draining ? 503 : r.status, state.draining ? { status: 'draining', checks: r.body.checks } : r.body);
      }
      if (req.method === 'GET' && path === '/metrics' && telemetry.metricsHandler) return telemetry.metricsHandler(req, res);
      if (req.method === 'GET' && (path === METADATA_PATH || path === `${METADATA_PATH}${resourcePath}`)) return sendJson(res, 200, metadata);
      // Exports in the data dir: the link's signature is the permission (no bearer token: a plain GET).
      const files = d.serverDeps.exports?.fileStore;
      if (req.method === 'GET' && files && isExportDownloadPath(path)) return await files.serve(new URL(req.url ?? '/', 'http://localhost'), res);
      if (path !== resourcePath) return sendJson(res, 404, { error: 'not_found' });
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST');
        return sendJson(res, 405, { jsonrpc: '2.0', error: { code: -32000, message: 'This server is stateless: use POST.' }, id: null });
      }
      await tracedMcpPost(req, res);
    } catch (err) {
      log.error('http request failed', { cause: (err as Error)?.message });
      if (!res.headersSent) sendJson(res, 500, { jsonrpc: '2.0', error: { code: -32603, message: 'Internal error.' }, id: null });
    }
  });

  /** One SERVER span per MCP POST, parented by the request's traceparent header when present. */
  async function tracedMcpPost(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!telemetry.enabled) return handleMcpPost(req, res);
    const parent = extractParent(req.headers, ROOT_CONTEXT);
    const span = telemetry.tracer.startSpan(
      'mcp request',
      { kind: SpanKind.SERVER, attributes: { 'network.transport': 'tcp', 'network.protocol.name': 'http', 'http.request.method': 'POST' } },
      parent,
    );
    const started = performance.now();
    try {
      await context.with(trace.setSpan(parent, span), () =>
        handleMcpPost(req, res, (method, toolName) => {
          span.updateName(toolName ? `${method} ${toolName}` : method);
          span.setAttribute('mcp.method.name', method);
          if (toolName) span.setAttribute('gen_ai.tool.name', toolName);
        }),
      );
    } finally {
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 400) {
        span.setAttribute('error.type', String(res.statusCode));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
      if (res.statusCode >= 400 || !lastMethodWasToolCall.has(res)) {
        telemetry.instruments.operationDuration.record((performance.now() - started) / 1000, {
          'mcp.method.name': lastMethod.get(res) ?? 'unknown',
          ...(res.statusCode >= 400 ? { 'error.type': String(res.statusCode) } : {}),
        });
      }
    }
  }

  // Tool calls record their own duration in handleToolCall; other methods are recorded above.
  const lastMethod = new WeakMap<ServerResponse, string>();
  const lastMethodWasToolCall = new WeakSet<ServerResponse>();

  async function handleMcpPost(req: IncomingMessage, res: ServerResponse, named: (method: string, toolName?: string) => void = () => {}): Promise<void> {
    const auth = req.headers.authorization ?? '';
    const token = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(auth)?.[1];
    if (!token) {
      telemetry.instruments.authFailures.add(1, { reason: 'missing_token' });
      return challenge(res, 401, 'invalid_request', 'A bearer token is required.');
    }
    let principal;
    try {
      const claims = await d.verifyToken(token);
      principal = withScopes(await d.resolvePrincipal(claims.sub), claims.scopes);
    } catch (err) {
      const safe = toSafeError(err);
      if (safe.code === 'UNAUTHENTICATED' || safe.code === 'FORBIDDEN')
        telemetry.instruments.authFailures.add(1, { reason: safe.code === 'FORBIDDEN' ? 'unknown_or_disabled_user' : 'invalid_token' });
      if (safe.code === 'UNAUTHENTICATED') return challenge(res, 401, 'invalid_token', safe.message);
      // Not insufficient_scope: that asks a client to get a broader token and retry, which cannot help
      // a user the database does not know or has disabled.
      if (safe.code === 'FORBIDDEN') return sendJson(res, 403, { error: 'access_denied', error_description: safe.message });
      return sendJson(res, safe.retryable ? 503 : 500, { error: 'server_error', error_description: safe.message });
    }

    const read = await readJsonBody(req);
    if ('refused' in read) return sendJson(res, read.refused, { jsonrpc: '2.0', error: { code: -32700, message: read.message }, id: null });
    const { body } = read;

    const method = typeof (body as { method?: unknown })?.method === 'string' ? (body as { method: string }).method : Array.isArray(body) ? 'batch' : 'unknown';
    lastMethod.set(res, method);
    // A 2025-era cancellation of a fast-path call, or of a streamed call below: the SDK's stateless
    // handler could not find either (every request gets a server of its own).
    if (cancelTrackedCall(body, token)) {
      res.writeHead(202).end();
      return;
    }
    // Step-up (MCP authorization): a tool call needing a scope the token lacks is answered 403 with
    // the scope to ask the authorization server for; the client gets a new token and retries.
    const scope = missingToolScope(body, principal, requiredScopeOf);
    if (scope) {
      telemetry.instruments.authFailures.add(1, { reason: 'insufficient_scope' });
      return challenge(res, 403, 'insufficient_scope', `This call needs the ${scope} scope.`, scope);
    }
    // Progress notifications need a stream: a call with a progressToken goes through the SDK (SSE).
    const toolsCall = hasProgressToken(body) ? null : fastToolsCall(body, req.headers['mcp-protocol-version']);
    if (toolsCall) {
      named('tools/call', toolsCall.params.name);
      lastMethodWasToolCall.add(res);
      // The client going away before the answer cancels the call, and with it the statement in
      // PostgreSQL. After the answer there is nothing to cancel (and an abort builds a DOMException).
      const gone = new AbortController();
      res.once('close', () => {
        if (!res.writableFinished) gone.abort();
      });
      // A traceparent in params._meta parents the tool span when the HTTP headers carried none.
      const ctx = req.headers.traceparent ? context.active() : extractParent(toolsCall.params._meta, context.active());
      const answer = await context.with(ctx, () => answerToolsCall(d.serverDeps, principal, toolsCall, gone.signal, token));
      if (!res.destroyed) sendJson(res, 200, answer);
      return;
    }
    named(method);
    if (method === 'tools/call') lastMethodWasToolCall.add(res);
    trackStreamedCall(body, token, res);
    const authInfo: AuthInfo = { token, clientId: principal.userId, scopes: [...(principal.scopes ?? [])], extra: { principal } };
    await mcpHandler(Object.assign(req, { auth: authInfo }), res, body);
  }

  function challenge(res: ServerResponse, status: 401 | 403, error: string, description: string, scope?: string): void {
    const quoted = description.replace(/["\\]/g, '');
    const scoped = scope ? `, scope="${scope}"` : '';
    res.setHeader('WWW-Authenticate', `Bearer resource_metadata="${metadataUrl}", error="${error}"${scoped}, error_description="${quoted}"`);
    sendJson(res, status, { error, error_description: description });
  }

  states.set(server, state);
  return server;
}

// A tool call with a progressToken streams through the SDK (SSE): closing its response aborts the SDK
// request's signal, and with it the statement and the upload.
function trackStreamedCall(body: unknown, token: string, res: ServerResponse): void {
  const b = body as { method?: unknown; id?: unknown } | null;
  if (!hasProgressToken(body) || b?.method !== 'tools/call' || (typeof b.id !== 'string' && typeof b.id !== 'number')) return;
  res.once(
    'close',
    trackCall(token, b.id, () => res.destroy()),
  );
}

function hasProgressToken(body: unknown): boolean {
  const token = (body as { params?: { _meta?: { progressToken?: unknown } } } | null)?.params?._meta?.progressToken;
  return typeof token === 'string' || typeof token === 'number';
}

function principalOf(authInfo: AuthInfo | undefined): Principal {
  const principal = authInfo?.extra?.principal as Principal | undefined;
  // Unreachable through createHttpServer, which only hands over verified principals; fail closed.
  if (!principal) throw new AppError('UNAUTHENTICATED', 'No verified caller for this request.');
  return principal;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
