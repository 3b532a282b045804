// semantic_search_products: hybrid product search (full-text + embeddings, fused by reciprocal rank
// fusion) under the caller's RLS. The query is embedded before the transaction opens.
import { z } from 'zod';
import { AppError } from '../errors.js';
import { searchProducts } from '../search/product-search.js';
import { toCompactText } from './compact-table.js';
import { defineTool, UNTRUSTED_NOTE } from './tool.js';

const semanticSearchProductsInput = {
  query_description: z.string().trim().min(1).max(1000).describe("What the shopper wants, in their own words, e.g. 'something to cook soup in'."),
  max_rows: z.number().int().min(1).max(100).default(20).describe('How many products to return (1-100, default 20).'),
  mode: z
    .enum(['hybrid', 'vector', 'keyword'])
    .default('hybrid')
    .describe("'hybrid' (default) fuses meaning and exact words; 'vector' is meaning only; 'keyword' is full-text only."),
  min_similarity: z.number().min(0).max(1).optional().describe('Drop results below this cosine similarity (0-1), in every mode.'),
  similarity_threshold: z
    .number()
    .min(0)
    .max(100)
    .optional()
    .describe('Zava-compatible form of min_similarity, in percent (0-100). Ignored when min_similarity is set.'),
  category: z.string().min(1).max(100).optional().describe('Only this category (case-insensitive name, e.g. "Footwear").'),
  min_price: z.number().min(0).optional().describe('Only products with base_price at or above this.'),
  max_price: z.number().min(0).optional().describe('Only products with base_price at or below this.'),
  in_stock_at_my_stores: z.boolean().default(false).describe('Only products with stock above zero in at least one store you may see.'),
};

const semanticSearchProductsOutput = {
  model: z.string().describe('Embedding model.'),
  mode: z.enum(['hybrid', 'vector', 'keyword']),
  products: z
    .array(
      z.object({
        product_id: z.number(),
        sku: z.string(),
        product_name: z.string(),
        category_name: z.string(),
        type_name: z.string(),
        base_price: z.string(),
        description: z.string(),
        similarity: z.number().nullable().describe('Cosine similarity, 0-1; null in keyword mode without a threshold.'),
        score: z.number().describe('Fused rank score; only its order means something.'),
        matched: z.array(z.enum(['vector', 'keyword'])).describe('Signals that found it.'),
      }),
    )
    .describe('Products, best first.'),
};

const PRODUCT_COLUMNS = ['product_id', 'sku', 'product_name', 'category_name', 'type_name', 'base_price', 'similarity', 'score', 'matched', 'description'];

/** The text form rounds what only orders results; structuredContent keeps the exact numbers. */
function toTextRow(p: { similarity: number | null; score: number; matched: string[] }) {
  return {
    ...p,
    similarity: p.similarity === null ? null : Number(p.similarity.toFixed(3)),
    score: Number(p.score.toPrecision(3)),
    matched: p.matched.join('+'),
  };
}

export const semanticSearchProducts = defineTool({
  name: 'semantic_search_products',
  title: 'Semantic product search',
  description: `Finds catalogue products for a shopper's description by meaning and by exact words (hybrid), even when the words differ. Filters: category, price range, in stock at your stores. ${UNTRUSTED_NOTE}`,
  input: semanticSearchProductsInput,
  output: semanticSearchProductsOutput,
  async run({ deps, principal, signal }, args) {
    const { embedder } = deps;
    if (!Number.isInteger(embedder.dimensions) || embedder.dimensions < 1 || embedder.dimensions > 2000) {
      throw new AppError('INTERNAL', 'The embedding model reports an invalid dimension.');
    }
    if (args.min_price !== undefined && args.max_price !== undefined && args.min_price > args.max_price) {
      throw new AppError('BAD_INPUT', 'min_price must not be above max_price.');
    }
    const minSimilarity = args.min_similarity ?? (args.similarity_threshold !== undefined ? args.similarity_threshold / 100 : undefined);
    // Through deps.embedder, which the runtime wraps in the query cache; before the transaction opens.
    const needsVector = args.mode !== 'keyword' || minSimilarity !== undefined;
    const vector = needsVector ? (await embedder.embed([args.query_description]))[0]! : null;
    const outcome = await deps.withTenant(
      principal,
      (tx) =>
        searchProducts(tx, {
          mode: args.mode,
          phrase: args.query_description,
          vector,
          model: embedder.model,
          dimensions: embedder.dimensions,
          limit: args.max_rows,
          minSimilarity,
          filters: { category: args.category, minPrice: args.min_price, maxPrice: args.max_price, inStockAtMyStores: args.in_stock_at_my_stores },
        }),
      { vectorSearch: true, signal },
    );
    if (!outcome.modelHasRows) {
      throw new AppError(
        'NOT_FOUND',
        `No product embeddings exist yet for model ${embedder.model}. Run \`retail-mcp embed\` to build them, or use mode 'keyword'.`,
      );
    }
    const data = { model: embedder.model, mode: args.mode, products: outcome.products };
    const label = { hybrid: 'by hybrid rank', vector: 'by similarity', keyword: 'by keyword rank' }[args.mode];
    return {
      data,
      text: toCompactText(`${outcome.products.length} product(s) ${label} (${embedder.model}).`, PRODUCT_COLUMNS, outcome.products.map(toTextRow)),
    };
  },
});
