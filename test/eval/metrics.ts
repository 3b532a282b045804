// Ranking metrics at a cutoff, over graded relevance (0 = not relevant, 1 = reasonable, 2 = exact).

/** Share of the relevant products found in the top k, out of at most k (so a perfect list scores 1). */
function recallAt(ranked: readonly number[], grades: ReadonlyMap<number, number>, k: number): number {
  const relevant = grades.size;
  if (relevant === 0) return 0;
  const found = ranked.slice(0, k).filter((id) => (grades.get(id) ?? 0) > 0).length;
  return found / Math.min(relevant, k);
}

/** 1 / rank of the first relevant product within the top k, else 0. */
function reciprocalRankAt(ranked: readonly number[], grades: ReadonlyMap<number, number>, k: number): number {
  const i = ranked.slice(0, k).findIndex((id) => (grades.get(id) ?? 0) > 0);
  return i < 0 ? 0 : 1 / (i + 1);
}

/** nDCG with exponential gain (2^grade - 1) and log2 discount, against the ideal ordering. */
export function ndcgAt(ranked: readonly number[], grades: ReadonlyMap<number, number>, k: number): number {
  const dcg = (gs: readonly number[]) => gs.slice(0, k).reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
  const ideal = dcg([...grades.values()].sort((a, b) => b - a));
  return ideal === 0 ? 0 : dcg(ranked.map((id) => grades.get(id) ?? 0)) / ideal;
}

export interface Scores {
  recall: number;
  mrr: number;
  ndcg: number;
}

export function meanScores(runs: readonly { ranked: readonly number[]; grades: ReadonlyMap<number, number> }[], k = 10): Scores {
  const n = Math.max(1, runs.length);
  const sum = (f: (r: (typeof runs)[number]) => number) => runs.reduce((s, r) => s + f(r), 0) / n;
  return {
    recall: sum((r) => recallAt(r.ranked, r.grades, k)),
    mrr: sum((r) => reciprocalRankAt(r.ranked, r.grades, k)),
    ndcg: sum((r) => ndcgAt(r.ranked, r.grades, k)),
  };
}
