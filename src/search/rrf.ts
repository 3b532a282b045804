// Reciprocal rank fusion (Cormack, Clarke & Büttcher, SIGIR 2009) as a pure function: each list
// contributes weight / (k + rank) for every id it ranks, so only positions matter, never raw scores.

export interface RankedList<S extends string> {
  signal: S;
  /** Best first; an id listed twice counts at its first (best) position only. */
  ids: readonly number[];
  /** Scales this list's contributions (default 1). */
  weight?: number;
}

export interface Fused<S extends string> {
  id: number;
  score: number;
  /** The signals that ranked this id, in the order the lists were given. */
  matched: S[];
  /** 1-based position in each list that ranked it. */
  ranks: Partial<Record<S, number>>;
}

/** k = 60 is the paper's default: large enough that rank 1 does not drown out agreement further down. */
export const DEFAULT_RRF_K = 60;

export function reciprocalRankFusion<S extends string>(lists: readonly RankedList<S>[], k = DEFAULT_RRF_K): Fused<S>[] {
  if (!Number.isFinite(k) || k < 0) throw new RangeError('k must be a finite number >= 0');
  const byId = new Map<number, Fused<S> & { best: number; first: number }>();
  lists.forEach((list, listIndex) => {
    const weight = list.weight ?? 1;
    if (!Number.isFinite(weight) || weight < 0) throw new RangeError('weights must be finite numbers >= 0');
    const seen = new Set<number>();
    list.ids.forEach((id, i) => {
      if (seen.has(id)) return;
      seen.add(id);
      const rank = i + 1;
      let entry = byId.get(id);
      if (!entry) {
        entry = { id, score: 0, matched: [], ranks: {}, best: rank, first: listIndex };
        byId.set(id, entry);
      }
      entry.score += weight / (k + rank);
      entry.matched.push(list.signal);
      entry.ranks[list.signal] = rank;
      entry.best = Math.min(entry.best, rank);
    });
  });
  // Ties are common (rank 1 in one list vs rank 1 in the other). Break them deterministically:
  // agreement first, then the better single position, then the earlier list, then the id.
  return [...byId.values()]
    .sort((a, b) => b.score - a.score || b.matched.length - a.matched.length || a.best - b.best || a.first - b.first || a.id - b.id)
    .map(({ id, score, matched, ranks }) => ({ id, score, matched, ranks }));
}
