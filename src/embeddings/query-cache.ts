// An in-memory LRU of embeddings keyed by model and text, so that repeated search queries do not
// run the model (or pay an HTTP provider) again.
import type { Embedder } from './embedder.js';

export type CachedEmbedder = Embedder & { readonly hits: number; readonly misses: number };

export function withQueryCache(embedder: Embedder, maxEntries = 1000): CachedEmbedder {
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError('maxEntries must be a positive integer');
  // A Map iterates in insertion order: delete + re-insert on a hit makes the first key the least recently used.
  const cache = new Map<string, number[]>();
  let hits = 0;
  let misses = 0;
  const keyOf = (text: string) => `${embedder.model}\n${text}`;

  return {
    ...(embedder.forBulk ? { forBulk: () => embedder.forBulk!() } : {}),
    get model() {
      return embedder.model;
    },
    get dimensions() {
      return embedder.dimensions;
    },
    get hits() {
      return hits;
    },
    get misses() {
      return misses;
    },
    async embed(texts: string[]): Promise<number[][]> {
      const out: (number[] | undefined)[] = new Array(texts.length);
      const missing = new Set<string>();
      texts.forEach((text, i) => {
        const key = keyOf(text);
        const hit = cache.get(key);
        if (hit) {
          hits++;
          cache.delete(key);
          cache.set(key, hit);
          out[i] = hit.slice();
        } else {
          misses++;
          missing.add(text);
        }
      });
      if (missing.size > 0) {
        const unique = [...missing];
        const vectors = await embedder.embed(unique);
        const fresh = new Map(unique.map((text, j) => [text, vectors[j]!]));
        for (const [text, v] of fresh) {
          cache.delete(keyOf(text));
          cache.set(keyOf(text), v);
        }
        while (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
        texts.forEach((text, i) => {
          out[i] ??= fresh.get(text)!.slice();
        });
      }
      return out as number[][];
    },
  };
}
