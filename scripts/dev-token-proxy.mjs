#!/usr/bin/env node
// TEST-ONLY. Never run this in front of a real deployment.
//
// A loopback-only reverse proxy that adds `Authorization: Bearer <development token>` to every
// request that arrives without one, forwards it to a retail-mcp server, and streams the response
// back unchanged. It exists so that tools which cannot send a bearer token (the MCP conformance
// runner) can reach the authenticated /mcp endpoint. Anyone who can reach the proxy acts as the
// token's user, so it binds to 127.0.0.1 only and refuses any other address.
//
//   node scripts/dev-token-proxy.mjs --upstream http://127.0.0.1:3000 --token-file FILE [--port 0]
//
// The token comes from --token-file (first line) or the DEV_TOKEN environment variable, never from
// the command line (which other local users can read). Mint one with
// `npm run cli -- token --user hq@zava.example` (`token` takes its audience from HTTP_PORT/PUBLIC_URL,
// so run it with the server's HTTP_PORT).
//
// Host and Origin: a request addressed to the proxy itself (Host `127.0.0.1:<proxy port>`,
// `localhost:<proxy port>` or `[::1]:<proxy port>`, and the matching Origin) is re-addressed to the
// upstream's port, as if the client had called the server directly. Any other Host or Origin is
// passed through untouched, so the server's own DNS-rebinding and Origin guards judge it; the proxy
// itself accepts or refuses nothing.
//
// On start it prints one line to stdout: `dev-token-proxy listening on http://127.0.0.1:<port>`.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    upstream: { type: 'string' },
    'token-file': { type: 'string' },
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
  },
  strict: true,
});

function fail(message) {
  process.stderr.write(`dev-token-proxy: ${message}\n`);
  process.exit(2);
}

if (!values.upstream) fail('--upstream http://127.0.0.1:<port> is required');
const upstream = new URL(values.upstream);
if (upstream.protocol !== 'http:') fail('--upstream must be an http:// URL');
const upstreamPort = Number(upstream.port || 80);

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];
if (!['127.0.0.1', '::1', 'localhost'].includes(values.host)) fail(`refusing to listen on ${values.host}: this test-only proxy binds to loopback only`);

const token = (values['token-file'] ? readFileSync(values['token-file'], 'utf8') : (process.env.DEV_TOKEN ?? '')).split('\n')[0].trim();
if (!/^[A-Za-z0-9._~+/-]+=*$/.test(token)) fail('no usable token: pass --token-file FILE or set DEV_TOKEN');

// Per-connection headers are not forwarded; Node frames each side itself.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
let ownPort = 0;

/** The proxy's own authorities (Host values) and origins, mapped to the upstream's. */
function reAddress(host, origin) {
  const own = new Set(LOOPBACK_HOSTS.map((h) => `${h}:${ownPort}`));
  const h = host?.toLowerCase();
  const newHost = h && own.has(h) ? `${h.slice(0, h.lastIndexOf(':'))}:${upstreamPort}` : host;
  let newOrigin = origin;
  if (origin) {
    try {
      const o = new URL(origin);
      if (o.protocol === 'http:' && own.has(o.host.toLowerCase())) newOrigin = `http://${o.hostname}:${upstreamPort}`;
    } catch {
      // Not a URL: pass it through for the server to refuse.
    }
  }
  return { host: newHost, origin: newOrigin };
}

const server = http.createServer((req, res) => {
  const headers = { ...req.headers };
  for (const h of HOP_BY_HOP) delete headers[h];
  const { host, origin } = reAddress(req.headers.host, req.headers.origin);
  if (host === undefined) delete headers.host;
  else headers.host = host;
  if (origin !== undefined) headers.origin = origin;
  if (!headers.authorization) headers.authorization = `Bearer ${token}`;

  const forward = http.request(
    { protocol: 'http:', hostname: upstream.hostname, port: upstreamPort, method: req.method, path: req.url, headers, agent, setHost: false },
    (up) => {
      const raw = [];
      for (let i = 0; i < up.rawHeaders.length; i += 2) {
        if (!HOP_BY_HOP.has(up.rawHeaders[i].toLowerCase())) raw.push(up.rawHeaders[i], up.rawHeaders[i + 1]);
      }
      res.writeHead(up.statusCode ?? 502, up.statusMessage, raw);
      // Server-sent events and chunked bodies flow through as they arrive.
      up.pipe(res);
      up.on('error', () => res.destroy());
    },
  );
  forward.on('error', (err) => {
    if (!res.headersSent) {
      const body = JSON.stringify({ error: 'bad_gateway', error_description: `dev-token-proxy: upstream unreachable (${err.code ?? err.message})` });
      res.writeHead(502, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    } else {
      res.destroy();
    }
  });
  // The client going away aborts the upstream request (and with it the server-side call).
  res.on('close', () => {
    if (!res.writableFinished) forward.destroy();
  });
  req.pipe(forward);
});

server.listen(Number(values.port), values.host, () => {
  ownPort = server.address().port;
  const shown = values.host.includes(':') ? `[${values.host}]` : values.host;
  process.stdout.write(`dev-token-proxy listening on http://${shown}:${ownPort} -> ${upstream.origin} (TEST ONLY)\n`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    server.close();
    agent.destroy();
    server.closeAllConnections();
    process.exit(0);
  });
}
