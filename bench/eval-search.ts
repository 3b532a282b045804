// npm run eval:search — recall@10, MRR@10 and nDCG@10 of vector, keyword and hybrid product search on
// the seed catalogue with the offline model, judged by test/eval/relevance-set.ts, on two halves fixed
// by test/eval/split.ts: a tuning half (anything tuned is chosen there) and a held-out half (the
// original queries whose hash puts them there, plus test/eval/held-out-additions.ts), which is only
// reported. Needs a real PostgreSQL: EVAL_DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/retail_eval) is created, migrated, seeded and embedded on first use.
// Prints: the shipped search (the tool's own code path) per signal and half; each technique measured
// alone against the shipped hybrid; the tuning half's weakest queries (never the held-out half's).
import { listUsers } from '../src/cli/user-directory.js';
import { loadConfig } from '../src/config.js';
import { createPool } from '../src/db/client.js';
import { createWithTenant } from '../src/db/with-tenant.js';
import { createOfflineEmbedder } from '../src/embeddings/offline.js';
import { keywordCandidates } from '../src/search/candidates.js';
import { exactVectorCandidates } from '../src/search/exact-search.js';
import { DEFAULT_TUNING, type FusionTuning, type SearchMode, searchProducts } from '../src/search/product-search.js';
import { expandQuery, loadWordNet } from '../src/search/query-expansion.js';
import { reciprocalRankFusion } from '../src/search/rrf.js';
import { backfillSentenceEmbeddings, sentenceCandidates } from '../src/search/sentence-vectors.js';
import { type TypeAwareTuning, typeAwareRerank } from '../src/search/type-aware.js';
import { meanScores, ndcgAt, type Scores } from '../test/eval/metrics.js';
import { loadEvalProducts, type ResolvedQuery, resolveLabels } from '../test/eval/resolve-labels.js';
import { type Half, type SplitQuery, splitRelevanceSet } from '../test/eval/split.js';
import { BENCH_SEAL_KEY, prepareBenchDatabase } from './bench-database.js';

const URL_ = process.env.EVAL_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/retail_eval';
const K = 10;
/** Deepest candidate list the in-memory techniques fuse from; shorter lists are its prefixes. */
const POOL = 100;
const HALVES: Half[] = ['tuning', 'held-out'];

type Q = ResolvedQuery & SplitQuery;
interface Run {
  q: Q;
  ranked: number[];
}
/** A ranking technique evaluated in memory: query index -> ranked ids. */
type Ranker = (i: number) => number[];

async function main() {
  // Orders do not matter to search; a small scale keeps the first run quick.
  const { admin, appUrl } = await prepareBenchDatabase(URL_, { scale: 0.05, embed: true });
  const config = loadConfig({ DATABASE_URL: appUrl, RLS_SEAL_KEY: BENCH_SEAL_KEY });
  const app = createPool({ url: appUrl }, config, { max: 2 });
  const withTenant = createWithTenant(app, { sealKeyHex: BENCH_SEAL_KEY, statementTimeoutMs: 30_000 });
  try {
    const hq = (await listUsers(admin)).find((u) => u.role === 'head_office' && u.is_active)!;
    const embedder = await createOfflineEmbedder();
    await backfillSentenceEmbeddings(admin, embedder, { log: (line) => console.error(line) });
    const split = splitRelevanceSet();
    const products = await loadEvalProducts(admin);
    const queries = resolveLabels(split, products).map((q, i) => ({ ...split[i]!, ...q })) as Q[];
    const vectors = await embedder.embed(queries.map((q) => q.query));
    const base = { model: embedder.model, dimensions: embedder.dimensions, filters: { inStockAtMyStores: false } };
    const idx = (h: Half) => queries.flatMap((q, i) => (q.half === h ? [i] : []));
    const halves = { tuning: idx('tuning'), 'held-out': idx('held-out') };

    // The tool's own code path, with the shipped defaults.
    const runMode = async (mode: SearchMode): Promise<Run[]> => {
      const runs: Run[] = [];
      for (const [i, q] of queries.entries()) {
        const { products } = await withTenant(
          { userId: hq.user_id },
          (tx) => searchProducts(tx, { ...base, mode, phrase: q.query, vector: vectors[i]!, limit: K }),
          { vectorSearch: true },
        );
        runs.push({ q, ranked: products.map((p) => p.product_id) });
      }
      return runs;
    };
    const shipped = new Map<SearchMode, Run[]>();
    for (const mode of ['vector', 'keyword', 'hybrid'] as const) shipped.set(mode, await runMode(mode));
    const scoreRuns = (runs: Run[], ids: number[]) =>
      meanScores(
        ids.map((i) => toScored(runs[i]!)),
        K,
      );

    const added = queries.filter((q) => q.added).length;
    const lines = [
      `eval:search — ${queries.length} queries, model ${embedder.model}, @${K}; recall capped at min(relevant, ${K}); nDCG gain 2^grade - 1`,
      `split (test/eval/split.ts): tuning ${halves.tuning.length} = original queries with sha256(text)[0] even; ` +
        `held-out ${halves['held-out'].length} = the other ${halves['held-out'].length - added} originals + ${added} added paraphrases`,
      `shipped hybrid: RRF k=${DEFAULT_TUNING.k}, weights vector ${DEFAULT_TUNING.vectorWeight} / keyword ${DEFAULT_TUNING.keywordWeight}, ${DEFAULT_TUNING.candidates(K)} candidates per signal`,
      '',
      `${'signal'.padEnd(9)} ${'half'.padEnd(22)} recall@10    MRR@10   nDCG@10`,
    ];
    for (const [mode, runs] of shipped) {
      for (const h of HALVES) lines.push(`${mode.padEnd(9)} ${h.padEnd(22)} ${fmt(scoreRuns(runs, halves[h]))}`);
      const orig = halves['held-out'].filter((i) => !queries[i]!.added);
      lines.push(`${mode.padEnd(9)} ${'  held-out originals'.padEnd(22)} ${fmt(scoreRuns(runs, orig))}`);
      lines.push(
        `${mode.padEnd(9)} ${'  held-out added'.padEnd(22)} ${fmt(
          scoreRuns(
            runs,
            halves['held-out'].filter((i) => queries[i]!.added),
          ),
        )}`,
      );
    }
    const nd = (m: SearchMode, h: Half) => scoreRuns(shipped.get(m)!, halves[h]).ndcg;
    const ok = HALVES.every((h) => nd('hybrid', h) >= nd('vector', h) && nd('hybrid', h) >= nd('keyword', h));
    lines.push('', `hybrid >= each single signal on both halves: ${ok ? 'yes' : 'NO'}`);
    lines.push(`hybrid nDCG@10 >= 0.85 on the held-out half: ${nd('hybrid', 'held-out') >= 0.85 ? 'yes' : `no (${nd('hybrid', 'held-out').toFixed(3)})`}`);
    console.log(lines.join('\n'));

    // Candidate pools for the in-memory techniques: exact vector order and the keyword statement's order.
    const wordnet = loadWordNet();
    const pools: Pools[] = [];
    for (const [i, q] of queries.entries()) {
      pools.push(
        await withTenant(
          { userId: hq.user_id },
          async (tx) => ({
            vector: (await exactVectorCandidates(tx, { ...base, vector: vectors[i]!, k: POOL })).map((r) => r.product_id),
            keyword: (await keywordCandidates(tx, { ...base, phrase: q.query, vector: null, k: POOL })).map((r) => r.product_id),
            sentence: (await sentenceCandidates(tx, { ...base, vector: vectors[i]!, k: POOL })).map((r) => r.product_id),
            expanded: wordnet
              ? (await keywordCandidates(tx, { ...base, phrase: expandQuery(wordnet, q.query), vector: null, k: POOL })).map((r) => r.product_id)
              : [],
          }),
          { vectorSearch: true },
        ),
      );
    }
    // Every product's whole-text vector, for pseudo-relevance feedback (exact cosine, in memory).
    const productVectors = new Map(
      (
        await admin<{ product_id: number; embedding: string }[]>`
          select product_id, embedding::text as embedding from retail.product_embeddings where model = ${embedder.model} and dimensions = ${embedder.dimensions}`
      ).map((r) => [r.product_id, unit(JSON.parse(r.embedding) as number[])]),
    );
    const ctx: TechniqueContext = {
      queries,
      halves,
      pools,
      typeOf: new Map(products.map((p) => [p.product_id, p.type_name])),
      queryVectors: vectors.map(unit),
      productVectors,
    };
    await techniques(ctx, shipped.get('hybrid')!, wordnet !== null);

    console.log('\nweakest tuning-half queries (shipped hybrid nDCG@10; vector / keyword alone; top 3 types returned):');
    const hybrid = shipped.get('hybrid')!;
    const weakest = halves.tuning.map((i) => ({ i, n: ndcgAt(hybrid[i]!.ranked, queries[i]!.grades, K) })).sort((a, b) => a.n - b.n);
    for (const { i, n } of weakest.slice(0, 15)) {
      const v = ndcgAt(shipped.get('vector')![i]!.ranked, queries[i]!.grades, K);
      const k = ndcgAt(shipped.get('keyword')![i]!.ranked, queries[i]!.grades, K);
      const types = [...new Set(hybrid[i]!.ranked.slice(0, 3).map((id) => ctx.typeOf.get(id)))].join('; ');
      console.log(`  ${n.toFixed(2)}  (${v.toFixed(2)} / ${k.toFixed(2)})  ${queries[i]!.query}  -> ${types}`);
    }
    if (!ok) process.exitCode = 1;
  } finally {
    await Promise.all([app.end(), admin.end()]);
  }
}

interface Pools {
  vector: number[];
  keyword: number[];
  sentence: number[];
  /** The keyword list for the phrase expanded with WordNet synonyms; empty without WordNet's data. */
  expanded: number[];
  /** The products of the query's nearest type centroids: set only by that technique. */
  nearestTypes?: number[];
}

interface TechniqueContext {
  queries: Q[];
  halves: Record<Half, number[]>;
  pools: Pools[];
  typeOf: Map<number, string>;
  /** Unit vectors: each query's, and each product's whole text. */
  queryVectors: number[][];
  productVectors: Map<number, number[]>;
}

/** RRF over the pools, cut to each setting's depth: the in-memory twin of searchProducts' fusion. */
function fuseWith(
  ctx: TechniqueContext,
  t: FusionTuning,
  o: { lists?: (keyof Pools)[]; weights?: Partial<Record<keyof Pools, number>>; typeAware?: TypeAwareTuning } = {},
): Ranker {
  const lists = o.lists ?? ['vector', 'keyword'];
  const weight = (l: keyof Pools) => o.weights?.[l] ?? (l === 'keyword' ? t.keywordWeight : t.vectorWeight);
  return (i) => {
    const n = Math.max(K, t.candidates(K));
    const fused = reciprocalRankFusion(
      lists.map((l) => ({ signal: l, ids: (ctx.pools[i]![l] ?? []).slice(0, n), weight: weight(l) })),
      t.k,
    );
    const ranked = o.typeAware ? typeAwareRerank(fused, (f) => ctx.typeOf.get(f.id) ?? '', o.typeAware) : fused;
    return ranked.map((f) => f.id);
  };
}

/**
 * Each technique alone against the shipped hybrid, on both halves. A technique's free parameters are
 * chosen on the tuning half only (best nDCG@10 there); the held-out column is the honest number.
 */
async function techniques(ctx: TechniqueContext, shippedHybrid: Run[], hasWordNet: boolean) {
  const score = (r: Ranker, h: Half) =>
    meanScores(
      ctx.halves[h].map((i) => ({ ranked: r(i).slice(0, K), grades: ctx.queries[i]!.grades })),
      K,
    );
  // Each setting scored once; the first of equal bests wins.
  const pickOnTuning = <T>(grid: T[], make: (t: T) => Ranker): T =>
    grid.map((t) => ({ t, ndcg: score(make(t), 'tuning').ndcg })).reduce((a, b) => (b.ndcg > a.ndcg ? b : a)).t;
  const out = [
    '',
    `techniques, each alone (parameters picked on the tuning half only)`,
    `  ${'technique'.padEnd(58)} ${'tuning nDCG'.padStart(11)} ${'held-out nDCG'.padStart(13)}`,
  ];
  const row = (label: string, r: Ranker) =>
    out.push(`  ${label.padEnd(58)} ${score(r, 'tuning').ndcg.toFixed(3).padStart(11)} ${score(r, 'held-out').ndcg.toFixed(3).padStart(13)}`);

  row('shipped hybrid (tool path, HNSW)', (i) => shippedHybrid[i]!.ranked);
  row('baseline: RRF k=60, equal weights, 50 deep, exact pools', fuseWith(ctx, DEFAULT_TUNING));

  // Fusion: RRF k, keyword weight and candidate depth, learned on the tuning half.
  const grid: FusionTuning[] = [];
  for (const k of [1, 5, 10, 20, 40, 60, 100, 200])
    for (const kw of [0.5, 0.75, 1, 1.25, 1.5, 2])
      for (const c of [10, 20, 30, 50, 100]) grid.push({ ...DEFAULT_TUNING, k, vectorWeight: 1, keywordWeight: kw, candidates: () => c });
  const bestFusion = pickOnTuning(grid, (t) => fuseWith(ctx, t));
  row(`fusion learned: k=${bestFusion.k} kw=${bestFusion.keywordWeight} depth=${bestFusion.candidates(K)}`, fuseWith(ctx, bestFusion));

  // Sentence-level vectors: a product scored by its best sentence (sql/sentence-search.sql).
  const single =
    (l: keyof Pools): Ranker =>
    (i) =>
      ctx.pools[i]![l] ?? [];
  row('vector signal alone: whole-text vector (exact)', single('vector'));
  row('vector signal alone: best sentence', single('sentence'));
  row('hybrid: best sentence in place of the whole-text vector', fuseWith(ctx, DEFAULT_TUNING, { lists: ['sentence', 'keyword'] }));
  row('hybrid: whole-text vector + best sentence + keyword', fuseWith(ctx, DEFAULT_TUNING, { lists: ['vector', 'sentence', 'keyword'] }));

  // Query expansion from WordNet's data (apt-get install wordnet-base), first sense of each word.
  if (hasWordNet) {
    row('keyword signal alone: phrase + WordNet synonyms', single('expanded'));
    row('hybrid: WordNet-expanded phrase in place of the phrase', fuseWith(ctx, DEFAULT_TUNING, { lists: ['vector', 'expanded'] }));
    row('hybrid: vector + keyword + WordNet-expanded keyword', fuseWith(ctx, DEFAULT_TUNING, { lists: ['vector', 'keyword', 'expanded'] }));
  } else out.push('  (query expansion not measured: no WordNet data in /usr/share/wordnet; apt-get install wordnet-base)');

  // Type-aware ranking on the shipped fusion, its weight and depth picked on the tuning half.
  const typeGrid: TypeAwareTuning[] = [];
  for (const weight of [0.1, 0.25, 0.5, 1, 2, 4, 8]) for (const depth of [3, 5, 10, 20, 30, 50]) typeGrid.push({ weight, depth });
  const bestType = pickOnTuning(typeGrid, (t) => fuseWith(ctx, DEFAULT_TUNING, { typeAware: t }));
  row(`type-aware: weight ${bestType.weight}, depth ${bestType.depth}`, fuseWith(ctx, DEFAULT_TUNING, { typeAware: bestType }));

  // Pseudo-relevance feedback (Rocchio): the query vector moved toward the mean of the shipped
  // hybrid's top m results, then an exact vector ranking with it, fused as shipped (keyword list,
  // RRF, type-aware). No labels are read; m and the feedback weight are picked on the tuning half.
  const prfGrid: { m: number; beta: number }[] = [];
  for (const m of [3, 5, 10]) for (const beta of [0.25, 0.5, 1, 2]) prfGrid.push({ m, beta });
  const prf = (t: { m: number; beta: number }): Ranker => {
    const lists = ctx.pools.map((pool, i) => ({ ...pool, vector: feedbackRanking(ctx, i, shippedHybrid[i]!.ranked.slice(0, t.m), t.beta) }));
    return fuseWith({ ...ctx, pools: lists }, DEFAULT_TUNING, { typeAware: DEFAULT_TUNING.typeAware });
  };
  const bestPrf = pickOnTuning(prfGrid, prf);
  row('no feedback: shipped fusion + type-aware, exact pools', fuseWith(ctx, DEFAULT_TUNING, { typeAware: DEFAULT_TUNING.typeAware }));
  row(`pseudo-relevance feedback: top ${bestPrf.m}, weight ${bestPrf.beta}`, prf(bestPrf));

  // Type centroids: each product type's evidence pooled as the mean of its products' vectors; the
  // query's nearest types list their products (best first within a type) as a third RRF list. No
  // labels are read; the list's weight and the number of types are picked on the tuning half.
  const centroids = typeCentroids(ctx);
  const centroidGrid: { types: number; weight: number }[] = [];
  for (const types of [1, 2, 3, 5]) for (const weight of [0.25, 0.5, 1, 2]) centroidGrid.push({ types, weight });
  const byType = (t: { types: number; weight: number }): Ranker => {
    const pools = ctx.pools.map((pool, i) => ({ ...pool, nearestTypes: typeCentroidList(ctx, centroids, i, t.types) }));
    return fuseWith({ ...ctx, pools }, DEFAULT_TUNING, {
      lists: ['vector', 'keyword', 'nearestTypes'],
      weights: { nearestTypes: t.weight },
      typeAware: DEFAULT_TUNING.typeAware,
    });
  };
  const bestByType = pickOnTuning(centroidGrid, byType);
  row(`type centroids: nearest ${bestByType.types} type(s) as a list, weight ${bestByType.weight}`, byType(bestByType));

  console.log(out.join('\n'));
}

/** Each product type's unit mean vector. */
function typeCentroids(ctx: TechniqueContext): Map<string, number[]> {
  const sums = new Map<string, number[]>();
  for (const [id, v] of ctx.productVectors) {
    const type = ctx.typeOf.get(id) ?? '';
    const sum = sums.get(type) ?? new Array<number>(v.length).fill(0);
    for (let d = 0; d < v.length; d++) sum[d]! += v[d]!;
    sums.set(type, sum);
  }
  return new Map([...sums].map(([type, sum]) => [type, unit(sum)]));
}

/** The products of the query's `types` nearest type centroids, nearest type first, each type's by cosine. */
function typeCentroidList(ctx: TechniqueContext, centroids: Map<string, number[]>, i: number, types: number): number[] {
  const q = ctx.queryVectors[i]!;
  const ranked = byDot(ctx.productVectors, q);
  return byDot(centroids, q)
    .slice(0, types)
    .flatMap((type) => ranked.filter((id) => ctx.typeOf.get(id) === type));
}

/** Every product by cosine to the query vector plus `beta` x the mean of the feedback products' vectors. */
function feedbackRanking(ctx: TechniqueContext, i: number, feedback: number[], beta: number): number[] {
  const q = [...ctx.queryVectors[i]!];
  for (const id of feedback) {
    const v = ctx.productVectors.get(id);
    if (v) for (let d = 0; d < q.length; d++) q[d]! += (beta * v[d]!) / feedback.length;
  }
  return byDot(ctx.productVectors, q).slice(0, POOL);
}

/** The keys by their vector's dot product with q, largest first (cosine, for unit vectors). */
function byDot<K>(vectors: Map<K, number[]>, q: number[]): K[] {
  return [...vectors]
    .map(([key, v]) => ({ key, s: v.reduce((a, x, d) => a + x * q[d]!, 0) }))
    .sort((a, b) => b.s - a.s)
    .map((r) => r.key);
}

function unit(v: number[]): number[] {
  const n = Math.hypot(...v) || 1;
  return v.map((x) => x / n);
}

const toScored = (r: Run) => ({ ranked: r.ranked, grades: r.q.grades });
const fmt = (s: Scores) => `${s.recall.toFixed(3).padStart(9)} ${s.mrr.toFixed(3).padStart(9)} ${s.ndcg.toFixed(3).padStart(9)}`;

await main();
