import { describe, expect, it } from 'vitest';
import { HELD_OUT_ADDITIONS } from '../eval/held-out-additions.js';
import { RELEVANCE_SET } from '../eval/relevance-set.js';
import { hashHalf, splitRelevanceSet } from '../eval/split.js';

describe('relevance set split (issue #9)', () => {
  it('is fixed by the query text alone', () => {
    expect(hashHalf('keep my ears warm')).toBe(hashHalf('keep my ears warm'));
    const split = splitRelevanceSet();
    const reordered = [...RELEVANCE_SET].reverse().map((q) => hashHalf(q.query));
    expect(reordered.reverse()).toEqual(split.slice(0, RELEVANCE_SET.length).map((q) => q.half));
  });

  it('puts every added paraphrase in the held-out half, and roughly half the originals in each', () => {
    const split = splitRelevanceSet();
    expect(split.filter((q) => q.added).every((q) => q.half === 'held-out')).toBe(true);
    expect(HELD_OUT_ADDITIONS.length).toBeGreaterThanOrEqual(40);
    expect(HELD_OUT_ADDITIONS.every((q) => q.kind === 'paraphrase')).toBe(true);
    const tuning = split.filter((q) => !q.added && q.half === 'tuning').length;
    expect(tuning).toBeGreaterThan(RELEVANCE_SET.length * 0.35);
    expect(tuning).toBeLessThan(RELEVANCE_SET.length * 0.65);
  });

  it('has no query twice', () => {
    const texts = splitRelevanceSet().map((q) => q.query.toLowerCase());
    expect(new Set(texts).size).toBe(texts.length);
  });
});
