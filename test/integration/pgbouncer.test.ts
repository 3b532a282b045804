// The concurrency isolation test through PgBouncer in transaction pooling mode: interleaved tenants
// on few server connections never see each other's rows, and no server connection keeps a tenant
// setting. PgBouncer < 1.21 has no protocol-level prepared statements, so the pool uses
// DB_PREPARE=false. Needs a real server (a URL) and the pgbouncer binary (scripts/install-pgbouncer.sh).
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPool, type Sql } from '../../src/db/client.js';
import { createWithTenant } from '../../src/db/with-tenant.js';
import { createAuth } from '../../src/runtime/create-auth.js';
import { loadTestUsers, type TestUsers } from '../support/fixtures.js';
import { freePort } from '../support/free-port.js';
import { type Harness, openHarness } from '../support/harness.js';
import { runInterleavedCalls } from '../support/interleaved-calls.js';

const SERVER_CONNECTIONS = 3;
const binary = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer', '/usr/local/bin/pgbouncer'].find((p) => existsSync(p));
const appUrl = inject('backend').app.url;

let h: Harness;
let users: TestUsers;
let bouncer: ChildProcess | undefined;
let dir: string;
let pool: Sql;

async function startBouncer(target: URL): Promise<URL> {
  dir = mkdtempSync(join(tmpdir(), 'retail-mcp-pgbouncer-'));
  chmodSync(dir, 0o777); // pgbouncer refuses to run as root; as root we run it as postgres (-u).
  const port = await freePort();
  const db = target.pathname.slice(1);
  const user = decodeURIComponent(target.username);
  writeFileSync(join(dir, 'userlist.txt'), `"${user}" ""\n`, { mode: 0o644 });
  writeFileSync(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `${db} = host=${target.hostname} port=${target.port || 5432} dbname=${db}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${join(dir, 'userlist.txt')}`,
      'pool_mode = transaction',
      `default_pool_size = ${SERVER_CONNECTIONS}`,
      'max_client_conn = 200',
      'ignore_startup_parameters = extra_float_digits',
      // The default server_reset_query is not used in transaction mode; say so explicitly.
      'server_reset_query =',
    ].join('\n'),
    { mode: 0o644 },
  );
  const asRoot = process.getuid?.() === 0;
  bouncer = spawn(binary!, [...(asRoot ? ['-u', 'postgres'] : []), join(dir, 'pgbouncer.ini')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  bouncer.stderr!.on('data', (d) => (stderr += String(d)));
  const url = new URL(target.toString());
  url.hostname = '127.0.0.1';
  url.port = String(port);
  // Ready when it accepts a query.
  for (let i = 0; i < 50; i++) {
    const probe = createPool({ url: url.toString() }, { ...h.config, DB_PREPARE: false }, { max: 1 });
    try {
      await probe.begin((tx) => tx`select 1`);
      await probe.end({ timeout: 1 });
      return url;
    } catch {
      await probe.end({ timeout: 1 });
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`pgbouncer did not start: ${stderr}`);
}

describe.skipIf(!appUrl || !binary)('isolation through PgBouncer (transaction pooling)', () => {
  beforeAll(async () => {
    h = await openHarness();
    users = await loadTestUsers(h.admin);
    const url = await startBouncer(new URL(appUrl!));
    const config = { ...h.config, DB_PREPARE: false };
    // More client connections than server connections: transactions from different tenants
    // interleave on the same server connections.
    pool = createPool({ url: url.toString() }, config, { max: 8 });
    const withTenant = createWithTenant(pool, { sealKeyHex: inject('backend').sealKeyHex, statementTimeoutMs: config.STATEMENT_TIMEOUT_MS });
    h.auth = await createAuth(config, withTenant, inject('backend').devSecret);
    h.deps = { ...h.deps, withTenant };
  });
  afterAll(async () => {
    await pool?.end({ timeout: 2 });
    bouncer?.kill('SIGTERM');
    await h?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('200 interleaved calls by 8 users each see exactly their own stores', async () => {
    const results = await runInterleavedCalls(h, users);
    const leaks = results.filter((r) => r.error !== null || JSON.stringify(r.seen) !== JSON.stringify(r.expected));
    expect(leaks).toEqual([]);
  });

  it('afterwards, no server connection carries a tenant setting or a role', async () => {
    // As many concurrent transactions as server connections: each lands on a different one.
    const rows = await Promise.all(
      Array.from({ length: SERVER_CONNECTIONS }, () =>
        pool.begin(async (tx) => {
          const [row] = await tx`select pg_backend_pid() as pid,
                                        coalesce(current_setting('app.current_rls_user_id', true), '') as uid,
                                        coalesce(current_setting('app.current_rls_seal', true), '') as seal,
                                        current_user = session_user as own_role, pg_sleep(0.2) is not null as slept`;
          return row!;
        }),
      ),
    );
    expect(new Set(rows.map((r) => r.pid)).size).toBe(SERVER_CONNECTIONS);
    for (const r of rows) expect({ uid: r.uid, seal: r.seal, own_role: r.own_role }).toEqual({ uid: '', seal: '', own_role: true });
  });
});
