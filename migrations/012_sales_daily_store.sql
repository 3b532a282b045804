-- Daily sales per store: the summary that governed metrics read when a request needs no product
-- detail (revenue by store, region, channel or date). One row per store and day (about 17,500 for
-- two years of 24 stores, whatever the number of order lines), so head office's 12 months read
-- thousands of rows instead of millions of order lines.
--
-- It holds store data, so it carries FORCE RLS and the same policies as every store table, and its
-- primary key leads with store_id. Statement-level triggers with transition tables keep it exact as
-- orders and order lines are inserted (by the seed, COPY included): orders count once, on the
-- orders insert; line sums on the order_items insert. The server itself never writes. Updates or
-- deletes of past orders, or a change of a product's cost, need `select retail.refresh_sales_daily_store()`
-- (the `refresh-summaries` command), which rebuilds it from the base tables.
set local role retail_owner;

create table retail.sales_daily_store (
  store_id        int not null references retail.stores,
  day             date not null,
  orders          int not null default 0,
  units           bigint not null default 0,
  gross_sales     numeric(16, 2) not null default 0,
  discount_amount numeric(16, 2) not null default 0,
  net_revenue     numeric(16, 2) not null default 0,
  cost_of_goods   numeric(16, 2) not null default 0,
  primary key (store_id, day)
);
comment on table retail.sales_daily_store is
  'Daily sales per store, kept exact from orders and order_items: orders, units, gross sales, discounts, net revenue and cost of goods (at the product''s current cost).';

alter table retail.sales_daily_store enable row level security;
alter table retail.sales_daily_store force row level security;
create policy owner_maintains on retail.sales_daily_store for all to retail_owner using (true) with check (true);
create policy reader_sees_visible_stores on retail.sales_daily_store for select to retail_reader
  using (store_id = any ((select retail.visible_store_ids())::int[]));
grant select on retail.sales_daily_store to retail_reader;

create function retail.sales_daily_store_add_orders() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into retail.sales_daily_store as s (store_id, day, orders)
  select n.store_id, n.order_date, count(*) from new_orders n group by 1, 2
  on conflict (store_id, day) do update set orders = s.orders + excluded.orders;
  return null;
end $$;

create function retail.sales_daily_store_add_lines() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into retail.sales_daily_store as s (store_id, day, units, gross_sales, discount_amount, net_revenue, cost_of_goods)
  select n.store_id, o.order_date, sum(n.quantity), sum(n.quantity * n.unit_price), sum(n.discount_amount),
         sum(n.total_amount), sum(n.quantity * p.cost)
    from new_lines n
    join retail.orders o on o.order_id = n.order_id
    join retail.products p on p.product_id = n.product_id
   group by 1, 2
  on conflict (store_id, day) do update
     set units = s.units + excluded.units,
         gross_sales = s.gross_sales + excluded.gross_sales,
         discount_amount = s.discount_amount + excluded.discount_amount,
         net_revenue = s.net_revenue + excluded.net_revenue,
         cost_of_goods = s.cost_of_goods + excluded.cost_of_goods;
  return null;
end $$;

revoke all on function retail.sales_daily_store_add_orders() from public;
revoke all on function retail.sales_daily_store_add_lines() from public;

create trigger sales_daily_store_orders after insert on retail.orders
  referencing new table as new_orders for each statement execute function retail.sales_daily_store_add_orders();
create trigger sales_daily_store_lines after insert on retail.order_items
  referencing new table as new_lines for each statement execute function retail.sales_daily_store_add_lines();

create function retail.refresh_sales_daily_store() returns bigint
language plpgsql security definer set search_path = '' as $$
declare
  n bigint;
begin
  delete from retail.sales_daily_store;
  insert into retail.sales_daily_store (store_id, day, orders, units, gross_sales, discount_amount, net_revenue, cost_of_goods)
  select a.store_id, a.day, a.orders, coalesce(b.units, 0), coalesce(b.gross, 0), coalesce(b.disc, 0), coalesce(b.net, 0), coalesce(b.cogs, 0)
    from (select store_id, order_date as day, count(*) as orders from retail.orders group by 1, 2) a
    left join (
      select o.store_id, o.order_date as day, sum(oi.quantity) as units, sum(oi.quantity * oi.unit_price) as gross,
             sum(oi.discount_amount) as disc, sum(oi.total_amount) as net, sum(oi.quantity * p.cost) as cogs
        from retail.order_items oi
        join retail.orders o on o.order_id = oi.order_id
        join retail.products p on p.product_id = oi.product_id
       group by 1, 2) b on b.store_id = a.store_id and b.day = a.day;
  get diagnostics n = row_count;
  return n;
end $$;
revoke all on function retail.refresh_sales_daily_store() from public;

-- Databases seeded before this migration: fill it now.
select retail.refresh_sales_daily_store();
