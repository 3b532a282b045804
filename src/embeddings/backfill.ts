// Keeps retail.product_embeddings current for one model: embeds only products whose text changed
// (by content hash), one short owner transaction per batch, so an interrupted run simply resumes.
import { createHash } from 'node:crypto';
import type postgres from 'postgres';
import { createProgress } from '../cli/progress.js';
import { AppError } from '../errors.js';
import { type Embedder, OFFLINE_MODEL, toVectorLiteral } from './embedder.js';
import { contentHash, productEmbeddingText } from './product-text.js';

export interface BackfillOptions {
  /** Texts per embedder call and per transaction (default 64). */
  batchSize?: number;
  /** Batches in flight at once: default 1 for the CPU-bound offline model, 4 for HTTP providers. */
  concurrency?: number;
  log?: (line: string) => void;
  /** Progress bar on stderr unless false. */
  progress?: boolean;
}

export interface BackfillResult {
  embedded: number;
  unchanged: number;
  total: number;
}

interface ProductRow {
  product_id: number;
  product_name: string;
  category_name: string;
  type_name: string;
  product_description: string;
  content_hash: string | null;
  dimensions: number | null;
}

interface Pending {
  productId: number;
  text: string;
  hash: string;
}

export async function backfillEmbeddings(sql: postgres.Sql<{}>, embedder: Embedder, options: BackfillOptions = {}): Promise<BackfillResult> {
  const { model, dimensions } = embedder;
  const batchSize = positiveInt(options.batchSize ?? 64, 'batchSize');
  const concurrency = positiveInt(options.concurrency ?? (model === OFFLINE_MODEL ? 1 : 4), 'concurrency');
  const log = options.log ?? (() => {});

  // Before the writes: on a first run the build is instant (no rows yet) and batches are indexed as
  // they commit; at catalogue sizes that is simpler than, and about as cheap as, a build afterwards.
  await ensureModelIndex(sql, model, dimensions);

  const rows = await sql<ProductRow[]>`
    select p.product_id, p.product_name, c.category_name, t.type_name, p.product_description,
           e.content_hash, e.dimensions
      from retail.products p
      join retail.categories c on c.category_id = p.category_id
      join retail.product_types t on t.type_id = p.type_id
      left join retail.product_embeddings e on e.product_id = p.product_id and e.model = ${model}
     order by p.product_id`;

  const todo: Pending[] = [];
  for (const r of rows) {
    const text = productEmbeddingText(r);
    const hash = contentHash(text, model);
    if (r.content_hash !== hash || r.dimensions !== dimensions) todo.push({ productId: r.product_id, text, hash });
  }
  const total = rows.length;
  const unchanged = total - todo.length;
  log(`embeddings (${model}): ${todo.length} to embed, ${unchanged} unchanged, ${total} products`);
  if (todo.length === 0) return { embedded: 0, unchanged, total };

  const batches: Pending[][] = [];
  for (let i = 0; i < todo.length; i += batchSize) batches.push(todo.slice(i, i + batchSize));

  const bar = options.progress === false ? undefined : createProgress('Embedding products', todo.length);
  const started = Date.now();
  let embedded = 0;
  let next = 0;
  let failure: { error: unknown } | undefined;

  const runBatch = async (batch: Pending[]) => {
    const vectors = await embedder.embed(batch.map((b) => b.text));
    if (vectors.length !== batch.length || vectors.some((v) => v.length !== dimensions)) {
      throw new AppError('INTERNAL', `Embedding model '${model}' did not return ${batch.length} vectors of ${dimensions} dimensions.`);
    }
    await sql.begin(async (tx) => {
      await tx`set local role retail_owner`;
      // The join skips a product deleted since it was read, instead of failing the whole batch.
      await tx`
        insert into retail.product_embeddings (product_id, model, dimensions, content_hash, embedding, updated_at)
        select r.product_id, ${model}::text, ${dimensions}::int, r.content_hash, r.embedding::vector, now()
          from unnest(${batch.map((b) => b.productId)}::int[], ${batch.map((b) => b.hash)}::text[],
                      ${vectors.map(toVectorLiteral)}::text[]) as r(product_id, content_hash, embedding)
          join retail.products p on p.product_id = r.product_id
        on conflict (product_id, model) do update
          set dimensions = excluded.dimensions, content_hash = excluded.content_hash,
              embedding = excluded.embedding, updated_at = excluded.updated_at`;
    });
    embedded += batch.length;
    bar?.tick(batch.length);
  };

  // A small worker pool: each worker takes the next batch until none are left or one has failed.
  // Committed batches stay committed, so a failed or interrupted run resumes where it stopped.
  const worker = async () => {
    while (!failure && next < batches.length) {
      const batch = batches[next++]!;
      try {
        await runBatch(batch);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
  if (failure) {
    log(`embeddings (${model}): stopped after ${embedded} of ${todo.length}; run again to resume`);
    throw failure.error;
  }
  bar?.done();
  const seconds = (Date.now() - started) / 1000;
  log(`embeddings (${model}): embedded ${embedded} in ${seconds.toFixed(1)}s (${Math.round(embedded / Math.max(seconds, 0.001))}/s)`);
  return { embedded, unchanged, total };
}

const MODEL_NAME = /^[A-Za-z0-9._:-]{1,100}$/;
const OUR_INDEX = /^product_embeddings_[0-9a-f]{16}_hnsw$/;

/**
 * Gives a model its own partial HNSW index over `embedding::vector(dims)`, so its searches use an
 * index and never see another model's vectors. Migration 002 already indexes the offline model.
 * The predicate includes the dimensions as well as the model: the cast fails on a vector of other
 * dimensions, so rows left by an earlier dimension setting of the same model (even dead ones, which
 * CREATE INDEX still visits) must fall outside the index. Searches should therefore filter on
 * `model = '<model>' and dimensions = <dims>` and order by `embedding::vector(<dims>) <=> $query`.
 */
export async function ensureModelIndex(sql: postgres.Sql<{}>, model: string, dimensions: number): Promise<void> {
  if (model === OFFLINE_MODEL) return;
  // DDL cannot take bind parameters, so this is the one place where a configured value becomes SQL
  // text. Both values are validated strictly first, the index name is derived from a hash (never
  // from the model name), and the model literal is quoted even though the pattern forbids quotes.
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > 2000) {
    throw new AppError('INTERNAL', `Embedding dimensions must be an integer from 1 to 2000 for an HNSW index (got ${String(dimensions)}).`);
  }
  if (!MODEL_NAME.test(model)) {
    throw new AppError('INTERNAL', 'The embedding model name may use only letters, digits and . _ : - (at most 100 characters).');
  }
  const literal = `'${model.replaceAll("'", "''")}'`;
  const name = `product_embeddings_${createHash('sha256').update(`${model}\n${dimensions}`).digest('hex').slice(0, 16)}_hnsw`;

  await sql.begin(async (tx) => {
    await tx`set local role retail_owner`;
    // Serialise concurrent runs so that two of them never race on the DDL.
    await tx`select pg_advisory_xact_lock(hashtext('retail-mcp product_embeddings index'))`;
    const existing = await tx<{ name: string; predicate: string }[]>`
      select c.relname as name, pg_get_expr(i.indpred, i.indrelid) as predicate
        from pg_index i join pg_class c on c.oid = i.indexrelid
       where i.indrelid = 'retail.product_embeddings'::regclass and i.indpred is not null`;
    if (existing.some((r) => r.name === name)) return;
    // This model's index for other dimensions covers only rows the new setting replaces: drop it.
    const sameModel = `((model = ${literal}::text) AND (dimensions = `;
    for (const stale of existing.filter((r) => OUR_INDEX.test(r.name) && r.predicate.startsWith(sameModel))) {
      await tx.unsafe(`drop index retail.${stale.name}`);
    }
    await tx.unsafe(
      `create index ${name} on retail.product_embeddings
         using hnsw ((embedding::vector(${dimensions})) vector_cosine_ops) with (m = 16, ef_construction = 400)
         where model = ${literal} and dimensions = ${dimensions}`,
    );
  });
}

function positiveInt(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${what} must be a positive integer`);
  return n;
}
