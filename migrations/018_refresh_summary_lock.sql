-- refresh_sales_daily_store() rebuilt the summary with a delete and an insert and no lock: an insert
-- of orders committing in between could see its trigger's increment deleted, or counted twice.
-- The rebuild now takes SHARE locks on orders and order_items first, which wait for writers to
-- finish and keep new ones out until the rebuild commits; readers are never blocked.
set local role retail_owner;

create or replace function retail.refresh_sales_daily_store() returns bigint
language plpgsql security definer set search_path = '' as $$
declare
  n bigint;
begin
  lock table retail.orders, retail.order_items in share mode;
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
