// What text represents a product to the embedding model, and the content hash that lets a backfill
// skip products whose text (and model) have not changed since they were last embedded.
import { createHash } from 'node:crypto';

export interface ProductTextSource {
  product_name: string;
  category_name: string;
  type_name: string;
  product_description: string;
}

const clean = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * What the product is for and who it is for: each "for ..." phrase ("made for cooking soups", "ideal
 * for toddlers"), each "with ... in mind" and each "popular with ...", up to the end of its clause.
 * A plain-English rule, not a list of words: it reads no vocabulary of the catalogue.
 */
export function purposePhrases(description: string): string[] {
  const found: string[] = [];
  for (const m of description.matchAll(/\bfor ([^.?!;]+)/gi)) found.push(clean(m[1]!));
  for (const m of description.matchAll(/\bwith ([^.?!;]+?) in mind\b/gi)) found.push(clean(m[1]!));
  for (const m of description.matchAll(/\bpopular with ([^.?!;]+)/gi)) found.push(clean(m[1]!));
  return [...new Set(found.filter((s) => s !== ''))];
}

/**
 * The product's name without its options ("Oakmere Dutch Oven, 7 qt, Steel" -> "Oakmere Dutch Oven"),
 * its type, then what it is for: "Oakmere Dutch Oven, Stockpots. For slow braises; anyone who hosts".
 * USE-Lite is strongest on short texts: sizes, colours, materials and care notes diluted what a
 * shopper asks about (npm run eval:search, "document text": hybrid nDCG@10 tuning 0.810 -> 0.841,
 * held-out 0.692 -> 0.735). A description with no purpose phrase is kept whole instead.
 */
export function productEmbeddingText(p: ProductTextSource): string {
  const head = clean(p.product_name.split(',')[0] ?? '') || clean(p.product_name);
  const identity = [head, clean(p.type_name)].filter((s) => s !== '').join(', ');
  const uses = purposePhrases(p.product_description);
  const rest = uses.length > 0 ? `For ${uses.join('; ')}.` : clean(p.product_description);
  return [identity, rest].filter((s) => s !== '').join('. ');
}

/** sha256 hex of model + '\n' + text: a new model or a changed text both mean "embed again". */
export function contentHash(text: string, model: string): string {
  return createHash('sha256').update(`${model}\n${text}`, 'utf8').digest('hex');
}
