// Three real server processes (`serve --http`, the CLI itself) behind HAProxy on spare loopback
// ports, sharing fair-use limits through Redis (a key prefix of their own). Shown:
//  - one user's burst is the burst across all three instances: exactly RATE_LIMIT_BURST calls
//    succeed, wherever they land, and the rest are RATE_LIMITED;
//  - SIGKILL of one instance under load fails only the calls it had in flight; HAProxy's health
//    check (/readyz) takes it out of rotation and every later call succeeds on the other two.
// Clients speak plain JSON-RPC over HTTP (2025-11-25, stateless tools/call: no initialize needed),
// with the same audience for every instance (PUBLIC_URL is the balancer's URL).
//
// Needs a real PostgreSQL backend (TEST_DATABASE_URL or a container), the haproxy binary
// (scripts/install-haproxy.sh) and Redis at REDIS_URL or 127.0.0.1:6379; otherwise skipped with the
// reason in the title. Numbers are printed to stderr.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEV_ISSUER, mintDevToken } from '../../src/auth/dev-token.js';
import { loadConfig } from '../../src/config.js';
import { createPool, type Sql } from '../../src/db/client.js';
import { loadTestUsers, type TestUsers } from '../support/fixtures.js';
import { freePort } from '../support/free-port.js';

const BURST = 10;
const INSTANCES = 3;
const backend = inject('backend');
const haproxy = ['/usr/sbin/haproxy', '/usr/bin/haproxy', '/usr/local/sbin/haproxy'].find((p) => existsSync(p));
const redisUrl = import.meta.env.LB_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisAnswers(): Promise<boolean> {
  const c = createClient({ url: redisUrl, socket: { connectTimeout: 1000, reconnectStrategy: false } });
  c.on('error', () => {});
  try {
    await c.connect();
    await c.ping();
    return true;
  } catch {
    return false;
  } finally {
    await c.destroy();
  }
}

const skipReason =
  backend.kind === 'pglite' || !backend.app.url
    ? 'skipped: needs a real PostgreSQL backend (TEST_DATABASE_URL); PGlite serves one process'
    : !haproxy
      ? 'skipped: no haproxy binary (run scripts/install-haproxy.sh)'
      : !(await redisAnswers())
        ? `skipped: no Redis answering at ${redisUrl}`
        : null;
if (skipReason) process.stderr.write(`\n[load-balancer] ${skipReason}\n`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();
const report = (line: string) => process.stderr.write(`[load-balancer] ${line}\n`);

interface Instance {
  name: string;
  port: number;
  child: ChildProcess;
  output: string[];
}

interface CallOutcome {
  start: number;
  end: number;
  status: number;
  servedBy: string | null;
  ok: boolean;
  code: string | null;
}

describe.skipIf(skipReason !== null)(`three server instances behind HAProxy, limits shared in Redis${skipReason ? ` (${skipReason})` : ''}`, () => {
  const prefix = `retail-mcp-lb-test:${randomBytes(6).toString('hex')}:`;
  let dir: string;
  let lbPort: number;
  let lbBase: string;
  let proxy: ChildProcess | undefined;
  let proxyErr = '';
  const instances: Instance[] = [];
  let admin: Sql;
  let users: TestUsers;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    const t0 = now();
    dir = mkdtempSync(join(tmpdir(), 'retail-mcp-lb-'));
    lbPort = await freePort();
    lbBase = `http://127.0.0.1:${lbPort}`;
    const config = loadConfig({ DATABASE_URL: backend.admin.url!, RLS_SEAL_KEY: backend.sealKeyHex });
    admin = createPool(backend.admin, config, { max: 1 });
    users = await loadTestUsers(admin);
    for (const u of users.all) {
      tokens.set(u.user_id, await mintDevToken({ secret: backend.devSecret, userId: u.user_id, issuer: DEV_ISSUER, audience: `${lbBase}/mcp`, ttl: '10m' }));
    }

    // The environment of a real deployment, and nothing inherited but PATH and HOME.
    const env = {
      PATH: import.meta.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      HOME: import.meta.env.HOME ?? dir,
      DATABASE_URL: backend.app.url!,
      RLS_SEAL_KEY: backend.sealKeyHex,
      AUTH_DEV_SECRET: backend.devSecret,
      PUBLIC_URL: lbBase,
      HTTP_HOST: '127.0.0.1',
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: prefix,
      // 1 a minute: no token comes back during the test, so a burst is exactly BURST calls.
      RATE_LIMIT_PER_MINUTE: '1',
      RATE_LIMIT_BURST: String(BURST),
      CONCURRENCY_PER_USER: '0',
      DB_POOL_MAX: '4',
      LOG_LEVEL: 'warn',
      RETAIL_MCP_DATA_DIR: dir,
      SHUTDOWN_DRAIN_MS: '1000',
    };
    for (let i = 1; i <= INSTANCES; i++) {
      const port = await freePort();
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve', '--http', '--port', String(port)], {
        cwd: process.cwd(),
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const output: string[] = [];
      child.stdout!.on('data', (d) => output.push(String(d)));
      child.stderr!.on('data', (d) => output.push(String(d)));
      instances.push({ name: `s${i}`, port, child, output });
    }
    await Promise.all(instances.map((s) => waitReady(`http://127.0.0.1:${s.port}/readyz`, s)));
    const serversUp = now();

    writeFileSync(
      join(dir, 'haproxy.cfg'),
      [
        'global',
        '  maxconn 2000',
        '  log stderr format raw local0 info',
        `  stats socket ${join(dir, 'haproxy.sock')} mode 600 level admin`,
        'defaults',
        '  mode http',
        '  log global',
        '  option httplog',
        '  timeout connect 1s',
        '  timeout client 30s',
        '  timeout server 30s',
        // A connection refused by a dead instance is retried on another; a request already sent is not.
        '  retries 2',
        '  option redispatch',
        // Client connections stay alive; each request gets its own server connection, so an idle
        // client connection is never tied to a server that dies (nor to Node's 5 s keep-alive timeout).
        '  option http-server-close',
        'frontend mcp',
        `  bind 127.0.0.1:${lbPort}`,
        '  default_backend servers',
        'backend servers',
        '  balance roundrobin',
        '  option httpchk',
        // The servers accept only their public Host (DNS-rebinding guard), so the check sends it too.
        `  http-check send meth GET uri /readyz ver HTTP/1.1 hdr Host 127.0.0.1:${lbPort}`,
        '  http-check expect status 200',
        // A slow /readyz on a loaded machine must not take a healthy server out (fall 3, check
        // timeout 2 s); a refused connection on real traffic takes it out at once (observe layer4).
        '  timeout check 2s',
        '  default-server inter 300ms fastinter 300ms downinter 500ms fall 3 rise 1 observe layer4 error-limit 1 on-error mark-down',
        '  http-response set-header X-Served-By %[srv_name]',
        ...instances.map((s) => `  server ${s.name} 127.0.0.1:${s.port} check`),
        '',
      ].join('\n'),
    );
    proxy = spawn(haproxy!, ['-f', join(dir, 'haproxy.cfg'), '-db'], { stdio: ['ignore', 'ignore', 'pipe'] });
    proxy.stderr!.on('data', (d) => (proxyErr += String(d)));
    for (let i = 0; ; i++) {
      const up = await serverStates().catch(() => null);
      if (up && Object.values(up).filter((s) => s === 'UP').length === INSTANCES) break;
      if (i > 100 || proxy.exitCode !== null) throw new Error(`haproxy did not bring all servers up: ${proxyErr} ${JSON.stringify(up)}`);
      await sleep(100);
    }
    report(
      `${INSTANCES} instances ready in ${((serversUp - t0) / 1000).toFixed(1)} s; haproxy ${lbBase} with all UP ${((now() - serversUp) / 1000).toFixed(1)} s later`,
    );
  }, 180_000);

  afterAll(async () => {
    proxy?.kill('SIGTERM');
    for (const s of instances) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGTERM');
    await Promise.all(instances.map((s) => (s.child.exitCode === null && s.child.signalCode === null ? new Promise((r) => s.child.once('exit', r)) : null)));
    await admin?.end({ timeout: 2 });
    // Only this test's keys.
    const c = createClient({ url: redisUrl });
    c.on('error', () => {});
    try {
      await c.connect();
      for await (const keys of c.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 })) {
        const list = Array.isArray(keys) ? keys : [keys];
        if (list.length) await c.del(list);
      }
    } catch {
    } finally {
      await c.destroy();
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  async function waitReady(url: string, s: Instance): Promise<void> {
    for (let i = 0; i < 600; i++) {
      if (s.child.exitCode !== null) throw new Error(`${s.name} exited: ${s.output.join('')}`);
      const ok = await fetch(url, { signal: AbortSignal.timeout(1000) }).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return;
      await sleep(200);
    }
    throw new Error(`${s.name} never became ready: ${s.output.join('')}`);
  }

  /** HAProxy's view of each server (UP, DOWN, ...), from its stats socket. */
  function serverStates(): Promise<Record<string, string>> {
    return new Promise((resolve, reject) => {
      const sock = connect(join(dir, 'haproxy.sock'));
      let out = '';
      sock.on('connect', () => sock.write('show stat\n'));
      sock.on('data', (d) => (out += String(d)));
      sock.on('error', reject);
      sock.on('end', () => {
        const lines = out.split('\n');
        const head = lines[0]!.replace(/^# /, '').split(',');
        const [px, sv, st] = ['pxname', 'svname', 'status'].map((k) => head.indexOf(k));
        const states: Record<string, string> = {};
        for (const l of lines.slice(1)) {
          const f = l.split(',');
          if (f[px!] === 'servers' && f[sv!]?.startsWith('s')) states[f[sv!]!] = f[st!]!;
        }
        resolve(states);
      });
    });
  }

  let nextId = 1;
  /** One stateless JSON-RPC tools/call through the balancer. */
  async function call(userId: string, query = 'select count(*)::int as n from retail.orders'): Promise<CallOutcome> {
    const start = now();
    try {
      const res = await fetch(`${lbBase}/mcp`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-protocol-version': '2025-11-25',
          authorization: `Bearer ${tokens.get(userId)}`,
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: nextId++,
          method: 'tools/call',
          params: { name: 'execute_sales_query', arguments: { postgresql_query: query } },
        }),
        signal: AbortSignal.timeout(20_000),
      });
      const servedBy = res.headers.get('x-served-by');
      const text = await res.text();
      if (res.status !== 200) return { start, end: now(), status: res.status, servedBy, ok: false, code: `HTTP_${res.status}` };
      const body = JSON.parse(text) as { result?: { isError?: boolean; content: { text: string }[] }; error?: { message: string } };
      if (!body.result) return { start, end: now(), status: res.status, servedBy, ok: false, code: `JSONRPC ${body.error?.message}` };
      if (!body.result.isError) return { start, end: now(), status: 200, servedBy, ok: true, code: null };
      let code = 'UNPARSED';
      try {
        code = (JSON.parse(body.result.content[0]!.text) as { code: string }).code;
      } catch {}
      return { start, end: now(), status: 200, servedBy, ok: false, code };
    } catch (err) {
      return {
        start,
        end: now(),
        status: 0,
        servedBy: null,
        ok: false,
        code: `FETCH ${(err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name}`,
      };
    }
  }

  const countBy = <T>(xs: T[], key: (x: T) => string) => {
    const counts: Record<string, number> = {};
    for (const x of xs) counts[key(x)] = (counts[key(x)] ?? 0) + 1;
    return counts;
  };

  it(`one user's burst holds across the instances: exactly ${BURST} of 30 calls succeed, the rest are RATE_LIMITED`, async () => {
    const user = users.storeManagers[0]!;
    const outcomes = await Promise.all(Array.from({ length: 30 }, () => call(user.user_id)));
    const ok = outcomes.filter((o) => o.ok);
    const limited = outcomes.filter((o) => o.code === 'RATE_LIMITED');
    const served = countBy(outcomes, (o) => o.servedBy ?? 'none');
    report(
      `burst: ${ok.length} succeeded, ${limited.length} RATE_LIMITED; served by ${JSON.stringify(served)}; successes by ${JSON.stringify(countBy(ok, (o) => o.servedBy!))}`,
    );
    report(`burst outcomes: ${JSON.stringify(countBy(outcomes, (o) => `${o.servedBy} ${o.code ?? 'ok'}`))}`);
    expect(ok.length).toBe(BURST);
    expect(limited.length).toBe(30 - BURST);
    // Every instance took part: the limit is shared, not per instance (each alone would allow BURST).
    expect(Object.keys(served).sort()).toEqual(instances.map((s) => s.name));
    // Another user is not affected.
    expect((await call(users.storeManagers[1]!.user_id)).ok).toBe(true);
  });

  it('killing one instance under load fails only its in-flight calls; HAProxy stops routing to it', async () => {
    // Users other than the burst test's, each well inside its burst (calls are spread evenly).
    const cast = users.all.filter((u) => u.is_active && u.user_id !== users.storeManagers[0]!.user_id && u.user_id !== users.storeManagers[1]!.user_id);
    const total = Math.min(cast.length * (BURST - 2), 240);
    const victim = instances[1]!;
    const outcomes: CallOutcome[] = [];
    let issued = 0;
    let killedAt = Infinity;
    // When the parent saw it exit: on a loaded machine that can be hundreds of ms after kill(), and
    // until then it still accepts and answers calls. A call is in flight if it spans that moment.
    let diedAt = Infinity;
    const died = new Promise<void>((resolve) =>
      victim.child.once('exit', () => {
        diedAt = now();
        resolve();
      }),
    );
    const heavy = 'select store_id, count(*)::int as items, sum(total_amount)::text as revenue from retail.order_items group by store_id order by store_id';
    const workers = Array.from({ length: 9 }, async () => {
      while (issued < total) {
        const u = cast[issued++ % cast.length]!;
        outcomes.push(await call(u.user_id, heavy));
      }
    });
    const killer = (async () => {
      while (outcomes.length < total / 3) await sleep(5);
      killedAt = now();
      victim.child.kill('SIGKILL');
      await died;
    })();
    await Promise.all([...workers, killer]);
    const states = await serverStates();

    const failed = outcomes.filter((o) => !o.ok);
    const inFlightAtDeath = outcomes.filter((o) => o.start <= diedAt && o.end >= killedAt);
    const afterDeath = outcomes.filter((o) => o.start > diedAt);
    const late = outcomes.filter((o) => o.start > diedAt + 1000);
    const beforeKill = outcomes.filter((o) => o.end < killedAt);
    report(
      `kill under load: ${outcomes.length} calls at concurrency 9; ${victim.name} SIGKILLed, exit seen ${(diedAt - killedAt).toFixed(0)} ms later; ` +
        `${inFlightAtDeath.length} calls were in flight (all instances) between kill() and exit: ${JSON.stringify(countBy(inFlightAtDeath, (o) => `${o.servedBy ?? 'none'} ${o.code ?? 'ok'}`))}; ` +
        `${failed.length} failed in all (${JSON.stringify(countBy(failed, (o) => o.code!))}); before the kill served by ${JSON.stringify(countBy(beforeKill, (o) => o.servedBy ?? 'none'))}; ` +
        `after the exit ${JSON.stringify(countBy(afterDeath, (o) => `${o.servedBy ?? 'none'} ${o.code ?? 'ok'}`))}; haproxy now ${JSON.stringify(states)}`,
    );
    // Only calls that were running on it when it died failed: none before, none after.
    for (const f of failed) {
      expect(f.start, `a call that started after the exit failed: ${f.code}`).toBeLessThanOrEqual(diedAt);
      expect(f.end, `a call that ended before the kill failed: ${f.code}`).toBeGreaterThanOrEqual(killedAt);
    }
    expect(failed.length).toBeLessThanOrEqual(inFlightAtDeath.length);
    // Calls on the other instances at the same moment succeeded.
    expect(inFlightAtDeath.some((o) => o.ok && o.servedBy !== victim.name)).toBe(true);
    expect(failed.every((f) => f.code !== 'RATE_LIMITED')).toBe(true);
    expect(afterDeath.length).toBeGreaterThan(20);
    expect(afterDeath.every((o) => o.ok && o.servedBy !== victim.name)).toBe(true);
    expect(late.every((o) => o.servedBy !== victim.name)).toBe(true);
    expect(beforeKill.some((o) => o.servedBy === victim.name)).toBe(true);
    expect(states[victim.name]).toMatch(/^DOWN/);
    expect(states[instances[0]!.name]).toBe('UP');
    expect(states[instances[2]!.name]).toBe('UP');
  }, 60_000);
});
