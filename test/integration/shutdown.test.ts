// Graceful shutdown through the real CLI: SIGTERM while a slow call runs; the call completes with a
// result, new connections are refused, and the process exits 0. Needs a real server (a URL).
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../support/free-port.js';
import { openHarness, type Harness } from '../support/harness.js';
import { loadTestUsers, type TestUsers } from '../support/fixtures.js';

let h: Harness;
let users: TestUsers;
beforeAll(async () => {
  h = await openHarness();
  users = await loadTestUsers(h.admin);
});
afterAll(() => h.close());

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
    const audited = () => h.admin.begin((tx) => tx`select count(*)::int as n from retail_private.audit_log where principal_id = ${users.headOffice.user_id} and row_count = 1`);
    const [before] = await audited();
    const token = await h.tokenFor(users.headOffice.user_id);
    const slow = fetch(`${base}/mcp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({
        jsonrpc: '2.0', id: 1, method: 'tools/call',
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
    const body = await res.json();
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
