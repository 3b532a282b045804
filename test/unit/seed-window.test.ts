// The seed's window follows its as-of date: the 24 months up to the day before it, on the real
// calendar (weekdays, Thanksgiving, Christmas); a bad --as-of is refused before any database opens.
import { describe, expect, it } from 'vitest';
import { generateCatalogue } from '../../seed/catalogue.js';
import { STORES } from '../../seed/fixtures.js';
import { asOfProblem, createWorld, EARLIEST_AS_OF, generateCustomers, generateOrders, seedWindow, WINDOW } from '../../seed/world.js';
import { seedCommand } from '../../src/cli/admin-commands.js';
import { ConfigError } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { TEST_AS_OF } from '../support/test-date.js';

describe('seed window', () => {
  it.each([
    ['2026-11-01', '2024-11-01', '2026-10-31'],
    ['2024-03-01', '2022-03-01', '2024-02-29'], // the window ends on a leap day
    ['2026-12-02', '2024-12-02', '2026-12-01'],
    ['2028-02-29', '2026-03-01', '2028-02-28'], // no 29 February two years earlier
    ['2027-01-01', '2025-01-01', '2026-12-31'],
  ])('as of %s covers %s .. %s', (asOf, start, end) => {
    expect(seedWindow(asOf)).toEqual({ asOf, start, end });
  });

  it('keeps the reference window the tests pin', () => {
    expect(TEST_AS_OF).toBe('2026-11-01');
    expect(WINDOW).toEqual(seedWindow(TEST_AS_OF));
    const world = createWorld(TEST_AS_OF);
    expect(world.days).toHaveLength(730);
    expect(world.months.map((m) => m.month)).toHaveLength(24);
  });

  it('cuts partial months at both ends when the as-of date is not the 1st', () => {
    const world = createWorld('2026-12-02');
    expect(world.months).toHaveLength(25);
    expect(world.months[0]).toMatchObject({ month: '2024-12', from: 0, to: 30 });
    const last = world.months.at(-1)!;
    expect(last.month).toBe('2026-12');
    expect(last.to - last.from).toBe(1);
  });

  it('generates orders up to the day before the as-of date, on the real calendar', () => {
    const world = createWorld('2026-12-02');
    const catalogue = generateCatalogue();
    const customers = generateCustomers(undefined, world);
    for (const c of customers) expect(c.created_on <= '2026-12-01').toBe(true);
    const orders = [...generateOrders(catalogue, customers, { scale: 0.05, world })].flatMap((m) => m.orders);
    const dates = orders.map((o) => o.order_date).sort();
    expect(dates[0]! >= '2024-12-02').toBe(true);
    expect(dates.at(-1)).toBe('2026-12-01');
    const online = new Set(STORES.filter((s) => s.is_online).map((s) => s.store_id));
    const inStore = (date: string) => orders.filter((o) => o.order_date === date && !online.has(o.store_id)).length;
    // Thanksgiving 2025 (27 Nov) and Christmas Day: stores closed; Black Friday: the busiest day.
    expect(inStore('2025-11-27')).toBe(0);
    expect(inStore('2025-12-25')).toBe(0);
    expect(inStore('2025-11-28')).toBeGreaterThan(inStore('2025-11-21') * 2);
    // Thanksgiving 2026 falls on 26 Nov, inside this window only.
    expect(inStore('2026-11-26')).toBe(0);
    expect(inStore('2026-11-27')).toBeGreaterThan(inStore('2026-11-20') * 2);
  });

  it('refuses an as-of date it cannot seed, saying how to fix it', () => {
    expect(asOfProblem('2026-11-01', '2026-12-02')).toBeUndefined();
    expect(asOfProblem('2026-12-02', '2026-12-02')).toBeUndefined();
    expect(asOfProblem('11/01/2026')).toMatch(/YYYY-MM-DD, e\.g\. 2026-11-01; got "11\/01\/2026"/);
    expect(asOfProblem('2026-02-30')).toMatch(/calendar date/);
    expect(asOfProblem('2026-12-03', '2026-12-02')).toMatch(/2026-12-03 is in the future \(today is 2026-12-02, UTC\).*give today or an earlier date/);
    expect(asOfProblem('2025-06-01')).toMatch(new RegExp(`too early: .* opened on 2026-03-20 .* give ${EARLIEST_AS_OF} or later`));
    expect(EARLIEST_AS_OF).toBe('2026-03-21');
    expect(() => createWorld('2026-13-01')).toThrow(/YYYY-MM-DD/);
  });

  it.each([
    ['2026-13-01', /^--as-of must be a calendar date written YYYY-MM-DD/],
    ['yesterday', /^--as-of must be a calendar date/],
    ['2999-01-01', /^--as-of 2999-01-01 is in the future .* leave it out for today\.$/],
  ])('seed --as-of %s is refused before any database is opened', async (value, message) => {
    // The config is never read: the option is checked first.
    const run = seedCommand.run({ values: { scale: '1', 'as-of': value }, config: {} as never, log: silentLogger });
    await expect(run).rejects.toBeInstanceOf(ConfigError);
    await expect(run).rejects.toThrow(message);
  });
});
