-- Embeddings stored in the row, not in TOAST (issue #9). pgvector's type defaults to EXTERNAL storage,
-- and a 512-d vector (2,056 bytes) is just over the 2 kB row threshold, so every one was moved out of
-- line: an exact scan fetched two TOAST chunks through the TOAST index for every product it scored.
-- MAIN keeps a vector in the row whenever it fits a page (float vectors do not compress, so they stay
-- as they are) and moves it out only as a last resort, so a 3,072-d model's 12 kB vectors still fit.
-- Measured on bench:search's 100k catalogue, exact nearest 10 in a 10,856-product category:
-- 89-141 ms before, 37-59 ms after (EXPLAIN ANALYZE 37 ms, a third of it the category filter).
set local role retail_owner;

-- The row is then over the 2 kB threshold with nothing left to move out but its short texts, so they
-- are MAIN too: as EXTENDED, content_hash went to TOAST in place of the vector (measured).
alter table retail.product_embeddings
  alter column embedding set storage main,
  alter column model set storage main,
  alter column content_hash set storage main;
alter table retail.product_sentence_embeddings
  alter column embedding set storage main,
  alter column model set storage main,
  alter column content_hash set storage main,
  alter column sentence set storage main;

-- Rows written before: rewritten so that they move into the row. Assigning the column to itself
-- would keep the TOAST pointer; the round trip through real[] builds a new, identical value. The
-- HNSW index is kept up to date row by row: 2.7 s for the seed's 1,094 products, 5 min 50 s for
-- bench:search's 100,648 (measured here).
update retail.product_embeddings set embedding = embedding::real[]::vector;
update retail.product_sentence_embeddings set embedding = embedding::real[]::vector;
