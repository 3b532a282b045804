#!/usr/bin/env node
// The container health check (Dockerfile, docker-compose.yml): GET http://127.0.0.1:<port><path>
// with the Host header the server accepts. With PUBLIC_URL set and a wide bind address, the server
// answers only requests addressed to the public host (src/transports/http-guards.ts) and refuses
// others with 403, so a probe of 127.0.0.1 must name that host. Dependency-free and fast: it runs
// every few seconds inside the container.
// Usage: node bin/healthcheck.js [path=/healthz] [public url, e.g. "$PUBLIC_URL"] [port=3000]
// Exits 0 on HTTP 200; otherwise 1, with the reason on stderr (docker inspect shows it).
import { request } from 'node:http';

const [path = '/healthz', publicUrl = '', port = '3000'] = process.argv.slice(2);
const host = publicUrl ? new URL(publicUrl).host : `127.0.0.1:${port}`;

const fail = (reason) => {
  console.error(`healthcheck: ${path} (Host ${host}): ${reason}`);
  process.exit(1);
};
const req = request({ host: '127.0.0.1', port: Number(port), path, headers: { host }, timeout: 2500 }, (res) => {
  res.resume();
  if (res.statusCode === 200) process.exit(0);
  fail(`HTTP ${res.statusCode}`);
});
req.on('timeout', () => req.destroy(new Error('no answer within 2.5 s')));
req.on('error', (err) => fail(err.message));
req.end();
