-- Full-text candidates for product search: products matching any word of the phrase (GIN index on
-- search_text, migration 005), so that long shopper phrases still match; those matching every word
-- first, then by an IDF-weighted sum over the words they match, each word scored by ts_rank with the
-- name (A) > category and type (B) > description (C) weighting.
-- :dims is the embedding model's dimension, an integer checked by the caller (see semantic-search.sql).
-- $1 the phrase, $2 k, $3 category, $4 min price, $5 max price, $6 in stock at my stores,
-- $7 query vector or null, $8 model
--
-- ts_rank alone has no notion of how rare a word is, so "cream" in a dozen beauty product names
-- outweighs "whip" in one stand mixer. Each word's BM25 idf, from its document frequency (migration
-- 020's term counts), fixes that. The field weights {D, C, B, A} = {0.1, 0.7, 0.85, 1.0} are
-- flatter than ts_rank's default {0.1, 0.2, 0.4, 1.0}: names here carry colours and sizes ("...,
-- Cream"), while what a product is for lives in the description. On the relevance set (npm run
-- eval:search) keyword nDCG@10 went 0.538 -> 0.660 with the flatter weights.
with total as materialized (
  -- past this many products, a word is too common to pick candidates on its own (see picks)
  select c.products::float8 as n, greatest(2000, c.products / 20) as cap from retail.product_count c
),
words as materialized (
  select l.lexeme, q.query, d.df, ln(1 + (t.n - d.df + 0.5) / (d.df + 0.5)) as idf
    from total t
   cross join unnest(tsvector_to_array(to_tsvector('english', $1::text))) as l(lexeme)
   cross join lateral (select plainto_tsquery('simple', l.lexeme) as query) q
   -- kept by migration 020's triggers, and taken only up to the cap: beyond it the number matters little
   cross join lateral (select least(coalesce((select c.products from retail.product_term_counts c where c.lexeme = l.lexeme), 0), t.cap)::float8 as df) d
),
picks as materialized (
  -- The words that choose candidates: every word under the cap, and the rarest word in any case. On a
  -- large catalogue, a phrase of everyday words would otherwise make most products candidates (and
  -- each one costs a ranking). The lexemes are already normalised, so the 'simple' configuration
  -- keeps them as they are; websearch syntax never raises an error.
  select websearch_to_tsquery('simple', string_agg(regexp_replace(w.lexeme, '^-+', ''), ' or ')) as query
    from (select lexeme from words, total where df < total.cap
          union
          (select lexeme from words order by df, lexeme limit 1)) w
),
-- Ranked first on products alone; the display columns, the description and the cosine similarity
-- are read for the k winners only (at 100k products a common word matches thousands). The stock
-- filter, one inventory probe per product, runs last, in rank order, and only until k products
-- pass: the outer ORDER BY is the inner one, so the planner adds no sort above the filter, and
-- OFFSET 0 keeps the filter from being pushed down below the inner sort.
ranked as materialized (
  select r.product_id, r.all_words, r.rank
    from (select p.product_id,
                 p.search_text @@ websearch_to_tsquery('english', $1::text) as all_words,
                 s.rank::float8 as rank
            from retail.products p
           cross join lateral (select coalesce(sum(w.idf * ts_rank('{0.1,0.7,0.85,1.0}'::float4[], p.search_text, w.query)), 0) as rank from words w where p.search_text @@ w.query) s
           where p.search_text @@ (select query from picks)
             and ($3::text is null or p.category_id in (select c.category_id from retail.categories c where lower(c.category_name) = lower($3::text)))
             and ($4::numeric is null or p.base_price >= $4::numeric)
             and ($5::numeric is null or p.base_price <= $5::numeric)
           order by all_words desc, rank desc, p.product_id
          offset 0) r
   -- inventory is under RLS, so "my stores" means exactly the stores this caller may see
   where (not $6::boolean or exists (select 1 from retail.inventory i where i.product_id = r.product_id and i.stock_level > 0))
   order by r.all_words desc, r.rank desc, r.product_id
   limit $2
)
select p.product_id, p.sku, p.product_name, c.category_name, t.type_name, p.base_price,
       left(p.product_description, 240) as description,
       -- the cosine similarity too, so that a keyword-only hit can be held to min_similarity
       case when $7::vector(:dims) is null then null
            else (1 - (e.embedding::vector(:dims) <=> $7::vector(:dims)))::float8 end as similarity,
       r.all_words, r.rank
  from ranked r
  join retail.products p on p.product_id = r.product_id
  join retail.categories c on c.category_id = p.category_id
  join retail.product_types t on t.type_id = p.type_id
  left join retail.product_embeddings e on e.product_id = p.product_id and e.model = $8::text and e.dimensions = :dims
 order by r.all_words desc, r.rank desc, p.product_id
