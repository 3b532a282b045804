// The fixed split of the relevance set into a tuning half and a held-out half (issue #9).
//
// Rule: a query of the original 85 (RELEVANCE_SET) is in the tuning half when the first byte of
// sha256(query text, UTF-8) is even, and held out when it is odd. The rule reads nothing but the
// text, so it cannot be steered by results, and it is stable across runs, machines and reorderings.
// Every query of HELD_OUT_ADDITIONS (paraphrases added for issue #9) is held out, whatever its hash.
// Anything tuned (fusion weights, depths, thresholds) is chosen on the tuning half only; the held-out
// half is only ever reported.
import { createHash } from 'node:crypto';
import { HELD_OUT_ADDITIONS } from './held-out-additions.js';
import { RELEVANCE_SET, type RelevanceQuery } from './relevance-set.js';

export type Half = 'tuning' | 'held-out';

export function hashHalf(query: string): Half {
  const first = createHash('sha256').update(query, 'utf8').digest()[0]!;
  return first % 2 === 0 ? 'tuning' : 'held-out';
}

export interface SplitQuery extends RelevanceQuery {
  half: Half;
  /** true for the paraphrases added to the held-out half (issue #9). */
  added: boolean;
}

/** The whole evaluation set: the original queries by hash, then the additions, all held out. */
export function splitRelevanceSet(): SplitQuery[] {
  return [
    ...RELEVANCE_SET.map((q) => ({ ...q, half: hashHalf(q.query), added: false })),
    ...HELD_OUT_ADDITIONS.map((q) => ({ ...q, half: 'held-out' as const, added: true })),
  ];
}
