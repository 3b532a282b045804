// npm run eval:search — recall@10, MRR@10 and nDCG@10 of vector, keyword and hybrid product search on
// the seed catalogue with the offline model, judged by test/eval/relevance-set.ts. Needs a real
// PostgreSQL: EVAL_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/retail_eval) is created,
// migrated, seeded and embedded on first use. EVAL_SWEEP=1 adds the fusion-tuning sweep; EVAL_VERBOSE=1
// lists the weakest hybrid queries.
import { listUsers } from '../src/cli/user-directory.js';
import { loadConfig } from '../src/config.js';
import { createPool } from '../src/db/client.js';
import { createWithTenant } from '../src/db/with-tenant.js';
import { createOfflineEmbedder } from '../src/embeddings/offline.js';
import { keywordCandidates } from '../src/search/candidates.js';
import { exactVectorCandidates } from '../src/search/exact-search.js';
import { DEFAULT_TUNING, type FusionTuning, type SearchMode, searchProducts } from '../src/search/product-search.js';
import { reciprocalRankFusion } from '../src/search/rrf.js';
import { meanScores, ndcgAt, type Scores } from '../test/eval/metrics.js';
import { RELEVANCE_SET } from '../test/eval/relevance-set.js';
import { loadEvalProducts, type ResolvedQuery, resolveLabels } from '../test/eval/resolve-labels.js';
import { BENCH_SEAL_KEY, prepareBenchDatabase } from './bench-database.js';

const URL_ = process.env.EVAL_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/retail_eval';
const SWEEP = process.env.EVAL_SWEEP === '1';
const VERBOSE = process.env.EVAL_VERBOSE === '1';
const K = 10;
/** Deepest candidate list the sweep fuses from; shorter lists are its prefixes. */
const POOL = 100;

interface Run {
  q: ResolvedQuery;
  ranked: number[];
}

async function main() {
  // Orders do not matter to search; a small scale keeps the first run quick.
  const { admin, appUrl } = await prepareBenchDatabase(URL_, { scale: 0.05, embed: true });
  const config = loadConfig({ DATABASE_URL: appUrl, RLS_SEAL_KEY: BENCH_SEAL_KEY });
  const app = createPool({ url: appUrl }, config, { max: 2 });
  const withTenant = createWithTenant(app, { sealKeyHex: BENCH_SEAL_KEY, statementTimeoutMs: 30_000 });
  try {
    const hq = (await listUsers(admin)).find((u) => u.role === 'head_office' && u.is_active)!;
    const embedder = await createOfflineEmbedder();
    const queries = resolveLabels(RELEVANCE_SET, await loadEvalProducts(admin));
    const vectors = await embedder.embed(queries.map((q) => q.query));
    const base = { model: embedder.model, dimensions: embedder.dimensions, filters: { inStockAtMyStores: false } };

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
    const results = new Map<SearchMode, Run[]>();
    for (const mode of ['vector', 'keyword', 'hybrid'] as const) results.set(mode, await runMode(mode));

    const lines = [
      `eval:search — ${queries.length} queries (${count(queries, 'paraphrase')} paraphrase, ${count(queries, 'keyword')} keyword), ` +
        `model ${embedder.model}, @${K}; recall is capped at min(relevant, ${K}); nDCG gain 2^grade - 1`,
      `hybrid defaults: RRF k=${DEFAULT_TUNING.k}, weights vector ${DEFAULT_TUNING.vectorWeight} / keyword ${DEFAULT_TUNING.keywordWeight}, ${DEFAULT_TUNING.candidates(K)} candidates per signal`,
      '',
      `${'mode'.padEnd(9)} ${'subset'.padEnd(11)} recall@10    MRR@10   nDCG@10`,
    ];
    for (const [mode, runs] of results) {
      for (const subset of ['all', 'paraphrase', 'keyword'] as const) {
        const picked = runs.filter((r) => subset === 'all' || r.q.kind === subset);
        lines.push(`${mode.padEnd(9)} ${subset.padEnd(11)} ${fmt(meanScores(picked.map(toScored), K))}`);
      }
    }
    const nd = (m: SearchMode) => meanScores(results.get(m)!.map(toScored), K).ndcg;
    const ok = nd('hybrid') >= nd('vector') && nd('hybrid') >= nd('keyword');
    lines.push('', `done-when (hybrid nDCG@10 >= vector and >= keyword): ${ok ? 'yes' : 'NO'}`);
    console.log(lines.join('\n'));

    if (VERBOSE) {
      console.log('\nweakest hybrid queries (nDCG@10):');
      const hybrid = results
        .get('hybrid')!
        .map((r) => ({ r, n: ndcgAt(r.ranked, r.q.grades, K) }))
        .sort((a, b) => a.n - b.n);
      for (const { r, n } of hybrid.slice(0, 12)) console.log(`  ${n.toFixed(2)}  ${r.q.query}`);
    }
    if (SWEEP) await sweep(queries, vectors, base, hq, withTenant, results.get('hybrid')!);
    if (!ok) process.exitCode = 1;
  } finally {
    await Promise.all([app.end(), admin.end()]);
  }
}

/**
 * Fusion settings fused in memory from each query's top-POOL lists (fetched once, exact order), so
 * the grid is cheap. To keep the choice honest on a set this small, the best setting is picked on one
 * half of the queries and scored on the other half, both ways round.
 */
async function sweep(
  queries: ResolvedQuery[],
  vectors: number[][],
  base: { model: string; dimensions: number; filters: { inStockAtMyStores: boolean } },
  hq: { user_id: string },
  withTenant: ReturnType<typeof createWithTenant>,
  shipped: Run[],
) {
  const lists: { vector: number[]; keyword: number[] }[] = [];
  for (const [i, q] of queries.entries()) {
    lists.push(
      await withTenant({ userId: hq.user_id }, async (tx) => ({
        vector: (await exactVectorCandidates(tx, { ...base, vector: vectors[i]!, k: POOL })).map((r) => r.product_id),
        keyword: (await keywordCandidates(tx, { ...base, phrase: q.query, vector: null, k: POOL })).map((r) => r.product_id),
      })),
    );
  }
  const fuse = (t: FusionTuning, i: number) => {
    const n = Math.max(K, t.candidates(K));
    const { vector, keyword } = lists[i]!;
    return reciprocalRankFusion(
      [
        { signal: 'vector', ids: vector.slice(0, n), weight: t.vectorWeight },
        { signal: 'keyword', ids: keyword.slice(0, n), weight: t.keywordWeight },
      ],
      t.k,
    )
      .slice(0, K)
      .map((f) => f.id);
  };
  // The sweep fuses exact vector lists; the tool's come from the HNSW index, so a few differ slightly.
  const differ = shipped.filter((r, i) => r.ranked.join() !== fuse(DEFAULT_TUNING, i).join()).length;
  const grid: FusionTuning[] = [];
  for (const k of [1, 5, 10, 20, 40, 60, 100, 200])
    for (const kw of [0.5, 0.75, 1, 1.25, 1.5, 2])
      for (const c of [10, 20, 30, 50, 100]) grid.push({ k, vectorWeight: 1, keywordWeight: kw, candidates: () => c });
  const score = (t: FusionTuning, idx: number[]) =>
    meanScores(
      idx.map((i) => ({ ranked: fuse(t, i), grades: queries[i]!.grades })),
      K,
    );
  const all = queries.map((_, i) => i);
  const halves = [all.filter((i) => i % 2 === 0), all.filter((i) => i % 2 === 1)];
  const label = (t: FusionTuning) => `k=${String(t.k).padEnd(3)} keyword weight ${t.keywordWeight.toFixed(2)} candidates ${String(t.candidates(K)).padEnd(3)}`;
  const best = (idx: number[]) => grid.reduce((a, b) => (score(b, idx).ndcg > score(a, idx).ndcg ? b : a));

  const out = [
    '',
    `sweep: ${grid.length} settings, fused in memory from exact candidate lists (the tool's top ${K} differs on ${differ} of ${queries.length} queries, where its HNSW lists are approximate)`,
  ];
  out.push(`  shipped  ${label(DEFAULT_TUNING)}  all ${fmt(score(DEFAULT_TUNING, all))}`);
  for (const [a, b] of [
    [0, 1],
    [1, 0],
  ] as const) {
    const t = best(halves[a]!);
    out.push(
      `  best on half ${a}: ${label(t)}  half ${a} ${fmt(score(t, halves[a]!))} | held-out half ${b} ${fmt(score(t, halves[b]!))} | shipped on half ${b} ${fmt(score(DEFAULT_TUNING, halves[b]!))}`,
    );
  }
  const top = [...grid].sort((a, b) => score(b, all).ndcg - score(a, all).ndcg).slice(0, 8);
  out.push('  top settings on all queries (optimistic: chosen on the data they are scored on):');
  for (const t of top) out.push(`    ${label(t)}  ${fmt(score(t, all))}`);
  out.push('  RRF k on its own (keyword weight 1, 50 candidates):');
  for (const k of [1, 5, 10, 20, 40, 60, 100, 200])
    out.push(`    k=${String(k).padEnd(4)} ${fmt(score({ k, vectorWeight: 1, keywordWeight: 1, candidates: () => 50 }, all))}`);
  console.log(out.join('\n'));
}

const toScored = (r: Run) => ({ ranked: r.ranked, grades: r.q.grades });
const count = (qs: ResolvedQuery[], kind: string) => qs.filter((q) => q.kind === kind).length;
const fmt = (s: Scores) => `${s.recall.toFixed(3).padStart(9)} ${s.mrr.toFixed(3).padStart(9)} ${s.ndcg.toFixed(3).padStart(9)}`;

await main();
