// The embeddings layer without a database: the offline model, the query LRU and content hashing.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { assertEmbeddableTexts, type Embedder, toVectorLiteral } from '../../src/embeddings/embedder.js';
import { createOfflineEmbedder } from '../../src/embeddings/offline.js';
import { contentHash, productEmbeddingText } from '../../src/embeddings/product-text.js';
import { withQueryCache } from '../../src/embeddings/query-cache.js';

const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);
const norm = (a: number[]) => Math.sqrt(dot(a, a));

describe('offline embedder (USE Lite)', () => {
  let embedder: Embedder;
  beforeAll(async () => {
    embedder = await createOfflineEmbedder();
  }, 60_000);

  it('names its model and gives 512-d unit vectors', async () => {
    expect(embedder.model).toBe('use-lite-512');
    expect(embedder.dimensions).toBe(512);
    const [v] = await embedder.embed(['A cast iron skillet']);
    expect(v).toHaveLength(512);
    expect(norm(v!)).toBeCloseTo(1, 6);
  });

  it('is deterministic and independent of batching', async () => {
    const texts = ['Trail running shoes', 'Stainless steel stockpot', 'Cordless drill'];
    const together = await embedder.embed(texts);
    const alone = await embedder.embed([texts[1]!]);
    const again = await embedder.embed(texts);
    expect(again).toEqual(together);
    expect(alone[0]).toEqual(together[1]);
  });

  it('keeps input order across internal batches of 64', async () => {
    const texts = Array.from({ length: 70 }, (_, i) => `Product number ${i}`);
    const all = await embedder.embed(texts);
    expect(all).toHaveLength(70);
    const [last] = await embedder.embed([texts[69]!]);
    expect(all[69]).toEqual(last);
  });

  it('puts a paraphrased need closer to the matching product than to an unrelated one', async () => {
    const [query, stockpot, shoes] = await embedder.embed([
      'something to cook soup in',
      productEmbeddingText({
        product_name: '8 Quart Stainless Steel Stockpot',
        category_name: 'Kitchen',
        type_name: 'Cookware',
        product_description: 'A large pot with a lid for soups, stews, stocks and boiling pasta.',
      }),
      productEmbeddingText({
        product_name: 'Trail Running Shoes',
        category_name: 'Footwear',
        type_name: 'Athletic Shoes',
        product_description: 'Lightweight shoes with a grippy sole for running on trails.',
      }),
    ]);
    expect(dot(query!, stockpot!)).toBeGreaterThan(dot(query!, shoes!) + 0.1);
  });

  it('returns [] for no texts and rejects empty ones', async () => {
    expect(await embedder.embed([])).toEqual([]);
    await expect(embedder.embed(['ok', '  '])).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('writes nothing to stdout while loading or embedding', async () => {
    const write = vi.spyOn(process.stdout, 'write');
    const log = vi.spyOn(console, 'log');
    try {
      const fresh = await createOfflineEmbedder();
      await fresh.embed(['quiet please']);
      expect(write).not.toHaveBeenCalled();
      expect(log).not.toHaveBeenCalled();
    } finally {
      write.mockRestore();
      log.mockRestore();
    }
  });
});

describe('query cache', () => {
  const fake = () => {
    const calls: string[][] = [];
    const inner: Embedder = {
      model: 'fake',
      dimensions: 2,
      async embed(texts) {
        calls.push(texts);
        return texts.map((t) => [t.length, 1]);
      },
    };
    return { inner, calls };
  };

  it('counts hits and misses and skips the model on a hit', async () => {
    const { inner, calls } = fake();
    const cached = withQueryCache(inner, 10);
    expect(cached.model).toBe('fake');
    expect(cached.dimensions).toBe(2);
    expect(await cached.embed(['ab', 'abc'])).toEqual([
      [2, 1],
      [3, 1],
    ]);
    expect(await cached.embed(['abc', 'abcd', 'ab'])).toEqual([
      [3, 1],
      [4, 1],
      [2, 1],
    ]);
    expect(calls).toEqual([['ab', 'abc'], ['abcd']]);
    expect(cached.hits).toBe(2);
    expect(cached.misses).toBe(3);
  });

  it('asks the model once for a text repeated within one call', async () => {
    const { inner, calls } = fake();
    const cached = withQueryCache(inner);
    expect(await cached.embed(['x', 'x'])).toEqual([
      [1, 1],
      [1, 1],
    ]);
    expect(calls).toEqual([['x']]);
  });

  it('evicts the least recently used entry', async () => {
    const { inner, calls } = fake();
    const cached = withQueryCache(inner, 2);
    await cached.embed(['a']);
    await cached.embed(['bb']);
    await cached.embed(['a']); // 'a' is now the most recent; 'bb' the least
    await cached.embed(['ccc']); // evicts 'bb'
    await cached.embed(['a']);
    expect(calls).toEqual([['a'], ['bb'], ['ccc']]);
    await cached.embed(['bb']);
    expect(calls).toEqual([['a'], ['bb'], ['ccc'], ['bb']]);
    expect(cached.hits).toBe(2);
    expect(cached.misses).toBe(4);
  });

  it('hands out copies, so a caller cannot corrupt the cache', async () => {
    const { inner } = fake();
    const cached = withQueryCache(inner);
    const [v] = await cached.embed(['abc']);
    v![0] = 99;
    expect(await cached.embed(['abc'])).toEqual([[3, 1]]);
  });

  it('keys entries by model as well as text', async () => {
    let model = 'm1';
    const calls: string[][] = [];
    const inner: Embedder = {
      get model() {
        return model;
      },
      dimensions: 1,
      async embed(texts) {
        calls.push(texts);
        return texts.map(() => [model === 'm1' ? 1 : 2]);
      },
    };
    const cached = withQueryCache(inner);
    expect(await cached.embed(['q'])).toEqual([[1]]);
    model = 'm2';
    expect(await cached.embed(['q'])).toEqual([[2]]);
    expect(calls).toHaveLength(2);
  });
});

describe('product text and content hash', () => {
  const product = {
    product_name: '  Garden   Hose ',
    category_name: 'Outdoor',
    type_name: 'Watering',
    product_description: 'A 50 ft hose.\nKink resistant.',
  };

  it('builds one clean line from the name, the type and what it is for', () => {
    const options = { ...product, product_name: 'Garden Hose, 50 ft, Green', product_description: 'Made for watering beds. Popular with allotment keepers.' };
    expect(productEmbeddingText(options)).toBe('Garden Hose, Watering. For watering beds; allotment keepers.');
  });

  it('keeps the whole description when it says nothing about what the product is for', () => {
    expect(productEmbeddingText(product)).toBe('Garden Hose, Watering. A 50 ft hose. Kink resistant.');
  });

  it('is sha256 hex of model, newline, text', () => {
    expect(contentHash('abc', 'm')).toMatch(/^[0-9a-f]{64}$/);
    // sha256("m\nabc")
    expect(contentHash('abc', 'm')).toBe('272d2815d577097ea7c5d53938dcfe0dfb87ba41c9b8e899f99addaa68890cc4');
  });

  it('changes when the text or the model changes', () => {
    const text = productEmbeddingText(product);
    const base = contentHash(text, 'use-lite-512');
    expect(contentHash(text, 'use-lite-512')).toBe(base);
    expect(contentHash(text, 'text-embedding-3-small')).not.toBe(base);
    expect(contentHash(productEmbeddingText({ ...product, product_description: 'A 75 ft hose.' }), 'use-lite-512')).not.toBe(base);
  });
});

describe('vector helpers', () => {
  it('formats pgvector text and rejects non-finite values', () => {
    expect(toVectorLiteral([1, 0.5, -2])).toBe('[1,0.5,-2]');
    expect(() => toVectorLiteral([1, Number.NaN])).toThrow();
  });

  it('rejects empty texts as bad input', () => {
    expect(() => assertEmbeddableTexts(['a', ''])).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
  });
});
