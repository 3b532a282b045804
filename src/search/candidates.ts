// The candidate lists of product search, each one statement under the caller's RLS with the same
// filters: nearest by embedding through the HNSW index (sql/semantic-search.sql; exact-search.ts is
// the exact counterpart) and full-text (sql/keyword-search.sql).
import type { Tx } from '../db/client.js';
import { toVectorLiteral } from '../embeddings/embedder.js';
import { sqlFile } from '../tools/sql-files.js';

export interface SearchFilters {
  /** Category name, compared case-insensitively. */
  category?: string;
  minPrice?: number;
  maxPrice?: number;
  /** Stock above zero in at least one store the caller may see (inventory is under RLS). */
  inStockAtMyStores: boolean;
}

export interface CandidateRow {
  product_id: number;
  sku: string;
  product_name: string;
  category_name: string;
  type_name: string;
  /** numeric, kept exact as a string. */
  base_price: string;
  description: string;
  /** Cosine similarity to the query embedding; null when no query embedding was given. */
  similarity: number | null;
}

export interface VectorQuery {
  vector: number[];
  model: string;
  dimensions: number;
  k: number;
  filters: SearchFilters;
}

export interface KeywordQuery {
  phrase: string;
  /** Only for the similarity column; keyword matching never needs it. */
  vector: number[] | null;
  model: string;
  dimensions: number;
  k: number;
  filters: SearchFilters;
}

/**
 * A SQL file with its `:dims` placeholders filled. The dimension is the one piece of SQL text not
 * bound as a parameter (a type modifier cannot be), so it must be a small positive integer.
 */
function sqlWithDimensions(name: string, dimensions: number): string {
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > 2000) {
    throw new RangeError('embedding dimensions must be an integer from 1 to 2000');
  }
  return sqlFile(name).replaceAll(':dims', String(dimensions));
}

const filterParams = (f: SearchFilters) => [f.category ?? null, f.minPrice ?? null, f.maxPrice ?? null, f.inStockAtMyStores];

/** Nearest products through the model's partial HNSW index (iterative scans when withTenant enables them). */
export async function vectorCandidates(tx: Tx, q: VectorQuery): Promise<CandidateRow[]> {
  const params = [toVectorLiteral(q.vector), q.model, q.k, ...filterParams(q.filters)];
  return [...(await tx.unsafe<CandidateRow[]>(sqlWithDimensions('semantic-search', q.dimensions), params as never[]))];
}

/**
 * How many products pass the category and price filters, counted up to `cap + 1` (stock is left out:
 * it can only lower the number). Below the cap an exact scan is cheaper than walking the index.
 */
export async function countFiltered(tx: Tx, filters: SearchFilters, cap: number): Promise<number> {
  const [row] = await tx<{ n: number }[]>`
    select count(*)::int as n from (
      select from retail.products p join retail.categories c on c.category_id = p.category_id
       where (${filters.category ?? null}::text is null or lower(c.category_name) = lower(${filters.category ?? null}::text))
         and (${filters.minPrice ?? null}::numeric is null or p.base_price >= ${filters.minPrice ?? null}::numeric)
         and (${filters.maxPrice ?? null}::numeric is null or p.base_price <= ${filters.maxPrice ?? null}::numeric)
       limit ${cap + 1}) s`;
  return row?.n ?? 0;
}

export async function keywordCandidates(tx: Tx, q: KeywordQuery): Promise<CandidateRow[]> {
  const params = [q.phrase, q.k, ...filterParams(q.filters), q.vector ? toVectorLiteral(q.vector) : null, q.model];
  return [...(await tx.unsafe<CandidateRow[]>(sqlWithDimensions('keyword-search', q.dimensions), params as never[]))];
}

/** Whether the model has any embeddings at all, to tell "nothing matched" from "never embedded". */
export async function modelHasEmbeddings(tx: Tx, model: string, dimensions: number): Promise<boolean> {
  const [row] = await tx<{ present: boolean }[]>`
    select exists (select 1 from retail.product_embeddings where model = ${model} and dimensions = ${dimensions}) as present`;
  return Boolean(row?.present);
}
