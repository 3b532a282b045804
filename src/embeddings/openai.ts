// An embedder for OpenAI's embeddings API or any OpenAI-compatible endpoint (set baseURL), with the
// SDK's own retries, and failures mapped to AppErrors that never carry the API key.
import OpenAI from 'openai';
import { AppError } from '../errors.js';
import { assertEmbeddableTexts, type Embedder } from './embedder.js';

export interface OpenAiEmbedderOptions {
  apiKey: string;
  /** e.g. http://localhost:11434/v1 for a compatible server; defaults to OpenAI's API. */
  baseURL?: string;
  /** Sent to the API and recorded in the database, e.g. 'text-embedding-3-small'. */
  model: string;
  dimensions: number;
  /** Retries on connection errors, 408, 409, 429 and 5xx with exponential backoff (SDK default 2). */
  maxRetries?: number;
  /** Per-attempt timeout; the SDK's default is 10 minutes, far too long for a search query. */
  timeoutMs?: number;
  /**
   * Whether to send `dimensions` in the request. Only models with shortenable output accept it
   * (OpenAI rejects it for text-embedding-ada-002, and many compatible servers do too), so by
   * default it is sent only to the text-embedding-3 family. The returned length is always checked.
   */
  sendDimensions?: boolean;
}

// OpenAI accepts up to 2048 inputs per request; smaller requests also keep a token budget in reach.
const MAX_INPUTS_PER_REQUEST = 256;

export function createOpenAiEmbedder(options: OpenAiEmbedderOptions): Embedder {
  const { apiKey, model, dimensions } = options;
  if (!Number.isInteger(dimensions) || dimensions < 1) {
    throw new AppError('INTERNAL', `Embedding dimensions must be a positive integer (got ${String(dimensions)}).`);
  }
  const sendDimensions = options.sendDimensions ?? model.startsWith('text-embedding-3');
  const client = new OpenAI({
    apiKey,
    // Every setting is explicit: the SDK otherwise reads OPENAI_BASE_URL, OPENAI_ORG_ID, ... from
    // the environment, and configuration here is only ever passed in.
    baseURL: options.baseURL ?? 'https://api.openai.com/v1',
    organization: null,
    project: null,
    webhookSecret: null,
    maxRetries: options.maxRetries ?? 3,
    timeout: options.timeoutMs ?? 30_000,
    // The stdio transport owns stdout, so SDK log lines (any level) go to stderr.
    logLevel: 'warn',
    logger: {
      error: (...a: unknown[]) => console.error(...a),
      warn: (...a: unknown[]) => console.error(...a),
      info: (...a: unknown[]) => console.error(...a),
      debug: (...a: unknown[]) => console.error(...a),
    },
  });

  const request = async (input: string[]): Promise<number[][]> => {
    let response: OpenAI.Embeddings.CreateEmbeddingResponse;
    try {
      response = await client.embeddings.create({
        model,
        input,
        // Plain floats: every compatible server supports them, base64 (the SDK default) not all.
        encoding_format: 'float',
        ...(sendDimensions ? { dimensions } : {}),
      });
    } catch (err) {
      throw new AppError('EMBEDDINGS_UNAVAILABLE', 'The embedding service is unavailable; try again shortly.', {
        cause: redact(err, apiKey),
      });
    }
    const data = [...(response.data ?? [])].sort((a, b) => a.index - b.index);
    if (data.length !== input.length) {
      throw new AppError('EMBEDDINGS_UNAVAILABLE', 'The embedding service returned an incomplete response; try again shortly.');
    }
    return data.map((d) => {
      const v = Array.from(d.embedding as ArrayLike<number>);
      if (v.length !== dimensions) {
        throw new AppError(
          'INTERNAL',
          `Embedding model '${model}' returned ${v.length}-dimensional vectors but ${dimensions} are configured; set the embedding dimensions to ${v.length}.`,
        );
      }
      return v;
    });
  };

  return {
    model,
    dimensions,
    async embed(texts: string[]): Promise<number[][]> {
      assertEmbeddableTexts(texts);
      const out: number[][] = [];
      for (let i = 0; i < texts.length; i += MAX_INPUTS_PER_REQUEST) {
        out.push(...(await request(texts.slice(i, i + MAX_INPUTS_PER_REQUEST))));
      }
      return out;
    },
  };
}

/** The cause is logged, so make sure the key cannot reach a log through a provider's error text. */
function redact(err: unknown, apiKey: string): unknown {
  if (!apiKey || !(err instanceof Error)) return err;
  const text = `${err.message}\n${String(err.stack ?? '')}`;
  if (!text.includes(apiKey)) return err;
  const safe = new Error(err.message.split(apiKey).join('[redacted]'));
  safe.name = err.name;
  return safe;
}
