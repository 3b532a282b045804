// Reciprocal rank fusion: a pure function, no database.
import { describe, expect, it } from 'vitest';
import { DEFAULT_RRF_K, reciprocalRankFusion } from '../../src/search/rrf.js';

describe('reciprocalRankFusion', () => {
  it('scores each id by the sum of 1/(k + rank) over the lists that rank it', () => {
    const fused = reciprocalRankFusion([
      { signal: 'vector', ids: [1, 2, 3] },
      { signal: 'keyword', ids: [3, 4] },
    ]);
    const byId = new Map(fused.map((f) => [f.id, f]));
    expect(byId.get(3)!.score).toBeCloseTo(1 / (DEFAULT_RRF_K + 3) + 1 / (DEFAULT_RRF_K + 1), 12);
    expect(byId.get(1)!.score).toBeCloseTo(1 / 61, 12);
    expect(byId.get(3)).toMatchObject({ matched: ['vector', 'keyword'], ranks: { vector: 3, keyword: 1 } });
    expect(byId.get(4)).toMatchObject({ matched: ['keyword'], ranks: { keyword: 2 } });
  });

  it('puts an id that both lists agree on above ids that only one list ranks first', () => {
    const fused = reciprocalRankFusion([
      { signal: 'vector', ids: [10, 30] },
      { signal: 'keyword', ids: [20, 30] },
    ]);
    expect(fused.map((f) => f.id)).toEqual([30, 10, 20]);
  });

  it('breaks exact ties deterministically: better single rank, then the earlier list, then the id', () => {
    const fused = reciprocalRankFusion([
      { signal: 'a', ids: [5, 6] },
      { signal: 'b', ids: [7, 8] },
    ]);
    expect(fused.map((f) => f.id)).toEqual([5, 7, 6, 8]);
  });

  it('applies per-list weights and the k constant', () => {
    const fused = reciprocalRankFusion(
      [
        { signal: 'vector', ids: [1], weight: 1 },
        { signal: 'keyword', ids: [2], weight: 2 },
      ],
      0,
    );
    expect(fused).toEqual([
      { id: 2, score: 2, matched: ['keyword'], ranks: { keyword: 1 } },
      { id: 1, score: 1, matched: ['vector'], ranks: { vector: 1 } },
    ]);
  });

  it('counts an id listed twice in one list at its best position only', () => {
    const [only] = reciprocalRankFusion([{ signal: 'vector', ids: [9, 9, 9] }], 1);
    expect(only).toEqual({ id: 9, score: 0.5, matched: ['vector'], ranks: { vector: 1 } });
  });

  it('returns nothing for empty lists, and rejects a negative k or weight', () => {
    expect(reciprocalRankFusion([{ signal: 'vector', ids: [] }])).toEqual([]);
    expect(() => reciprocalRankFusion([], -1)).toThrow(RangeError);
    expect(() => reciprocalRankFusion([{ signal: 'v', ids: [1], weight: -1 }])).toThrow(RangeError);
  });
});
