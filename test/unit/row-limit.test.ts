// withRowLimit bounds the model's statement to the cap: an appended LIMIT for a plain listing, a
// materialized CTE with the cap outside for a statement that groups, is DISTINCT or has a LIMIT of
// its own; everything else of the text (ORDER BY, comments, multi-byte characters) stays as written.
import { parse } from 'libpg-query';
import { describe, expect, it } from 'vitest';
import { withRowLimit } from '../../src/sql-guard/row-limit.js';

const bounded = async (sql: string) => withRowLimit(sql, await parse(sql), 101);
const wrapped = (statement: string) => `with model_query as materialized (\n${statement}\n)\nselect * from model_query limit 101`;

describe('withRowLimit', () => {
  it('appends the cap to a plain listing on a line of its own, after a trailing comment', async () => {
    expect(await bounded('select 1 -- the end')).toBe('select 1 -- the end\nlimit 101');
    expect(await bounded('select * from retail.orders order by order_date desc')).toBe('select * from retail.orders order by order_date desc\nlimit 101');
  });

  it('drops a trailing semicolon, which would otherwise end the statement before the cap', async () => {
    expect(await bounded('select 1;')).toBe('select 1\nlimit 101');
    expect(await bounded('select 1;  ')).toBe('select 1\nlimit 101');
    expect(await bounded('select 1 limit 5;')).toBe(wrapped('select 1 limit 5'));
  });

  it('caps a whole set operation and keeps multi-byte text intact', async () => {
    const sql = "select 'café ☕' as a union all select 'naïve' order by 1";
    expect(await bounded(sql)).toBe(`${sql}\nlimit 101`);
  });

  it('wraps a statement with a LIMIT of its own (or FETCH FIRST, or WITH TIES), a GROUP BY or a DISTINCT', async () => {
    for (const sql of [
      'select 1 limit 5',
      'select 1 fetch first 3 rows only',
      'select n from generate_series(1, 9) n order by n fetch first 3 rows with ties',
      'select n % 3 as k, count(*) from generate_series(1, 9) n group by 1 order by 2 desc -- busiest first',
      'select distinct n % 3 from generate_series(1, 9) n',
      'with model_query as (select 1 as n) select n from model_query group by n',
    ]) {
      expect(await bounded(sql)).toBe(wrapped(sql));
    }
  });

  it('accepts an OFFSET without a LIMIT (LIMIT may follow it)', async () => {
    expect(await bounded('select n from generate_series(1, 9) n offset 2')).toBe('select n from generate_series(1, 9) n offset 2\nlimit 101');
  });
});
