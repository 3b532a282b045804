// bin/healthcheck.js, the probe the Dockerfile and docker-compose.yml run, against the real HTTP
// server configured as compose configures it (a wide bind address and PUBLIC_URL): the server refuses
// a Host other than the public one (DNS-rebinding protection), so the probe must send that host.
// Until 2026-12-03 compose probed http://127.0.0.1:3000/readyz and got 403 on every check.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type Harness, openHarness, startHttp } from '../support/harness.js';

const run = promisify(execFile);
const compose = parse(readFileSync('docker-compose.yml', 'utf8')) as { services: { server: { environment: { PUBLIC_URL: string; HTTP_HOST: string } } } };
const { PUBLIC_URL, HTTP_HOST } = compose.services.server.environment;

let h: Harness;
let http: Awaited<ReturnType<typeof startHttp>>;

beforeAll(async () => {
  h = await openHarness({ env: { PUBLIC_URL, HTTP_HOST } });
  http = await startHttp(h);
});
afterAll(async () => {
  await http.close();
  await h.close();
});

/** The probe's exit code and stderr, as a container runtime sees them. */
async function probe(...args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run(process.execPath, ['bin/healthcheck.js', ...args]);
    return { code: 0, stderr };
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

describe('bin/healthcheck.js against the server with compose settings', () => {
  it('compose really binds wide with a public URL (the case the probe must handle)', () => {
    expect(HTTP_HOST).toBe('0.0.0.0');
    expect(new URL(PUBLIC_URL).hostname).not.toBe('127.0.0.1');
  });

  it('passes when it names the public host', async () => {
    expect(await probe('/healthz', PUBLIC_URL, String(http.port))).toEqual({ code: 0, stderr: '' });
  });

  it('fails, saying why, when it addresses 127.0.0.1 (what the old probe did)', async () => {
    const r = await probe('/healthz', '', String(http.port));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Host 127.0.0.1:${http.port}`);
    expect(r.stderr).toContain('HTTP 403');
  });

  it('reports a readiness failure as a failure (this harness has no readiness probe: 503)', async () => {
    const r = await probe('/readyz', PUBLIC_URL, String(http.port));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('HTTP 503');
  });

  it('fails when nothing listens', async () => {
    const r = await probe('/healthz', PUBLIC_URL, '1');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ECONNREFUSED/);
  });
});
