// The offline model on worker threads (offline-pool.ts), used by large backfills: the same vectors
// as the in-process model, bit for bit, in input order whatever the chunking, and a clean close.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulkEmbedder, Embedder } from '../../src/embeddings/embedder.js';
import { OFFLINE_MODEL } from '../../src/embeddings/embedder.js';
import { createOfflineEmbedder } from '../../src/embeddings/offline.js';
import { CHUNK, createOfflineEmbedderPool } from '../../src/embeddings/offline-pool.js';

let pool: BulkEmbedder;
let inProcess: Embedder;
beforeAll(async () => {
  [pool, inProcess] = await Promise.all([createOfflineEmbedderPool(2), createOfflineEmbedder()]);
}, 60_000);
afterAll(() => pool?.close());

describe('offline embedder pool', () => {
  it('gives exactly the in-process vectors, in input order, across chunks and threads', async () => {
    const texts = Array.from({ length: 2 * CHUNK + 3 }, (_, i) => `Product ${i}: a ${['cast iron skillet', 'trail shoe', 'garden hose'][i % 3]} in size ${i}`);
    expect(pool.model).toBe(OFFLINE_MODEL);
    expect(pool.threads).toBe(2);
    const [fromPool, direct] = await Promise.all([pool.embed(texts), inProcess.embed(texts)]);
    expect(fromPool).toEqual(direct);
  }, 60_000);

  it('refuses empty texts as the in-process model does, and work after close', async () => {
    await expect(pool.embed(['fine', ' '])).rejects.toThrow(/non-empty/);
    const other = await createOfflineEmbedderPool(1);
    await other.close();
    await expect(other.embed(['too late'])).rejects.toThrow(/closed/);
  }, 60_000);

  it('is what the in-process embedder offers for bulk work when there is a second core', async () => {
    const bulk = await inProcess.forBulk?.();
    try {
      if (bulk) expect((await bulk.embed(['a cordless drill']))[0]).toEqual((await inProcess.embed(['a cordless drill']))[0]);
    } finally {
      await bulk?.close();
    }
  }, 60_000);
});
