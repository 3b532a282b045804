// The HTTP transport with real signed tokens: who gets in, who gets 401/403, and the headers
// an MCP client needs to find the authorization server.
import { request } from 'node:http';
import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTestUsers, type TestUsers } from '../support/fixtures.js';
import { type Harness, openHarness, startHttp } from '../support/harness.js';

let h: Harness;
let http: Awaited<ReturnType<typeof startHttp>>;
let users: TestUsers;

beforeAll(async () => {
  h = await openHarness();
  http = await startHttp(h);
  users = await loadTestUsers(h.admin);
});
afterAll(async () => {
  await http.close();
  await h.close();
});

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
};

async function post(token: string | null, headers: Record<string, string> = {}) {
  return fetch(`${http.base}/mcp`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: JSON.stringify(initialize),
  });
}

function sign(claims: Record<string, unknown>, o: { secret?: string; iss?: string; aud?: string; exp?: string | number; sub?: string } = {}) {
  const secret = new TextEncoder().encode(o.secret ?? (h.config.AUTH_DEV_SECRET as string));
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(o.sub ?? users.storeManagers[0]!.user_id)
    .setIssuer(o.iss ?? h.auth.issuer)
    .setAudience(o.aud ?? h.auth.audience)
    .setIssuedAt()
    .setExpirationTime(o.exp ?? '5m')
    .sign(secret);
}

describe('HTTP transport auth', () => {
  it('a store manager with a valid token lists tools and sees only their store over HTTP', async () => {
    const manager = users.storeManagers[2]!;
    const { client, callTool } = await http.connect(await h.tokenFor(manager.user_id));
    const tools = await client.listTools();
    expect(tools.tools.map((t) => t.name).sort()).toEqual([
      'compare_stores',
      'execute_sales_query',
      'export_query_result',
      'get_current_utc_date',
      'get_inventory_alerts',
      'get_multiple_table_schemas',
      'get_sales_trend',
      'get_store_performance',
      'get_top_products',
      'list_metrics',
      'query_metrics',
      'semantic_search_products',
    ]);
    // Every tool costs every conversation tokens: the whole catalogue stays under 20 KB of JSON.
    expect(Buffer.byteLength(JSON.stringify(tools))).toBeLessThan(20_000);
    const r = await callTool('execute_sales_query', { postgresql_query: 'select distinct store_id from retail.orders' });
    expect(r.structured.rows).toEqual([{ store_id: manager.store_ids[0] }]);
    await client.close();
  });

  it('no token → 401 with a resource_metadata challenge', async () => {
    const res = await post(null);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer resource_metadata="http:\/\/.+\/\.well-known\/oauth-protected-resource\/mcp"/);
  });

  it('serves Protected Resource Metadata at the well-known path and its path form', async () => {
    for (const path of ['/.well-known/oauth-protected-resource', '/.well-known/oauth-protected-resource/mcp']) {
      const res = await fetch(`${http.base}${path}`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ resource: h.config.resourceUrl, bearer_methods_supported: ['header'] });
    }
  });

  const bad: Array<[string, () => Promise<string>]> = [
    ['expired', () => sign({}, { exp: Math.floor(Date.now() / 1000) - 3600 })],
    ['wrong audience', () => sign({}, { aud: 'https://someone-else.example/mcp' })],
    ['wrong issuer', () => sign({}, { iss: 'https://evil.example' })],
    ['wrongly signed', () => sign({}, { secret: 'x'.repeat(40) })],
    [
      'alg none',
      async () => {
        const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
        const now = Math.floor(Date.now() / 1000);
        return `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ sub: users.headOffice.user_id, iss: h.auth.issuer, aud: h.auth.audience, iat: now, exp: now + 300 })}.`;
      },
    ],
    [
      'RS256 token when the server pins HS256',
      async () => {
        const { privateKey } = await generateKeyPair('RS256');
        return new SignJWT({})
          .setProtectedHeader({ alg: 'RS256' })
          .setSubject(users.headOffice.user_id)
          .setIssuer(h.auth.issuer)
          .setAudience(h.auth.audience)
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(privateKey);
      },
    ],
    [
      'no exp',
      () =>
        new SignJWT({})
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject(users.headOffice.user_id)
          .setIssuer(h.auth.issuer)
          .setAudience(h.auth.audience)
          .setIssuedAt()
          .sign(new TextEncoder().encode(h.config.AUTH_DEV_SECRET!)),
    ],
    ['sub not a uuid', () => sign({}, { sub: 'admin' })],
  ];
  for (const [name, make] of bad) {
    it(`rejects a token that is ${name} with 401`, async () => {
      const res = await post(await make());
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
      const body = await res.json();
      expect(JSON.stringify(body)).not.toMatch(/eyJ/); // never echoes the token
    });
  }

  it('a token for another audience (e.g. minted for another port) is told which audience this server expects', async () => {
    const res = await post(await sign({}, { aud: 'http://127.0.0.1:4000/mcp' }));
    expect(res.status).toBe(401);
    expect(JSON.stringify(await res.json())).toContain(`expected ${h.auth.audience}`);
  });

  it('an unknown user gets 403 with a clear message, and no step-up challenge (a broader token cannot help)', async () => {
    const res = await post(await sign({}, { sub: '00000000-0000-4000-8000-00000000beef' }));
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: 'access_denied', error_description: expect.stringMatching(/not known to retail-mcp or has been disabled/) });
    expect(res.headers.get('www-authenticate')).toBeNull();
  });

  it('a disabled user gets 403 access_denied, without a step-up challenge', async () => {
    const res = await post(await h.tokenFor(users.disabled.user_id));
    expect(res.status).toBe(403);
    expect((await res.json()).error).toBe('access_denied');
    expect(res.headers.get('www-authenticate')).toBeNull();
  });

  it('a bad Origin gets 403, and so does a Host that is not loopback (DNS rebinding)', async () => {
    const token = await h.tokenFor(users.headOffice.user_id);
    expect((await post(token, { origin: 'https://evil.example' })).status).toBe(403);
    // fetch() cannot override Host, so send a raw request as a rebinding browser would.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: http.port,
          path: '/mcp',
          method: 'POST',
          headers: { host: 'evil.example', authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(403);
  });

  it('GET /healthz answers without a token', async () => {
    const res = await fetch(`${http.base}/healthz`);
    expect(res.status).toBe(200);
  });

  it('the server pins the algorithm of a PEM key: an HS256 token made with the public key text is refused', async () => {
    const { publicKey } = await generateKeyPair('RS256');
    const pem = await exportSPKI(publicKey);
    const { createTokenVerifier } = await import('../../src/auth/verify-token.js');
    const verify = await createTokenVerifier({
      publicKeyPem: pem,
      publicKeyAlg: 'RS256',
      issuer: 'i',
      audience: 'a',
      clockToleranceSeconds: 5,
      maxTokenAge: '1h',
    });
    const confused = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(users.headOffice.user_id)
      .setIssuer('i')
      .setAudience('a')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(pem));
    await expect(verify(confused)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
