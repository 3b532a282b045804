// Picks the embedding provider from config, behind the one Embedder interface, with the LRU
// query cache in front so repeated search phrases skip the model.
import type { Config } from '../config.js';
import type { Embedder } from '../embeddings/embedder.js';
import { createOfflineEmbedder } from '../embeddings/offline.js';
import { createOpenAiEmbedder } from '../embeddings/openai.js';
import { withQueryCache } from '../embeddings/query-cache.js';

export async function createEmbedder(config: Config): Promise<Embedder> {
  const base =
    config.EMBEDDINGS_PROVIDER === 'openai'
      ? createOpenAiEmbedder({
          apiKey: config.OPENAI_API_KEY!,
          baseURL: config.OPENAI_BASE_URL,
          model: config.EMBEDDINGS_MODEL,
          dimensions: config.EMBEDDINGS_DIMENSIONS,
        })
      : await createOfflineEmbedder();
  return withQueryCache(base);
}
