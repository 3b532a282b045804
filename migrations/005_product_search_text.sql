-- Full-text search over products: a weighted tsvector (name A, category + type B, description C)
-- with a GIN index, for the keyword half of hybrid product search.
--
-- Why a trigger-maintained column and not `generated always as (...) stored`: a generation
-- expression may read only its own row, and the category and type names live in other tables.
-- An "immutable" lookup function would be a lie that leaves stale vectors after a rename, so
-- triggers keep search_text exact instead: on product writes, and on category or type renames.
-- The reader needs no new grant: its table-level SELECT on products already covers the column.
set local role retail_owner;

alter table retail.products add column search_text tsvector;

-- The one definition of the weighting; the two-argument to_tsvector is immutable and fixed to
-- 'english', so the stored vector never depends on a session's default_text_search_config.
create function retail_private.product_search_text(name text, category text, type text, description text)
returns tsvector language sql immutable parallel safe set search_path = '' as $$
  select setweight(to_tsvector('english'::regconfig, coalesce(name, '')), 'A')
      || setweight(to_tsvector('english'::regconfig, coalesce(category, '') || ' ' || coalesce(type, '')), 'B')
      || setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'C')
$$;

create function retail_private.products_set_search_text() returns trigger
language plpgsql set search_path = '' as $$
begin
  new.search_text := retail_private.product_search_text(
    new.product_name,
    (select c.category_name from retail.categories c where c.category_id = new.category_id),
    (select t.type_name from retail.product_types t where t.type_id = new.type_id),
    new.product_description);
  return new;
end $$;

create trigger products_search_text
  before insert or update of product_name, category_id, type_id, product_description, search_text on retail.products
  for each row execute function retail_private.products_set_search_text();

-- A renamed category or type re-derives its products' vectors; assigning a column to itself is
-- enough to fire the product trigger above, which owns the actual computation.
create function retail_private.catalogue_rename_refreshes_search_text() returns trigger
language plpgsql set search_path = '' as $$
begin
  if tg_table_name = 'categories' then
    update retail.products set category_id = category_id where category_id = new.category_id;
  else
    update retail.products set type_id = type_id where type_id = new.type_id;
  end if;
  return null;
end $$;

create trigger categories_search_text after update of category_name on retail.categories
  for each row when (old.category_name is distinct from new.category_name)
  execute function retail_private.catalogue_rename_refreshes_search_text();
create trigger product_types_search_text after update of type_name on retail.product_types
  for each row when (old.type_name is distinct from new.type_name)
  execute function retail_private.catalogue_rename_refreshes_search_text();

revoke all on function retail_private.product_search_text(text, text, text, text) from public;
revoke all on function retail_private.products_set_search_text() from public;
revoke all on function retail_private.catalogue_rename_refreshes_search_text() from public;

-- Products that exist already (a database seeded before this migration).
update retail.products set product_name = product_name;

create index products_search_text_idx on retail.products using gin (search_text);
