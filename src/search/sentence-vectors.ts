// Sentence-level vectors (issue #9): a product is represented by one vector per sentence of its text
// as well as by the one vector of its whole text, and scored by its best-matching sentence. USE-Lite
// is strongest on short texts: "keep my ears warm" sits closer to "Keeps your ears warm on frosty
// walks." than to a 60-word description that also covers materials, care and colours.
// Stored in retail.product_sentence_embeddings (migration 016); backfillSentenceEmbeddings fills it.
import { createHash } from 'node:crypto';
import type { Sql, Tx } from '../db/client.js';
import { type Embedder, toVectorLiteral } from '../embeddings/embedder.js';
import type { ProductTextSource } from '../embeddings/product-text.js';
import { sqlFile } from '../tools/sql-files.js';
import type { CandidateRow, VectorQuery } from './candidates.js';

const clean = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Size, colour and scent lines ("Size: 8 in. Color: Sage.") say nothing about what a product is for. */
const SPEC = /^(This listing is the |Shown here in |Size: |Color: |Scent: )/;

/**
 * The sentences that represent a product: its name without the size and colour options, with its
 * type ("Oakmere Heritage Dutch Oven, a kind of Stockpots"), then each description sentence except the
 * size/colour line. Sentence boundaries: ., ! or ? followed by a space and a capital letter.
 */
export function productSentences(p: ProductTextSource): string[] {
  const head = clean(p.product_name.split(',')[0] ?? p.product_name);
  const out = [clean(`${head}, ${p.type_name} (${p.category_name})`)];
  for (const s of clean(p.product_description).split(/(?<=[.!?])\s+(?=[A-Z"'(])/)) {
    if (s !== '' && !SPEC.test(s)) out.push(s);
  }
  return [...new Set(out)];
}

/** sha256 of the model and the product's sentence list: a new model or any changed sentence means "embed again". */
export function sentenceHash(sentences: readonly string[], model: string): string {
  return createHash('sha256')
    .update(`${model}\n${sentences.join('\n')}`, 'utf8')
    .digest('hex');
}

export interface SentenceBackfillResult {
  products: number;
  sentences: number;
  /** Distinct texts actually embedded (shared sentences, e.g. care notes, are embedded once). */
  embedded: number;
}

/**
 * Embeds the sentences of every product whose sentence rows for this model are missing or stale, as
 * the owner, in batches of products (each batch commits, so an interrupted run resumes). Sentences
 * shared by several products in a batch are embedded once.
 */
export async function backfillSentenceEmbeddings(
  sql: Sql,
  embedder: Embedder,
  o: { batchProducts?: number; log?: (line: string) => void } = {},
): Promise<SentenceBackfillResult> {
  const { model, dimensions } = embedder;
  const rows = await sql<(ProductTextSource & { product_id: number; stored: string | null })[]>`
    select p.product_id, p.product_name, c.category_name, t.type_name, p.product_description,
           (select s.content_hash from retail.product_sentence_embeddings s
             where s.product_id = p.product_id and s.model = ${model} and s.sentence_no = 0) as stored
      from retail.products p
      join retail.categories c on c.category_id = p.category_id
      join retail.product_types t on t.type_id = p.type_id
     order by p.product_id`;
  const todo = rows
    .map((r) => {
      const sentences = productSentences(r);
      return { id: r.product_id, sentences, hash: sentenceHash(sentences, model), stored: r.stored };
    })
    .filter((r) => r.hash !== r.stored);
  const result: SentenceBackfillResult = { products: todo.length, sentences: 0, embedded: 0 };
  if (todo.length === 0) return result;
  const bulk = todo.length > 50 && embedder.forBulk ? await embedder.forBulk() : undefined;
  const using = bulk ?? embedder;
  const size = o.batchProducts ?? 200;
  const started = Date.now();
  try {
    for (let i = 0; i < todo.length; i += size) {
      const batch = todo.slice(i, i + size);
      const texts = [...new Set(batch.flatMap((b) => b.sentences))];
      const vectors = await using.embed(texts);
      const byText = new Map(texts.map((t, j) => [t, toVectorLiteral(vectors[j]!)]));
      const flat = batch.flatMap((b) => b.sentences.map((s, n) => ({ id: b.id, n, s, hash: b.hash })));
      await sql.begin(async (tx) => {
        await tx`set local role retail_owner`;
        await tx`delete from retail.product_sentence_embeddings where model = ${model} and product_id = any(${batch.map((b) => b.id)}::int[])`;
        await tx`
          insert into retail.product_sentence_embeddings (product_id, model, sentence_no, dimensions, content_hash, sentence, embedding)
          select r.product_id, ${model}::text, r.sentence_no, ${dimensions}::int, r.content_hash, r.sentence, r.embedding::vector
            from unnest(${flat.map((f) => f.id)}::int[], ${flat.map((f) => f.n)}::int[], ${flat.map((f) => f.hash)}::text[],
                        ${flat.map((f) => f.s)}::text[], ${flat.map((f) => byText.get(f.s)!)}::text[])
                 as r(product_id, sentence_no, content_hash, sentence, embedding)
            join retail.products p on p.product_id = r.product_id`;
      });
      result.sentences += flat.length;
      result.embedded += texts.length;
    }
  } finally {
    await bulk?.close();
  }
  o.log?.(
    `sentence embeddings (${model}): ${result.products} products, ${result.sentences} sentences, ${result.embedded} distinct texts embedded in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return result;
}

export interface SentenceQuery extends VectorQuery {
  /** Nearest sentences read per product returned (default 4): products repeat among the nearest sentences. */
  fanout?: number;
}

/**
 * Products by their best-matching sentence (cosine similarity of that sentence in `similarity`),
 * nearest first, under the same filters as the other candidate lists.
 */
export async function sentenceCandidates(tx: Tx, q: SentenceQuery): Promise<CandidateRow[]> {
  if (!Number.isInteger(q.dimensions) || q.dimensions < 1 || q.dimensions > 2000)
    throw new RangeError('embedding dimensions must be an integer from 1 to 2000');
  const f = q.filters;
  const params = [
    toVectorLiteral(q.vector),
    q.model,
    q.k * (q.fanout ?? 4),
    q.k,
    f.category ?? null,
    f.minPrice ?? null,
    f.maxPrice ?? null,
    f.inStockAtMyStores,
  ];
  return [...(await tx.unsafe<CandidateRow[]>(sqlFile('sentence-search').replaceAll(':dims', String(q.dimensions)), params as never[]))];
}

/** Whether any product has sentence vectors for this model (before a backfill, the signal is skipped). */
export async function modelHasSentences(tx: Tx, model: string): Promise<boolean> {
  const [row] = await tx<{ present: boolean }[]>`select exists (select 1 from retail.product_sentence_embeddings where model = ${model}) as present`;
  return Boolean(row?.present);
}
