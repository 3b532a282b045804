// semantic_search_products: cosine search over the product embeddings of the configured model.
// The query is embedded before the transaction opens, so no connection waits on the model.
import { z } from 'zod';
import { AppError } from '../errors.js';
import { toVectorLiteral } from '../embeddings/embedder.js';
import { sqlFile } from './sql-files.js';
import { defineTool, fenceUntrusted, UNTRUSTED_NOTE } from './tool.js';

export const semanticSearchProductsInput = {
  query_description: z.string().trim().min(1).max(1000).describe("What the shopper wants, in their own words, e.g. 'something to cook soup in'."),
  max_rows: z.number().int().min(1).max(100).default(20).describe('How many products to return (1-100, default 20).'),
  min_similarity: z.number().min(0).max(1).optional().describe('Drop results below this cosine similarity (0-1).'),
  similarity_threshold: z.number().min(0).max(100).optional().describe('Zava-compatible form of min_similarity, in percent (0-100). Ignored when min_similarity is set.'),
  category: z.string().min(1).max(100).optional().describe('Only this category (case-insensitive name, e.g. "Footwear").'),
  min_price: z.number().min(0).optional().describe('Only products with base_price at or above this.'),
  max_price: z.number().min(0).optional().describe('Only products with base_price at or below this.'),
  in_stock_at_my_stores: z.boolean().default(false).describe('Only products with stock above zero in at least one store you may see.'),
};

export const semanticSearchProductsOutput = {
  model: z.string().describe('Embedding model used for the query and the rows.'),
  products: z
    .array(
      z.object({
        product_id: z.number(),
        sku: z.string(),
        product_name: z.string(),
        category_name: z.string(),
        type_name: z.string(),
        base_price: z.string().describe('Exact decimal price.'),
        description: z.string().describe('Start of the product description.'),
        similarity: z.number().describe('Cosine similarity, 0-1; higher is closer.'),
      }),
    )
    .describe('Products ordered by similarity, best first.'),
};

export const semanticSearchProducts = defineTool({
  name: 'semantic_search_products',
  title: 'Semantic product search',
  description: `Finds catalogue products whose meaning matches a shopper's description, even when the words differ. Filters: category, price range, in stock at your stores. ${UNTRUSTED_NOTE}`,
  input: semanticSearchProductsInput,
  output: semanticSearchProductsOutput,
  async run({ deps, principal }, args) {
    const { embedder } = deps;
    if (!Number.isInteger(embedder.dimensions) || embedder.dimensions < 1 || embedder.dimensions > 2000) {
      throw new AppError('INTERNAL', 'The embedding model reports an invalid dimension.');
    }
    const [vector] = await embedder.embed([args.query_description]);
    const minSimilarity = args.min_similarity ?? (args.similarity_threshold !== undefined ? args.similarity_threshold / 100 : undefined);
    const text = sqlFile('semantic-search').replaceAll(':dims', String(embedder.dimensions));
    const { rows, modelHasRows } = await deps.withTenant(
      principal,
      async (tx) => {
        const params = [toVectorLiteral(vector!), embedder.model, args.max_rows, args.category ?? null, args.min_price ?? null, args.max_price ?? null, args.in_stock_at_my_stores];
        const found = await tx.unsafe(text, params as never[]);
        if (found.length > 0) return { rows: [...found], modelHasRows: true };
        const [probe] = await tx`select exists (select 1 from retail.product_embeddings where model = ${embedder.model}) as present`;
        return { rows: [], modelHasRows: Boolean(probe?.present) };
      },
      { vectorSearch: true },
    );
    if (!modelHasRows) {
      throw new AppError('NOT_FOUND', `No product embeddings exist yet for model ${embedder.model}. Run \`retail-mcp embed\` to build them.`);
    }
    const products = (rows as unknown as z.infer<z.ZodObject<typeof semanticSearchProductsOutput>>['products']).filter(
      (p) => minSimilarity === undefined || p.similarity >= minSimilarity,
    );
    const data = { model: embedder.model, products };
    return { data, text: `${products.length} product(s) by similarity (${embedder.model}).\n${fenceUntrusted(products.map((p) => JSON.stringify(p)).join('\n'))}` };
  },
});
