// Product search inside one tenant transaction: vector, keyword or hybrid (both candidate lists,
// fused by reciprocal rank fusion). The caller embeds the query before the transaction opens.
import type { Tx } from '../db/client.js';
import { type CandidateRow, countFiltered, keywordCandidates, modelHasEmbeddings, type SearchFilters, vectorCandidates } from './candidates.js';
import { EF_SEARCH_BY_SHAPE, filterShape, setEfSearch } from './ef-search.js';
import { exactVectorCandidates } from './exact-search.js';
import { reciprocalRankFusion } from './rrf.js';
import { type TypeAwareTuning, typeAwareRerank } from './type-aware.js';

export type SearchMode = 'hybrid' | 'vector' | 'keyword';
export type Signal = 'vector' | 'keyword';
export type { SearchFilters } from './candidates.js';

export interface FusionTuning {
  /** The RRF constant. */
  k: number;
  vectorWeight: number;
  keywordWeight: number;
  /** Candidates fetched per signal in hybrid mode, for a request of `limit` rows. */
  candidates: (limit: number) => number;
  /** Type-aware ranking of the fused list (type-aware.ts), hybrid mode only; weight 0 turns it off. */
  typeAware: TypeAwareTuning;
}

// RRF's standard k = 60, equal weights and 50 candidates per signal. npm run eval:search picks the
// best of 240 fusion settings on the tuning half: k=60, weight 1, 100 deep, +0.005 on the held-out
// half (0.655 -> 0.660, about one query), not worth twice the candidates per statement.
export const DEFAULT_TUNING: FusionTuning = {
  k: 60,
  vectorWeight: 1,
  keywordWeight: 1,
  candidates: (limit) => Math.max(50, 2 * limit),
  // Picked on the tuning half of the relevance set (npm run eval:search, issue #9): held-out hybrid
  // nDCG@10 0.655 -> 0.692 (tuning half 0.750 -> 0.810). With weight 4 the dominant type among the
  // top 5 fused candidates leads; within a type the fused order stands.
  typeAware: { weight: 4, depth: 5 },
};

/**
 * Category and price filters that leave at most this many products go straight to an exact scan.
 * Measured at 100k products (npm run bench:search, 2026-12-02): a category of 10,856 products took
 * 56 ms p50 exact with recall 1.0, while the HNSW walk, passing products the filter rejects, took
 * 140-184 ms p50 at every ef_search from 40 to 1000, reached recall@10 0.58-0.64 only, and fell back
 * to exact for 10-12 of 85 queries anyway. A price band of 40,500 products stays on the index (exact:
 * 359 ms; HNSW at ef_search 800: 24 ms, recall 0.988).
 */
const EXACT_SCAN_CUTOFF = 12_000;

export interface SearchRequest {
  mode: SearchMode;
  phrase: string;
  /** The query embedding; may be null only in keyword mode without a similarity threshold. */
  vector: number[] | null;
  model: string;
  dimensions: number;
  limit: number;
  filters: SearchFilters;
  minSimilarity?: number;
  tuning?: Partial<FusionTuning>;
  /** hnsw.ef_search for the index walk; by default the value measured for the filters' shape (ef-search.ts). */
  efSearch?: number;
}

export interface ProductHit extends CandidateRow {
  /** The fused RRF score plus the type-aware bonus in hybrid mode (a single list's 1/(k + rank) in vector or keyword mode). */
  score: number;
  matched: Signal[];
}

export interface SearchOutcome {
  products: ProductHit[];
  /** false when the query needed embeddings and the model has none: "run the embed command". */
  modelHasRows: boolean;
  /** How the vector list was found: the HNSW index, an exact scan chosen because the filters leave few
   * products, an exact scan after the index came back short, or not at all (keyword mode). */
  vectorPath: 'index' | 'exact' | 'exact-fallback' | 'none';
}

export async function searchProducts(tx: Tx, req: SearchRequest): Promise<SearchOutcome> {
  const tuning = { ...DEFAULT_TUNING, ...req.tuning };
  const useVector = req.mode !== 'keyword';
  const useKeyword = req.mode !== 'vector';
  if ((useVector || req.minSimilarity !== undefined) && !req.vector) throw new Error('this search needs the query embedding');
  // In a single mode the list is the answer; fusion wants a deeper pool from each signal.
  const n = req.mode === 'hybrid' ? Math.max(req.limit, tuning.candidates(req.limit)) : req.limit;
  const base = { model: req.model, dimensions: req.dimensions, k: n, filters: req.filters };
  const vectorQuery = useVector ? { ...base, vector: req.vector! } : undefined;

  const f = req.filters;
  const narrow = f.category !== undefined || f.minPrice !== undefined || f.maxPrice !== undefined;
  let vectorPath: SearchOutcome['vectorPath'] = vectorQuery ? 'index' : 'none';
  if (vectorQuery && narrow && (await countFiltered(tx, f, EXACT_SCAN_CUTOFF)) <= EXACT_SCAN_CUTOFF) vectorPath = 'exact';

  // The statements go down the one connection back to back (postgres.js pipelines them), the
  // ef_search setting first.
  const ef = vectorPath === 'index' ? (req.efSearch ?? EF_SEARCH_BY_SHAPE[filterShape(f)]) : undefined;
  let [, vectorRows, keywordRows] = await Promise.all([
    ef !== undefined ? setEfSearch(tx, ef) : undefined,
    vectorQuery ? (vectorPath === 'exact' ? exactVectorCandidates(tx, vectorQuery) : vectorCandidates(tx, vectorQuery)) : [],
    useKeyword ? keywordCandidates(tx, { ...base, phrase: req.phrase, vector: req.vector }) : [],
  ]);
  if (vectorQuery && vectorPath === 'index' && vectorRows.length < n) {
    // Short: fewer than n products pass the filters, or the iterative scan reached hnsw.max_scan_tuples.
    vectorRows = await exactVectorCandidates(tx, vectorQuery);
    vectorPath = 'exact-fallback';
  }
  const modelHasRows = !useVector || vectorRows.length > 0 || (await modelHasEmbeddings(tx, req.model, req.dimensions));

  const rows = new Map<number, CandidateRow>();
  for (const r of [...keywordRows, ...vectorRows]) rows.set(r.product_id, pick(r));
  const fused = reciprocalRankFusion<Signal>(
    [
      ...(useVector ? [{ signal: 'vector' as const, ids: vectorRows.map((r) => r.product_id), weight: tuning.vectorWeight }] : []),
      ...(useKeyword ? [{ signal: 'keyword' as const, ids: keywordRows.map((r) => r.product_id), weight: tuning.keywordWeight }] : []),
    ],
    tuning.k,
  );
  const hits = fused.map((hit) => ({ ...rows.get(hit.id)!, score: hit.score, matched: hit.matched }));
  const ranked = req.mode === 'hybrid' ? typeAwareRerank(hits, (h) => h.type_name, tuning.typeAware) : hits;
  const products = ranked
    // A product without an embedding for this model cannot show that it clears the threshold.
    .filter((p) => req.minSimilarity === undefined || (p.similarity !== null && p.similarity >= req.minSimilarity))
    .slice(0, req.limit);
  return { products, modelHasRows, vectorPath };
}

/** Only the output columns: the keyword statement also returns its ranking internals. */
function pick(r: CandidateRow): CandidateRow {
  const { product_id, sku, product_name, category_name, type_name, base_price, description, similarity } = r;
  return { product_id, sku, product_name, category_name, type_name, base_price, description, similarity };
}
