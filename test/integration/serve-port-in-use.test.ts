// `retail-mcp serve --http` on a port another program holds: a one-line message that says what to
// do, exit code 1 and no stack trace (real CLI; needs a database URL, as the child connects on its own).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Harness, openHarness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(() => h.close());

describe.skipIf(!inject('backend').app.url)('serve on a busy port', () => {
  it('says the port is in use and how to choose another, then exits 1', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as { port: number }).port;
    try {
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: h.config.DATABASE_URL!,
        RLS_SEAL_KEY: h.config.RLS_SEAL_KEY!,
        AUTH_DEV_SECRET: h.config.AUTH_DEV_SECRET!,
        LOG_LEVEL: 'warn',
      };
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve', '--http', '--port', String(port)], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += String(d)));
      const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
      const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
      clearTimeout(timer);
      expect(code).toBe(1);
      expect(stderr).toContain(`Cannot listen on 127.0.0.1:${port}: the port is already in use`);
      expect(stderr).toContain('--port N');
      expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    } finally {
      holder.close();
    }
  }, 60_000);
});
