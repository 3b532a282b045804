-- A denser HNSW graph for the offline model: ef_construction 400 (default 64). Shopper-query
-- recall@10 at 100k products went from 0.83-0.86 to 0.96-0.99 at ef_search 1000 (npm run bench:search).
set local role retail_owner;

drop index retail.product_embeddings_use_lite_hnsw;
create index product_embeddings_use_lite_hnsw on retail.product_embeddings
  using hnsw ((embedding::vector(512)) vector_cosine_ops) with (m = 16, ef_construction = 400)
  where model = 'use-lite-512';
