// What text represents a product to the embedding model, and the content hash that lets a backfill
// skip products whose text (and model) have not changed since they were last embedded.
import { createHash } from 'node:crypto';

export interface ProductTextSource {
  product_name: string;
  category_name: string;
  type_name: string;
  product_description: string;
}

/** Name first (it carries the most meaning), then where it sits in the catalogue, then the description. */
export function productEmbeddingText(p: ProductTextSource): string {
  const clean = (s: string) => s.replace(/\s+/g, ' ').trim();
  const parts = [clean(p.product_name), `${clean(p.category_name)} > ${clean(p.type_name)}`, clean(p.product_description)];
  return parts.filter((s) => s !== '' && s !== '>').join('. ');
}

/** sha256 hex of model + '\n' + text: a new model or a changed text both mean "embed again". */
export function contentHash(text: string, model: string): string {
  return createHash('sha256').update(`${model}\n${text}`, 'utf8').digest('hex');
}
