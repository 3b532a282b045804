// The seed generators are pure and deterministic: same seed, same bytes; fixtures keep their
// role/scope contract; the catalogue reads like a catalogue; orders add up to the cent.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type Catalogue, formatCents, generateCatalogue, marginPercent } from '../../seed/catalogue.js';
import { DEMO_USERS, REGIONS, STORES, storesInRegion, USERS } from '../../seed/fixtures.js';
import { copyField } from '../../seed/load.js';
import { createRng, WeightedIndex } from '../../seed/random.js';
import { generateCustomers, generateInventory, generateOrders, type MonthChunk, planOrders, toDay, WINDOW } from '../../seed/world.js';

const digest = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex');
const cents = (money: string): number => {
  expect(money).toMatch(/^\d+\.\d{2}$/);
  return Number(money.replace('.', ''));
};

const catalogue: Catalogue = generateCatalogue();
const customers = generateCustomers();

describe('random', () => {
  it('repeats the same sequence for the same seed, and forks independent streams', () => {
    const a = createRng(42);
    const b = createRng(42);
    expect(Array.from({ length: 20 }, () => a.next())).toEqual(Array.from({ length: 20 }, () => b.next()));
    expect(createRng(42).fork('x').next()).toBe(createRng(42).fork('x').next());
    expect(createRng(42).fork('x').next()).not.toBe(createRng(42).fork('y').next());
    expect(createRng(42).next()).not.toBe(createRng(43).next());
  });

  it('keeps int() in range and weighted picks inside the limit', () => {
    const rng = createRng('range');
    for (let i = 0; i < 2000; i++) {
      const n = rng.int(3, 7);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(7);
    }
    const index = new WeightedIndex([1, 0, 5, 2]);
    for (let i = 0; i < 500; i++) {
      expect(index.pick(rng)).not.toBe(1);
      expect(index.pick(rng, 1)).toBe(0);
    }
  });
});

describe('fixtures', () => {
  it('has at least 5 regions and 20 stores, exactly one online', () => {
    expect(REGIONS.length).toBeGreaterThanOrEqual(5);
    expect(STORES.length).toBeGreaterThanOrEqual(20);
    expect(STORES.filter((s) => s.is_online)).toHaveLength(1);
    expect(new Set(STORES.map((s) => s.store_name)).size).toBe(STORES.length);
    for (const s of STORES) expect(REGIONS.some((r) => r.region_id === s.region_id)).toBe(true);
  });

  it('gives every store a manager, every region a regional manager, and keeps role and scope consistent', () => {
    const active = USERS.filter((u) => u.is_active);
    for (const s of STORES) expect(active.filter((u) => u.role === 'store_manager' && u.store_id === s.store_id)).toHaveLength(1);
    for (const r of REGIONS) expect(active.filter((u) => u.role === 'regional_manager' && u.region_id === r.region_id)).toHaveLength(1);
    expect(active.filter((u) => u.role === 'head_office').length).toBeGreaterThanOrEqual(1);
    for (const u of USERS) {
      expect(u.store_id !== null).toBe(u.role === 'store_manager');
      expect(u.region_id !== null).toBe(u.role === 'regional_manager');
      expect(u.user_id).toMatch(/^00000000-0000-4000-8000-\d{12}$/);
      expect(u.email).toMatch(/^[a-z.-]+@zava\.example$/);
    }
    expect(new Set(USERS.map((u) => u.user_id)).size).toBe(USERS.length);
    expect(new Set(USERS.map((u) => u.email)).size).toBe(USERS.length);
  });

  it('exposes demo users with the documented ids and scopes', () => {
    expect(DEMO_USERS.headOffice).toMatchObject({ user_id: '00000000-0000-4000-8000-000000000001', email: 'hq@zava.example', role: 'head_office' });
    expect(DEMO_USERS.regionalManager.user_id).toBe('00000000-0000-4000-8000-000000000201');
    expect(DEMO_USERS.regionalManager.email).toBe('region.pacific-northwest@zava.example');
    expect(storesInRegion(DEMO_USERS.regionalManager.region_id!).length).toBeGreaterThanOrEqual(3);
    expect(DEMO_USERS.storeManager).toMatchObject({
      user_id: '00000000-0000-4000-8000-000000000301',
      email: 'manager.seattle-downtown@zava.example',
      store_id: 1,
    });
    expect(DEMO_USERS.disabled).toMatchObject({ is_active: false, role: 'store_manager', user_id: '00000000-0000-4000-8000-000000000901' });
  });
});

describe('catalogue', () => {
  it('is byte-identical across runs', () => {
    expect(digest(generateCatalogue())).toBe(digest(catalogue));
  });

  it('has at least 1,000 products over at least 8 categories, each with several types', () => {
    expect(catalogue.products.length).toBeGreaterThanOrEqual(1000);
    expect(catalogue.categories.length).toBeGreaterThanOrEqual(8);
    for (const c of catalogue.categories) expect(catalogue.productTypes.filter((t) => t.category_id === c.category_id).length).toBeGreaterThanOrEqual(4);
    expect(new Set(catalogue.products.map((p) => p.sku)).size).toBe(catalogue.products.length);
    expect(new Set(catalogue.products.map((p) => p.product_name)).size).toBe(catalogue.products.length);
  });

  it('prices every product above cost with a consistent gross margin', () => {
    for (const p of catalogue.products) {
      expect(cents(p.cost)).toBe(p.cost_cents);
      expect(cents(p.base_price)).toBe(p.price_cents);
      expect(p.cost_cents).toBeLessThan(p.price_cents);
      const exact = ((p.price_cents - p.cost_cents) / p.price_cents) * 100;
      expect(Math.abs(Number(p.gross_margin_percent) - exact)).toBeLessThanOrEqual(0.005 + 1e-9);
      const type = catalogue.productTypes.find((t) => t.type_id === p.type_id)!;
      expect(type.category_id).toBe(p.category_id);
    }
    expect(marginPercent(1999, 1000)).toBe('49.97');
    expect(formatCents(5)).toBe('0.05');
  });

  it('writes varied descriptions, not one template with the nouns swapped', () => {
    const descriptions = catalogue.products.map((p) => p.product_description);
    expect(new Set(descriptions).size).toBe(descriptions.length);
    // Opening words differ across the catalogue, and even within one product type.
    const openings = new Set(descriptions.map((d) => d.split(' ').slice(0, 2).join(' ')));
    expect(openings.size).toBeGreaterThanOrEqual(40);
    const stockpots = catalogue.products.filter((p) => p.type_id === 1).map((p) => p.product_description.split(' ')[0]);
    expect(new Set(stockpots).size).toBeGreaterThanOrEqual(4);
    const lengths = descriptions.map((d) => d.split(' ').length);
    expect(Math.min(...lengths)).toBeGreaterThanOrEqual(20);
  });

  it.each([
    ['Stockpot', /simmer/i, /soup/i],
    ['Waterproof Trail', /waterproof/i, /dry/i],
    ["Kids' Raincoat", /toddler/i, /rain/i],
    ['Cordless Drill', /holes in walls/i, /drill/i],
    ['Yoga Mat', /cushion/i, /stretch/i],
  ])('has a %s whose description explains its use', (noun, first, second) => {
    const matches = catalogue.products.filter((p) => p.product_name.includes(noun) && first.test(p.product_description) && second.test(p.product_description));
    expect(matches.length).toBeGreaterThanOrEqual(1);
  });
});

describe('customers and inventory', () => {
  it('creates at least 20,000 customers with unique non-real emails and a home store', () => {
    expect(customers.length).toBeGreaterThanOrEqual(20_000);
    expect(new Set(customers.map((c) => c.email)).size).toBe(customers.length);
    for (const c of customers) {
      expect(c.email).toMatch(/^[a-z.]+\d*@example\.(com|net|org)$/);
      const store = STORES.find((s) => s.store_id === c.store_id)!;
      expect(c.created_on <= WINDOW.end).toBe(true);
      if (store.opened_on > '2015-01-01') expect(c.created_on >= store.opened_on).toBe(true);
    }
    expect(digest(generateCustomers())).toBe(digest(customers));
  });

  it('stocks every product in every store, some below the reorder point', () => {
    const inventory = generateInventory(catalogue);
    expect(inventory).toHaveLength(STORES.length * catalogue.products.length);
    const below = inventory.filter((r) => r.stock_level < r.reorder_point).length;
    expect(below / inventory.length).toBeGreaterThan(0.03);
    expect(below / inventory.length).toBeLessThan(0.25);
    for (const r of inventory) expect(r.stock_level >= 0 && r.reorder_point >= 0).toBe(true);
  });
});

describe('orders', () => {
  const collect = (scale: number): MonthChunk[] => [...generateOrders(catalogue, customers, { scale })];
  const small = collect(0.05);
  const orders = small.flatMap((m) => m.orders);
  const items = small.flatMap((m) => m.items);

  it('is byte-identical across runs and matches the plan', () => {
    expect(digest(collect(0.05))).toBe(digest(small));
    expect(planOrders(catalogue, { scale: 0.05 }).totalOrders).toBe(orders.length);
    expect(small).toHaveLength(24);
  });

  it("keeps ids sequential, dates in the window, and lines in their order's store", () => {
    orders.forEach((o, i) => expect(o.order_id).toBe(i + 1));
    items.forEach((it, i) => expect(it.order_item_id).toBe(i + 1));
    const byId = new Map(orders.map((o) => [o.order_id, o]));
    const customerById = new Map(customers.map((c) => [c.customer_id, c]));
    for (const o of orders) {
      expect(o.order_date >= WINDOW.start && o.order_date <= WINDOW.end).toBe(true);
      const store = STORES.find((s) => s.store_id === o.store_id)!;
      expect(o.order_date >= store.opened_on).toBe(true);
      if (!store.is_online) expect(o.order_date.endsWith('-12-25')).toBe(false);
      expect(customerById.get(o.customer_id)!.created_on <= o.order_date).toBe(true);
    }
    for (const it of items) expect(it.store_id).toBe(byId.get(it.order_id)!.store_id);
  });

  it('adds up to the cent: total = quantity * unit_price - discount', () => {
    const price = new Map(catalogue.products.map((p) => [p.product_id, p.price_cents]));
    for (const it of items) {
      expect(cents(it.unit_price)).toBe(price.get(it.product_id));
      const gross = it.quantity * cents(it.unit_price);
      expect(cents(it.total_amount)).toBe(gross - cents(it.discount_amount));
      expect(cents(it.discount_amount)).toBe(Math.round((gross * Number(it.discount_percent)) / 100));
    }
    expect(items.some((it) => it.discount_percent !== '0.00')).toBe(true);
  });

  it('shops mostly at home, with seasonal and weekday patterns', () => {
    const full = collect(1);
    const all = full.flatMap((m) => m.orders);
    expect(full.reduce((n, m) => n + m.items.length, 0)).toBeGreaterThanOrEqual(200_000);
    const home = new Map(customers.map((c) => [c.customer_id, c.store_id]));
    expect(all.filter((o) => home.get(o.customer_id) === o.store_id).length / all.length).toBeGreaterThan(0.8);
    const month = (key: string) => full.find((m) => m.month === key)!.orders.length;
    expect(month('2025-12')).toBeGreaterThan(month('2025-02') * 1.5);
    const physical = all.filter((o) => !STORES.find((s) => s.store_id === o.store_id)!.is_online);
    const weekday = (o: { order_date: string }) => new Date(toDay(o.order_date) * 86_400_000).getUTCDay();
    const saturdays = physical.filter((o) => weekday(o) === 6).length;
    const tuesdays = physical.filter((o) => weekday(o) === 2).length;
    expect(saturdays).toBeGreaterThan(tuesdays * 1.3);
  });

  it('rejects a scale that is not a positive number', () => {
    expect(() => planOrders(catalogue, { scale: 0 })).toThrow(/positive/);
    expect(() => [...generateOrders(catalogue, customers, { scale: Number.NaN })]).toThrow(/positive/);
  });
});

describe('copy text format', () => {
  it('escapes backslashes, tabs and newlines, and writes null as \\N', () => {
    expect(copyField('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyField(null)).toBe('\\N');
    expect(copyField(true)).toBe('true');
    expect(copyField(12)).toBe('12');
  });
});
