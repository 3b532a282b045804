-- Keyword search's term statistics (issue #9): how many products hold each lexeme of search_text,
-- and how many products there are. sql/keyword-search.sql weighs each word of a phrase by its BM25
-- idf; it used to count both through the GIN index and the heap on every search, which at 100k
-- products was half of the statement's time (a common word visits thousands of heap rows). Here they
-- are one index lookup each.
--
-- Kept exact by statement-level triggers with transition tables, so a bulk insert (the seed's COPY,
-- bench:search's 100k variants) updates each lexeme once, not once per row. They run after
-- migration 005's row trigger has set search_text, and inside the writer's transaction, so a search
-- sees counts from the same snapshot as the products. Catalogue data: no RLS (every caller may see
-- every product), the reader may SELECT, only the owner writes.
set local role retail_owner;

-- No check (products >= 0): an insert's candidate row is checked even when it becomes an update,
-- and a delete's candidate carries the negative difference.
create table retail.product_term_counts (
  lexeme   text primary key,
  products int not null
);

-- One row: the number of products.
create table retail.product_count (
  only_row boolean primary key default true check (only_row),
  products int not null check (products >= 0)
);

-- Per lexeme: +1 for each new row holding it, -1 for each old one (unchanged words cancel out).
-- Lexemes in a fixed order, so that two concurrent catalogue writers lock rows in the same order. A
-- lexeme no product holds any more keeps its row, at 0: the same to the search as no row.
create function retail_private.product_terms_after_write() returns trigger
language plpgsql set search_path = '' as $$
begin
  if tg_op = 'INSERT' then
    insert into retail.product_term_counts as t (lexeme, products)
    select l.lexeme, count(*) from new_rows r cross join unnest(tsvector_to_array(r.search_text)) l(lexeme) group by 1 order by 1
    on conflict (lexeme) do update set products = t.products + excluded.products;
    update retail.product_count set products = products + (select count(*) from new_rows);
  elsif tg_op = 'DELETE' then
    insert into retail.product_term_counts as t (lexeme, products)
    select l.lexeme, -count(*) from old_rows r cross join unnest(tsvector_to_array(r.search_text)) l(lexeme) group by 1 order by 1
    on conflict (lexeme) do update set products = t.products + excluded.products;
    update retail.product_count set products = products - (select count(*) from old_rows);
  else
    insert into retail.product_term_counts as t (lexeme, products)
    select lexeme, sum(n)
      from (select l.lexeme, 1 as n from new_rows r cross join unnest(tsvector_to_array(r.search_text)) l(lexeme)
            union all
            select l.lexeme, -1 from old_rows r cross join unnest(tsvector_to_array(r.search_text)) l(lexeme)) u
     group by 1 having sum(n) <> 0 order by 1
    on conflict (lexeme) do update set products = t.products + excluded.products;
  end if;
  return null;
end $$;

create function retail_private.product_terms_after_truncate() returns trigger
language plpgsql set search_path = '' as $$
begin
  delete from retail.product_term_counts;
  update retail.product_count set products = 0;
  return null;
end $$;

create trigger products_term_counts_insert after insert on retail.products
  referencing new table as new_rows for each statement execute function retail_private.product_terms_after_write();
create trigger products_term_counts_update after update on retail.products
  referencing old table as old_rows new table as new_rows for each statement execute function retail_private.product_terms_after_write();
create trigger products_term_counts_delete after delete on retail.products
  referencing old table as old_rows for each statement execute function retail_private.product_terms_after_write();
create trigger products_term_counts_truncate after truncate on retail.products
  for each statement execute function retail_private.product_terms_after_truncate();

revoke all on function retail_private.product_terms_after_write() from public;
revoke all on function retail_private.product_terms_after_truncate() from public;

-- The products that exist already.
insert into retail.product_term_counts (lexeme, products)
select l.lexeme, count(*) from retail.products p cross join unnest(tsvector_to_array(p.search_text)) l(lexeme) group by l.lexeme;
insert into retail.product_count (products) select count(*) from retail.products;
-- The search's plan depends on these estimates (a never-analyzed table is guessed at thousands of
-- rows, and the keyword statement went from 18 to 72 ms p50 at 100k products on that guess).
analyze retail.product_term_counts, retail.product_count;

grant select on retail.product_term_counts, retail.product_count to retail_reader;
