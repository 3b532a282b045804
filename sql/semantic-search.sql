-- Nearest products to a query embedding, for one embedding model, with optional filters.
-- :dims is the model's dimension, an integer checked by the caller: the partial HNSW index is on
-- (embedding::vector(dims)), and a type modifier cannot be a bound parameter.
-- $1 query vector, $2 model, $3 k, $4 category, $5 min price, $6 max price, $7 in stock at my stores
select p.product_id, p.sku, p.product_name, c.category_name, t.type_name, p.base_price,
       left(p.product_description, 240) as description,
       (1 - (e.embedding::vector(:dims) <=> $1::vector(:dims)))::float8 as similarity
  from retail.product_embeddings e
  join retail.products p on p.product_id = e.product_id
  join retail.categories c on c.category_id = p.category_id
  join retail.product_types t on t.type_id = p.type_id
 where e.model = $2 and e.dimensions = :dims
   and ($4::text is null or c.category_name ilike $4::text)
   and ($5::numeric is null or p.base_price >= $5::numeric)
   and ($6::numeric is null or p.base_price <= $6::numeric)
   -- inventory is under RLS, so "my stores" means exactly the stores this caller may see
   and (not $7::boolean or exists (select 1 from retail.inventory i where i.product_id = p.product_id and i.stock_level > 0))
 order by e.embedding::vector(:dims) <=> $1::vector(:dims)
 limit $3
