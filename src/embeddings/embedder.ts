// The embedding provider contract shared by the offline model, OpenAI-compatible HTTP providers
// and the query cache, plus the pgvector text form used to bind vectors as query parameters.
import { AppError } from '../errors.js';

/** The offline model's name; migration 002 already creates its HNSW index. */
export const OFFLINE_MODEL = 'use-lite-512';

export interface Embedder {
  /** The name recorded in retail.product_embeddings.model; vectors of different models never mix. */
  readonly model: string;
  readonly dimensions: number;
  /** One vector per input text, in input order. */
  embed(texts: string[]): Promise<number[][]>;
  /**
   * For a large backfill: an embedder that gives the same vectors using more cores (the offline
   * model's worker threads). The caller closes it. Absent when there is nothing to gain.
   */
  forBulk?(): Promise<BulkEmbedder>;
}

export interface BulkEmbedder extends Embedder {
  readonly threads: number;
  close(): Promise<void>;
}

/** pgvector's text form, e.g. `[1,0.5,-2]`; bind it as a parameter and cast with `::vector`. */
export function toVectorLiteral(v: number[]): string {
  for (const x of v) {
    // NaN or Infinity would be rejected by pgvector with an opaque error; fail here, clearly.
    if (!Number.isFinite(x)) throw new AppError('INTERNAL', 'An embedding contained a non-finite value.');
  }
  return `[${v.join(',')}]`;
}

/** Empty texts have no meaning to embed (the offline model crashes on them, OpenAI rejects them). */
export function assertEmbeddableTexts(texts: readonly string[]): void {
  for (const t of texts) {
    if (typeof t !== 'string' || t.trim() === '') {
      throw new AppError('BAD_INPUT', 'Text to embed must be a non-empty string.');
    }
  }
}

/** Scales a vector to unit length so that cosine distance and inner product agree. */
export function normalize(v: ArrayLike<number>): number[] {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  const norm = Math.sqrt(sum);
  const out = new Array<number>(v.length);
  for (let i = 0; i < v.length; i++) out[i] = norm > 0 ? v[i]! / norm : 0;
  return out;
}
