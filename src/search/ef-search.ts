// hnsw.ef_search per filter shape (issue #9 part 3): how wide the HNSW graph walk is for the vector
// candidate list. withTenant sets 1000 for every vector search; a wider walk costs time, and the
// recall it buys differs by the filters applied, so the search sets its own value per shape.
import type { Tx } from '../db/client.js';
import { unsafeExtended } from '../db/extended.js';
import type { SearchFilters } from './candidates.js';

/** The filters that change how the index is walked (a narrow category or price range goes exact instead). */
export type FilterShape = 'none' | 'in-stock' | 'category-or-price';

export function filterShape(f: SearchFilters): FilterShape {
  if (f.category !== undefined || f.minPrice !== undefined || f.maxPrice !== undefined) return 'category-or-price';
  return f.inStockAtMyStores ? 'in-stock' : 'none';
}

/**
 * Per shape: the smallest ef_search whose shopper-query recall@10 against exact search reaches
 * RECALL_TARGET at 100k products in `npm run bench:search` (its table prints recall and latency for
 * every value and shape, and this choice beside what it measured). Filtered shapes keep walking under
 * pgvector's iterative scan until enough rows pass, so ef_search sets how good the first candidates are.
 * Measured on 2026-12-02 (m 16, ef_construction 400, 85 queries), recall@10 at 400 / 800 / 1000:
 * no filter 0.940 / 0.988 / 1.000; in stock at my store 0.941 / 0.989 / 1.000; a price band of 40%
 * of the catalogue 0.927 / 0.988 / 0.988. So 800 for every shape. A category above the exact-scan
 * cutoff never reached the target at any value (0.64 at best) and now goes exact (product-search.ts).
 * The seed catalogue reaches recall 1.0 at every value.
 */
export const RECALL_TARGET = 0.95;
export const EF_SEARCH_BY_SHAPE: Readonly<Record<FilterShape, number>> = {
  none: 800,
  'in-stock': 800,
  'category-or-price': 800,
};

/** pgvector's bounds for hnsw.ef_search. */
const EF_MIN = 1;
const EF_MAX = 1000;

/**
 * SET LOCAL for the rest of this transaction. Not set_config(): the reader role may not call it (the
 * sealed context depends on that). SET takes no bind parameter, so ef is checked to be an integer here.
 */
export function setEfSearch(tx: Tx, ef: number) {
  if (!Number.isInteger(ef) || ef < EF_MIN || ef > EF_MAX) throw new RangeError(`ef_search must be an integer from ${EF_MIN} to ${EF_MAX}`);
  // Sent now, not when first awaited: the search pipelines its statements behind this one with
  // Promise.all, and an async function's query in that array is sent the moment it is called, so a
  // lazy SET went out after the vector statement and ef_search never applied to it (bench:search
  // showed one recall and one latency for every value).
  return unsafeExtended(tx, `set local hnsw.ef_search = ${ef}`).execute();
}
