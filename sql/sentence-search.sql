-- Products by their best-matching sentence (src/search/sentence-vectors.ts, migration 016): the
-- nearest sentences through the model's partial HNSW index, filtered like sql/semantic-search.sql,
-- then each product once at its best sentence.
-- :dims is the model's dimension, an integer checked by the caller.
-- $1 query vector, $2 model, $3 sentences to read, $4 products to return, $5 category, $6 min price,
-- $7 max price, $8 in stock at my stores
with nearest as materialized (
  select s.product_id, s.embedding::vector(:dims) <=> $1::vector(:dims) as distance
    from retail.product_sentence_embeddings s
    join retail.products p on p.product_id = s.product_id
    join retail.categories c on c.category_id = p.category_id
   where s.model = $2 and s.dimensions = :dims
     and ($5::text is null or lower(c.category_name) = lower($5::text))
     and ($6::numeric is null or p.base_price >= $6::numeric)
     and ($7::numeric is null or p.base_price <= $7::numeric)
     and (not $8::boolean or exists (select 1 from retail.inventory i where i.product_id = p.product_id and i.stock_level > 0))
   order by s.embedding::vector(:dims) <=> $1::vector(:dims)
   limit $3
), best as (
  select product_id, min(distance) as distance from nearest group by product_id order by min(distance), product_id limit $4
)
select p.product_id, p.sku, p.product_name, c.category_name, t.type_name, p.base_price,
       left(p.product_description, 240) as description,
       (1 - b.distance)::float8 as similarity
  from best b
  join retail.products p on p.product_id = b.product_id
  join retail.categories c on c.category_id = p.category_id
  join retail.product_types t on t.type_id = p.type_id
 order by b.distance, p.product_id
