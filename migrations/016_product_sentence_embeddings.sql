-- Sentence-level vectors for product search (issue #9): one row per sentence of a product's text
-- (each description sentence and its name with its type; src/search/sentence-vectors.ts decides what
-- a sentence is), per embedding model. A product is scored by its best-matching sentence: the offline
-- model (USE-Lite) represents a short sentence far better than a whole description.
-- Catalogue data like retail.product_embeddings: no RLS (every caller may see every product), the
-- reader may SELECT, only the owner writes. content_hash covers the product's whole sentence list
-- and the model, so a backfill re-embeds a product exactly when its text or the model changed.
set local role retail_owner;

create table retail.product_sentence_embeddings (
  product_id   int not null references retail.products on delete cascade,
  model        text not null,
  sentence_no  int not null,
  dimensions   int not null,
  content_hash text not null,
  sentence     text not null,
  embedding    vector not null,
  updated_at   timestamptz not null default now(),
  primary key (product_id, model, sentence_no),
  check (vector_dims(embedding) = dimensions)
);

-- The offline model's nearest sentences, as for product_embeddings (migrations 002 and 009).
create index product_sentence_embeddings_use_lite_hnsw on retail.product_sentence_embeddings
  using hnsw ((embedding::vector(512)) vector_cosine_ops) with (m = 16, ef_construction = 200)
  where model = 'use-lite-512';

grant select on retail.product_sentence_embeddings to retail_reader;
