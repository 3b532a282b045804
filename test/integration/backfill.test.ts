// The embedding backfill against real PostgreSQL + pgvector: incremental by content hash, resumable,
// per-model partial HNSW indexes. Uses its own database and skips cleanly when none is reachable.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.js';
import { backfillEmbeddings, ensureModelIndex } from '../../src/embeddings/backfill.js';
import { type Embedder, toVectorLiteral } from '../../src/embeddings/embedder.js';
import { createOfflineEmbedder } from '../../src/embeddings/offline.js';
import { contentHash, productEmbeddingText } from '../../src/embeddings/product-text.js';

const SERVER = { host: '127.0.0.1', port: 5432, user: 'postgres' } as const;
// Per process, and dropped afterwards: two test runs on one machine (two CI clones) must not share it.
const DATABASE = `retail_embed_test_${process.pid}`;

async function reachable(): Promise<boolean> {
  const probe = postgres({ ...SERVER, database: 'postgres', max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await probe`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await probe.end({ timeout: 1 });
  }
}

const dbUp = await reachable();

/** A deterministic fake provider that records calls and can be told to fail on a given call. */
function fakeEmbedder(model: string, dimensions: number, failOnCall?: number): Embedder & { calls: number } {
  const e = {
    model,
    dimensions,
    calls: 0,
    async embed(texts: string[]) {
      e.calls++;
      if (e.calls === failOnCall) throw new Error('provider went away');
      return texts.map((t) => Array.from({ length: dimensions }, (_, i) => ((t.charCodeAt(i % t.length) % 7) + i + 1) / 10));
    },
  };
  return e;
}

describe.skipIf(!dbUp)('backfillEmbeddings (PostgreSQL)', () => {
  let sql: postgres.Sql<{}>;
  const quiet = { progress: false } as const;

  beforeAll(async () => {
    const admin = postgres({ ...SERVER, database: 'postgres', max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${DATABASE} with (force)`);
    await admin.unsafe(`create database ${DATABASE}`);
    await admin.end();
    sql = postgres({ ...SERVER, database: DATABASE, max: 4, onnotice: () => {} });
    await migrate(sql);
    await sql.begin(async (tx) => {
      await tx`set local role retail_owner`;
      await tx`insert into retail.categories (category_id, category_name) values (1, 'Kitchen'), (2, 'Footwear'), (3, 'Garden')`;
      await tx`insert into retail.product_types (type_id, category_id, type_name)
               values (1, 1, 'Cookware'), (2, 2, 'Athletic Shoes'), (3, 3, 'Watering')`;
      await tx`insert into retail.products (product_id, sku, product_name, category_id, type_id, cost, base_price, gross_margin_percent, product_description) values
        (1, 'K-1', '8 Quart Stainless Steel Stockpot', 1, 1, 20, 40, 50, 'A large pot with a lid for soups, stews, stocks and boiling pasta.'),
        (2, 'K-2', 'Non-Stick Frying Pan', 1, 1, 10, 25, 60, 'A 10 inch pan for eggs, pancakes and stir fries.'),
        (3, 'F-1', 'Trail Running Shoes', 2, 2, 40, 90, 55, 'Lightweight shoes with a grippy sole for running on trails.'),
        (4, 'G-1', 'Expandable Garden Hose', 3, 3, 8, 30, 73, 'A 50 ft hose that shrinks back when empty.'),
        (5, 'G-2', 'Watering Can', 3, 3, 4, 12, 66, 'A two gallon can with a long spout for house plants.')`;
    });
  }, 60_000);

  afterAll(async () => {
    await sql?.end({ timeout: 5 });
    const admin = postgres({ ...SERVER, database: 'postgres', max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${DATABASE} with (force)`);
    await admin.end();
  });

  it('embeds every product on the first run, nothing on the second, and one after one edit', async () => {
    const offline = await createOfflineEmbedder();
    const lines: string[] = [];

    expect(await backfillEmbeddings(sql, offline, { ...quiet, log: (l) => lines.push(l) })).toEqual({ embedded: 5, unchanged: 0, total: 5 });
    expect(lines[0]).toBe('embeddings (use-lite-512): 5 to embed, 0 unchanged, 5 products');

    const rows = await sql<{ product_id: number; dimensions: number; content_hash: string; dims: number }[]>`
      select product_id, dimensions, content_hash, vector_dims(embedding) as dims
        from retail.product_embeddings where model = 'use-lite-512' order by product_id`;
    expect(rows.map((r) => r.product_id)).toEqual([1, 2, 3, 4, 5]);
    expect(rows.every((r) => r.dimensions === 512 && r.dims === 512)).toBe(true);
    const [p1] = await sql<{ product_name: string; category_name: string; type_name: string; product_description: string }[]>`
      select p.product_name, c.category_name, t.type_name, p.product_description
        from retail.products p join retail.categories c using (category_id) join retail.product_types t using (type_id)
       where p.product_id = 1`;
    expect(rows[0]!.content_hash).toBe(contentHash(productEmbeddingText(p1!), 'use-lite-512'));

    expect(await backfillEmbeddings(sql, offline, quiet)).toEqual({ embedded: 0, unchanged: 5, total: 5 });

    await sql`update retail.products set product_description = 'A 75 ft hose that shrinks back when empty.' where product_id = 4`;
    const before = await sql`select updated_at from retail.product_embeddings where product_id = 4 and model = 'use-lite-512'`;
    expect(await backfillEmbeddings(sql, offline, quiet)).toEqual({ embedded: 1, unchanged: 4, total: 5 });
    const after = await sql`select updated_at from retail.product_embeddings where product_id = 4 and model = 'use-lite-512'`;
    expect(after[0]!.updated_at).not.toEqual(before[0]!.updated_at);

    // The vectors are searchable the way the search tool will query them (the partial HNSW index).
    const [q] = await offline.embed(['something to cook soup in']);
    const hits = await sql<{ product_id: number }[]>`
      select product_id from retail.product_embeddings
       where model = 'use-lite-512'
       order by embedding::vector(512) <=> ${toVectorLiteral(q!)}::vector(512)
       limit 2`;
    // USE Lite ranks the frying pan and the stockpot (both cookware) first, in either order.
    expect(hits.map((h) => h.product_id).sort()).toEqual([1, 2]);
  }, 60_000);

  it('keeps other models apart, each with its own partial HNSW index', async () => {
    const fake = fakeEmbedder('fake-model:v1', 16);
    expect(await backfillEmbeddings(sql, fake, { ...quiet, batchSize: 2, concurrency: 3 })).toEqual({ embedded: 5, unchanged: 0, total: 5 });
    expect(fake.calls).toBe(3);

    const counts = await sql<{ model: string; n: number }[]>`
      select model, count(*)::int as n from retail.product_embeddings group by model order by model`;
    expect(counts).toEqual([
      { model: 'fake-model:v1', n: 5 },
      { model: 'use-lite-512', n: 5 },
    ]);

    const indexes = await sql<{ indexname: string; indexdef: string }[]>`
      select indexname, indexdef from pg_indexes
       where schemaname = 'retail' and tablename = 'product_embeddings' and indexdef like '%fake-model:v1%'`;
    expect(indexes).toHaveLength(1);
    expect(indexes[0]!.indexname).toMatch(/^product_embeddings_[0-9a-f]{16}_hnsw$/);
    expect(indexes[0]!.indexdef).toContain('vector(16)');
    expect(indexes[0]!.indexdef).toContain("WHERE ((model = 'fake-model:v1'::text) AND (dimensions = 16))");

    // Idempotent.
    await ensureModelIndex(sql, 'fake-model:v1', 16);
    expect(await backfillEmbeddings(sql, fake, quiet)).toEqual({ embedded: 0, unchanged: 5, total: 5 });
  }, 60_000);

  it('re-embeds and re-indexes a model whose dimensions changed', async () => {
    const smaller = fakeEmbedder('fake-model:v1', 8);
    expect(await backfillEmbeddings(sql, smaller, quiet)).toEqual({ embedded: 5, unchanged: 0, total: 5 });
    const dims = await sql`select distinct dimensions from retail.product_embeddings where model = 'fake-model:v1'`;
    expect(dims.map((r) => r.dimensions)).toEqual([8]);
    // And the new index is the one a search with the new dimensions uses.
    await sql.begin(async (tx) => {
      await tx`set local enable_seqscan = off`;
      const plan = await tx.unsafe(`explain select product_id from retail.product_embeddings
        where model = 'fake-model:v1' and dimensions = 8
        order by embedding::vector(8) <=> '[1,1,1,1,1,1,1,1]'::vector(8) limit 3`);
      expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/Index Scan using product_embeddings_[0-9a-f]{16}_hnsw/);
    });
    const indexes = await sql<{ indexdef: string }[]>`
      select indexdef from pg_indexes
       where schemaname = 'retail' and tablename = 'product_embeddings' and indexdef like '%fake-model:v1%'`;
    expect(indexes).toHaveLength(1);
    expect(indexes[0]!.indexdef).toContain('vector(8)');
    // The offline model's rows and index are untouched.
    const [{ n }] = (await sql`select count(*)::int as n from retail.product_embeddings where model = 'use-lite-512'`) as unknown as [{ n: number }];
    expect(n).toBe(5);
  }, 60_000);

  it('keeps committed batches when a run fails, and resumes from there', async () => {
    const flaky = fakeEmbedder('flaky-model', 4, 2);
    await expect(backfillEmbeddings(sql, flaky, { ...quiet, batchSize: 2, concurrency: 1 })).rejects.toThrow('provider went away');
    const [{ n }] = (await sql`select count(*)::int as n from retail.product_embeddings where model = 'flaky-model'`) as unknown as [{ n: number }];
    expect(n).toBe(2);
    const steady = fakeEmbedder('flaky-model', 4);
    expect(await backfillEmbeddings(sql, steady, { ...quiet, batchSize: 2 })).toEqual({ embedded: 3, unchanged: 2, total: 5 });
  }, 60_000);

  it('refuses model names and dimensions it cannot safely put into DDL', async () => {
    await expect(ensureModelIndex(sql, "bad'; drop table retail.products; --", 8)).rejects.toMatchObject({ code: 'INTERNAL' });
    await expect(ensureModelIndex(sql, 'ok-model', 3072)).rejects.toMatchObject({ code: 'INTERNAL' });
    await expect(ensureModelIndex(sql, 'ok-model', 1.5)).rejects.toMatchObject({ code: 'INTERNAL' });
    await expect(ensureModelIndex(sql, 'x'.repeat(101), 8)).rejects.toMatchObject({ code: 'INTERNAL' });
    const [{ n }] = (await sql`select count(*)::int as n from retail.products`) as unknown as [{ n: number }];
    expect(n).toBe(5);
  });
});
