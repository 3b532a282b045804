// withRowLimit appends the server's cap to the model's statement exactly when it has no LIMIT, and
// keeps everything else of the text (ORDER BY, comments, multi-byte characters) as written.
import { parse } from 'libpg-query';
import { describe, expect, it } from 'vitest';
import { withRowLimit } from '../../src/sql-guard/row-limit.js';

const bounded = async (sql: string) => withRowLimit(sql, await parse(sql), 101);

describe('withRowLimit', () => {
  it('appends the cap on a line of its own, after a trailing comment', async () => {
    expect(await bounded('select 1 -- the end')).toBe('select 1 -- the end\nlimit 101');
    expect(await bounded('select * from retail.orders order by order_date desc')).toBe('select * from retail.orders order by order_date desc\nlimit 101');
  });

  it('drops a trailing semicolon, which would otherwise end the statement before the cap', async () => {
    expect(await bounded('select 1;')).toBe('select 1\nlimit 101');
    expect(await bounded('select 1;  ')).toBe('select 1\nlimit 101');
  });

  it('caps a whole set operation and keeps multi-byte text intact', async () => {
    const sql = "select 'café ☕' as a union all select 'naïve' order by 1";
    expect(await bounded(sql)).toBe(`${sql}\nlimit 101`);
  });

  it('leaves a statement with a LIMIT of its own (or FETCH FIRST, or WITH TIES) to the cursor path', async () => {
    expect(await bounded('select 1 limit 5')).toBeUndefined();
    expect(await bounded('select 1 fetch first 3 rows only')).toBeUndefined();
    expect(await bounded('select n from generate_series(1, 9) n order by n fetch first 3 rows with ties')).toBeUndefined();
  });

  it('accepts an OFFSET without a LIMIT (LIMIT may follow it)', async () => {
    expect(await bounded('select n from generate_series(1, 9) n offset 2')).toBe('select n from generate_series(1, 9) n offset 2\nlimit 101');
  });
});
