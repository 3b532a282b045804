import { parse } from 'libpg-query';
import { describe, expect, it } from 'vitest';
import { summariseSql } from '../../src/audit/sql-summary.js';

describe('the audit summary of the model SQL, from the guard parse tree', () => {
  it('replaces every kind of constant, and keeps no literal', async () => {
    const sql = "select -5, 'a''b', date '2024-01-01', E'x\\'y', true, null, 1.5e-3, $t$q$t$, 'é' || 'secret' from retail.orders where order_id = 3";
    const s = summariseSql(sql, await parse(sql));
    expect(s.normalized).toBe('select $1, $2, date $3, $4, $5, $6, $7, $8, $9 || $10 from retail.orders where order_id = $11');
    expect(s.normalized).not.toMatch(/secret|2024|a''b/);
  });

  it('gives queries that differ only in constants one fingerprint, and different shapes another', async () => {
    const fp = async (sql: string) => summariseSql(sql, await parse(sql)).fingerprint;
    const a = await fp('select * from retail.orders where order_id = 1');
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(await fp('select *   from retail.orders where order_id = 2')).toBe(a);
    expect(await fp('select * from retail.orders where store_id = 1')).not.toBe(a);
  });

  it('stores nothing when there is no parse tree (the guard never parsed it)', () => {
    expect(summariseSql('select 1', undefined)).toEqual({ fingerprint: null, normalized: null });
  });
});
