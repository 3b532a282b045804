// Stateless Streamable HTTP at /mcp: Host/Origin checks → bearer JWT → principal → a server for
// this request. Also /healthz and OAuth Protected Resource Metadata (RFC 9728).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { ResolvePrincipal } from '../auth/principal.js';
import type { VerifyToken } from '../auth/verify-token.js';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { buildServer, toSafeError, type ServerDeps } from '../server.js';
import { directToolCall, isToolsCall, protocolVersionSupported } from './direct-tool-call.js';
import { createRequestGuards } from './http-guards.js';

export interface HttpDeps {
  config: Config;
  verifyToken: VerifyToken;
  resolvePrincipal: ResolvePrincipal;
  serverDeps: ServerDeps;
}

const MAX_BODY_BYTES = 1024 * 1024;
const METADATA_PATH = '/.well-known/oauth-protected-resource';

export function createHttpServer(d: HttpDeps): Server {
  const { config } = d;
  const log = d.serverDeps.log;
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
    resource_name: 'retail-mcp',
  };

  server = createServer(async (req, res) => {
    try {
      const path = (req.url ?? '/').split('?')[0]!;
      if (!guards.hostAllowed(req.headers.host)) return sendJson(res, 403, { error: 'forbidden', error_description: 'Host header not allowed.' });
      if (!guards.originAllowed(req.headers.origin)) return sendJson(res, 403, { error: 'forbidden', error_description: 'Origin not allowed.' });

      if (req.method === 'GET' && path === '/healthz') return sendJson(res, 200, { status: 'ok' });
      if (req.method === 'GET' && (path === METADATA_PATH || path === `${METADATA_PATH}${resourcePath}`)) return sendJson(res, 200, metadata);
      if (path !== resourcePath) return sendJson(res, 404, { error: 'not_found' });
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST');
        return sendJson(res, 405, { jsonrpc: '2.0', error: { code: -32000, message: 'This server is stateless: use POST.' }, id: null });
      }
      await handleMcpPost(req, res);
    } catch (err) {
      log.error('http request failed', { cause: (err as Error)?.message });
      if (!res.headersSent) sendJson(res, 500, { jsonrpc: '2.0', error: { code: -32603, message: 'Internal error.' }, id: null });
    }
  });

  async function handleMcpPost(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const auth = req.headers.authorization ?? '';
    const token = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(auth)?.[1];
    if (!token) return challenge(res, 401, 'invalid_request', 'A bearer token is required.');
    let principal;
    try {
      const claims = await d.verifyToken(token);
      principal = await d.resolvePrincipal(claims.sub);
    } catch (err) {
      const safe = toSafeError(err);
      if (safe.code === 'UNAUTHENTICATED') return challenge(res, 401, 'invalid_token', safe.message);
      if (safe.code === 'FORBIDDEN') return challenge(res, 403, 'insufficient_scope', safe.message);
      return sendJson(res, safe.retryable ? 503 : 500, { error: 'server_error', error_description: safe.message });
    }

    const body = await readJsonBody(req);
    if (body instanceof AppError) return sendJson(res, 400, { jsonrpc: '2.0', error: { code: -32700, message: body.message }, id: null });

    if (isToolsCall(body)) {
      if (!protocolVersionSupported(req.headers['mcp-protocol-version'])) {
        return sendJson(res, 400, { jsonrpc: '2.0', error: { code: -32000, message: 'Unsupported MCP-Protocol-Version.' }, id: null });
      }
      return sendJson(res, 200, await directToolCall(d.serverDeps, principal, body));
    }
    const mcp = buildServer(d.serverDeps, principal);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      void transport.close();
      void mcp.close();
    });
    await mcp.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  function challenge(res: ServerResponse, status: 401 | 403, error: string, description: string): void {
    const quoted = description.replace(/["\\]/g, '');
    res.setHeader('WWW-Authenticate', `Bearer resource_metadata="${metadataUrl}", error="${error}", error_description="${quoted}"`);
    sendJson(res, status, { error, error_description: description });
  }

  return server;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return new AppError('BAD_INPUT', 'Request body too large.');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return new AppError('BAD_INPUT', 'Request body is not valid JSON.');
  }
}
