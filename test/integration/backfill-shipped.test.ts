// The backfill with the shipped embeddings (seed/embeddings/): on a fresh embedded database the whole
// seed catalogue is loaded from the file without running the model, the model's HNSW index is built
// again exactly as the migration defined it, and afterwards only a product whose text changed goes
// to the model. The model here is a recording stand-in named like the offline one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDatabase } from '../../seed/load.js';
import { loadConfig } from '../../src/config.js';
import { createPool, type Sql } from '../../src/db/client.js';
import { type EmbeddedDatabase, openEmbeddedDatabase } from '../../src/db/embedded.js';
import { migrate } from '../../src/db/migrate.js';
import { backfillEmbeddings } from '../../src/embeddings/backfill.js';
import { type Embedder, OFFLINE_MODEL } from '../../src/embeddings/embedder.js';
import { contentHash, productEmbeddingText } from '../../src/embeddings/product-text.js';
import { loadShippedEmbeddings } from '../../src/embeddings/shipped.js';
import { TEST_AS_OF } from '../support/test-date.js';

let dir: string;
let db: EmbeddedDatabase;
let sql: Sql;
const calls: string[][] = [];
const standIn: Embedder = {
  model: OFFLINE_MODEL,
  dimensions: 512,
  async embed(texts) {
    calls.push(texts);
    return texts.map(() => Array.from({ length: 512 }, (_, i) => (i === 0 ? 1 : 0)));
  },
};

const indexDefinition = async () => (await sql<{ def: string }[]>`select pg_get_indexdef('retail.product_embeddings_use_lite_hnsw'::regclass) as def`)[0]!.def;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'retail-mcp-backfill-shipped-'));
  db = await openEmbeddedDatabase(dir);
  sql = createPool({ socketPath: db.socketPath }, loadConfig({ RETAIL_MCP_DATA_DIR: dir }), { max: 2 });
  await migrate(sql);
  await seedDatabase(sql, { scale: 0.01, asOf: TEST_AS_OF, progress: false });
}, 60_000);
afterAll(async () => {
  await sql?.end({ timeout: 5 });
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('backfill with shipped embeddings', () => {
  it('loads the whole seed catalogue from the file on a first run, runs no model, and rebuilds the index as defined', async () => {
    const before = await indexDefinition();
    const lines: string[] = [];
    const r = await backfillEmbeddings(sql, standIn, { progress: false, log: (l) => lines.push(l) });
    expect(calls).toEqual([]);
    expect(r).toEqual({ embedded: 1094, shipped: 1094, unchanged: 0, total: 1094 });
    expect(lines[0]).toBe('embeddings (use-lite-512): 1094 to embed, 0 unchanged, 1094 products; 1094 from the shipped file, 0 by the model');
    expect(await indexDefinition()).toBe(before);

    // The stored vectors are the file's (float4 storage of the float16 values, renormalised).
    const shipped = loadShippedEmbeddings(OFFLINE_MODEL, 512).shipped!;
    const rows = await sql<{ content_hash: string; embedding: string }[]>`
      select content_hash, embedding::text from retail.product_embeddings where model = ${OFFLINE_MODEL} order by product_id limit 20`;
    for (const row of rows) {
      const stored = JSON.parse(row.embedding) as number[];
      const expected = shipped.get(row.content_hash)!;
      expect(Math.max(...stored.map((x, i) => Math.abs(x - expected[i]!)))).toBeLessThan(1e-7);
    }
  });

  it('on a later run, sends only the product whose text changed to the model', async () => {
    await sql.begin(async (tx) => {
      await tx`set local role retail_owner`;
      await tx`update retail.products set product_description = product_description || ' Now ideal for camping trips.' where product_id = 7`;
    });
    const r = await backfillEmbeddings(sql, standIn, { progress: false });
    expect(r).toEqual({ embedded: 1, unchanged: 1093, total: 1094 });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toHaveLength(1);
    // the embedded text carries what a product is for (product-text.ts), so the change is a new use
    expect(calls[0]![0]).toMatch(/\bcamping trips\b/);
    const [p] = await sql<{ product_name: string; category_name: string; type_name: string; product_description: string; content_hash: string }[]>`
      select p.product_name, c.category_name, t.type_name, p.product_description, e.content_hash
        from retail.products p join retail.categories c using (category_id) join retail.product_types t using (type_id)
        join retail.product_embeddings e on e.product_id = p.product_id and e.model = ${OFFLINE_MODEL}
       where p.product_id = 7`;
    expect(p!.content_hash).toBe(contentHash(productEmbeddingText(p!), OFFLINE_MODEL));
    expect(await backfillEmbeddings(sql, standIn, { progress: false })).toEqual({ embedded: 0, unchanged: 1094, total: 1094 });
  });

  it('loads shipped vectors batch by batch when the model already has rows (no index rebuild)', async () => {
    await sql.begin(async (tx) => {
      await tx`set local role retail_owner`;
      await tx`delete from retail.product_embeddings where model = ${OFFLINE_MODEL} and product_id between 100 and 109`;
    });
    const calledBefore = calls.length;
    expect(await backfillEmbeddings(sql, standIn, { progress: false })).toEqual({ embedded: 10, shipped: 10, unchanged: 1084, total: 1094 });
    expect(calls.length).toBe(calledBefore);
  });
});
