// The postgres.js patch's unawaited ROLLBACK (patches/postgres+3.4.9.patch, `begin`): a rolled-back
// transaction returns to its caller without waiting for the ROLLBACK's reply. Every transaction must
// stay whole and to itself: pipelined statements run inside it, a rolled-back write is gone, and the
// connection reaches the next caller only after the ROLLBACK has run. On real PostgreSQL a proxy also
// counts the client's flights: BEGIN is sent alone and waited for (statements sent behind a BEGIN
// that fails would run outside the transaction), then the context and the query, then the ROLLBACK.
import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createPool, type Sql } from '../../src/db/client.js';
import { createWithTenant, readerRoleFor } from '../../src/db/with-tenant.js';
import { loadTestUsers, type TestUsers } from '../support/fixtures.js';

const backend = inject('backend');
const config = loadConfig({
  DATABASE_URL: backend.app.url ?? 'postgres://embedded@localhost/pglite',
  RLS_SEAL_KEY: backend.sealKeyHex,
  AUTH_DEV_SECRET: backend.devSecret,
});

let admin: Sql; // one connection: every transaction below is followed by the next on the same one
let users: TestUsers;

beforeAll(async () => {
  admin = createPool(backend.admin, config, { max: 1 });
  users = await loadTestUsers(admin);
  await admin`create temp table pipelined_probe (n int)`;
});
afterAll(async () => {
  await admin?.end({ timeout: 5 });
});

describe('a transaction whose ROLLBACK is not waited for', () => {
  it('runs its pipelined statements inside the transaction, read-only as asked', async () => {
    const [, [seen]] = await admin.begin('read only', (tx) => [
      tx`select set_config('retail_test.mark', 'inside', true)`,
      tx<{ mark: string; ro: string }[]>`select current_setting('retail_test.mark', true) as mark, current_setting('transaction_read_only') as ro`,
    ]);
    expect(seen).toEqual({ mark: 'inside', ro: 'on' });
  });

  it('rolls back a pipelined write when a later statement fails', async () => {
    const failed = admin.begin((tx) => [tx`insert into pipelined_probe values (1), (2)`, tx`select 1 / 0`]);
    await expect(failed).rejects.toThrow(/division by zero/);
    const [row] = await admin<{ n: number }[]>`select count(*)::int as n from pipelined_probe`;
    expect(row!.n).toBe(0);
  });

  it('hands the connection on only after the unawaited ROLLBACK: 50 rolled-back transactions, each followed at once by another caller', async () => {
    for (let i = 0; i < 50; i++) {
      const rolledBack = admin.begin(async (tx) => {
        await tx`select set_config('retail_test.mark', ${`call ${i}`}, true)`;
        await tx`insert into pipelined_probe values (${i})`;
        throw new Error(`roll back ${i}`);
      });
      // Sent while the ROLLBACK may still be on its way: it must wait for it, not run inside the
      // transaction (where it would see the mark, the row and the transaction's id).
      const next = admin<{ mark: string | null; xid: string | null; n: number }[]>`
        select current_setting('retail_test.mark', true) as mark, pg_current_xact_id_if_assigned()::text as xid,
               (select count(*)::int from pipelined_probe) as n`;
      await expect(rolledBack).rejects.toThrow(`roll back ${i}`);
      const [row] = await next;
      expect(row!.mark ?? '').toBe('');
      expect(row!.xid).toBeNull();
      expect(row!.n).toBe(0);
    }
  });

  it('gives each tenant call on a reused connection its own context, also right after a refused one', async () => {
    const app = createPool(backend.app, config, { max: 1 });
    try {
      const withTenant = createWithTenant(app, { sealKeyHex: backend.sealKeyHex, statementTimeoutMs: 5000 });
      const who = [users.storeManagers[0]!, users.headOffice, users.regionalManagers[0]!];
      for (let i = 0; i < 30; i++) {
        const user = who[i % who.length]!;
        const refused = withTenant({ userId: user.user_id, role: user.role }, (tx) => tx`select 1 / 0`);
        const seen = withTenant({ userId: user.user_id, role: user.role }, async (tx) => {
          const [row] = await tx<{ principal: string; role: string }[]>`select retail.current_principal_id()::text as principal, current_user as role`;
          return row!;
        });
        await expect(refused).rejects.toThrow(/division by zero/);
        expect(await seen).toEqual({ principal: user.user_id, role: readerRoleFor({ userId: user.user_id, role: user.role }) });
      }
    } finally {
      await app.end({ timeout: 5 });
    }
  });
});

describe.skipIf(backend.kind === 'pglite')('round trips of one tenant call (real PostgreSQL, through a counting proxy)', () => {
  let proxy: Server;
  let flights = 0;

  beforeAll(async () => {
    const target = new URL(backend.app.url!);
    // A flight: the client's bytes from its first write after a reply until the next reply.
    proxy = createServer((client: Socket) => {
      let clientTurn = false;
      const server = connect(Number(target.port || 5432), target.hostname);
      client.on('data', (chunk) => {
        if (!clientTurn) flights++;
        clientTurn = true;
        server.write(chunk);
      });
      server.on('data', (chunk) => {
        clientTurn = false;
        client.write(chunk);
      });
      client.on('close', () => server.destroy());
      server.on('close', () => client.destroy());
      client.on('error', () => server.destroy());
      server.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve())));

  it('sends BEGIN alone, then the sealed context and the query in one flight, then the ROLLBACK', async () => {
    const url = new URL(backend.app.url!);
    url.hostname = '127.0.0.1';
    url.port = String((proxy.address() as AddressInfo).port);
    const app = createPool({ ...backend.app, url: url.toString() }, config, { max: 1 });
    try {
      const withTenant = createWithTenant(app, { sealKeyHex: backend.sealKeyHex, statementTimeoutMs: 5000 });
      const user = users.storeManagers[0]!;
      const call = () => withTenant({ userId: user.user_id, role: user.role }, (tx) => tx`select count(*)::int as n from retail.stores`.then((r) => r[0]!.n));
      // The first call connects and prepares the context statement (a describe round trip).
      expect(await call()).toBe(user.store_ids.length);
      await app`select 1`; // settles the first call's unawaited ROLLBACK
      const before = flights;
      expect(await call()).toBe(user.store_ids.length);
      await app`select 1`;
      expect(flights - before).toBe(4); // the call's three flights, and the `select 1`'s one
    } finally {
      await app.end({ timeout: 5 });
    }
  });
});
