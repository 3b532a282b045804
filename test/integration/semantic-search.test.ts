// semantic_search_products through a real MCP client: hybrid, vector and keyword modes, paraphrased
// queries, tenant-aware filters that still return k rows (checked against an exact scan), and
// isolation between embedding models.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql, Tx } from '../../src/db/client.js';
import { createWithTenant, type WithTenant } from '../../src/db/with-tenant.js';
import { type Embedder, toVectorLiteral } from '../../src/embeddings/embedder.js';
import { type SearchFilters, vectorCandidates } from '../../src/search/candidates.js';
import { EF_SEARCH_BY_SHAPE, filterShape, setEfSearch } from '../../src/search/ef-search.js';
import { searchProducts } from '../../src/search/product-search.js';
import { loadTestUsers, type TestUsers } from '../support/fixtures.js';
import { type Harness, openHarness, setup } from '../support/harness.js';

const OTHER_MODEL = 'test-model-8';

let h: Harness;
let users: TestUsers;
beforeAll(async () => {
  h = await openHarness();
  users = await loadTestUsers(h.admin);
});
afterAll(() => h.close());

type Product = {
  product_id: number;
  product_name: string;
  category_name: string;
  base_price: string;
  similarity: number | null;
  score: number;
  matched: string[];
};

async function search(userId: string, args: Record<string, unknown>, harness: Harness = h) {
  const s = await setup(harness, userId);
  try {
    return await s.callTool('semantic_search_products', args);
  } finally {
    await s.close();
  }
}

async function products(userId: string, args: Record<string, unknown>): Promise<Product[]> {
  const r = await search(userId, args);
  expect(r.isError, r.text).toBe(false);
  return r.structured.products;
}

function asOwner<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return h.admin.begin(async (tx) => {
    await tx`set local role retail_owner`;
    return fn(tx);
  }) as Promise<T>;
}

/** The nearest k products by an exact scan, as the owner, with the store scope spelled out. */
async function exactNearest(query: string, k: number, f: { category: string; min: number; max: number; storeIds: number[] }): Promise<number[]> {
  const [vector] = await h.deps.embedder.embed([query]);
  const rows = await asOwner(
    (tx) => tx<{ product_id: number }[]>`
    select p.product_id
      from retail.product_embeddings e
      join retail.products p on p.product_id = e.product_id
      join retail.categories c on c.category_id = p.category_id
     where e.model = 'use-lite-512' and lower(c.category_name) = lower(${f.category})
       and p.base_price between ${f.min} and ${f.max}
       and exists (select 1 from retail.inventory i
                    where i.product_id = p.product_id and i.store_id = any (${f.storeIds}::int[]) and i.stock_level > 0)
     order by (e.embedding::vector(512) <=> ${toVectorLiteral(vector!)}::vector(512)) + 0
     limit ${k}`,
  );
  return rows.map((r) => r.product_id);
}

/** A price window of `size` distinct prices (so at least `size` products) of the category in stock at these stores. */
async function narrowWindow(category: string, storeIds: number[], size: number): Promise<{ min: number; max: number }> {
  const rows = await asOwner(
    (tx) => tx<{ price: string }[]>`
    select distinct p.base_price::text as price
      from retail.products p join retail.categories c on c.category_id = p.category_id
     where c.category_name = ${category}
       and exists (select 1 from retail.inventory i where i.product_id = p.product_id and i.store_id = any (${storeIds}::int[]) and i.stock_level > 0)
     order by 1`,
  );
  const prices = rows.map((r) => Number(r.price)).sort((a, b) => a - b);
  expect(prices.length).toBeGreaterThan(size + 10);
  return { min: prices[10]!, max: prices[10 + size - 1]! };
}

describe('hybrid product search', () => {
  // Issue 2: the shopper's words barely overlap the product text.
  it.each([
    ['something to cook soup in', /stockpot|soup pot|stock pot|dutch oven/i],
    ['see who is at the front door', /video doorbell/i],
    ['drink safely from a stream', /water filter/i],
    ['carry my newborn hands-free', /baby carrier|baby wrap/i],
    ['look good on video calls from my laptop', /webcam/i],
    ['dinner ready when I get home from work', /slow cooker/i],
  ])('finds the right product in the top 5 for "%s"', async (query, expected) => {
    const top = await products(users.headOffice.user_id, { query_description: query, max_rows: 5 });
    expect(
      top.map((p) => p.product_name).some((n) => expected.test(n)),
      top.map((p) => p.product_name).join(' | '),
    ).toBe(true);
  });

  it('says which signals matched each result, and orders results by fused score', async () => {
    const r = await search(users.headOffice.user_id, { query_description: 'waterproof trail running shoes', max_rows: 20 });
    expect(r.isError, r.text).toBe(false);
    expect(r.structured).toMatchObject({ model: 'use-lite-512', mode: 'hybrid' });
    const found: Product[] = r.structured.products;
    expect(found).toHaveLength(20);
    expect(found.some((p) => p.matched.includes('vector') && p.matched.includes('keyword'))).toBe(true);
    for (const p of found) expect(p.matched.length).toBeGreaterThan(0);
    const scores = found.map((p) => p.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(r.text).toMatch(/untrusted-data-[0-9a-f]{12}/);
  });

  it('vector mode orders by similarity; keyword mode ranks exact words first and needs no similarity', async () => {
    const vector = await products(users.headOffice.user_id, { query_description: 'dutch oven', mode: 'vector', max_rows: 10 });
    expect(vector.every((p) => p.matched.join() === 'vector')).toBe(true);
    const sims = vector.map((p) => p.similarity!);
    expect(sims).toEqual([...sims].sort((a, b) => b - a));

    const keyword = await products(users.headOffice.user_id, { query_description: 'dutch oven', mode: 'keyword', max_rows: 10 });
    expect(keyword.every((p) => p.matched.join() === 'keyword' && p.similarity === null)).toBe(true);
    expect(keyword[0]!.product_name).toMatch(/dutch oven/i);
  });

  it('holds every mode to min_similarity, and the Zava similarity_threshold means the same in percent', async () => {
    for (const mode of ['hybrid', 'vector', 'keyword']) {
      const strict = await products(users.headOffice.user_id, { query_description: 'warm wool socks', mode, min_similarity: 0.5, max_rows: 50 });
      expect(
        strict.every((p) => p.similarity !== null && p.similarity >= 0.5),
        mode,
      ).toBe(true);
      const zava = await products(users.headOffice.user_id, { query_description: 'warm wool socks', mode, similarity_threshold: 50, max_rows: 50 });
      expect(zava.map((p) => p.product_id)).toEqual(strict.map((p) => p.product_id));
    }
  });

  it('rejects a price range that is upside down', async () => {
    const r = await search(users.headOffice.user_id, { query_description: 'tent', min_price: 100, max_price: 10 });
    expect(r.isError).toBe(true);
    expect(r.error?.code).toBe('BAD_INPUT');
  });
});

describe('tenant-aware filters', () => {
  it("category, price range and stock at the caller's own stores hold in every mode", async () => {
    const manager = users.storeManagers[0]!;
    const inStock = new Set(
      (
        await asOwner(
          (tx) => tx<{ product_id: number }[]>`
        select product_id from retail.inventory where store_id = any (${manager.store_ids}::int[]) and stock_level > 0`,
        )
      ).map((r) => r.product_id),
    );
    for (const mode of ['hybrid', 'vector', 'keyword']) {
      const found = await products(manager.user_id, {
        query_description: 'shoes for running on muddy trails',
        mode,
        category: 'FOOTWEAR',
        min_price: 60,
        max_price: 150,
        in_stock_at_my_stores: true,
        max_rows: 50,
      });
      expect(found.length, mode).toBeGreaterThan(0);
      for (const p of found) {
        expect(p.category_name, mode).toBe('Footwear');
        expect(Number(p.base_price), mode).toBeGreaterThanOrEqual(60);
        expect(Number(p.base_price), mode).toBeLessThanOrEqual(150);
        expect(inStock.has(p.product_id), `${mode}: ${p.product_name} is not in stock at store ${manager.store_ids}`).toBe(true);
      }
      // Stock alone leaves most products, so this one goes through the HNSW index rather than an exact scan.
      const stocked = await products(manager.user_id, {
        query_description: 'shoes for running on muddy trails',
        mode,
        in_stock_at_my_stores: true,
        max_rows: 40,
      });
      expect(stocked, mode).toHaveLength(40);
      for (const p of stocked) expect(inStock.has(p.product_id), `${mode}: ${p.product_name}`).toBe(true);
    }
  });

  it('a filter that matches few rows still returns k results, the same ones an exact scan finds', async () => {
    const manager = users.storeManagers[1]!;
    const k = 5;
    const window = await narrowWindow('Footwear', manager.store_ids, 8);
    // A query about something else entirely: the filtered products are far down the index's order.
    const query = 'a big pot for simmering soup';
    const expected = await exactNearest(query, k, { category: 'Footwear', ...window, storeIds: manager.store_ids });
    expect(expected).toHaveLength(k);
    const args = { query_description: query, category: 'Footwear', min_price: window.min, max_price: window.max, in_stock_at_my_stores: true, max_rows: k };
    expect((await products(manager.user_id, { ...args, mode: 'vector' })).map((p) => p.product_id)).toEqual(expected);
    const hybrid = await products(manager.user_id, args);
    expect(hybrid).toHaveLength(k);
  });

  it("the HNSW index with iterative scans fills k rows where a plain index scan comes back short (this backend's pgvector)", async () => {
    const manager = users.storeManagers[2]!;
    const principal = await h.auth.resolvePrincipal(manager.user_id);
    const k = 5;
    const window = await narrowWindow('Footwear', manager.store_ids, 8);
    const query = 'a big pot for simmering soup';
    const expected = await exactNearest(query, k, { category: 'Footwear', ...window, storeIds: manager.store_ids });
    const [vector] = await h.deps.embedder.embed([query]);
    const q = {
      vector: vector!,
      model: 'use-lite-512',
      dimensions: 512,
      k,
      filters: { category: 'Footwear', minPrice: window.min, maxPrice: window.max, inStockAtMyStores: true },
    };
    const outcome = await h.withTenant(
      principal,
      async (tx) => {
        // Force the index and a small candidate list, so the filter would starve a plain scan.
        await tx`set local enable_seqscan = off`;
        await tx`set local hnsw.ef_search = 10`;
        const [setting] = await tx<{ v: string }[]>`select current_setting('hnsw.iterative_scan') as v`;
        const plan = (
          await tx.unsafe(
            `explain select 1 from retail.product_embeddings e where e.model = 'use-lite-512'
            order by e.embedding::vector(512) <=> $1::vector(512) limit 5`,
            [toVectorLiteral(vector!)],
          )
        )
          .map((r) => Object.values(r)[0])
          .join('\n');
        const iterative = (await vectorCandidates(tx, q)).map((r) => r.product_id);
        await tx`set local hnsw.iterative_scan = off`;
        const plain = (await vectorCandidates(tx, q)).map((r) => r.product_id);
        return { setting: setting!.v, plan, iterative, plain };
      },
      { vectorSearch: true },
    );
    expect(outcome.setting).toBe('relaxed_order');
    expect(outcome.plan).toMatch(/product_embeddings_use_lite_hnsw/);
    expect(outcome.iterative).toEqual(expected);
    expect(outcome.plain.length).toBeLessThan(k);
  });
});

describe('hnsw.ef_search per filter shape', () => {
  it("the index walk uses the measured ef_search for the filters' shape, or the caller's; an exact scan sets none", async () => {
    const manager = users.storeManagers[0]!;
    const principal = await h.auth.resolvePrincipal(manager.user_id);
    const [vector] = await h.deps.embedder.embed(['keep my ears warm']);
    const efAfter = (filters: SearchFilters, efSearch?: number) =>
      h.withTenant(
        principal,
        async (tx) => {
          const { vectorPath } = await searchProducts(tx, {
            mode: 'vector',
            phrase: 'keep my ears warm',
            vector: vector!,
            model: 'use-lite-512',
            dimensions: 512,
            limit: 5,
            filters,
            ...(efSearch === undefined ? {} : { efSearch }),
          });
          const [row] = await tx<{ v: string }[]>`select current_setting('hnsw.ef_search') as v`;
          return { vectorPath, ef: Number(row!.v) };
        },
        { vectorSearch: true },
      );
    const none = { inStockAtMyStores: false };
    const inStock = { inStockAtMyStores: true };
    expect(filterShape(none)).toBe('none');
    expect(filterShape(inStock)).toBe('in-stock');
    expect(filterShape({ inStockAtMyStores: true, maxPrice: 50 })).toBe('category-or-price');
    expect(await efAfter(none)).toEqual({ vectorPath: 'index', ef: EF_SEARCH_BY_SHAPE.none });
    expect(await efAfter(inStock)).toEqual({ vectorPath: 'index', ef: EF_SEARCH_BY_SHAPE['in-stock'] });
    expect(await efAfter(none, 77)).toEqual({ vectorPath: 'index', ef: 77 });
    // The seed catalogue's categories are small: the exact scan, and withTenant's own setting stays.
    expect(await efAfter({ inStockAtMyStores: false, category: 'Footwear' }, 77)).toEqual({ vectorPath: 'exact', ef: 1000 });
    await expect(efAfter(none, 0)).rejects.toThrow(/ef_search must be an integer from 1 to 1000/);
  });

  it('applies to the statements pipelined after it, an async function query among them, not only to later ones', async () => {
    const principal = await h.auth.resolvePrincipal(users.headOffice.user_id);
    // The shape of searchProducts: the setting and the candidate statements in one Promise.all.
    const seen = await h.withTenant(
      principal,
      async (tx) => {
        const [, during] = await Promise.all([
          setEfSearch(tx, 77),
          (async () => (await tx<{ v: string }[]>`select current_setting('hnsw.ef_search') as v`)[0]!.v)(),
        ]);
        return during;
      },
      { vectorSearch: true },
    );
    expect(seen).toBe('77');
  });
});

/**
 * The real withTenant, on the admin pool, in a transaction that first adds fixture rows as the owner:
 * the tool's statements see them under RLS, and nothing else ever does, because withTenant always
 * rolls back. (Committed rows would race other test files that fingerprint the shared database.)
 */
function withFixtureRows(insert: (tx: Tx) => Promise<unknown>): WithTenant {
  const sql = {
    begin: (_mode: string, fn: (tx: Tx) => Promise<unknown>) =>
      h.admin.begin(async (tx) => {
        await tx`set local role retail_owner`;
        await insert(tx);
        // Back to the session user, who may call set_config, for withTenant's own context select.
        await tx`reset role`;
        return fn(tx);
      }),
  } as unknown as Sql;
  return createWithTenant(sql, { sealKeyHex: h.config.RLS_SEAL_KEY!, statementTimeoutMs: 5000 });
}

describe('more than one embedding model', () => {
  const fake = (model: string, dimensions: number, at: number[]): Embedder => ({ model, dimensions, embed: async (texts) => texts.map(() => at) });
  const basis = (i: number) => Array.from({ length: 8 }, (_, j) => (j === i ? 1 : 0.01 * (j + 1)));
  let others: number[];
  let withOtherModel: WithTenant;

  beforeAll(async () => {
    const ids = await asOwner((tx) => tx<{ product_id: number }[]>`select product_id from retail.products order by product_id limit 6`);
    others = ids.map((r) => r.product_id);
    withOtherModel = withFixtureRows(async (tx) => {
      for (const [i, id] of others.entries()) {
        await tx`insert into retail.product_embeddings (product_id, model, dimensions, content_hash, embedding)
                 values (${id}, ${OTHER_MODEL}, 8, 'test', ${toVectorLiteral(basis(i))}::vector)`;
      }
    });
  });

  it("rows of another model never reach use-lite-512 results, and similarities are use-lite-512's own", async () => {
    const harness = { ...h, deps: { ...h.deps, withTenant: withOtherModel } };
    const query = 'stainless steel stockpot with a lid';
    const [vector] = await h.deps.embedder.embed([query]);
    for (const mode of ['hybrid', 'vector']) {
      const r = await search(users.headOffice.user_id, { query_description: query, mode, max_rows: 100 }, harness);
      expect(r.isError, r.text).toBe(false);
      const found: Product[] = r.structured.products;
      const ids = found.map((p) => p.product_id);
      expect(ids.length, mode).toBeGreaterThan(50);
      expect(new Set(ids).size, mode).toBe(ids.length);
      const truth = new Map(
        (
          await asOwner(
            (tx) => tx<{ product_id: number; similarity: number }[]>`
          select product_id, (1 - (embedding::vector(512) <=> ${toVectorLiteral(vector!)}::vector(512)))::float8 as similarity
            from retail.product_embeddings where model = 'use-lite-512' and product_id = any (${ids}::int[])`,
          )
        ).map((r) => [r.product_id, r.similarity]),
      );
      for (const p of found) expect(p.similarity, `${mode}: ${p.product_name}`).toBeCloseTo(truth.get(p.product_id)!, 5);
    }
  });

  it("a server configured for the other model searches only that model's rows", async () => {
    const harness = { ...h, deps: { ...h.deps, withTenant: withOtherModel, embedder: fake(OTHER_MODEL, 8, basis(2)) } };
    const r = await search(users.headOffice.user_id, { query_description: 'anything', mode: 'vector', max_rows: 20 }, harness);
    expect(r.isError, r.text).toBe(false);
    expect(r.structured.model).toBe(OTHER_MODEL);
    const ids: number[] = r.structured.products.map((p: Product) => p.product_id);
    expect([...ids].sort((a, b) => a - b)).toEqual([...others].sort((a, b) => a - b));
    expect(ids[0]).toBe(others[2]);
    // ...and the fixture rows were never committed.
    const [left] = await asOwner((tx) => tx<{ n: number }[]>`select count(*)::int as n from retail.product_embeddings where model = ${OTHER_MODEL}`);
    expect(left!.n).toBe(0);
  });

  it('a model with no rows is a clear error, while keyword mode still answers', async () => {
    const none = { ...h, deps: { ...h.deps, embedder: fake('test-model-none', 8, basis(0)) } };
    const r = await search(users.headOffice.user_id, { query_description: 'tent' }, none);
    expect(r.isError).toBe(true);
    expect(r.error).toMatchObject({ code: 'NOT_FOUND' });
    expect(r.error!.message).toMatch(/test-model-none/);
    const k = await search(users.headOffice.user_id, { query_description: 'tent', mode: 'keyword' }, none);
    expect(k.isError, k.text).toBe(false);
    expect(k.structured.products.length).toBeGreaterThan(0);
  });
});
