// The seed catalogue's products as the embedding model sees them (text and content hash), computed
// from the generator without a database: what `npm run embeddings:ship` embeds, and what the tests
// hold the shipped file against. The seeded rows are these exact strings (test/integration/seed-load.test.ts).
import { generateCatalogue } from '../../seed/catalogue.js';
import { SEED } from '../../seed/random.js';
import { contentHash, productEmbeddingText } from './product-text.js';

export interface SeedProductText {
  product_id: number;
  category_name: string;
  text: string;
  hash: string;
}

export function seedProductTexts(model: string, seed: number | string = SEED): SeedProductText[] {
  const catalogue = generateCatalogue(seed);
  const categories = new Map(catalogue.categories.map((c) => [c.category_id, c.category_name]));
  const types = new Map(catalogue.productTypes.map((t) => [t.type_id, t.type_name]));
  return catalogue.products.map((p) => {
    const category_name = categories.get(p.category_id)!;
    const text = productEmbeddingText({
      product_name: p.product_name,
      category_name,
      type_name: types.get(p.type_id)!,
      product_description: p.product_description,
    });
    return { product_id: p.product_id, category_name, text, hash: contentHash(text, model) };
  });
}
