// Type-aware ranking (issue #9): evidence aggregated per product type, so that a type many good
// candidates agree on lifts its products over scattered near-misses of other types. A pure function
// over a fused list: each product's score gains `weight` x its type's share of the fused score mass
// of the top `depth` candidates, scaled by the best score (so the weight does not depend on RRF's k).

export interface TypeAwareTuning {
  /** 0 turns it off. */
  weight: number;
  /** How many of the best fused candidates vote for their type. */
  depth: number;
}

export const TYPE_AWARE_OFF: TypeAwareTuning = { weight: 0, depth: 0 };

export function typeAwareRerank<T extends { score: number }>(hits: readonly T[], typeOf: (hit: T) => string, t: TypeAwareTuning): T[] {
  if (!Number.isFinite(t.weight) || t.weight < 0) throw new RangeError('type-aware weight must be a finite number >= 0');
  if (t.weight === 0 || hits.length === 0) return [...hits];
  const voters = hits.slice(0, Math.max(1, t.depth));
  const mass = new Map<string, number>();
  let total = 0;
  for (const h of voters) {
    mass.set(typeOf(h), (mass.get(typeOf(h)) ?? 0) + h.score);
    total += h.score;
  }
  const best = Math.max(...hits.map((h) => h.score));
  if (total <= 0 || best <= 0) return [...hits];
  return hits
    .map((h, i) => ({ h, i, s: h.score + (t.weight * best * (mass.get(typeOf(h)) ?? 0)) / total }))
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .map(({ h, s }) => ({ ...h, score: s }));
}
