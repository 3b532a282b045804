// Bring your own embedding model, end to end: the OpenAI-compatible provider against a real local
// HTTP server that speaks the embeddings API (deterministic vectors, so the expected ranking can be
// computed here), the backfill, and semantic_search_products through a real MCP client. The
// embeddings of one model never mix with another's: the new model's search ranks by its own vectors
// only, and the offline model's rows and answers are unchanged.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillEmbeddings } from '../../src/embeddings/backfill.js';
import { createOpenAiEmbedder } from '../../src/embeddings/openai.js';
import { productEmbeddingText } from '../../src/embeddings/product-text.js';
import { loadTestUsers, type TestUsers } from '../support/fixtures.js';
import { type Harness, openHarness, setup } from '../support/harness.js';

const MODEL = 'byo-test-model';
const DIMS = 24;

/** The server's model: sha256 of the text, scaled to [-1, 1]; deterministic, and unlike USE-Lite. */
function vectorFor(text: string): number[] {
  const bytes = createHash('sha512').update(text).digest();
  return Array.from({ length: DIMS }, (_, i) => (bytes[i]! - 127.5) / 127.5);
}
const cosine = (a: number[], b: number[]) => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((x, i) => {
    dot += x * b[i]!;
    na += x * x;
    nb += b[i]! * b[i]!;
  });
  return dot / Math.sqrt(na * nb);
};

let h: Harness;
let users: TestUsers;
let server: Server;
let baseURL: string;
let requests = 0;

beforeAll(async () => {
  h = await openHarness();
  users = await loadTestUsers(h.admin);
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      requests++;
      const body = JSON.parse(raw) as { model: string; input: string[] };
      const data = body.input.map((text, index) => ({ object: 'embedding', index, embedding: vectorFor(text) }));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', model: body.model, data, usage: { prompt_tokens: 1, total_tokens: 1 } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  // Leave the shared test database as it was: the model's rows and its partial index go.
  await h?.admin.begin(async (tx) => {
    await tx`set local role retail_owner`;
    await tx`delete from retail.product_embeddings where model = ${MODEL}`;
    const [idx] = await tx<{ name: string | null }[]>`
      select c.relname as name from pg_index i join pg_class c on c.oid = i.indexrelid
       where i.indrelid = 'retail.product_embeddings'::regclass and pg_get_expr(i.indpred, i.indrelid) like ${`%${MODEL}%`}`;
    if (idx?.name) await tx.unsafe(`drop index retail.${idx.name.replace(/[^a-z0-9_]/g, '')}`);
  });
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await h?.close();
});

describe('switching to an OpenAI-compatible embedding model', () => {
  it('re-embeds the catalogue under its own name, and search ranks by that model only', async () => {
    const rowsOf = async (model: string) =>
      h.admin.begin(
        (tx) => tx<{ n: number; digest: string }[]>`
        select count(*)::int as n, md5(coalesce(string_agg(product_id || ':' || content_hash, ',' order by product_id), '')) as digest
          from retail.product_embeddings where model = ${model}`,
      );
    const [offlineBefore] = await rowsOf('use-lite-512');
    const embedder = createOpenAiEmbedder({ apiKey: 'sk-local', model: MODEL, dimensions: DIMS, baseURL });
    const result = await backfillEmbeddings(h.admin, embedder, { progress: false });
    const [products] = await h.admin.begin((tx) => tx<{ n: number }[]>`select count(*)::int as n from retail.products`);
    expect(result.embedded).toBe(products!.n);
    expect(requests).toBeGreaterThan(0);
    expect((await rowsOf(MODEL))[0]!.n).toBe(products!.n);
    // The offline model's rows are untouched.
    expect((await rowsOf('use-lite-512'))[0]).toEqual(offlineBefore);
    // A second run embeds nothing: the content hashes of this model match.
    expect((await backfillEmbeddings(h.admin, embedder, { progress: false })).embedded).toBe(0);

    // The expected top 10 for a query, from the server's own vectors of every product's text.
    const query = 'something to cook soup in';
    const catalogue = await h.admin.begin(
      (tx) => tx<{ product_id: number; product_name: string; category_name: string; type_name: string; product_description: string }[]>`
      select p.product_id, p.product_name, c.category_name, t.type_name, p.product_description
        from retail.products p join retail.categories c using (category_id) join retail.product_types t using (type_id)`,
    );
    const q = vectorFor(query);
    const expected = catalogue
      .map((p) => ({ id: p.product_id, s: cosine(q, vectorFor(productEmbeddingText(p))) }))
      .sort((a, b) => b.s - a.s || a.id - b.id)
      .slice(0, 10);

    const byo = await setup({ ...h, deps: { ...h.deps, embedder } } as Harness, users.storeManagers[0]!.user_id);
    const offline = await setup(h, users.storeManagers[0]!.user_id);
    try {
      const r = await byo.callTool('semantic_search_products', { query_description: query, mode: 'vector', max_rows: 10 });
      expect(r.isError, r.text).toBe(false);
      expect(r.structured.model).toBe(MODEL);
      expect(r.structured.products.map((p: { product_id: number }) => p.product_id)).toEqual(expected.map((e) => e.id));
      for (const [i, p] of (r.structured.products as { similarity: number }[]).entries()) expect(p.similarity).toBeCloseTo(expected[i]!.s, 4);

      const o = await offline.callTool('semantic_search_products', { query_description: query, mode: 'vector', max_rows: 10 });
      expect(o.structured.model).toBe('use-lite-512');
      // USE-Lite finds soup pots; the hash model's ranking is arbitrary, so the two lists differ.
      expect(o.structured.products.map((p: { product_id: number }) => p.product_id)).not.toEqual(expected.map((e) => e.id));
    } finally {
      await Promise.all([byo.close(), offline.close()]);
    }
  }, 120_000);
});
