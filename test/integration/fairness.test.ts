// Fair use under a flood: user A hammers execute_sales_query at concurrency 50 while user B works
// normally. With the per-principal limiter in the server, every one of B's calls is served and none
// is refused, while A is throttled, not starved. B's p95 with and without the flood is printed, not
// asserted: latency on these shared two-core machines is a benchmark's job, not a test's (a 5x bound
// failed CI once by 4% while the mechanism held).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Limiter } from '../../src/limits/limiter.js';
import { createMemoryLimiter } from '../../src/limits/memory.js';
import { buildServer } from '../../src/server.js';
import { loadTestUsers, type TestUsers } from '../support/fixtures.js';
import { callTool, type Harness, openHarness } from '../support/harness.js';

const FLOOD_CONCURRENCY = 50;
const SAMPLES = 60;
const POOL = 6;
const pglite = inject('backend').kind === 'pglite';

// A: head office, a query over every store; B: a store manager, a query over one store.
const HEAVY = `select o.store_id, count(*) as lines, sum(oi.total_amount) as revenue
                 from retail.order_items oi join retail.orders o on o.order_id = oi.order_id
                group by o.store_id order by o.store_id`;
const LIGHT = 'select count(*) as n, sum(total_amount) as revenue from retail.order_items';

let h: Harness;
let users: TestUsers;

beforeAll(async () => {
  h = await openHarness({ poolMax: POOL });
  users = await loadTestUsers(h.admin);
});
afterAll(() => h?.close());

/** setup() from the harness, but with a limiter in the server's dependencies. */
async function session(userId: string, limiter: Limiter | undefined) {
  const principal = await h.auth.resolvePrincipal(userId);
  const deps = { ...h.deps, limiter };
  const server = buildServer(deps, principal);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'retail-mcp-fairness', version: '1.0.0' });
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  return { call: (sql: string) => callTool(client, 'execute_sales_query', { postgresql_query: sql }), close: () => client.close() };
}

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** B's latencies for SAMPLES sequential calls; every call must succeed. */
async function measureB(b: Awaited<ReturnType<typeof session>>, samples = SAMPLES): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    const r = await b.call(LIGHT);
    times.push(performance.now() - started);
    expect(r.isError, r.text).toBe(false);
  }
  return times;
}

/**
 * A's flood: FLOOD_CONCURRENCY workers calling back to back until stopped. A refused call is
 * retried after 200 ms, five times sooner than its 1 s retry_after: an impatient client, the case the limiter is
 * for. (Faster retries mostly measure this process's own event loop, which runs both A and B here.)
 */
function flood(a: Awaited<ReturnType<typeof session>>) {
  let running = true;
  const counts = { ok: 0, limited: 0, other: 0 };
  const workers = Array.from({ length: FLOOD_CONCURRENCY }, async () => {
    while (running) {
      const r = await a.call(HEAVY);
      if (!r.isError) counts.ok++;
      else if (r.error?.code === 'RATE_LIMITED') {
        counts.limited++;
        await sleep(200);
      } else counts.other++;
    }
  });
  return {
    counts,
    stop: async () => {
      running = false;
      await Promise.all(workers);
    },
  };
}

describe('fairness between principals', () => {
  it(`B is always served while A floods at concurrency ${FLOOD_CONCURRENCY}, and A is throttled, not starved`, async () => {
    // A generous bucket (B alone makes 240 calls here), so the concurrency cap is what bounds A:
    // one pooled connection of six, whatever A sends.
    const limiter = createMemoryLimiter({ ratePerMinute: 6000, burst: 300, concurrency: 1 });
    const a = await session(users.headOffice.user_id, limiter);
    const b = await session(users.storeManagers[0]!.user_id, limiter);
    await measureB(b); // warm up plans and connections
    const before = p95(await measureB(b));
    // One A call alone: on a database that runs one query at a time, B may wait for one of these.
    const heavy: number[] = [];
    for (let i = 0; i < 10; i++) {
      const started = performance.now();
      expect((await a.call(HEAVY)).isError).toBe(false);
      heavy.push(performance.now() - started);
    }

    const attack = flood(a);
    await sleep(200); // let the flood reach its steady state
    const loaded = p95(await measureB(b));
    await attack.stop();
    // The baseline brackets the flood in time, so other test files sharing these two cores load
    // both sides of the comparison alike.
    const unloaded = Math.max(before, p95(await measureB(b)));
    await Promise.all([a.close(), b.close()]);

    process.stderr.write(
      `[fairness] B p95 unloaded ${unloaded.toFixed(1)} ms, under flood ${loaded.toFixed(1)} ms; one A call ${p95(heavy).toFixed(1)} ms; A: ${JSON.stringify(attack.counts)}\n`,
    );
    // measureB has checked that each of B's calls under the flood succeeded.
    expect(attack.counts.ok).toBeGreaterThan(0); // throttled, not starved
    expect(attack.counts.limited).toBeGreaterThan(0);
    expect(attack.counts.other).toBe(0);
  });

  // Skipped on PGlite: there, 50 concurrent calls without the limiter crash the test process with an
  // uncaught "portal \"\" does not exist" from postgres.js over pglite-socket (reported; not a limiter issue).
  it.skipIf(pglite)('without the limiter the same flood holds every pooled connection (for comparison)', async () => {
    const a = await session(users.headOffice.user_id, undefined);
    const b = await session(users.storeManagers[0]!.user_id, undefined);
    const unloaded = p95(await measureB(b, 20));
    const attack = flood(a);
    await sleep(200);
    const loaded = p95(await measureB(b, 20));
    await attack.stop();
    await Promise.all([a.close(), b.close()]);
    process.stderr.write(
      `[fairness] without the limiter: B p95 unloaded ${unloaded.toFixed(1)} ms, under flood ${loaded.toFixed(1)} ms; A: ${JSON.stringify(attack.counts)}\n`,
    );
    // Informational: B still completes (the pool queues fairly), only slower; nothing is asserted on time.
    expect(attack.counts.limited).toBe(0);
  });
});
