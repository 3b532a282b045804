-- Columns, primary keys and foreign keys of the retail tables the current role may read.
-- $1: table names to include (empty array = all). Runs as retail_reader inside the tenant transaction.
select c.relname as table_name,
       coalesce(obj_description(c.oid, 'pg_class'), '') as description,
       (select json_agg(json_build_object(
                 'name', a.attname,
                 'type', format_type(a.atttypid, a.atttypmod),
                 'nullable', not a.attnotnull) order by a.attnum)
          from pg_attribute a
         where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
           and has_column_privilege(c.oid, a.attnum, 'SELECT')) as columns,
       coalesce((select array_agg(a.attname::text order by array_position(k.conkey, a.attnum))
                   from pg_constraint k
                   join pg_attribute a on a.attrelid = k.conrelid and a.attnum = any (k.conkey)
                  where k.conrelid = c.oid and k.contype = 'p'), '{}') as primary_key,
       coalesce((select array_agg(pg_get_constraintdef(k.oid) order by k.conname)
                   from pg_constraint k
                  where k.conrelid = c.oid and k.contype = 'f'), '{}') as foreign_keys
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
 where n.nspname = 'retail'
   and c.relkind in ('r', 'v', 'm', 'p')
   -- Column grants count too: the reader may read retail.customers, except email and phone.
   and (has_table_privilege(c.oid, 'SELECT') or has_any_column_privilege(c.oid, 'SELECT'))
   and (cardinality($1::text[]) = 0 or c.relname = any ($1::text[]))
 order by c.relname
