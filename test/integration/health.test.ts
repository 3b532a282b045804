// /healthz and /readyz over HTTP, and the shared readiness report `retail-mcp check` prints.

import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfflineEmbedder } from '../../src/embeddings/offline.js';
import { checkReadiness, formatReadiness } from '../../src/health/readiness.js';
import { createReadinessProbe } from '../../src/health/readiness-probe.js';
import { createHttpServer, drainHttp } from '../../src/transports/http.js';
import { type Harness, openHarness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(() => h.close());

describe('readiness', () => {
  it('reports every check passing on a migrated database with the embedder loaded', async () => {
    const r = await checkReadiness({ sql: h.app, embedded: h.kind === 'pglite', embedder: await createOfflineEmbedder() });
    expect(r.checks.map((c) => [c.name, c.ok])).toEqual([
      ['database', true],
      ['migrations', true],
      ['self_check', true],
      ['embedder', true],
    ]);
    expect(r.status).toBe('ready');
    expect(formatReadiness(r)).toMatch(/^readiness: ready/);
  });

  it('is not ready without an embedder, and says which check failed', async () => {
    const r = await checkReadiness({ sql: h.app, embedded: h.kind === 'pglite', embedder: null });
    expect(r.status).toBe('not_ready');
    expect(r.checks.find((c) => c.name === 'embedder')).toMatchObject({ ok: false });
  });

  it('serves /healthz and /readyz (200, no secrets), and refuses new connections once drained', async () => {
    const readiness = createReadinessProbe({ sql: h.app, embedded: h.kind === 'pglite', embedder: await createOfflineEmbedder() });
    const server = createHttpServer({
      config: h.config,
      verifyToken: h.auth.verifyToken,
      resolvePrincipal: h.auth.resolvePrincipal,
      serverDeps: h.deps,
      readiness,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    const body = await ready.json();
    expect(body.status).toBe('ready');
    expect(JSON.stringify(body)).not.toMatch(/seal|secret|password|postgres:\/\//i);
    expect(body.selfCheck).toBeUndefined();

    // Once drained the listener is closed: new connections are refused. (The 503 a request sees
    // while draining is asserted in shutdown.test.ts.)
    const drained = drainHttp(server, 1000);
    await drained;
    await expect(fetch(`${base}/readyz`)).rejects.toThrow();
  });

  it('a database that cannot be reached is reported, not thrown', async () => {
    const { createPool } = await import('../../src/db/client.js');
    const dead = createPool({ url: 'postgres://nobody@127.0.0.1:1/none' }, h.config, { max: 1 });
    const r = await checkReadiness({ sql: dead, embedded: false, embedder: null });
    expect(r.checks[0]).toMatchObject({ name: 'database', ok: false });
    expect(r.status).toBe('not_ready');
    await dead.end({ timeout: 1 });
  });
});
