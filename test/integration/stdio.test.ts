// The stdio transport end to end: the real CLI in a child process, a real MCP client over its
// stdin/stdout, the token from the environment. Needs a URL-addressable database (a real server).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadTestUsers, type TestUsers } from '../support/fixtures.js';
import { callTool, type Harness, openHarness } from '../support/harness.js';

let h: Harness;
let users: TestUsers;
beforeAll(async () => {
  h = await openHarness();
  users = await loadTestUsers(h.admin);
});
afterAll(() => h.close());

function spawnStdio(token: string | undefined) {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    DATABASE_URL: h.config.DATABASE_URL!,
    RLS_SEAL_KEY: h.config.RLS_SEAL_KEY!,
    AUTH_DEV_SECRET: h.config.AUTH_DEV_SECRET!,
    HTTP_PORT: String(h.config.HTTP_PORT),
    LOG_LEVEL: 'warn',
    ...(token ? { MCP_TOKEN: token } : {}),
  };
  return new StdioClientTransport({ command: process.execPath, args: ['--import', 'tsx', 'src/cli.ts', 'serve', '--stdio'], env, stderr: 'pipe' });
}

describe.skipIf(!inject('backend').app.url)('stdio transport', () => {
  it('serves a store manager over stdio with the token from MCP_TOKEN', async () => {
    const manager = users.storeManagers[3]!;
    const client = new Client({ name: 'stdio-test', version: '1.0.0' });
    await client.connect(spawnStdio(await h.tokenFor(manager.user_id)));
    const r = await callTool(client, 'execute_sales_query', { postgresql_query: 'select distinct store_id from retail.orders' });
    expect(r.structured.rows).toEqual([{ store_id: manager.store_ids[0] }]);
    await client.close();
  });

  it('refuses to start without a token, saying how to get one', async () => {
    const client = new Client({ name: 'stdio-test', version: '1.0.0' });
    const transport = spawnStdio(undefined);
    let stderr = '';
    transport.stderr?.on('data', (d) => (stderr += String(d)));
    await expect(client.connect(transport)).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 200));
    expect(stderr).toMatch(/MCP_TOKEN/);
  });
});
