// export_query_result against a real S3-compatible server (s3rver on a loopback port, no mocks of
// the S3 client) and against the data-dir store: the link is fetched with a plain HTTP GET, holds
// exactly the caller's rows and exact values, expires, is the owner's alone; a cancelled or
// over-limit export leaves no object and no metadata row; a missing scope is a step-up challenge.
import { gunzipSync } from 'node:zlib';
import { InMemoryTransport } from '@modelcontextprotocol/client';
import { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintDevToken } from '../../src/auth/dev-token.js';
import { CUSTOMERS_PII_SCOPE, EXPORT_SCOPE } from '../../src/auth/scopes.js';
import { loadConfig } from '../../src/config.js';
import { createExportService, type ExportLimits } from '../../src/exports/export-service.js';
import { serveStdio } from '../../src/transports/stdio.js';
import { loadTestUsers, type TestUsers } from '../support/fixtures.js';
import { callTool, type Harness, openHarness, startHttp } from '../support/harness.js';
import { startTestS3, type TestS3 } from '../support/s3-server.js';

let h: Harness;
let users: TestUsers;
let s3: TestS3;
let http: Awaited<ReturnType<typeof startHttp>>;

function s3Service(limits: Partial<ExportLimits> = {}) {
  const config = loadConfig({
    DATABASE_URL: h.config.DATABASE_URL,
    RLS_SEAL_KEY: h.config.RLS_SEAL_KEY,
    AUTH_DEV_SECRET: h.config.AUTH_DEV_SECRET,
    S3_BUCKET: s3.bucket,
    S3_ENDPOINT: s3.endpoint,
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    S3_FORCE_PATH_STYLE: 'true',
  } as Record<string, string>);
  return createExportService(config, h.app, h.config.RLS_SEAL_KEY!, limits);
}

function fileService(dataDir: string, baseUrl: string, limits: Partial<ExportLimits> = {}) {
  const url = new URL(baseUrl);
  const config = loadConfig({
    DATABASE_URL: h.config.DATABASE_URL,
    RLS_SEAL_KEY: h.config.RLS_SEAL_KEY,
    AUTH_DEV_SECRET: h.config.AUTH_DEV_SECRET,
    RETAIL_MCP_DATA_DIR: dataDir,
    HTTP_HOST: url.hostname,
    HTTP_PORT: url.port,
  } as Record<string, string>);
  return createExportService(config, h.app, h.config.RLS_SEAL_KEY!, limits);
}

const token = (userId: string, scopes: string[] = []) =>
  mintDevToken({ secret: h.config.AUTH_DEV_SECRET!, userId, issuer: h.auth.issuer, audience: h.auth.audience, ttl: '10m', scopes });

/** A client over the stdio entry (in memory), 2025 era, with exactly this token. */
async function stdioClient(tokenText: string) {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const stop = await serveStdio({
    token: tokenText,
    verifyToken: h.auth.verifyToken,
    resolvePrincipal: h.auth.resolvePrincipal,
    serverDeps: h.deps,
    transport: serverSide,
  });
  const client = new LegacyClient({ name: 'exports-test', version: '1.0.0' });
  await client.connect(clientSide as never);
  return {
    client,
    callTool: (name: string, args: Record<string, unknown>) => callTool(client as never, name, args),
    close: async () => {
      await client.close();
      await stop();
    },
  };
}

/** RFC 4180, strictly: what a spreadsheet or another system would read back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length) throw new Error('CSV does not end with CRLF');
  return rows;
}

async function metadataCount(ownerId?: string): Promise<number> {
  const [row] = await h.admin.begin(async (tx) => {
    // As the admin (superuser): FORCE RLS binds even the owner, and policies name only the reader and writer.
    return ownerId
      ? tx`select count(*)::int as n from retail_exports.exports where owner_id = ${ownerId}`
      : tx`select count(*)::int as n from retail_exports.exports`;
  });
  return row!.n as number;
}

const LAST_YEAR = `select oi.order_item_id, o.store_id, o.order_date, oi.product_id, oi.quantity, oi.unit_price, oi.total_amount
  from retail.order_items oi join retail.orders o using (order_id)
 where o.order_date >= date_trunc('year', current_date) - interval '1 year' and o.order_date < date_trunc('year', current_date)
 order by oi.order_item_id`;

beforeAll(async () => {
  h = await openHarness();
  users = await loadTestUsers(h.admin);
  s3 = await startTestS3();
  h.deps.exports = s3Service();
  http = await startHttp(h);
});
afterAll(async () => {
  await http?.close();
  await h?.close();
  await s3?.close();
});

describe('export_query_result to a real S3-compatible server', () => {
  it("a store manager's gzip CSV link returns exactly their store's rows for last year, and the metadata is theirs", async () => {
    const manager = users.storeManagers[0]!;
    const { client, callTool: call } = await http.connect(await token(manager.user_id, [EXPORT_SCOPE]));
    const r = await call('export_query_result', { sql: LAST_YEAR });
    expect(r.isError, r.text).toBe(false);
    expect(r.structured.uri).toMatch(/^retail:\/\/exports\/[0-9a-f-]{36}$/);
    const raw = (await client.callTool({ name: 'export_query_result', arguments: { sql: 'select 1 as one' } })) as {
      content: { type: string; uri?: string }[];
    };
    expect(raw.content.some((c) => c.type === 'resource_link' && /^retail:\/\/exports\//.test(c.uri ?? ''))).toBe(true);

    const res = await fetch(r.structured.download_url);
    expect(res.status).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.length).toBe(r.structured.bytes);
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(body).digest('hex')).toBe(r.structured.sha256);
    const rows = parseCsv(gunzipSync(body).toString('utf8'));
    expect(rows[0]).toEqual(['order_item_id', 'store_id', 'order_date', 'product_id', 'quantity', 'unit_price', 'total_amount']);
    const data = rows.slice(1);
    expect(data.length).toBe(r.structured.rows);
    expect(new Set(data.map((x) => Number(x[1])))).toEqual(new Set(manager.store_ids));
    // The direct count, as the owner (outside RLS), for that store alone.
    const [direct] = await h.admin.begin(async (tx) => {
      await tx`set local role retail_owner`;
      return tx.unsafe(`select count(*)::int as n from (${LAST_YEAR}) x where store_id = any($1::int[])`, [manager.store_ids]);
    });
    expect(data.length).toBe(direct!.n);
    expect(data.length).toBeGreaterThan(0);

    // The object sits under the user's hashed prefix, by year and month.
    const keys = (await s3.storedFiles()).filter((f) => f.includes(`${r.structured.uri.split('/').at(-1)}.csv.gz`));
    expect(keys.some((k) => /exports\/[0-9a-f]{16}\/\d{4}\/\d{2}\//.test(k))).toBe(true);
    await client.close();
  });

  it('the CSV round-trips exact values: decimals, dates, timestamps, text with commas, quotes and newlines, empty vs null', async () => {
    const owner = users.headOffice;
    const { client, callTool: call } = await http.connect(await token(owner.user_id, [EXPORT_SCOPE]));
    const r = await call('export_query_result', {
      format: 'csv',
      sql: `select 1234567890123.123456789::numeric as amount, 0.10::numeric(10,2) as dime, date '2024-02-29' as day,
                   timestamptz '2024-03-01 12:34:56.789+00' as at, 'a, "quoted"' || chr(10) || 'line' || chr(13) || chr(10) || 'two' as note,
                   '' as empty, null::text as nothing, 9007199254740993::bigint as big, true as flag, 'héllo €' as utf8`,
    });
    expect(r.isError, r.text).toBe(false);
    const text = await (await fetch(r.structured.download_url)).text();
    expect(parseCsv(text)).toEqual([
      ['amount', 'dime', 'day', 'at', 'note', 'empty', 'nothing', 'big', 'flag', 'utf8'],
      ['1234567890123.123456789', '0.10', '2024-02-29', '2024-03-01T12:34:56.789Z', 'a, "quoted"\nline\r\ntwo', '', '', '9007199254740993', 'true', 'héllo €'],
    ]);
    // NULL is an empty field, the empty string is "".
    expect(text).toContain(',"",,9007199254740993,');
    await client.close();
  });

  it('a query_metrics request exports as the caller too', async () => {
    const manager = users.storeManagers[1]!;
    const { client, callTool: call } = await http.connect(await token(manager.user_id, [EXPORT_SCOPE]), '2026');
    const r = await call('export_query_result', { query_metrics: { metrics: ['net_revenue'], group_by: ['store'], period: 'last-365-days' }, format: 'csv' });
    expect(r.isError, r.text).toBe(false);
    const rows = parseCsv(await (await fetch(r.structured.download_url)).text());
    expect(rows.length).toBe(2); // header + the one store
    expect(r.structured.rows).toBe(1);
    await client.close();
  });

  it('the download URL expires', async () => {
    const previous = h.deps.exports;
    h.deps.exports = s3Service({ urlTtlS: 1 });
    try {
      const { client, callTool: call } = await http.connect(await token(users.storeManagers[0]!.user_id, [EXPORT_SCOPE]));
      const r = await call('export_query_result', { sql: 'select 1 as one', format: 'csv' });
      expect(r.isError, r.text).toBe(false);
      expect((await fetch(r.structured.download_url)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 2200));
      expect((await fetch(r.structured.download_url)).status).toBe(403);
      await client.close();
    } finally {
      h.deps.exports = previous;
    }
  });

  it("another user cannot list, read or fetch someone's export; the owner can, with a fresh link", async () => {
    const owner = users.storeManagers[0]!;
    const other = users.storeManagers[1]!;
    const a = await http.connect(await token(owner.user_id, [EXPORT_SCOPE]));
    const r = await a.callTool('export_query_result', { sql: 'select 42 as answer', format: 'csv' });
    expect(r.isError, r.text).toBe(false);
    const id = String(r.structured.uri).split('/').at(-1)!;

    const mine = (await (a.client as unknown as LegacyClient).readResource({ uri: 'retail://exports' })) as { contents: { text: string }[] };
    expect(JSON.parse(mine.contents[0]!.text).exports.map((e: { id: string }) => e.id)).toContain(id);
    const one = (await (a.client as unknown as LegacyClient).readResource({ uri: r.structured.uri })) as { contents: { text: string }[] };
    const meta = JSON.parse(one.contents[0]!.text);
    expect(meta).toMatchObject({ id, rows: 1, format: 'csv', sha256: r.structured.sha256 });
    expect(await (await fetch(meta.download_url)).text()).toBe('answer\r\n42\r\n');

    const b = await http.connect(await token(other.user_id, [EXPORT_SCOPE]));
    const theirs = (await (b.client as unknown as LegacyClient).readResource({ uri: 'retail://exports' })) as { contents: { text: string }[] };
    expect(JSON.parse(theirs.contents[0]!.text).exports.map((e: { id: string }) => e.id)).not.toContain(id);
    await expect((b.client as unknown as LegacyClient).readResource({ uri: r.structured.uri })).rejects.toThrow(/NOT_FOUND/);
    // Head office sees every store, but not other users' exports either.
    const ho = await http.connect(await token(users.headOffice.user_id, [EXPORT_SCOPE]));
    await expect((ho.client as unknown as LegacyClient).readResource({ uri: r.structured.uri })).rejects.toThrow(/NOT_FOUND/);
    // Fetching needs a link, and only the owner can get one (above). A forged link is refused by the
    // data-dir store (tested below) and by S3 or MinIO; s3rver checks a presigned URL's expiry and
    // access key but not its SigV4 signature, so forgery is not tested against it here.
    for (const c of [a, b, ho]) await c.client.close();
  });

  it('a fresh link needs the rights that made the export: retail.export, and retail.customers.pii for an export made with it', async () => {
    const hq = users.headOffice.user_id;
    const withPii = await http.connect(await token(hq, [EXPORT_SCOPE, CUSTOMERS_PII_SCOPE]));
    const r = await withPii.callTool('export_query_result', { sql: 'select email from retail.customer_contacts order by customer_id limit 3', format: 'csv' });
    expect(r.isError, r.text).toBe(false);
    const exportOnly = await http.connect(await token(hq, [EXPORT_SCOPE]));
    const noScope = await http.connect(await token(hq, []));
    const read = (c: typeof withPii) => (c.client as unknown as LegacyClient).readResource({ uri: r.structured.uri });
    await expect(read(exportOnly)).rejects.toThrow(/INSUFFICIENT_SCOPE.*retail\.customers\.pii/);
    await expect(read(noScope)).rejects.toThrow(/INSUFFICIENT_SCOPE.*retail\.export/);
    const again = (await read(withPii)) as { contents: { text: string }[] };
    expect(JSON.parse(again.contents[0]!.text).download_url).toBeTruthy();
    for (const c of [withPii, exportOnly, noScope]) await c.client.close();
  });

  it('a fresh link needs every store the export was made under still visible to the caller, as the database sees it now', async () => {
    const manager = users.storeManagers[0]!;
    const taken = users.allStoreIds.find((id) => !manager.store_ids.includes(id))!;
    const c = await http.connect(await token(manager.user_id, [EXPORT_SCOPE]));
    try {
      const r = await c.callTool('export_query_result', { sql: 'select store_id, count(*) as n from retail.orders group by store_id', format: 'csv' });
      expect(r.isError, r.text).toBe(false);
      const id = String(r.structured.uri).split('/').at(-1)!;
      const setStores = (ids: number[] | null) => h.admin.begin((tx) => tx`update retail_exports.exports set store_ids = ${ids} where export_id = ${id}`);
      const [recorded] = await h.admin.begin((tx) => tx`select store_ids from retail_exports.exports where export_id = ${id}`);
      expect(recorded!.store_ids).toEqual(manager.store_ids);
      const read = async () =>
        JSON.parse(
          ((await (c.client as unknown as LegacyClient).readResource({ uri: r.structured.uri })) as { contents: { text: string }[] }).contents[0]!.text,
        );
      expect((await read()).download_url).toBeTruthy();
      // As if made while the manager also had another store, since taken away (a move between stores
      // is the same check: the recorded set is no longer inside what the database lets them see).
      await setStores([...manager.store_ids, taken]);
      await expect(read()).rejects.toThrow(/FORBIDDEN.*stores you no longer see/);
      // An export recorded before migration 024 (no store set) gets no new link.
      await setStores(null);
      await expect(read()).rejects.toThrow(/FORBIDDEN.*predates that record/);
      await setStores(manager.store_ids);
      expect((await read()).download_url).toBeTruthy();
    } finally {
      await c.client.close();
    }
  });

  it('a cancelled export stops the query, aborts the multipart upload and leaves no object or metadata', async () => {
    const manager = users.storeManagers[0]!;
    const before = await metadataCount(manager.user_id);
    const { client } = await http.connect(await token(manager.user_id, [EXPORT_SCOPE]));
    const ac = new AbortController();
    let progressed = 0;
    const call = (client as unknown as LegacyClient).callTool(
      {
        name: 'export_query_result',
        // Large and slow on purpose: every order line of the store, 400 times, uncompressed (many 8 MB parts).
        arguments: { sql: 'select oi.*, n from retail.order_items oi cross join generate_series(1, 400) n', format: 'csv' },
      },
      undefined,
      {
        signal: ac.signal,
        onprogress: (p) => {
          progressed = p.progress;
          if (p.progress > 150_000) ac.abort();
        },
        timeout: 120_000,
      },
    );
    await expect(call).rejects.toThrow();
    expect(progressed).toBeGreaterThan(150_000);
    // The server finishes the cancellation on its own: wait until the statement is gone.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const [row] =
        await h.admin`select count(*)::int as n from pg_stat_activity where query like '%generate_series(1, 400)%' and pid <> pg_backend_pid() and state = 'active'`;
      if (row!.n === 0 || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await metadataCount(manager.user_id)).toBe(before);
    const { ListObjectsV2Command, S3Client } = await import('@aws-sdk/client-s3');
    const c = new S3Client({
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    });
    const listed = await c.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
    const ids = (listed.Contents ?? []).map((o) => o.Key!);
    const known = await h.admin.begin(async (tx) => {
      // As the admin (superuser): FORCE RLS binds even the owner, and policies name only the reader and writer.
      return (await tx`select location from retail_exports.exports`).map((r) => String(r.location).split('/').slice(3).join('/'));
    });
    // Every object in the bucket belongs to a finished export with its metadata row.
    expect(ids.filter((k) => !known.includes(k))).toEqual([]);
    // No multipart parts are left: an upload that had started was aborted (AbortMultipartUpload),
    // not left to expire. (Whether one had started depends on speed: the first part is 8 MB.)
    expect((await s3.storedFiles()).filter((f) => f.includes('._S3rver_uploads/'))).toEqual([]);
    await client.close();
  }, 60_000);

  it('at most EXPORT_MAX_CONCURRENT exports run at once: another is refused with a retryable EXPORTS_BUSY, and the slot frees when one ends', async () => {
    const previous = h.deps.exports;
    const manager = users.storeManagers[0]!;
    const other = users.storeManagers[1]!;
    const before = await metadataCount(other.user_id);
    const busyError = { code: 'EXPORTS_BUSY', retryAfterSeconds: 10 };
    try {
      const exports = s3Service({ maxConcurrent: 1 });
      h.deps.exports = exports;
      const { client } = await http.connect(await token(manager.user_id, [EXPORT_SCOPE]));
      const ac = new AbortController();
      let running: () => void = () => {};
      const started = new Promise<void>((resolve) => (running = resolve));
      const slow = (client as unknown as LegacyClient).callTool(
        { name: 'export_query_result', arguments: { sql: 'select oi.*, n from retail.order_items oi cross join generate_series(1, 400) n', format: 'csv' } },
        undefined,
        { signal: ac.signal, onprogress: (p) => p.progress > 0 && running(), timeout: 120_000 },
      );
      slow.catch(() => {});
      await started;
      // The running export holds the only slot. (Asked in-process: on the embedded backend a second
      // call's own database work would wait behind the export's open transaction.)
      expect(() => exports.startExport()).toThrow(expect.objectContaining(busyError));
      ac.abort();
      await expect(slow).rejects.toThrow();
      // The cancelled export gives its slot back once its statement has stopped.
      let freed: (() => void) | undefined;
      for (const until = Date.now() + 30_000; !freed && Date.now() < until; ) {
        try {
          freed = exports.startExport();
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      expect(freed).toBeTypeOf('function');

      // While the slot is taken, another user's export is refused at once, before any database work.
      const otherClient = await http.connect(await token(other.user_id, [EXPORT_SCOPE]));
      const busy = await otherClient.callTool('export_query_result', { sql: 'select store_id from retail.stores' });
      expect(busy.error).toMatchObject({ code: 'EXPORTS_BUSY', retryable: true, retry_after_seconds: 10 });
      expect(busy.error?.message).toMatch(/EXPORT_MAX_CONCURRENT/);
      expect(await metadataCount(other.user_id)).toBe(before);

      // Once it is given back, the same call succeeds.
      freed!();
      const done = await otherClient.callTool('export_query_result', { sql: 'select store_id from retail.stores' });
      expect(done.error).toBeUndefined();
      expect(done.structured.rows).toBe(1);
      expect(await metadataCount(other.user_id)).toBe(before + 1);
      await client.close();
    } finally {
      h.deps.exports = previous;
    }
  }, 60_000);

  it('each limit has its own error, and leaves nothing behind', async () => {
    const previous = h.deps.exports;
    const manager = users.storeManagers[0]!;
    const tok = await token(manager.user_id, [EXPORT_SCOPE]);
    const before = await metadataCount(manager.user_id);
    try {
      h.deps.exports = s3Service({ maxRows: 10 });
      let r = await (await http.connect(tok)).callTool('export_query_result', { sql: 'select * from retail.order_items' });
      expect(r.error?.code).toBe('EXPORT_TOO_MANY_ROWS');
      expect(r.error?.message).toMatch(/EXPORT_MAX_ROWS/);
      h.deps.exports = s3Service({ maxBytes: 2048 });
      r = await (await http.connect(tok)).callTool('export_query_result', { sql: 'select * from retail.order_items' });
      expect(r.error?.code).toBe('EXPORT_TOO_LARGE');
      h.deps.exports = s3Service({ maxDurationMs: 1000 });
      r = await (await http.connect(tok)).callTool('export_query_result', {
        sql: 'select oi.*, n from retail.order_items oi cross join generate_series(1, 2000) n',
      });
      expect(r.error?.code).toBe('EXPORT_TOO_SLOW');
      h.deps.exports = s3Service({ statementTimeoutMs: 200 });
      r = await (await http.connect(tok)).callTool('export_query_result', {
        sql: 'select count(*) from retail.order_items a cross join retail.order_items b cross join generate_series(1, 100)',
      });
      expect(r.error?.code).toBe('QUERY_TIMEOUT');
    } finally {
      h.deps.exports = previous;
    }
    expect(await metadataCount(manager.user_id)).toBe(before);
  }, 60_000);
});

describe('scopes and step-up', () => {
  it('over HTTP a token without retail.export gets 403 insufficient_scope with the scope and the metadata URL', async () => {
    const tok = await token(users.storeManagers[0]!.user_id, [CUSTOMERS_PII_SCOPE]);
    const res = await fetch(`${http.base}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tok}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2025-11-25',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'export_query_result', arguments: { sql: 'select 1' } } }),
    });
    expect(res.status).toBe(403);
    const challenge = res.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(/^Bearer /);
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toContain('scope="retail.export"');
    expect(challenge).toMatch(/resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource\/mcp"/);
    // Other tools still work with that token.
    const { callTool: call, client } = await http.connect(tok);
    expect((await call('get_current_utc_date')).isError).toBe(false);
    await client.close();
  });

  it('the protected-resource metadata lists the supported scopes', async () => {
    const meta = await (await fetch(`${http.base}/.well-known/oauth-protected-resource/mcp`)).json();
    expect(meta.scopes_supported).toEqual(['retail.export', 'retail.customers.pii']);
  });

  it('on stdio the same refusal is a clear tool error, and the scope makes it work', async () => {
    const manager = users.storeManagers[0]!;
    const without = await stdioClient(await token(manager.user_id));
    const r = await without.callTool('export_query_result', { sql: 'select 1 as one' });
    expect(r.error?.code).toBe('INSUFFICIENT_SCOPE');
    expect(r.error?.message).toMatch(/retail\.export/);
    await without.close();
    const withScope = await stdioClient(await token(manager.user_id, [EXPORT_SCOPE]));
    expect((await withScope.callTool('export_query_result', { sql: 'select 1 as one' })).isError).toBe(false);
    await withScope.close();
  });
});

describe('the metadata table', () => {
  it('records who, the SQL fingerprint, rows, bytes and where; the writer may only insert and the reader only read its own', async () => {
    const [row] = await h.admin.begin(async (tx) => {
      // As the admin (superuser): FORCE RLS binds even the owner, and policies name only the reader and writer.
      return tx`select * from retail_exports.exports where sql_fingerprint is not null order by created_at desc limit 1`;
    });
    expect(row).toMatchObject({ storage: 's3', source: 'sql' });
    expect(String(row!.location)).toMatch(/^s3:\/\/retail-exports\/exports\/[0-9a-f]{16}\/\d{4}\/\d{2}\/[0-9a-f-]{36}\.csv(\.gz)?$/);
    expect(row!.sql_normalized).toBeTruthy();
    const refused = (role: string, sql: string) =>
      h.admin.begin(async (tx) => {
        await tx.unsafe(`set local role ${role}`);
        await tx.unsafe(sql);
      });
    await expect(refused('retail_exporter', 'select * from retail_exports.exports')).rejects.toThrow(/permission denied/);
    await expect(refused('retail_exporter', 'delete from retail_exports.exports')).rejects.toThrow(/permission denied/);
    await expect(refused('retail_reader', 'update retail_exports.exports set bytes = 0')).rejects.toThrow(/permission denied/);
    // Without a sealed context the reader sees nothing at all.
    const seen = await h.admin.begin(async (tx) => {
      await tx`set local role retail_reader`;
      return tx`select count(*)::int as n from retail_exports.exports`;
    });
    expect(seen[0]!.n).toBe(0);
  });
});

describe('export_query_result to the data dir (no S3 settings)', () => {
  it('writes a file and serves it at GET /exports/{id} with a signed, expiring link', async () => {
    const { mkdtemp, readdir, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'retail-exports-'));
    const previous = h.deps.exports;
    h.deps.exports = fileService(dir, http.base);
    try {
      const manager = users.storeManagers[2]!;
      const { client, callTool: call } = await http.connect(await token(manager.user_id, [EXPORT_SCOPE]));
      const r = await call('export_query_result', { sql: 'select store_id, count(*) as orders from retail.orders group by store_id' });
      expect(r.isError, r.text).toBe(false);
      expect(r.structured.download_url).toMatch(new RegExp(`^${http.base}/exports/[0-9a-f-]{36}\\?`));
      const res = await fetch(r.structured.download_url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/gzip');
      const rows = parseCsv(gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8'));
      expect(rows.slice(1).map((x) => Number(x[0]))).toEqual(manager.store_ids);
      // A changed signature, expiry or key is refused.
      const u = new URL(r.structured.download_url);
      const bad = new URL(u);
      bad.searchParams.set('expires', String(Number(u.searchParams.get('expires')) + 3600));
      expect((await fetch(bad)).status).toBe(403);
      const other = new URL(u);
      other.searchParams.set('key', u.searchParams.get('key')!.replace(/[0-9a-f]{16}/, '0000000000000000'));
      expect((await fetch(other)).status).toBe(403);
      // No partial files are left beside it.
      const walk = async (d: string): Promise<string[]> =>
        (await readdir(d, { withFileTypes: true }))
          .flatMap((e) => (e.isDirectory() ? [] : [join(d, e.name)]))
          .concat(...(await Promise.all((await readdir(d, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => walk(join(d, e.name))))));
      expect((await walk(dir)).filter((f) => f.includes('.partial-'))).toEqual([]);
      await client.close();

      // Expired: a 1-second link.
      h.deps.exports = fileService(dir, http.base, { urlTtlS: 1 });
      const again = await http.connect(await token(manager.user_id, [EXPORT_SCOPE]));
      const r2 = await again.callTool('export_query_result', { sql: 'select 1 as one', format: 'csv' });
      expect((await fetch(r2.structured.download_url)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 2200));
      expect((await fetch(r2.structured.download_url)).status).toBe(403);
      await again.client.close();
    } finally {
      h.deps.exports = previous;
      await rm(dir, { recursive: true, force: true });
    }
  });
});
