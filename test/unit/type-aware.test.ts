import { describe, expect, it } from 'vitest';
import { typeAwareRerank } from '../../src/search/type-aware.js';

const hit = (id: number, type: string, score: number) => ({ id, type, score });
const ids = (hs: { id: number }[]) => hs.map((h) => h.id);

describe('typeAwareRerank', () => {
  const hits = [hit(1, 'A', 0.05), hit(2, 'B', 0.045), hit(3, 'B', 0.044), hit(4, 'B', 0.043), hit(5, 'A', 0.01)];

  it('lifts the type most of the top candidates agree on over a lone near-miss', () => {
    expect(ids(typeAwareRerank(hits, (h) => h.type, { weight: 1, depth: 4 }))).toEqual([2, 3, 4, 1, 5]);
  });

  it('keeps the fused order within a type and when turned off', () => {
    expect(ids(typeAwareRerank(hits, (h) => h.type, { weight: 0, depth: 4 }))).toEqual([1, 2, 3, 4, 5]);
    const out = typeAwareRerank(hits, (h) => h.type, { weight: 4, depth: 5 });
    expect(ids(out.filter((h) => h.type === 'B'))).toEqual([2, 3, 4]);
  });

  it('only the top `depth` candidates vote', () => {
    expect(ids(typeAwareRerank(hits, (h) => h.type, { weight: 1, depth: 1 }))).toEqual([1, 5, 2, 3, 4]);
  });

  it('rejects a negative weight and leaves an empty list alone', () => {
    expect(() => typeAwareRerank(hits, (h) => h.type, { weight: -1, depth: 3 })).toThrow(RangeError);
    expect(typeAwareRerank([], () => '', { weight: 1, depth: 3 })).toEqual([]);
  });
});
