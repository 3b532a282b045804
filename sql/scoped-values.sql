-- Value lists scoped to the caller by RLS: their stores, the categories and their order date range.
select (select coalesce(json_agg(json_build_object('store_id', s.store_id, 'store_name', s.store_name, 'is_online', s.is_online)
                                 order by s.store_id), '[]')
          from retail.stores s) as stores,
       (select coalesce(json_agg(c.category_name order by c.category_name), '[]') from retail.categories c) as categories,
       (select json_build_object('first', min(o.order_date), 'last', max(o.order_date)) from retail.orders o) as order_dates
