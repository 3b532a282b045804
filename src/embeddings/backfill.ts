// Keeps retail.product_embeddings current for one model: embeds only products whose text changed
// (by content hash), one short owner transaction per batch, so an interrupted run simply resumes.
// Vectors shipped with the repository for the seed catalogue (shipped.ts) are loaded instead of
// computed where the content hash matches; the rest go to the model, on every core for a large run.
import { createHash } from 'node:crypto';
import type postgres from 'postgres';
import { createProgress } from '../cli/progress.js';
import type { Sql, Tx } from '../db/client.js';
import { unsafeExtended } from '../db/extended.js';
import { AppError } from '../errors.js';
import { type BulkEmbedder, type Embedder, OFFLINE_MODEL, toVectorLiteral } from './embedder.js';
import { contentHash, productEmbeddingText } from './product-text.js';
import { loadShippedEmbeddings, type ShippedEmbeddings } from './shipped.js';

export interface BackfillOptions {
  /** Texts per embedder call and per transaction (default 64). */
  batchSize?: number;
  /** Batches in flight at once: default 1 for the CPU-bound offline model, 4 for HTTP providers. */
  concurrency?: number;
  log?: (line: string) => void;
  /** Progress bar on stderr unless false (on a terminal; a line every few seconds elsewhere). */
  progress?: boolean;
  /**
   * Vectors to load instead of computing, by content hash: default the files shipped for this model
   * in seed/embeddings/ (if any); null to compute everything.
   */
  shipped?: ShippedEmbeddings | null;
  /** Use the embedder's multi-core form (forBulk) when at least this many products need the model (default 32). */
  bulkFrom?: number;
}

export interface BackfillResult {
  /** Rows written: loaded from the shipped file plus computed by the model. */
  embedded: number;
  unchanged: number;
  total: number;
  /** How many of `embedded` came from the shipped file (absent when none did). */
  shipped?: number;
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

/** Shipped rows per INSERT: ~5 MB of vector text at 512-d, well inside one round trip's comfort. */
const SHIPPED_BATCH = 500;

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
  if (todo.length === 0) {
    log(`embeddings (${model}): 0 to embed, ${unchanged} unchanged, ${total} products`);
    return { embedded: 0, unchanged, total };
  }

  // The shipped file is read only when there is something to embed (a restart reads nothing).
  let shipped = options.shipped;
  if (shipped === undefined) {
    const loaded = loadShippedEmbeddings(model, dimensions);
    shipped = loaded.shipped;
    if (loaded.problem && !loaded.problem.startsWith('no shipped embeddings')) log(`embeddings (${model}): ${loaded.problem}`);
  }
  const fromFile: { p: Pending; vector: number[] }[] = [];
  const toCompute: Pending[] = [];
  for (const p of todo) {
    const vector = shipped?.get(p.hash);
    if (vector && vector.length === dimensions) fromFile.push({ p, vector });
    else toCompute.push(p);
  }
  const split = fromFile.length > 0 ? `; ${fromFile.length} from the shipped file, ${toCompute.length} by the model` : '';
  log(`embeddings (${model}): ${todo.length} to embed, ${unchanged} unchanged, ${total} products${split}`);

  const bar = options.progress === false ? undefined : createProgress(`embeddings (${model})`, todo.length, { log });
  const started = Date.now();
  let written = 0;
  // The model's first load: one transaction that builds its index once over all the rows.
  if (fromFile.length > 0 && rows.every((r) => r.content_hash === null) && (await firstLoad(sql, model, dimensions, fromFile, (n) => bar?.tick(n)))) {
    written = fromFile.length;
  } else {
    for (let i = 0; i < fromFile.length; i += SHIPPED_BATCH) {
      const batch = fromFile.slice(i, i + SHIPPED_BATCH);
      await sql.begin(async (tx) => {
        await tx`set local role retail_owner`;
        await writeShipped(tx, model, dimensions, batch);
      });
      written += batch.length;
      bar?.tick(batch.length);
    }
  }
  if (fromFile.length > 0) log(`embeddings (${model}): loaded ${fromFile.length} shipped vectors in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  if (toCompute.length === 0) {
    bar?.done();
    return { embedded: written, unchanged, total, shipped: written };
  }

  const bulkFrom = options.bulkFrom ?? 32;
  let bulk: BulkEmbedder | null = null;
  if (embedder.forBulk && toCompute.length >= bulkFrom) {
    try {
      bulk = await embedder.forBulk();
    } catch (err) {
      log(`embeddings (${model}): worker threads unavailable (${(err as Error).message}); embedding on one core`);
    }
  }
  const using = bulk ?? embedder;
  const computing = Date.now();
  let computed = 0;
  try {
    computed = await computeAndWrite(sql, using, toCompute, {
      batchSize,
      // Every worker busy: one batch per thread in flight (a batch is split across them anyway).
      concurrency: bulk ? Math.max(concurrency, bulk.threads) : concurrency,
      tick: (n) => bar?.tick(n),
      log,
    });
  } finally {
    await bulk?.close();
  }
  bar?.done();
  const seconds = (Date.now() - computing) / 1000;
  log(
    `embeddings (${model}): embedded ${computed} in ${seconds.toFixed(1)}s (${Math.round(computed / Math.max(seconds, 0.001))}/s${bulk ? `, ${bulk.threads} threads` : ''})`,
  );
  return { embedded: written + computed, unchanged, total, ...(written > 0 ? { shipped: written } : {}) };
}

async function computeAndWrite(
  sql: Sql,
  embedder: Embedder,
  todo: Pending[],
  o: { batchSize: number; concurrency: number; tick: (n: number) => void; log: (line: string) => void },
): Promise<number> {
  const { model, dimensions } = embedder;
  const batches: Pending[][] = [];
  for (let i = 0; i < todo.length; i += o.batchSize) batches.push(todo.slice(i, i + o.batchSize));
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
      await writeVectors(tx, model, dimensions, batch, vectors, toVectorLiteral);
    });
    embedded += batch.length;
    o.tick(batch.length);
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
  await Promise.all(Array.from({ length: Math.min(o.concurrency, batches.length) }, worker));
  if (failure) {
    o.log(`embeddings (${model}): stopped after ${embedded} of ${todo.length}; run again to resume`);
    throw failure.error;
  }
  return embedded;
}

/** Upserts a batch's vectors as the owner, in the caller's transaction. */
async function writeVectors(tx: Tx, model: string, dimensions: number, batch: Pending[], vectors: number[][], literal: (v: number[]) => string): Promise<void> {
  // The join skips a product deleted since it was read, instead of failing the whole batch.
  await tx`
    insert into retail.product_embeddings (product_id, model, dimensions, content_hash, embedding, updated_at)
    select r.product_id, ${model}::text, ${dimensions}::int, r.content_hash, r.embedding::vector, now()
      from unnest(${batch.map((b) => b.productId)}::int[], ${batch.map((b) => b.hash)}::text[],
                  ${vectors.map(literal)}::text[]) as r(product_id, content_hash, embedding)
      join retail.products p on p.product_id = r.product_id
    on conflict (product_id, model) do update
      set dimensions = excluded.dimensions, content_hash = excluded.content_hash,
          embedding = excluded.embedding, updated_at = excluded.updated_at`;
}

/**
 * A model's first load from the shipped file, in one owner transaction: its partial HNSW index(es)
 * come off, every row goes in, and each index is built again from its own definition. Building once
 * over all the rows took 0.7 s where inserting into the index row by row took 2.1 s (1,094 vectors,
 * ef_construction 400, PGlite). All or nothing: a failure leaves the index and no rows. false
 * (nothing done) if the model has rows after all.
 */
async function firstLoad(sql: Sql, model: string, dimensions: number, rows: { p: Pending; vector: number[] }[], tick: (n: number) => void): Promise<boolean> {
  let loaded = false;
  await sql.begin(async (tx) => {
    await tx`set local role retail_owner`;
    // Serialises with ensureModelIndex and with another first load of the same model.
    await tx`select pg_advisory_xact_lock(hashtext('retail-mcp product_embeddings index'))`;
    const indexes = await tx<{ name: string; definition: string }[]>`
      select format('%I.%I', n.nspname, c.relname) as name, pg_get_indexdef(i.indexrelid) as definition
        from pg_index i
        join pg_class c on c.oid = i.indexrelid
        join pg_namespace n on n.oid = c.relnamespace
       where i.indrelid = 'retail.product_embeddings'::regclass and i.indpred is not null
         and position(quote_literal(${model}::text) || '::text' in pg_get_expr(i.indpred, i.indrelid)) > 0`;
    const [row] = await tx<{ empty: boolean }[]>`select not exists (select 1 from retail.product_embeddings where model = ${model}) as empty`;
    // Another process loaded some meanwhile: then upsert batch by batch instead.
    if (!row?.empty) return;
    loaded = true;
    // Names and definitions come from the catalog (format('%I') and pg_get_indexdef), never from input.
    for (const index of indexes) await unsafeExtended(tx, `drop index ${index.name}`);
    for (let i = 0; i < rows.length; i += SHIPPED_BATCH) {
      const batch = rows.slice(i, i + SHIPPED_BATCH);
      await writeShipped(tx, model, dimensions, batch);
      tick(batch.length);
    }
    for (const index of indexes) await unsafeExtended(tx, index.definition);
  });
  return loaded;
}

/** Shipped vectors go in with the compact literal (exact for pgvector's float4). */
function writeShipped(tx: Tx, model: string, dimensions: number, batch: { p: Pending; vector: number[] }[]) {
  return writeVectors(
    tx,
    model,
    dimensions,
    batch.map((b) => b.p),
    batch.map((b) => b.vector),
    compactVectorLiteral,
  );
}

/**
 * pgvector's text form with 9 significant digits, which is exact for its float4 storage: a shipped
 * vector's text is about half as long as with JavaScript's shortest double form.
 */
function compactVectorLiteral(v: number[]): string {
  return toVectorLiteral(v.map((x) => Number(x.toPrecision(9))));
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
      await unsafeExtended(tx, `drop index retail.${stale.name}`);
    }
    await unsafeExtended(
      tx,
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
