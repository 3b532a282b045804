// Exact nearest products: the distance of every product that passes the filters, the filters first.
// The exact answer when few products pass, and the fallback when an index scan comes back short.
import type { Tx } from '../db/client.js';
import { toVectorLiteral } from '../embeddings/embedder.js';
import type { CandidateRow, VectorQuery } from './candidates.js';

/**
 * The same filters as sql/semantic-search.sql, applied in a materialized CTE before any distance is
 * computed. Left to itself, the planner sorts every embedding by distance and filters afterwards,
 * expecting the top k to pass early; when the filter and the query point different ways (shoes
 * filter, soup query) that read 100k vectors for 10 rows. The distance has no typmod cast, so it can
 * never match (and use) the HNSW index expression: this is exact by construction, without settings.
 */
export async function exactVectorCandidates(tx: Tx, q: VectorQuery): Promise<CandidateRow[]> {
  const f = q.filters;
  const category = f.category ?? null;
  const minPrice = f.minPrice ?? null;
  const maxPrice = f.maxPrice ?? null;
  const rows = await tx<CandidateRow[]>`
    with passing as materialized (
      select p.product_id
        from retail.products p
        join retail.categories c on c.category_id = p.category_id
       where (${category}::text is null or lower(c.category_name) = lower(${category}::text))
         and (${minPrice}::numeric is null or p.base_price >= ${minPrice}::numeric)
         and (${maxPrice}::numeric is null or p.base_price <= ${maxPrice}::numeric)
         -- inventory is under RLS, so "my stores" means exactly the stores this caller may see
         and (not ${f.inStockAtMyStores}::boolean
              or exists (select 1 from retail.inventory i where i.product_id = p.product_id and i.stock_level > 0))
    ), nearest as materialized (
      select e.product_id, e.embedding <=> ${toVectorLiteral(q.vector)}::vector as distance
        from passing x
        join retail.product_embeddings e on e.product_id = x.product_id and e.model = ${q.model} and e.dimensions = ${q.dimensions}
       order by distance
       limit ${q.k}
    )
    select p.product_id, p.sku, p.product_name, c.category_name, t.type_name, p.base_price,
           left(p.product_description, 240) as description,
           (1 - n.distance)::float8 as similarity
      from nearest n
      join retail.products p on p.product_id = n.product_id
      join retail.categories c on c.category_id = p.category_id
      join retail.product_types t on t.type_id = p.type_id
     order by n.distance, p.product_id`;
  return [...rows];
}
