// The embeddings shipped with the repository (seed/embeddings/, loaded on a first start instead of
// running the model) against the model as it computes today: every vector of two whole categories
// (~200 products) within float16 error of the model's own, and product search giving the same top 10
// with shipped and with freshly computed vectors, through the search module in a real sealed
// transaction as head office (category filters make it the exact scan, so only vectors decide).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql, Tx } from '../../src/db/client.js';
import { createWithTenant, type WithTenant } from '../../src/db/with-tenant.js';
import { OFFLINE_MODEL, toVectorLiteral } from '../../src/embeddings/embedder.js';
import { createOfflineEmbedderPool } from '../../src/embeddings/offline-pool.js';
import { sameRankingUpToTies } from '../../src/embeddings/ranking-compare.js';
import { type SeedProductText, seedProductTexts } from '../../src/embeddings/seed-texts.js';
import { loadShippedEmbeddings, type ShippedEmbeddings } from '../../src/embeddings/shipped.js';
import { type SearchMode, searchProducts } from '../../src/search/product-search.js';
import { loadTestUsers, type TestUsers } from '../support/fixtures.js';
import { type Harness, openHarness } from '../support/harness.js';

const CATEGORIES = ['Kitchen & Dining', 'Electronics'];
const QUERIES: [category: string, query: string][] = [
  ['Kitchen & Dining', 'something to cook soup in'],
  ['Kitchen & Dining', 'sharp blade for chopping onions'],
  ['Kitchen & Dining', 'keep my coffee hot on the commute'],
  ['Electronics', 'charge my phone when there is no outlet'],
  ['Electronics', 'see who is at the front door'],
  ['Electronics', 'noise cancelling headphones for the plane'],
];

const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);

let h: Harness;
let users: TestUsers;
let shipped: ShippedEmbeddings;
let sample: SeedProductText[];
const fresh = new Map<number, number[]>();
const fromFile = new Map<number, number[]>();

beforeAll(async () => {
  h = await openHarness();
  users = await loadTestUsers(h.admin);
  const load = loadShippedEmbeddings(OFFLINE_MODEL, 512);
  if (!load.shipped) throw new Error(load.problem);
  shipped = load.shipped;
  sample = seedProductTexts(OFFLINE_MODEL).filter((p) => CATEGORIES.includes(p.category_name));
  // Both cores: ~200 product texts take ~15 s on one.
  const pool = await createOfflineEmbedderPool();
  try {
    const vectors = await pool.embed(sample.map((p) => p.text));
    sample.forEach((p, i) => {
      fresh.set(p.product_id, vectors[i]!);
      fromFile.set(p.product_id, shipped.get(p.hash)!);
    });
  } finally {
    await pool.close();
  }
}, 120_000);
afterAll(() => h.close());

/**
 * The real withTenant on the admin pool, in a transaction that first sets the sample's embeddings
 * as the owner: the search sees them under RLS, and nothing else ever does (withTenant rolls back).
 */
function withVectors(vectors: Map<number, number[]>): WithTenant {
  const ids = [...vectors.keys()];
  const sql = {
    begin: (_mode: string, fn: (tx: Tx) => Promise<unknown>) =>
      h.admin.begin(async (tx) => {
        await tx`set local role retail_owner`;
        await tx`
          update retail.product_embeddings e set embedding = v.embedding::vector
            from unnest(${ids}::int[], ${ids.map((id) => toVectorLiteral(vectors.get(id)!))}::text[]) as v(product_id, embedding)
           where e.product_id = v.product_id and e.model = ${OFFLINE_MODEL}`;
        // Back to the session user, who may call set_config, for withTenant's own context select.
        await tx`reset role`;
        return fn(tx);
      }),
  } as unknown as Sql;
  return createWithTenant(sql, { sealKeyHex: h.config.RLS_SEAL_KEY!, statementTimeoutMs: 30_000 });
}

interface Top10 {
  mode: SearchMode;
  query: number;
  ids: number[];
  /** The vector list hybrid mode fuses: the nearest 50 (DEFAULT_TUNING's candidates). */
  deep: number[];
}

/** Each query's top 10 in each mode, in one sealed transaction as head office. */
async function top10s(vectors: Map<number, number[]>, queryVectors: number[][]): Promise<Top10[]> {
  return withVectors(vectors)({ userId: users.headOffice.user_id }, async (tx) => {
    const out: Top10[] = [];
    for (const mode of ['vector', 'hybrid'] as SearchMode[]) {
      for (const [query, [category, phrase]] of QUERIES.entries()) {
        const { products } = await searchProducts(tx, {
          mode,
          phrase,
          vector: queryVectors[query]!,
          model: OFFLINE_MODEL,
          dimensions: 512,
          limit: 10,
          filters: { category, inStockAtMyStores: false },
        });
        const deep = await searchProducts(tx, {
          mode: 'vector',
          phrase,
          vector: queryVectors[query]!,
          model: OFFLINE_MODEL,
          dimensions: 512,
          limit: 50,
          filters: { category, inStockAtMyStores: false },
        });
        out.push({ mode, query, ids: products.map((p) => p.product_id), deep: deep.products.map((p) => p.product_id) });
      }
    }
    return out;
  });
}

describe('shipped embeddings', () => {
  it('covers the seed catalogue of two categories, within float16 error of what the model computes now', () => {
    expect(sample.length).toBeGreaterThanOrEqual(150);
    let minCosine = 1;
    let maxError = 0;
    for (const p of sample) {
      const a = fresh.get(p.product_id)!;
      const b = fromFile.get(p.product_id);
      expect(b, `no shipped vector for product ${p.product_id}: run npm run embeddings:ship`).toBeDefined();
      minCosine = Math.min(minCosine, dot(a, b!));
      for (let d = 0; d < a.length; d++) maxError = Math.max(maxError, Math.abs(a[d]! - b![d]!));
    }
    // float16 keeps ~11 bits: for unit vectors of 512 values below ~0.3, an error ≤ ~1.5e-4 per value.
    expect(maxError).toBeLessThan(1.5e-4);
    expect(minCosine).toBeGreaterThan(0.99999);
  });

  it('gives the same top 10 with shipped and with freshly computed vectors (vector and hybrid search)', async () => {
    const queryVectors = await h.deps.embedder.embed(QUERIES.map(([, q]) => q));
    const withFresh = await top10s(fresh, queryVectors);
    const withShipped = await top10s(fromFile, queryVectors);
    let identical = 0;
    for (const [i, a] of withFresh.entries()) {
      const b = withShipped[i]!;
      const [category, phrase] = QUERIES[a.query]!;
      expect(a.ids, `${a.mode}: ${phrase}`).toHaveLength(10);
      if (b.ids.join() === a.ids.join()) {
        identical++;
        continue;
      }
      // Only products whose similarities differ by less than float16's own error (TIE, 3e-5: the same
      // to the three decimals the tool shows) may trade places: in the vector list itself, or, for
      // hybrid mode, in the vector list it fuses (a swap at rank 17/18 moves a fused score past another).
      const q = queryVectors[a.query]!;
      const reference = sample.filter((p) => p.category_name === category).map((p) => ({ id: p.product_id, similarity: dot(q, fresh.get(p.product_id)!) }));
      const tiesOnly = a.mode === 'vector' ? sameRankingUpToTies(reference, b.ids, 10) : sameRankingUpToTies(reference, b.deep, 50);
      expect(tiesOnly, `${a.mode}: ${phrase}: ${b.ids} with shipped vectors, ${a.ids} computed`).toBe(true);
    }
    expect(identical).toBeGreaterThanOrEqual(withFresh.length - 1);
  });
});
