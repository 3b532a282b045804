-- Nearest products to a query embedding, for one embedding model, with optional filters: the vector
-- candidate list of hybrid search, and the whole answer in vector mode.
-- :dims is the model's dimension, an integer checked by the caller: the partial HNSW index is on
-- (embedding::vector(dims)), and a type modifier cannot be a bound parameter.
-- $1 query vector, $2 model, $3 k, $4 category, $5 min price, $6 max price, $7 in stock at my stores
-- (src/search/exact-search.ts is the exact counterpart and must filter the same way)
--
-- withTenant's vectorSearch option sets hnsw.iterative_scan = relaxed_order, so the index scan keeps
-- going until $3 rows pass the filters (up to hnsw.max_scan_tuples), but may hand them over slightly
-- out of order. pgvector's documented remedy is this shape: every filter inside a materialized CTE,
-- and the exact order restored outside it. The "+ 0" stops PostgreSQL 17+ (PGlite is 18) from
-- trusting the CTE's order and skipping that final sort.
with nearest as materialized (
  select e.product_id, e.embedding::vector(:dims) <=> $1::vector(:dims) as distance
    from retail.product_embeddings e
    join retail.products p on p.product_id = e.product_id
    join retail.categories c on c.category_id = p.category_id
   where e.model = $2 and e.dimensions = :dims
     and ($4::text is null or lower(c.category_name) = lower($4::text))
     and ($5::numeric is null or p.base_price >= $5::numeric)
     and ($6::numeric is null or p.base_price <= $6::numeric)
     -- inventory is under RLS, so "my stores" means exactly the stores this caller may see
     and (not $7::boolean or exists (select 1 from retail.inventory i where i.product_id = p.product_id and i.stock_level > 0))
   order by e.embedding::vector(:dims) <=> $1::vector(:dims)
   limit $3
)
select p.product_id, p.sku, p.product_name, c.category_name, t.type_name, p.base_price,
       left(p.product_description, 240) as description,
       (1 - n.distance)::float8 as similarity
  from nearest n
  join retail.products p on p.product_id = n.product_id
  join retail.categories c on c.category_id = p.category_id
  join retail.product_types t on t.type_id = p.type_id
 order by n.distance + 0, p.product_id
