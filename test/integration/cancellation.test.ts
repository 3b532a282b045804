// Cancellation reaches PostgreSQL (issue 13, part 2): a call whose client cancels it or goes away,
// or that outlives the server's own deadline, stops its statement in the database within 1 s.
// The statement timeout is 30 s here, so nothing but the cancellation can stop the slow query.
//
// How a statement is watched: execute_sales_query appends its row cap to a query without a LIMIT,
// so the statement PostgreSQL is executing is the query followed by `limit <max_rows + 1>`; each
// test gives its slow call a max_rows of its own, and pg_stat_activity (read through the admin
// pool) shows whether that statement is still active. PGlite runs one statement at a time, so an
// admin query cannot look inside a busy engine: there the test waits a fixed time for the statement
// to start, and "stopped" means the engine answers the admin pool's `select 1` again. That includes
// replacing the engine's worker (a cancel terminates it; measured 2-5 s on loaded machines), so on
// PGlite the 1 s bound is checked where the statement's own error arrives (the withTenant test).
import type { Client as ModernClient } from '@modelcontextprotocol/client';
import { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AuditSink } from '../../src/audit/audit-sink.js';
import type { AuditEntry } from '../../src/audit/audit-writer.js';
import { loadTestUsers, type TestUsers } from '../support/fixtures.js';
import { EVERY_VIA, type Harness, openHarness, setup, startHttp, type Via } from '../support/harness.js';

const backend = inject('backend');
/** A server of its own: pg_stat_activity shows every backend. */
const REAL = backend.kind !== 'pglite';
const STATEMENT_TIMEOUT_MS = 30_000;
/** 10^10 rows to count: minutes of CPU, no disk, and every function is on the guard's allow-list. */
const SLOW_SQL = 'select count(*) from generate_series(1, 100000) a cross join generate_series(1, 100000) b';
const STOP_WITHIN_MS = 1000;
/** Until the engine answers again: on PGlite, the cancelled engine's worker is replaced first. */
const FREE_WITHIN_MS = REAL ? STOP_WITHIN_MS : 10_000;
/** How long a slow statement runs before its client gives up (the issue's clients: 2 s). */
const RUNNING_MS = 1000;
/** On PGlite: how long a slow call is given to reach the engine before it is abandoned. */
const PGLITE_START_MS = 1500;

let h: Harness;
let users: TestUsers;
const audited: AuditEntry[] = [];
let nextTag = 900;
/** Every slow statement's text, for the clean-up after each test. */
const slowQueries: string[] = [];

/** A max_rows of its own for one slow call, so its statement can be told apart in pg_stat_activity. */
function newTag(): number {
  const tag = nextTag++;
  slowQueries.push(statementText(tag));
  return tag;
}
const statementText = (tag: number) => `${SLOW_SQL}\nlimit ${tag + 1}`;
const slowArgs = (tag: number) => ({ postgresql_query: SLOW_SQL, max_rows: tag });

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function poll(what: string, ok: () => Promise<boolean>, timeoutMs: number, everyMs = 20): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Client backends now executing any of these statements. */
async function active(queries: string[]): Promise<number> {
  const [row] = await h.admin<{ n: number }[]>`
    select count(*)::int as n from pg_stat_activity
     where backend_type = 'client backend' and state = 'active' and pid <> pg_backend_pid()
       and query = any(${queries}::text[])`;
  return row!.n;
}

/**
 * Resolves once every tagged statement has been running in the database for RUNNING_MS. Not at
 * once: PostgreSQL JIT-compiles a query this costly as it starts (measured: 0.25-1 s on these
 * loaded machines, more in a backend's first JIT), and a cancel only lands once that is done.
 */
async function running(tags: number[], forMs = RUNNING_MS): Promise<void> {
  if (!REAL) return sleep(PGLITE_START_MS);
  await poll(`${tags.length} statement(s) to start`, async () => (await active(tags.map(statementText))) >= tags.length, 30_000);
  await sleep(forMs);
}

/** Milliseconds from `since` until no tagged statement runs any more (PGlite: the engine answers). */
async function stopped(since: number, ...tags: number[]): Promise<number> {
  if (!REAL) {
    await h.admin.begin((tx) => tx`select 1`);
    return Date.now() - since;
  }
  await poll('the statement(s) to stop', async () => (await active(tags.map(statementText))) === 0, STATEMENT_TIMEOUT_MS + 5000, 10);
  return Date.now() - since;
}

/** The audit row of a call, once the pipeline has recorded it. */
async function auditOf(userId: string, errorCode: string): Promise<AuditEntry> {
  let found: AuditEntry | undefined;
  await poll(
    `an audit row ${errorCode} for ${userId}`,
    async () => {
      found = audited.find((e) => e.principalId === userId && e.errorCode === errorCode);
      return Boolean(found);
    },
    10_000,
  );
  return found!;
}

function note(line: string): void {
  process.stderr.write(`[cancellation ${backend.kind}] ${line}\n`);
}

/** client.callTool with an AbortSignal: the v1 SDK takes (params, resultSchema, options), v2 (params, options). */
function callWithSignal(via: Via, client: unknown, args: Record<string, unknown>, signal: AbortSignal): Promise<unknown> {
  const params = { name: 'execute_sales_query', arguments: args };
  return via.endsWith('2025') ? (client as LegacyClient).callTool(params, undefined, { signal }) : (client as ModernClient).callTool(params, { signal });
}

/** A raw JSON-RPC tools/call over HTTP; `protocol` absent sends no mcp-protocol-version header. */
function rawToolsCall(base: string, token: string, args: Record<string, unknown>, signal: AbortSignal, protocol: string | null = '2025-11-25') {
  return fetch(`${base}/mcp`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      authorization: `Bearer ${token}`,
      ...(protocol ? { 'mcp-protocol-version': protocol } : {}),
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'execute_sales_query', arguments: args } }),
    signal,
  });
}

beforeAll(async () => {
  h = await openHarness({ poolMax: 10, env: { STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS) } });
  users = await loadTestUsers(h.admin);
  const sink = {
    record: (entry: AuditEntry | Promise<AuditEntry>) => void Promise.resolve(entry).then((e) => audited.push(e)),
    accepting: () => true,
    requireCapacity: () => {},
    flush: async () => {},
    close: async () => {},
  };
  h.deps.audit = sink as unknown as AuditSink;
});

afterEach(async () => {
  // A cancellation that did not arrive must not leave a 30 s statement behind for the next test.
  if (REAL && slowQueries.length) {
    await h.admin`select pg_cancel_backend(pid) from pg_stat_activity
      where state = 'active' and pid <> pg_backend_pid() and query = any(${slowQueries}::text[])`;
  }
  delete h.deps.callDeadlineMs;
});

afterAll(() => h?.close());

describe('withTenant with an AbortSignal', () => {
  it('the running statement fails within 1 s of the abort, and withTenant answers CANCELLED', async () => {
    const user = users.storeManagers[5]!;
    // A text of its own, to be told apart in pg_stat_activity.
    const sql = `${SLOW_SQL} where a.a > -${newTag()}`;
    slowQueries.push(sql);
    const abort = new AbortController();
    let failedAt = 0;
    const call = h
      .withTenant(
        { userId: user.user_id },
        (tx) =>
          tx.unsafe(sql).catch((err: unknown) => {
            failedAt = Date.now();
            throw err;
          }),
        { signal: abort.signal },
      )
      .then(
        () => new Error('answered'),
        (err: { code?: string }) => err,
      );
    if (REAL) await poll('the statement to start', async () => (await active([sql])) === 1, 20_000);
    await sleep(REAL ? RUNNING_MS : PGLITE_START_MS);
    const t0 = Date.now();
    abort.abort();
    const err = await call;
    const answeredMs = Date.now() - t0;
    expect(err).toMatchObject({ code: 'CANCELLED' });
    const failedMs = failedAt - t0;
    let goneMs = failedMs;
    if (REAL) {
      await poll('the statement to stop', async () => (await active([sql])) === 0, STATEMENT_TIMEOUT_MS + 5000, 10);
      goneMs = Date.now() - t0;
    }
    note(
      `withTenant abort: the statement failed after ${failedMs} ms${REAL ? `, gone from pg_stat_activity after ${goneMs} ms` : ''}; withTenant answered CANCELLED after ${answeredMs} ms (rollback included)`,
    );
    expect(failedMs).toBeLessThan(STOP_WITHIN_MS);
    expect(goneMs).toBeLessThan(STOP_WITHIN_MS);
  });
});

describe('an MCP cancellation (the client aborts its request)', () => {
  // Over 2025-era stateless HTTP the v1 client's abort sends notifications/cancelled in a POST of
  // its own and keeps the call's response open: the server has no session to tie the two together.

  it.each(EVERY_VIA)('%s: the statement stops within 1 s, and the call is audited as CANCELLED', async (via) => {
    const user = users.storeManagers[0]!;
    const s = await setup(h, user.user_id, via);
    try {
      const tag = newTag();
      const abort = new AbortController();
      const call = callWithSignal(via, s.client, slowArgs(tag), abort.signal).then(
        () => 'answered',
        (err: Error) => err,
      );
      await running([tag]);
      const t0 = Date.now();
      abort.abort();
      const ms = await stopped(t0, tag);
      note(`${via}: client abort -> statement gone after ${ms} ms`);
      expect(ms).toBeLessThan(FREE_WITHIN_MS);
      expect(await call).toBeInstanceOf(Error);
      const row = await auditOf(user.user_id, 'CANCELLED');
      expect(row.tool).toBe('execute_sales_query');
      audited.length = 0;
    } finally {
      await s.close();
    }
  });
});

describe('an HTTP client disconnect', () => {
  it.each([
    ['the tools/call fast path (mcp-protocol-version 2025-11-25)', '2025-11-25'],
    ['the SDK handler (no mcp-protocol-version header)', null],
  ] as const)('%s: the statement stops within 1 s', async (_, protocol) => {
    const user = users.storeManagers[1]!;
    const http = await startHttp(h);
    try {
      const tag = newTag();
      const abort = new AbortController();
      const response = rawToolsCall(http.base, await h.tokenFor(user.user_id), slowArgs(tag), abort.signal, protocol).then(
        (r) => `answered ${r.status}`,
        (err: Error) => err,
      );
      await running([tag]);
      const t0 = Date.now();
      abort.abort();
      const ms = await stopped(t0, tag);
      note(`HTTP disconnect via ${_}: statement gone after ${ms} ms`);
      expect(ms).toBeLessThan(FREE_WITHIN_MS);
      expect(await response).toBeInstanceOf(Error);
      expect((await auditOf(user.user_id, 'CANCELLED')).tool).toBe('execute_sales_query');
      audited.length = 0;
    } finally {
      await http.close();
    }
  });
});

describe('a stdio client going away', () => {
  it.each(['memory-2025', 'memory-2026'] as const)('in memory (%s): closing the client transport stops the statement within 1 s', async (via) => {
    const user = users.storeManagers[2]!;
    const s = await setup(h, user.user_id, via);
    try {
      const tag = newTag();
      const call = s.callTool('execute_sales_query', slowArgs(tag)).then(
        () => 'answered',
        (err: Error) => err,
      );
      await running([tag]);
      const t0 = Date.now();
      await s.client.close();
      const ms = await stopped(t0, tag);
      note(`stdio ${via}: client transport closed -> statement gone after ${ms} ms`);
      expect(ms).toBeLessThan(FREE_WITHIN_MS);
      expect(await call).toBeInstanceOf(Error);
      expect((await auditOf(user.user_id, 'CANCELLED')).tool).toBe('execute_sales_query');
      audited.length = 0;
    } finally {
      await s.close();
    }
  });

  it.skipIf(!REAL)('a `serve --stdio` child process whose stdin closes stops the statement within 1 s (needs a URL-addressable database)', async () => {
    const user = users.storeManagers[3]!;
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['--import', 'tsx', 'src/cli.ts', 'serve', '--stdio'],
      env: {
        DATABASE_URL: h.config.DATABASE_URL!,
        RLS_SEAL_KEY: h.config.RLS_SEAL_KEY!,
        AUTH_DEV_SECRET: h.config.AUTH_DEV_SECRET!,
        // The tokens' audience is derived from the resource URL, and so from the port.
        HTTP_PORT: String(h.config.HTTP_PORT),
        STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
        LOG_LEVEL: 'warn',
        MCP_TOKEN: await h.tokenFor(user.user_id),
      },
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (d) => (stderr += String(d)));
    const client = new LegacyClient({ name: 'cancellation-stdio', version: '1.0.0' });
    await client.connect(transport);
    const tag = newTag();
    const call = client.callTool({ name: 'execute_sales_query', arguments: slowArgs(tag) }).then(
      () => 'answered',
      (err: Error) => err,
    );
    await running([tag]);
    const t0 = Date.now();
    // Ends the child's stdin; SIGTERM follows only after 2 s, SIGKILL after 4 s.
    const closing = client.close();
    const ms = await stopped(t0, tag);
    await closing;
    note(`stdio child: stdin closed -> statement gone after ${ms} ms`);
    expect(ms, stderr).toBeLessThan(FREE_WITHIN_MS);
    expect(await call).toBeInstanceOf(Error);
  });
});

describe("the server's own deadline", () => {
  it('a call past callDeadlineMs answers QUERY_TIMEOUT and its statement stops within 1 s of the deadline', async () => {
    const deadlineMs = 1500;
    h.deps.callDeadlineMs = deadlineMs;
    const user = users.storeManagers[4]!;
    const s = await setup(h, user.user_id, 'memory-2025');
    try {
      const tag = newTag();
      const t0 = Date.now();
      const call = s.callTool('execute_sales_query', slowArgs(tag));
      const sawRunning = REAL ? running([tag]).then(() => true) : Promise.resolve(true);
      const r = await call;
      const answeredMs = Date.now() - t0;
      expect(r.error?.code).toBe('QUERY_TIMEOUT');
      expect(r.error?.retryable).toBeDefined();
      expect(await sawRunning).toBe(true);
      const ms = await stopped(t0 + deadlineMs, tag);
      note(
        `deadline ${deadlineMs} ms (statement timeout ${STATEMENT_TIMEOUT_MS} ms): QUERY_TIMEOUT answered after ${answeredMs} ms; statement gone ${ms} ms after the deadline`,
      );
      expect(answeredMs).toBeGreaterThanOrEqual(deadlineMs - 50);
      expect(answeredMs).toBeLessThan(deadlineMs + STOP_WITHIN_MS);
      expect(ms).toBeLessThan(FREE_WITHIN_MS);
      expect((await auditOf(user.user_id, 'QUERY_TIMEOUT')).tool).toBe('execute_sales_query');
      audited.length = 0;
    } finally {
      await s.close();
    }
  });
});

describe('ten abandoned slow calls no longer delay another tenant', () => {
  it("with a pool of 10 held by abandoned calls, another tenant's cheap call answers within a couple of seconds", async () => {
    const http = await startHttp(h);
    const other = users.headOffice;
    // Connected (principal resolved) before the pool fills up.
    const s = await setup(h, other.user_id, 'memory-2025');
    try {
      const callers = Array.from({ length: 10 }, (_, i) => users.all.filter((u) => u.is_active && u.user_id !== other.user_id)[i % 8]!);
      const tags = callers.map(() => newTag());
      const aborts = callers.map(() => new AbortController());
      const tokens = await Promise.all(callers.map((u) => h.tokenFor(u.user_id)));
      const responses = callers.map((_, i) => rawToolsCall(http.base, tokens[i]!, slowArgs(tags[i]!), aborts[i]!.signal).catch((err: Error) => err));
      // Ten fresh backends JIT-compiling at once on a loaded 2-core machine: given 2 s, as the
      // issue's clients gave theirs.
      await running(tags, 2000);
      // The cheap call waits for a pooled connection, as the issue's 58 s call did.
      const t0 = Date.now();
      const cheap = s.callTool('execute_sales_query', { postgresql_query: 'select count(*) as stores from retail.stores' });
      await sleep(100);
      for (const a of aborts) a.abort();
      const r = await cheap;
      const cheapMs = Date.now() - t0;
      const goneMs = await stopped(t0, ...tags);
      note(
        `10 abandoned slow calls on a pool of 10: another tenant's cheap call answered after ${cheapMs} ms (issued 100 ms before the aborts); all 10 statements gone ${goneMs} ms after it was issued`,
      );
      expect(r.isError).toBe(false);
      expect(r.structured.rows).toEqual([{ stores: String(users.allStoreIds.length) }]);
      // PGlite: one engine, replaced once for the running call (the queued ones are refused).
      expect(cheapMs).toBeLessThan(REAL ? 3000 : FREE_WITHIN_MS);
      // Ten CancelRequests at once, each a connection the postmaster forks for: not the 1 s each.
      expect(goneMs).toBeLessThan(REAL ? 3000 : 100 + FREE_WITHIN_MS);
      for (const res of responses) expect(await res).toBeInstanceOf(Error);
      // Every call that reached the pipeline is audited as CANCELLED. On PGlite, calls queued behind
      // the one engine may be abandoned before they get there (resolving the caller needs it too).
      const callerIds = new Set(callers.map((u) => u.user_id));
      const ofCallers = () => audited.filter((e) => callerIds.has(e.principalId));
      await poll('CANCELLED audit rows', async () => ofCallers().length >= (REAL ? 10 : 1), 10_000);
      await sleep(REAL ? 0 : 2000);
      expect(ofCallers().every((e) => e.errorCode === 'CANCELLED')).toBe(true);
      note(`10 abandoned slow calls: ${ofCallers().length} audited as CANCELLED`);
      audited.length = 0;
    } finally {
      await s.close();
      await http.close();
    }
  });
});
