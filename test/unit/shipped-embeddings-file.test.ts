// The shipped embeddings file (seed/embeddings/) without the model: it covers the current seed
// catalogue exactly, passes its own checks, and the float16 codec is IEEE's (as Float16Array).
// Whether its vectors are still the model's is test/integration/shipped-embeddings.test.ts.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OFFLINE_MODEL } from '../../src/embeddings/embedder.js';
import { sameRankingUpToTies } from '../../src/embeddings/ranking-compare.js';
import { seedProductTexts } from '../../src/embeddings/seed-texts.js';
import { encodeShipped, fromHalf, loadShippedEmbeddings, SHIPPED_DIR, toHalf } from '../../src/embeddings/shipped.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the shipped embeddings file', () => {
  it('holds a unit vector for every product of the seed catalogue, and nothing else (else: npm run embeddings:ship)', () => {
    const load = loadShippedEmbeddings(OFFLINE_MODEL, 512);
    expect(load.problem).toBeUndefined();
    const shipped = load.shipped!;
    const seed = seedProductTexts(OFFLINE_MODEL);
    // one record per distinct text: products differing only in size or colour share one
    expect(shipped.size).toBe(new Set(seed.map((p) => p.hash)).size);
    expect(new Set(shipped.hashes())).toEqual(new Set(seed.map((p) => p.hash)));
    for (const p of seed) {
      const v = shipped.get(p.hash)!;
      expect(v).toHaveLength(512);
      expect(Math.hypot(...v)).toBeCloseTo(1, 9);
    }
  });

  it('records how it was made and what float16 cost, within the bounds the tests hold', () => {
    const index = JSON.parse(readFileSync(join(SHIPPED_DIR, `${OFFLINE_MODEL}.json`), 'utf8'));
    expect(index).toMatchObject({
      model: OFFLINE_MODEL,
      dimensions: 512,
      encoding: 'float16 LE',
      recordBytes: 32 + 1024,
      generatedBy: 'npm run embeddings:ship',
    });
    expect(readFileSync(join(SHIPPED_DIR, `${OFFLINE_MODEL}.bin`)).byteLength).toBe(index.count * index.recordBytes);
    expect(index.quality.minCosine).toBeGreaterThan(0.99999);
    expect(index.quality.top10.sameUpToTies).toBe(index.quality.top10.queries);
  });

  it('is not used, with the reason, when it is missing, for another model or dimension, or damaged', () => {
    const dir = mkdtempSync(join(tmpdir(), 'retail-mcp-shipped-'));
    dirs.push(dir);
    expect(loadShippedEmbeddings('text-embedding-3-small', 1536, dir).problem).toBe('no shipped embeddings for text-embedding-3-small');
    const v = Array.from({ length: 4 }, (_, i) => (i + 1) / Math.sqrt(30));
    const { index, bin } = encodeShipped('m', 4, [{ hash: 'a'.repeat(64), vector: v }], { key: 'k', generatedBy: 'test' });
    writeFileSync(join(dir, 'm.json'), JSON.stringify(index));
    writeFileSync(join(dir, 'm.bin'), bin);
    const good = loadShippedEmbeddings('m', 4, dir).shipped!;
    expect(good.get('a'.repeat(64))!.map((x) => Number(x.toFixed(3)))).toEqual(v.map((x) => Number(x.toFixed(3))));
    expect(good.get('b'.repeat(64))).toBeUndefined();
    expect(loadShippedEmbeddings('m', 8, dir).problem).toMatch(/4 dimensions, not 8/);
    bin[35] = bin[35]! ^ 1;
    writeFileSync(join(dir, 'm.bin'), bin);
    expect(loadShippedEmbeddings('m', 4, dir).problem).toMatch(/does not match its checksum/);
    writeFileSync(join(dir, 'm.bin'), bin.subarray(0, 10));
    expect(loadShippedEmbeddings('m', 4, dir).problem).toMatch(/does not match its index/);
  });

  it('refuses to encode what it could not key or read back', () => {
    const v = [1, 0];
    const extra = { key: 'k', generatedBy: 'test' };
    expect(() => encodeShipped('m', 2, [{ hash: 'xyz', vector: v }], extra)).toThrow(/sha256/);
    expect(() => encodeShipped('m', 3, [{ hash: 'a'.repeat(64), vector: v }], extra)).toThrow(/2 dimensions, not 3/);
    expect(() =>
      encodeShipped(
        'm',
        2,
        [
          { hash: 'a'.repeat(64), vector: v },
          { hash: 'a'.repeat(64), vector: v },
        ],
        extra,
      ),
    ).toThrow(/duplicate/);
  });
});

describe('float16', () => {
  it('rounds exactly as Float16Array (nearest, ties to even), subnormals and overflow included', () => {
    const F16 = (globalThis as { Float16Array?: new (n: number) => { [i: number]: number; buffer: ArrayBuffer } }).Float16Array;
    const values = [0, -0, 1, -1, 0.1, 1 / 3, 65504, 65519.99, 65520, 1e6, -1e6, 2 ** -14, 2 ** -24, 2 ** -25, 3 * 2 ** -26, 5.96e-8, 6.1e-5, Number.NaN];
    let seed = 7;
    for (let i = 0; i < 20_000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      values.push((seed / 2 ** 31 - 0.5) * 2 ** ((i % 40) - 30));
    }
    if (F16) {
      const f = new F16(1);
      const bits = new Uint16Array(f.buffer);
      for (const x of values) {
        f[0] = x;
        expect(toHalf(x), String(x)).toBe(bits[0]);
      }
    }
    for (const x of values.filter((x) => Math.abs(x) < 60_000 && Math.abs(x) > 1e-4)) {
      expect(Math.abs(fromHalf(toHalf(x)) - x)).toBeLessThanOrEqual(Math.abs(x) * 2 ** -11);
    }
    expect(fromHalf(toHalf(Number.POSITIVE_INFINITY))).toBe(Number.POSITIVE_INFINITY);
    expect(fromHalf(toHalf(Number.NaN))).toBeNaN();
  });
});

describe('sameRankingUpToTies', () => {
  const reference = [
    { id: 1, similarity: 0.9 },
    { id: 2, similarity: 0.8 },
    { id: 3, similarity: 0.79999 },
    { id: 4, similarity: 0.5 },
  ];
  it('accepts the reference order, and products within the tie trading places', () => {
    expect(sameRankingUpToTies(reference, [1, 2, 3], 3)).toBe(true);
    expect(sameRankingUpToTies(reference, [1, 3, 2], 3)).toBe(true);
    expect(sameRankingUpToTies(reference, [1, 2], 2)).toBe(true);
    expect(sameRankingUpToTies(reference, [1, 3], 2)).toBe(true);
  });
  it('refuses other products, other orders, duplicates and short lists', () => {
    expect(sameRankingUpToTies(reference, [2, 1, 3], 3)).toBe(false);
    expect(sameRankingUpToTies(reference, [1, 2, 4], 3)).toBe(false);
    expect(sameRankingUpToTies(reference, [1, 2, 2], 3)).toBe(false);
    expect(sameRankingUpToTies(reference, [1, 2], 3)).toBe(false);
    expect(sameRankingUpToTies(reference, [1, 2, 9], 3)).toBe(false);
  });
});
