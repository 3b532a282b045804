import { describe, expect, it } from 'vitest';
import { productSentences, sentenceHash } from '../../src/search/sentence-vectors.js';

const product = {
  product_name: 'Oakmere Heritage Dutch Oven, 7 qt, Copper Band',
  category_name: 'Kitchen & Dining',
  type_name: 'Stockpots',
  product_description:
    'The Oakmere Heritage Dutch Oven is made for braising short ribs. It moves from stovetop to oven to table.  Size: 7 qt. Color: Copper Band. Oven safe to 500°F without the lid.',
};

describe('productSentences', () => {
  it('gives the name with its type, then each description sentence without the size and colour lines', () => {
    expect(productSentences(product)).toEqual([
      'Oakmere Heritage Dutch Oven, Stockpots (Kitchen & Dining)',
      'The Oakmere Heritage Dutch Oven is made for braising short ribs.',
      'It moves from stovetop to oven to table.',
      'Oven safe to 500°F without the lid.',
    ]);
  });

  it('hashes the model and the whole list', () => {
    const s = productSentences(product);
    expect(sentenceHash(s, 'm')).toBe(sentenceHash([...s], 'm'));
    expect(sentenceHash(s, 'm')).not.toBe(sentenceHash(s, 'n'));
    expect(sentenceHash(s, 'm')).not.toBe(sentenceHash(s.slice(1), 'm'));
  });
});
