// The SQL guard without a database: both corpora, CTE scoping, name rules, safe messages and limits.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { MAX_QUERY_LENGTH, RETAIL_RELATIONS, requireSafeSelect } from '../../src/sql-guard/index.js';
import { REJECTED_QUERIES } from '../corpus/rejected-queries.js';
import { VALID_QUERIES } from '../corpus/valid-queries.js';

async function rejection(sql: string): Promise<AppError> {
  try {
    await requireSafeSelect(sql);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected the guard to reject the query');
}

/** String literals of 4+ characters in a query: none of them may show up in a message. */
const literals = (sql: string): string[] => [...sql.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!).filter((s) => s.length >= 4);

describe('corpora', () => {
  it('are large enough and have unique names', () => {
    expect(VALID_QUERIES.length).toBeGreaterThanOrEqual(60);
    expect(REJECTED_QUERIES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(VALID_QUERIES.map((q) => q.name)).size).toBe(VALID_QUERIES.length);
    expect(new Set(REJECTED_QUERIES.map((q) => q.name)).size).toBe(REJECTED_QUERIES.length);
  });

  it.each(VALID_QUERIES)('accepts: $name', async ({ sql }) => {
    await expect(requireSafeSelect(sql)).resolves.toBeUndefined();
  });

  it.each(REJECTED_QUERIES)('rejects: $name', async ({ sql, reason }) => {
    const err = await rejection(sql);
    expect(err.code).toBe('SQL_REJECTED');
    expect(err.message).toMatch(reason);
    expect(err.message.length).toBeLessThan(160);
    // (Too-short inputs such as ';' would match the message's own punctuation.)
    if (sql.trim().length > 3) expect(err.message).not.toContain(sql.trim());
    for (const literal of literals(sql)) expect(err.message).not.toContain(literal);
  });
});

describe('CTE scoping', () => {
  it('lets a CTE named like a system view stand in for it within its scope', async () => {
    await expect(requireSafeSelect('with pg_stats as (select 1 as x) select * from pg_stats')).resolves.toBeUndefined();
    await expect(
      requireSafeSelect('with pg_stats as (select 1 as x) select * from (select * from pg_stats) s where exists (select 1 from pg_stats)'),
    ).resolves.toBeUndefined();
  });

  it('does not let a CTE defined in a subquery leak out of it', async () => {
    const err = await rejection('select * from (with pg_stats as (select 1) select * from pg_stats) a, pg_stats');
    expect(err.message).toBe('Relation "pg_stats" is not allowed; query the retail schema.');
  });

  it('resolves a non-recursive self or forward reference to the real relation', async () => {
    await expect(rejection('with pg_stats as (select * from pg_stats) select 1')).resolves.toMatchObject({ message: expect.stringContaining('"pg_stats"') });
    await expect(rejection('with a as (select * from b), b as (select 1) select * from a')).resolves.toMatchObject({ message: expect.stringContaining('"b"') });
    await expect(requireSafeSelect('with b as (select 1), a as (select * from b) select * from a')).resolves.toBeUndefined();
  });

  it('lets WITH RECURSIVE CTEs see themselves and each other', async () => {
    const sql = `with recursive t(n) as (select 1 union all select n + 1 from t where n < 10),
                 u as (select * from v), v as (select n from t) select * from u`;
    await expect(requireSafeSelect(sql)).resolves.toBeUndefined();
  });

  it('scopes WITH on a set operation to both arms, and a parenthesised arm to itself', async () => {
    await expect(requireSafeSelect('with x as (select 1 as a) select a from x union select a from x')).resolves.toBeUndefined();
    await expect(rejection('(with x as (select 1 as a) select a from x) union select a from x')).resolves.toMatchObject({
      message: expect.stringContaining('"x"'),
    });
  });

  it('shows outer CTEs to subqueries, LATERAL and later CTEs, matching names exactly', async () => {
    await expect(
      requireSafeSelect(
        'with s as (select 1 as id) select * from retail.stores t, lateral (select * from s where s.id = t.store_id) l where exists (select 1 from s)',
      ),
    ).resolves.toBeUndefined();
    await expect(rejection('with "PG_STATS" as (select 1) select * from pg_stats')).resolves.toMatchObject({ code: 'SQL_REJECTED' });
  });
});

describe('relations and functions', () => {
  it('accepts the retail tables unqualified and any retail.* relation', async () => {
    for (const name of RETAIL_RELATIONS) await expect(requireSafeSelect(`select count(*) from ${name}`)).resolves.toBeUndefined();
    await expect(requireSafeSelect('select * from retail.some_future_view')).resolves.toBeUndefined();
    await expect(rejection('select * from some_table')).resolves.toMatchObject({ message: 'Relation "some_table" is not allowed; query the retail schema.' });
  });

  it('allows pg_catalog qualification for all, public only for pgvector, no other schema', async () => {
    await expect(
      requireSafeSelect('select pg_catalog.round(1.5), public.l2_distance(embedding, embedding) from retail.product_embeddings'),
    ).resolves.toBeUndefined();
    await expect(rejection('select public.count(*) from retail.orders')).resolves.toMatchObject({ message: expect.stringContaining('"public.count"') });
    await expect(rejection('select retail.count(*) from retail.orders')).resolves.toMatchObject({ message: expect.stringContaining('"retail.count"') });
    await expect(rejection('select "COUNT"(*) from retail.orders')).resolves.toMatchObject({ message: expect.stringContaining('"COUNT"') });
  });

  it('accepts syntax the grammar rewrites into pg_catalog calls', async () => {
    const sql = `select extract(month from order_date), overlay('abc' placing 'x' from 2), position('a' in 'cab'),
                 substring('abc' from 2), trim(leading 'x' from 'xab'), now() at time zone 'UTC',
                 'a_b' like 'a!_b' escape '!', 'abc' similar to 'a%', normalize('abc'), 'abc' is nfc normalized,
                 (date '2026-01-01', date '2026-02-01') overlaps (date '2026-01-15', date '2026-03-01'), treat(1 as int4)
                 from retail.orders limit 1`;
    await expect(requireSafeSelect(sql)).resolves.toBeUndefined();
  });

  it('checks functions however deep they sit', async () => {
    const deep = 'select 1 from retail.orders where exists ('.repeat(150) + 'select pg_sleep(1)' + ')'.repeat(150);
    await expect(rejection(deep)).resolves.toMatchObject({ message: 'Function "pg_sleep" is not allowed in analytics queries.' });
  });
});

describe('messages', () => {
  it('never include a string literal or the query', async () => {
    const err = await rejection(`select set_config('app.current_rls_seal', 'deadbeefcafe0123', true)`);
    expect(err.message).toBe('Function "set_config" is not allowed in analytics queries.');
    expect(err.message).not.toContain('deadbeefcafe0123');
    expect(err.message).not.toContain('app.current_rls_seal');
  });

  it('give parse errors as a position, without tokens', async () => {
    const err = await rejection(`select 'top-secret-value' frm retail.orders`);
    expect(err.message).toMatch(/^The query could not be parsed: syntax error at position \d+\.$/);
    expect(err.message).not.toContain('frm');
    expect(err.message).not.toContain('top-secret-value');
    await expect(rejection('selec 1')).resolves.toMatchObject({ message: 'The query could not be parsed: syntax error at position 1.' });
  });

  it('name the statement kind in plain words, without the setting name', async () => {
    const err = await rejection(`set app.current_rls_user_id = 'x'`);
    expect(err.message).toBe('Only a single SELECT statement is allowed; this is a SET statement.');
    await expect(rejection('explain analyze select 1')).resolves.toMatchObject({
      message: 'Only a single SELECT statement is allowed; this is an EXPLAIN statement.',
    });
  });

  it('strip quotes and control characters from identifiers they echo', async () => {
    const err = await rejection('select "evil""\nname"()');
    expect(err.message).toBe('Function "evilname" is not allowed in analytics queries.');
  });
});

describe('input limits', () => {
  it('refuses non-strings, over-long text and NUL bytes', async () => {
    await expect(rejection(undefined as unknown as string)).resolves.toMatchObject({ code: 'SQL_REJECTED' });
    await expect(rejection(`select 1 -- ${'x'.repeat(MAX_QUERY_LENGTH)}`)).resolves.toMatchObject({ message: expect.stringMatching(/too long/) });
    await expect(rejection('select 1\0')).resolves.toMatchObject({ message: 'The query contains a NUL character.' });
  });

  it('only ever fails with SQL_REJECTED on deeply nested input', async () => {
    await expect(requireSafeSelect(`select ${'1+'.repeat(1000)}1`)).resolves.toBeUndefined();
    for (const n of [5_000, 30_000]) {
      const outcome = await requireSafeSelect(`select ${'1+'.repeat(n)}1`).then(
        () => 'accepted',
        (err: unknown) => err,
      );
      if (outcome !== 'accepted') expect(outcome).toMatchObject({ code: 'SQL_REJECTED' });
    }
  });
});
