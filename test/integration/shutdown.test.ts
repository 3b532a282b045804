// Graceful shutdown. Through the real CLI: SIGTERM while a slow call runs; the call completes with
// a result, new connections are refused, and the process exits 0 (needs a real server, a URL).
// In process, deterministically: a /readyz request held open across the start of the drain
// answers 503 "draining".
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createOfflineEmbedder } from '../../src/embeddings/offline.js';
import { createReadinessProbe, type ReadinessProbe } from '../../src/health/readiness-probe.js';
import { createHttpServer, drainHttp } from '../../src/transports/http.js';
import { loadTestUsers, type TestUsers } from '../support/fixtures.js';
import { freePort } from '../support/free-port.js';
import { type Harness, openHarness } from '../support/harness.js';

let h: Harness;
let users: TestUsers;
beforeAll(async () => {
  h = await openHarness();
  users = await loadTestUsers(h.admin);
});
afterAll(() => h.close());

/** The JSON-RPC response in a JSON body, or in the one `data:` event of an SSE body. */
async function jsonRpcBody(res: Response): Promise<any> {
  const text = await res.text();
  if (!(res.headers.get('content-type') ?? '').includes('text/event-stream')) return JSON.parse(text);
  const data = text.split('\n').find((l) => l.startsWith('data:'));
  if (!data) throw new Error(`no data event in: ${text.slice(0, 200)}`);
  return JSON.parse(data.slice(5));
}

describe.skipIf(!inject('backend').app.url)('graceful shutdown', () => {
  it('drains an in-flight call on SIGTERM, refuses new connections, and exits 0', async () => {
    const port = await freePort();
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: h.config.DATABASE_URL!,
      RLS_SEAL_KEY: h.config.RLS_SEAL_KEY!,
      AUTH_DEV_SECRET: h.config.AUTH_DEV_SECRET!,
      HTTP_PORT: String(port),
      AUTH_AUDIENCE: h.auth.audience, // the harness's tokens name its own resource URL
      STATEMENT_TIMEOUT_MS: '60000',
      SHUTDOWN_DRAIN_MS: '30000',
      LOG_LEVEL: 'info',
    };
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve', '--http'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d) => String(d).includes('listening on') && resolve());
      child.once('exit', () => reject(new Error(`server exited early: ${stderr}`)));
    });

    const base = `http://127.0.0.1:${port}`;
    const audited = () =>
      h.admin.begin((tx) => tx`select count(*)::int as n from retail_private.audit_log where principal_id = ${users.headOffice.user_id} and row_count = 1`);
    const [before] = await audited();
    const token = await h.tokenFor(users.headOffice.user_id);
    const slow = fetch(`${base}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2025-06-18',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'execute_sales_query', arguments: { postgresql_query: 'select count(*) as n from generate_series(1, 15000000) g' } },
      }),
    });
    const startedAt = Date.now();
    await new Promise((r) => setTimeout(r, 700));
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));

    // The listener is closed: a new connection is refused while the slow call still runs.
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();

    const res = await slow;
    expect(res.status).toBe(200);
    const body = await jsonRpcBody(res);
    expect(body.result.isError).toBeFalsy();
    expect(body.result.structuredContent.rows).toEqual([{ n: '15000000' }]);
    expect(Date.now() - startedAt).toBeGreaterThan(700);
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/shutting down/);
    // The drained call's audit row was flushed before the pool closed.
    const [after] = await audited();
    expect(after!.n).toBe(before!.n + 1);
  }, 60_000);
});

/** Polls `check` until it is true or `ms` pass; the last answer. */
async function eventually(check: () => Promise<boolean>, ms = 15_000): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('readiness while draining', () => {
  it('a /readyz request in flight when the drain starts answers 503 "draining", and the listener refuses new connections', async () => {
    const real = createReadinessProbe({ sql: h.app, embedded: h.kind === 'pglite', embedder: await createOfflineEmbedder() });
    // The real probe behind a gate: the test knows when the handler is inside /readyz, and decides
    // when it may answer. No timing guesses.
    let gate: Promise<void> | null = null;
    let open = () => {};
    let entered = () => {};
    const inside = new Promise<void>((r) => (entered = r));
    const readiness: ReadinessProbe = async () => {
      if (gate) {
        entered();
        await gate;
      }
      return real();
    };
    const server = createHttpServer({
      config: h.config,
      verifyToken: h.auth.verifyToken,
      resolvePrincipal: h.auth.resolvePrincipal,
      serverDeps: h.deps,
      readiness,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      // Ready first (the probe may need a moment for its first full check on a busy machine).
      expect(await eventually(async () => (await fetch(`${base}/readyz`)).status === 200)).toBe(true);

      gate = new Promise<void>((r) => (open = r));
      const held = fetch(`${base}/readyz`);
      await inside; // the request is being handled
      const drained = drainHttp(server, 10_000);
      // The listener is closed at once: a new connection is refused while the held request waits.
      await expect(fetch(`${base}/healthz`)).rejects.toThrow();
      open();
      const res = await held;
      expect(res.status).toBe(503);
      expect(res.headers.get('connection')).toBe('close');
      expect(await res.json()).toMatchObject({ status: 'draining' });
      await drained; // and the drain completes once that last connection has closed
      expect(server.listening).toBe(false);
    } finally {
      open();
      if (server.listening) await new Promise((r) => server.close(r));
    }
  });

  it('the readiness probe itself answers 503 "draining" once the server is draining', async () => {
    let draining = false;
    const probe = createReadinessProbe({ sql: h.app, embedded: h.kind === 'pglite', embedder: await createOfflineEmbedder() }, { draining: () => draining });
    expect(await eventually(async () => (await probe()).status === 200)).toBe(true);
    draining = true;
    expect(await probe()).toEqual({ status: 503, body: { status: 'draining', checks: [] } });
  });
});
