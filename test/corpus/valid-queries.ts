// Realistic analytics SQL over the retail schema that the guard must accept (over-blocking is a
// bug). Columns match migrations/002; every query is bounded so it runs fast on ~200k order lines.

export const VALID_QUERIES: { name: string; sql: string }[] = [
  {
    name: 'monthly revenue',
    sql: `select date_trunc('month', o.order_date) as month, sum(oi.total_amount) as revenue
          from retail.orders o join retail.order_items oi on oi.order_id = o.order_id
          group by 1 order by 1`,
  },
  {
    name: 'top 10 products by revenue',
    sql: `select p.product_id, p.product_name, sum(oi.total_amount) as revenue, sum(oi.quantity) as units
          from retail.order_items oi join retail.products p on p.product_id = oi.product_id
          group by p.product_id, p.product_name order by revenue desc limit 10`,
  },
  {
    name: 'revenue by region and store',
    sql: `select r.region_name, s.store_name, round(sum(oi.total_amount), 2) as revenue
          from retail.order_items oi
          join retail.stores s on s.store_id = oi.store_id
          join retail.regions r on r.region_id = s.region_id
          group by r.region_name, s.store_name order by r.region_name, revenue desc`,
  },
  {
    name: '7-day moving average with a rows frame',
    sql: `with daily as (
            select o.order_date as day, sum(oi.total_amount) as revenue
            from retail.orders o join retail.order_items oi on oi.order_id = o.order_id
            group by o.order_date)
          select day, revenue,
                 avg(revenue) over (order by day rows between 6 preceding and current row) as revenue_7d
          from daily order by day`,
  },
  {
    name: 'median order value with percentile_cont',
    sql: `select percentile_cont(0.5) within group (order by t.order_total) as median_order,
                 percentile_cont(array[0.25, 0.75]) within group (order by t.order_total) as quartiles
          from (select order_id, sum(total_amount) as order_total from retail.order_items group by order_id) t`,
  },
  {
    name: 'percentile_disc and mode per store',
    sql: `select store_id, percentile_disc(0.9) within group (order by total_amount) as p90_line,
                 mode() within group (order by quantity) as typical_quantity
          from retail.order_items group by store_id order by store_id`,
  },
  {
    name: 'grouping sets over region and online flag',
    sql: `select r.region_name, s.is_online, grouping(r.region_name, s.is_online) as level, sum(oi.total_amount) as revenue
          from retail.order_items oi join retail.stores s using (store_id) join retail.regions r using (region_id)
          group by grouping sets ((r.region_name, s.is_online), (r.region_name), ())
          order by level, r.region_name nulls last`,
  },
  {
    name: 'rollup category and product type',
    sql: `select c.category_name, pt.type_name, count(*) as lines, sum(oi.total_amount) as revenue
          from retail.order_items oi
          join retail.products p on p.product_id = oi.product_id
          join retail.categories c on c.category_id = p.category_id
          join retail.product_types pt on pt.type_id = p.type_id
          group by rollup (c.category_name, pt.type_name)
          order by c.category_name nulls last, pt.type_name nulls last`,
  },
  {
    name: 'cube of region and year',
    sql: `select r.region_name, extract(year from o.order_date) as yr, count(distinct o.order_id) as orders
          from retail.orders o join retail.stores s on s.store_id = o.store_id join retail.regions r on r.region_id = s.region_id
          group by cube (r.region_name, extract(year from o.order_date))`,
  },
  {
    name: 'FILTER clauses for online vs physical',
    sql: `select date_trunc('month', o.order_date)::date as month,
                 count(*) filter (where s.is_online) as online_orders,
                 count(*) filter (where not s.is_online) as store_orders
          from retail.orders o join retail.stores s on s.store_id = o.store_id
          group by 1 order by 1`,
  },
  {
    name: 'nested CTEs referencing earlier CTEs',
    sql: `with order_totals as (
            select oi.order_id, oi.store_id, sum(oi.total_amount) as total from retail.order_items oi group by 1, 2),
          store_stats as (
            select store_id, avg(total) as avg_order, count(*) as orders from order_totals group by store_id),
          ranked as (
            select ss.*, rank() over (order by avg_order desc) as rnk from store_stats ss)
          select s.store_name, r.avg_order, r.orders, r.rnk
          from ranked r join retail.stores s on s.store_id = r.store_id where r.rnk <= 5 order by r.rnk`,
  },
  {
    name: 'CTE inside a subquery sees the outer CTE',
    sql: `with recent as (select order_id, store_id from retail.orders where order_date >= date '2026-01-01' - interval '90 days')
          select x.store_id, x.n from (
            with per_store as (select store_id, count(*) as n from recent group by store_id)
            select * from per_store) x
          order by x.n desc`,
  },
  {
    name: 'recursive CTE date spine',
    sql: `with recursive days(d) as (
            select date '2026-01-01'
            union all
            select d + 1 from days where d < date '2026-01-31')
          select days.d, count(o.order_id) as orders
          from days left join retail.orders o on o.order_date = days.d
          group by days.d order by days.d`,
  },
  {
    name: 'recursive CTE price ladder with a bound',
    sql: `WITH RECURSIVE ladder(n, threshold) AS (
            SELECT 1, 10::numeric
            UNION ALL
            SELECT n + 1, threshold * 2 FROM ladder WHERE n < 8)
          SELECT l.threshold, count(p.product_id) AS products_at_or_below
          FROM ladder l LEFT JOIN retail.products p ON p.base_price <= l.threshold
          GROUP BY l.threshold ORDER BY l.threshold`,
  },
  {
    name: 'LATERAL top 3 products per store',
    sql: `select s.store_name, t.product_id, t.revenue
          from retail.stores s
          cross join lateral (
            select oi.product_id, sum(oi.total_amount) as revenue
            from retail.order_items oi where oi.store_id = s.store_id
            group by oi.product_id order by revenue desc limit 3) t
          order by s.store_name, t.revenue desc`,
  },
  {
    name: 'LATERAL latest order per customer (left join lateral)',
    sql: `select c.customer_id, c.first_name, c.last_name, lo.order_date
          from retail.customers c
          left join lateral (select o.order_date from retail.orders o where o.customer_id = c.customer_id
                             order by o.order_date desc limit 1) lo on true
          order by c.customer_id limit 100`,
  },
  {
    name: 'interval math on order dates',
    sql: `select count(*) as orders_last_90_days from retail.orders o
          where o.order_date >= date '2026-01-01' - interval '90 days' and o.order_date < date '2026-01-01'`,
  },
  {
    name: 'generate_series of dates joined to sales',
    sql: `select g.d::date as day, coalesce(sum(oi.total_amount), 0) as revenue
          from generate_series(date '2026-01-01', date '2026-01-31', interval '1 day') as g(d)
          left join retail.orders o on o.order_date = g.d::date
          left join retail.order_items oi on oi.order_id = o.order_id
          group by 1 order by 1`,
  },
  {
    name: 'CASE price bands',
    sql: `select case when base_price < 20 then 'budget' when base_price < 100 then 'mid' else 'premium' end as band,
                 count(*) as products, avg(gross_margin_percent) as avg_margin
          from retail.products group by 1 order by 1`,
  },
  {
    name: 'COALESCE missing phone numbers',
    sql: `select store_id, count(*) filter (where phone is null) as no_phone,
                 count(coalesce(phone, email)) as reachable
          from retail.customers group by store_id order by store_id`,
  },
  {
    name: 'case-insensitive regex match',
    sql: `select product_id, product_name from retail.products
          where product_name ~* '(drill|saw|hammer)' and product_description !~* 'discontinued' order by product_id limit 50`,
  },
  {
    name: 'regexp_replace on SKU',
    sql: `select regexp_replace(sku, '[^A-Za-z]', '', 'g') as sku_prefix, count(*) as products
          from retail.products group by 1 order by 2 desc limit 20`,
  },
  {
    name: 'string_agg of product names per category',
    sql: `select c.category_name, string_agg(p.product_name, ', ' order by p.product_name) as products
          from retail.categories c join retail.products p on p.category_id = c.category_id
          group by c.category_name order by c.category_name`,
  },
  {
    name: 'json aggregation per region',
    sql: `select r.region_name,
                 jsonb_agg(jsonb_build_object('store', s.store_name, 'city', s.city, 'online', s.is_online) order by s.store_name) as stores
          from retail.regions r join retail.stores s on s.region_id = r.region_id group by r.region_name`,
  },
  {
    name: 'union of store and online totals',
    sql: `select 'online' as channel, sum(oi.total_amount) as revenue
          from retail.order_items oi join retail.stores s on s.store_id = oi.store_id where s.is_online
          union all
          select 'physical', sum(oi.total_amount)
          from retail.order_items oi join retail.stores s on s.store_id = oi.store_id where not s.is_online`,
  },
  {
    name: 'except: products stocked but never sold',
    sql: `select product_id from retail.inventory
          except
          select product_id from retail.order_items
          order by 1 limit 100`,
  },
  {
    name: 'intersect: customers who bought in 2025 and 2026',
    sql: `select customer_id from retail.orders where order_date between date '2025-01-01' and date '2025-12-31'
          intersect
          select customer_id from retail.orders where order_date >= date '2026-01-01'`,
  },
  {
    name: 'EXISTS subquery',
    sql: `select c.customer_id, c.email from retail.customers c
          where exists (select 1 from retail.orders o where o.customer_id = c.customer_id and o.order_date >= current_date - 30)
          order by c.customer_id limit 100`,
  },
  {
    name: 'NOT EXISTS: products never ordered',
    sql: `select p.product_id, p.product_name from retail.products p
          where not exists (select 1 from retail.order_items oi where oi.product_id = p.product_id)
          order by p.product_id`,
  },
  {
    name: 'IN subquery',
    sql: `select product_name, base_price from retail.products
          where category_id in (select category_id from retail.categories where category_name ilike '%garden%')`,
  },
  {
    name: 'scalar subquery share of total',
    sql: `select s.store_name,
                 round(100.0 * sum(oi.total_amount) / (select sum(total_amount) from retail.order_items), 2) as pct_of_total
          from retail.order_items oi join retail.stores s on s.store_id = oi.store_id
          group by s.store_name order by pct_of_total desc`,
  },
  {
    name: 'DISTINCT ON latest order per customer',
    sql: `select distinct on (o.customer_id) o.customer_id, o.order_id, o.order_date
          from retail.orders o order by o.customer_id, o.order_date desc, o.order_id desc limit 200`,
  },
  {
    name: 'pgvector cosine similarity to a product',
    sql: `select p.product_id, p.product_name,
                 1 - (e.embedding <=> (select embedding from retail.product_embeddings where product_id = 1 and model = 'use-lite-512')) as similarity
          from retail.product_embeddings e join retail.products p on p.product_id = e.product_id
          where e.model = 'use-lite-512' and e.product_id <> 1
          order by e.embedding <=> (select embedding from retail.product_embeddings where product_id = 1 and model = 'use-lite-512')
          limit 10`,
  },
  {
    name: 'pgvector L2 and inner-product operators',
    sql: `select e2.product_id, e1.embedding <-> e2.embedding as l2, (e1.embedding <#> e2.embedding) * -1 as inner_product
          from retail.product_embeddings e1 join retail.product_embeddings e2 on e2.model = e1.model and e2.product_id <> e1.product_id
          where e1.product_id = 1 and e1.model = 'use-lite-512'
          order by l2 limit 5`,
  },
  {
    name: 'pgvector functions and public-qualified call',
    sql: `select product_id, vector_dims(embedding) as dims, vector_norm(embedding) as norm,
                 public.cosine_distance(embedding, embedding) as self_distance
          from retail.product_embeddings where model = 'use-lite-512' order by product_id limit 5`,
  },
  {
    name: 'pgvector with the index cast',
    sql: `select e.product_id
          from retail.product_embeddings e
          where e.model = 'use-lite-512'
          order by e.embedding::vector(512) <=> (select embedding::vector(512) from retail.product_embeddings where product_id = 2 and model = 'use-lite-512')
          limit 5`,
  },
  {
    name: 'current_date window',
    sql: `select count(*) as orders, count(distinct customer_id) as customers
          from retail.orders where order_date > current_date - interval '1 year'`,
  },
  {
    name: 'casts to numeric(10,2) and date',
    sql: `select order_item_id, (unit_price * quantity)::numeric(10,2) as gross,
                 '2026-01-15'::date - 7 as week_before, cast(discount_percent as integer) as pct
          from retail.order_items order by order_item_id limit 20`,
  },
  {
    name: 'UPPERCASE keywords',
    sql: `SELECT S.STORE_NAME, COUNT(O.ORDER_ID) AS ORDERS
          FROM RETAIL.STORES S LEFT JOIN RETAIL.ORDERS O ON O.STORE_ID = S.STORE_ID
          WHERE S.OPENED_ON < DATE '2030-01-01'
          GROUP BY S.STORE_NAME HAVING COUNT(O.ORDER_ID) >= 0 ORDER BY ORDERS DESC`,
  },
  {
    name: 'comments: line and block',
    sql: `-- note: revenue per category
          select c.category_name, /* inline block comment */ sum(oi.total_amount) as revenue
          from retail.order_items oi
          join retail.products p on p.product_id = oi.product_id -- join to products
          join retail.categories c on c.category_id = p.category_id
          /* multi-line
             comment ; with a semicolon */
          group by c.category_name`,
  },
  {
    name: 'trailing semicolon',
    sql: 'select count(*) from retail.orders;',
  },
  {
    name: 'inventory below reorder point',
    sql: `select s.store_name, p.product_name, i.stock_level, i.reorder_point, i.reorder_point - i.stock_level as shortfall
          from retail.inventory i join retail.stores s on s.store_id = i.store_id join retail.products p on p.product_id = i.product_id
          where i.stock_level < i.reorder_point order by shortfall desc limit 50`,
  },
  {
    name: 'margin by category',
    sql: `select c.category_name, round(avg(p.gross_margin_percent), 2) as avg_margin,
                 round(avg(p.base_price - p.cost), 2) as avg_unit_profit
          from retail.products p join retail.categories c using (category_id) group by c.category_name order by avg_margin desc`,
  },
  {
    name: 'discount analysis',
    sql: `select store_id, sum(discount_amount) as discount_given, avg(discount_percent) filter (where discount_percent > 0) as avg_discount_pct,
                 sum(discount_amount) / nullif(sum(unit_price * quantity), 0) as discount_rate
          from retail.order_items group by store_id order by discount_given desc`,
  },
  {
    name: 'ntile customer spend quartiles',
    sql: `select quartile, count(*) as customers, min(spend) as min_spend, max(spend) as max_spend
          from (select o.customer_id, sum(oi.total_amount) as spend, ntile(4) over (order by sum(oi.total_amount)) as quartile
                from retail.orders o join retail.order_items oi on oi.order_id = o.order_id group by o.customer_id) t
          group by quartile order by quartile`,
  },
  {
    name: 'month-over-month growth with lag',
    sql: `with m as (select date_trunc('month', o.order_date) as month, sum(oi.total_amount) as revenue
                     from retail.orders o join retail.order_items oi on oi.order_id = o.order_id group by 1)
          select month, revenue, lag(revenue) over (order by month) as prev,
                 round(100 * (revenue - lag(revenue) over (order by month)) / nullif(lag(revenue) over (order by month), 0), 1) as growth_pct
          from m order by month`,
  },
  {
    name: 'rank stores within region',
    sql: `select r.region_name, s.store_name, sum(oi.total_amount) as revenue,
                 rank() over (partition by r.region_name order by sum(oi.total_amount) desc) as rank_in_region,
                 dense_rank() over (order by sum(oi.total_amount) desc) as overall,
                 row_number() over (order by s.store_name) as rn
          from retail.order_items oi join retail.stores s on s.store_id = oi.store_id join retail.regions r on r.region_id = s.region_id
          group by r.region_name, s.store_name`,
  },
  {
    name: 'first_value / last_value / nth_value with a full frame',
    sql: `select distinct category_id,
                 first_value(product_name) over w as cheapest,
                 last_value(product_name) over w as dearest,
                 nth_value(product_name, 2) over w as second_cheapest
          from retail.products
          window w as (partition by category_id order by base_price rows between unbounded preceding and unbounded following)`,
  },
  {
    name: 'running total',
    sql: `select order_date, daily, sum(daily) over (order by order_date rows unbounded preceding) as running_total
          from (select o.order_date, sum(oi.total_amount) as daily from retail.orders o
                join retail.order_items oi on oi.order_id = o.order_id
                where o.order_date >= date '2026-01-01' group by o.order_date) d
          order by order_date`,
  },
  {
    name: 'percent_rank and cume_dist of product prices',
    sql: `select product_id, base_price, percent_rank() over (order by base_price) as pr, cume_dist() over (order by base_price) as cd
          from retail.products order by base_price desc limit 20`,
  },
  {
    name: 'weekday sales with extract and to_char',
    sql: `select extract(isodow from o.order_date) as dow, to_char(o.order_date, 'Dy') as day_name, count(*) as orders
          from retail.orders o group by 1, 2 order by 1`,
  },
  {
    name: 'year-month label with to_char',
    sql: `select to_char(order_date, 'YYYY-MM') as ym, count(*) from retail.orders group by 1 order by 1 desc limit 24`,
  },
  {
    name: 'customer tenure with age and date_part',
    sql: `select customer_id, age(current_date, created_on) as tenure,
                 date_part('year', age(current_date, created_on)) as years
          from retail.customers order by created_on limit 20`,
  },
  {
    name: 'email domains with split_part',
    sql: `select lower(split_part(email, '@', 2)) as domain, count(*) as customers
          from retail.customers group by 1 order by 2 desc limit 10`,
  },
  {
    name: 'name formatting string functions',
    sql: `select concat_ws(' ', initcap(first_name), upper(left(last_name, 1)) || '.') as display_name,
                 length(email) as email_len, trim(both ' ' from coalesce(phone, '')) as phone,
                 substring(email from 1 for position('@' in email) - 1) as mailbox
          from retail.customers order by customer_id limit 25`,
  },
  {
    name: 'having with count distinct',
    sql: `select customer_id, count(distinct store_id) as stores_visited
          from retail.orders group by customer_id having count(distinct store_id) > 1 order by 2 desc limit 50`,
  },
  {
    name: 'statistics: stddev, variance, corr, regr_slope',
    sql: `select stddev_samp(total_amount) as sd, var_pop(total_amount) as var, corr(discount_percent, quantity) as disc_qty_corr,
                 regr_slope(total_amount, quantity) as slope, covar_samp(unit_price, quantity) as covar
          from retail.order_items`,
  },
  {
    name: 'bool_and / bool_or per region',
    sql: `select r.region_name, bool_and(s.is_online) as all_online, bool_or(s.is_online) as any_online, every(s.opened_on < current_date) as all_open
          from retail.regions r join retail.stores s on s.region_id = r.region_id group by r.region_name`,
  },
  {
    name: 'array_agg and unnest',
    sql: `select t.store_id, u.product_id
          from (select store_id, (array_agg(product_id order by stock_level desc))[1:3] as top_stock
                from retail.inventory group by store_id) t
          cross join lateral unnest(t.top_stock) as u(product_id)
          order by t.store_id`,
  },
  {
    name: 'jsonb_object_agg per store',
    sql: `select store_id, jsonb_object_agg(product_id::text, stock_level) as stock
          from retail.inventory where stock_level < 5 group by store_id order by store_id`,
  },
  {
    name: 'VALUES list in FROM for targets',
    sql: `select v.region_name, v.target, coalesce(sum(oi.total_amount), 0) as actual
          from (values ('North', 100000), ('South', 80000)) as v(region_name, target)
          left join retail.regions r on r.region_name = v.region_name
          left join retail.stores s on s.region_id = r.region_id
          left join retail.order_items oi on oi.store_id = s.store_id
          group by v.region_name, v.target`,
  },
  {
    name: 'tablesample for a quick estimate',
    sql: `select avg(total_amount) as approx_line_value from retail.order_items tablesample system (10) repeatable (42)`,
  },
  {
    name: 'CTE named like a table shadows it',
    sql: `with orders as (select * from retail.orders where order_date >= date '2026-01-01')
          select store_id, count(*) from orders group by store_id order by store_id`,
  },
  {
    name: 'date_bin weekly buckets',
    sql: `select date_bin('7 days', o.order_date::timestamp, timestamp '2026-01-05') as week_start, count(*) as orders
          from retail.orders o where o.order_date >= date '2025-10-01' group by 1 order by 1`,
  },
  {
    name: 'make_date and date arithmetic',
    sql: `select count(*) from retail.orders
          where order_date >= make_date(2025, 12, 1) and order_date < make_date(2025, 12, 1) + interval '1 month'`,
  },
  {
    name: 'width_bucket price histogram',
    sql: `select width_bucket(base_price, 0, 500, 10) as bucket, count(*) as products, min(base_price), max(base_price)
          from retail.products group by 1 order by 1`,
  },
  {
    name: 'greatest and least',
    sql: `select product_id, greatest(base_price - cost, 0) as profit_floor, least(stock_level, reorder_point) as lower_level
          from retail.inventory join retail.products using (product_id) order by product_id limit 20`,
  },
  {
    name: 'days between consecutive orders with lead',
    sql: `select customer_id, order_date, lead(order_date) over (partition by customer_id order by order_date) - order_date as days_to_next
          from retail.orders where customer_id <= 200 order by customer_id, order_date`,
  },
  {
    name: 'full outer join of stock and sales',
    sql: `select coalesce(i.product_id, s.product_id) as product_id, i.stock, s.units
          from (select product_id, sum(stock_level) as stock from retail.inventory group by product_id) i
          full outer join (select product_id, sum(quantity) as units from retail.order_items group by product_id) s
            on s.product_id = i.product_id
          order by 1 limit 100`,
  },
  {
    name: 'fetch first with offset',
    sql: `select product_id, product_name from retail.products order by base_price desc nulls last offset 10 rows fetch first 10 rows only`,
  },
  {
    name: 'ANY over an array and BETWEEN SYMMETRIC',
    sql: `select count(*) from retail.order_items
          where store_id = any(array[1, 2, 3]) and quantity between symmetric 5 and 1`,
  },
  {
    name: 'row_to_json of store rows',
    sql: `select row_to_json(s) as store from (select store_id, store_name, city from retail.stores order by store_id limit 5) s`,
  },
  {
    name: 'quoted aliases and IS TRUE',
    sql: `select s.city as "City", count(*) as "Online stores" from retail.stores s where s.is_online is true group by s.city`,
  },
  {
    name: 'app_users visible to the caller',
    sql: `select u.display_name, u.role, u.store_id from retail.app_users u where u.is_active order by u.display_name`,
  },
  {
    name: 'pg_catalog-qualified allowed function',
    sql: `select pg_catalog.count(*) as n, pg_catalog.max(order_date) as last_order from retail.orders`,
  },
  {
    name: 'AT TIME ZONE and now()',
    sql: `select now() at time zone 'UTC' as utc_now, current_timestamp - interval '1 hour' as an_hour_ago,
                 date_trunc('day', now()) as today_start`,
  },
  {
    name: 'LIKE and SIMILAR TO',
    sql: `select count(*) filter (where sku like 'SKU-%') as dash_skus, count(*) filter (where sku similar to '[A-Z]{3}%') as alpha_skus
          from retail.products`,
  },
  {
    name: 'ROWS FROM with ordinality',
    sql: `select r.n, r.ord from rows from (generate_series(1, 5)) with ordinality as r(n, ord)`,
  },
  {
    name: 'string_to_array and array_to_string',
    sql: `select array_to_string(string_to_array(product_name, ' '), '_') as slug, array_length(string_to_array(product_name, ' '), 1) as words
          from retail.products order by product_id limit 10`,
  },
  {
    name: 'subquery in select list and correlated average',
    sql: `select p.product_id, p.base_price,
                 (select round(avg(p2.base_price), 2) from retail.products p2 where p2.category_id = p.category_id) as category_avg
          from retail.products p order by p.product_id limit 50`,
  },
  {
    name: 'full-text search over descriptions',
    sql: `select product_id, product_name,
                 ts_rank(to_tsvector('english', product_description), websearch_to_tsquery('english', 'cordless drill')) as rank
          from retail.products
          where to_tsvector('english', product_name || ' ' || product_description) @@ plainto_tsquery('english', 'drill')
          order by rank desc limit 10`,
  },
  {
    name: 'JSON_OBJECT and JSON_ARRAYAGG (SQL/JSON syntax)',
    sql: `select json_object('region': r.region_name, 'stores': json_arrayagg(s.store_name order by s.store_name)) as doc
          from retail.regions r join retail.stores s on s.region_id = r.region_id group by r.region_name`,
  },
  {
    name: 'qualified columns named like allowed functions, and array subscripts',
    sql: `select t.count, t.max, (t.ids)[1] as first_id
          from (select count(*), max(o.order_date), array_agg(o.order_id order by o.order_id) as ids from retail.orders o) t`,
  },
];
