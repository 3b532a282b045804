// Keyword search's term statistics (migration 020): the per-lexeme product counts and the product
// count stay equal to a recount from retail.products through every kind of catalogue write, and the
// readers may read them but never write them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '../../src/db/client.js';
import { type Harness, openHarness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(() => h.close());

/** Lexemes whose kept count differs from a recount (a kept 0 equals no product), and both product counts. */
async function drift(tx: Tx) {
  const [row] = await tx<{ mismatched: string[]; kept: number; actual: number }[]>`
    select coalesce(array_agg(coalesce(x.lexeme, c.lexeme) order by coalesce(x.lexeme, c.lexeme)), '{}') as mismatched,
           (select products from retail.product_count) as kept,
           (select count(*)::int from retail.products) as actual
      from (select l.lexeme, count(*)::int as n from retail.products p cross join unnest(tsvector_to_array(p.search_text)) l(lexeme) group by 1) x
      full join retail.product_term_counts c on c.lexeme = x.lexeme
     where coalesce(x.n, 0) <> coalesce(c.products, 0)`;
  return row!;
}

const termCount = async (tx: Tx, lexeme: string) =>
  (await tx<{ n: number | null }[]>`select (select products from retail.product_term_counts where lexeme = ${lexeme}) as n`)[0]!.n;

/** Runs fn as the owner in a transaction that is always rolled back, so the shared catalogue is left as it was. */
async function asOwnerRolledBack(fn: (tx: Tx) => Promise<void>): Promise<void> {
  const done = new Error('rolled back on purpose');
  await expect(
    h.admin.begin(async (tx) => {
      await tx`set local role retail_owner`;
      await fn(tx);
      throw done;
    }),
  ).rejects.toBe(done);
}

describe('product term counts (migration 020)', () => {
  it('match a recount of the seeded catalogue', async () => {
    await h.admin.begin(async (tx) => {
      const d = await drift(tx);
      expect(d.mismatched).toEqual([]);
      expect(d.actual).toBeGreaterThan(1000);
      expect(d.kept).toBe(d.actual);
    });
  });

  it('follow inserts, updates, a category rename, deletes and a truncate', async () => {
    await asOwnerRolledBack(async (tx) => {
      const before = await termCount(tx, 'zanzibarian');
      expect(before).toBeNull();

      // One statement, two rows: counted once per product, not once per row written.
      await tx`insert into retail.products (product_id, sku, product_name, category_id, type_id, cost, base_price, gross_margin_percent, product_description)
        select 990001, 'TERM-1', 'Zanzibarian Hammock', category_id, type_id, 10, 20, 50, 'A zanzibarian hammock for the garden.' from retail.products where product_id = 1
        union all
        select 990002, 'TERM-2', 'Zanzibarian Lantern', category_id, type_id, 10, 20, 50, 'A lantern.' from retail.products where product_id = 1`;
      expect(await termCount(tx, 'zanzibarian')).toBe(2);
      expect(await termCount(tx, 'lantern')).toBeGreaterThan(0);
      expect((await drift(tx)).mismatched).toEqual([]);

      await tx`update retail.products set product_name = 'Quokkaform Lantern' where product_id = 990002`;
      expect(await termCount(tx, 'zanzibarian')).toBe(1);
      expect(await termCount(tx, 'quokkaform')).toBe(1);
      expect((await drift(tx)).mismatched).toEqual([]);

      // A rename re-derives search_text through migration 005's triggers: every product of the category moves.
      const [cat] = await tx<{ category_id: number; n: number }[]>`
        select category_id, count(*)::int as n from retail.products where product_id = 1 group by category_id`;
      await tx`update retail.categories set category_name = 'Wombatware' where category_id = (select category_id from retail.products where product_id = 1)`;
      const [inCategory] = await tx<{ n: number }[]>`select count(*)::int as n from retail.products where category_id = ${cat!.category_id}`;
      expect(await termCount(tx, 'wombatwar')).toBe(inCategory!.n);
      expect((await drift(tx)).mismatched).toEqual([]);

      await tx`delete from retail.products where product_id in (990001, 990002)`;
      expect(await termCount(tx, 'zanzibarian')).toBe(0);
      const d = await drift(tx);
      expect(d.mismatched).toEqual([]);
      expect(d.kept).toBe(d.actual);

      await tx`truncate retail.products cascade`;
      const emptied = await drift(tx);
      expect(emptied).toEqual({ mismatched: [], kept: 0, actual: 0 });
      expect(await termCount(tx, 'lantern')).toBeNull();
    });
  });

  it('are readable by every reader and writable by none, nor by the login role', async () => {
    const as = (role: string, statement: string) =>
      h.admin.begin(async (tx) => {
        await tx.unsafe(`set local role ${role}`);
        return tx.unsafe(statement);
      });
    const readers = ['retail_reader', 'retail_head_office_reader', 'retail_scoped_reader', 'retail_store_reader'];
    for (const role of readers) {
      const [row] = await as(
        role,
        'select (select products from retail.product_count) as products, (select count(*)::int from retail.product_term_counts) as terms',
      );
      expect(row!.products, role).toBeGreaterThan(1000);
      expect(row!.terms, role).toBeGreaterThan(1000);
    }
    for (const role of [...readers, 'retail_app']) {
      for (const write of [
        'update retail.product_count set products = 0',
        "insert into retail.product_term_counts values ('x', 1)",
        'delete from retail.product_term_counts',
      ]) {
        await expect(as(role, write), `${role}: ${write}`).rejects.toThrow(/permission denied/);
      }
    }
  });
});
