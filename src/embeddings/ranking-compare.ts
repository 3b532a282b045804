// Whether a top-k list is the same ranking as a reference, up to ties: position by position, the
// product shown must have (by the reference similarities) the similarity of the product that the
// reference puts there, to within `tie`. Used to hold the shipped (float16) vectors to the model's
// own, in `npm run embeddings:ship` and test/integration/shipped-embeddings.test.ts.
//
// Why a tolerance at all: the seed catalogue has near-duplicates (variants of one product) whose
// similarities to a query differ by ~1e-5, and float16 moves a similarity by up to ~1.5e-5 (measured
// over the catalogue), so two products closer than ~3e-5 may trade places. Those are the same to
// three decimals, which is what the search tool's text shows.

export const TIE = 3e-5;

export interface Scored {
  id: number;
  similarity: number;
}

export function sameRankingUpToTies(reference: readonly Scored[], shown: readonly number[], k: number, tie = TIE): boolean {
  const similarity = new Map(reference.map((r) => [r.id, r.similarity]));
  const ranked = [...reference].sort((a, b) => b.similarity - a.similarity || a.id - b.id);
  if (shown.length !== Math.min(k, ranked.length) || new Set(shown).size !== shown.length) return false;
  return shown.every((id, i) => {
    const s = similarity.get(id);
    return s !== undefined && Math.abs(s - ranked[i]!.similarity) <= tie;
  });
}
