// The simulated trading world: customers, inventory, and orders with their lines, generated month
// by month from fixed seeds over the 24 months before an as-of date, so any scale streams in
// bounded memory and the data is current: its last day is the day before the as-of date.
import { type Catalogue, formatCents, type Product } from './catalogue.js';
import { REGIONS, STORES, type Store } from './fixtures.js';
import { createRng, type Rng, SEED, WeightedIndex } from './random.js';
import { FIRST_NAMES, LAST_NAMES } from './vocabulary.js';

const CUSTOMER_COUNT = 24_000;
/** Orders at scale 1; with ~2.3 lines per order this gives ~220k order lines. */
const ORDERS_AT_SCALE_1 = 96_000;

const DAY_MS = 86_400_000;
export const toDay = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const fromDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

const todayUtc = (): string => new Date().toISOString().slice(0, 10);

// ---- the window -----------------------------------------------------------------------------

/** The trading the seed generates: 24 months that end the day before the as-of date. */
export interface SeedWindow {
  /** YYYY-MM-DD: "today" for the data (its first day without orders). */
  asOf: string;
  /** First and last day with orders, YYYY-MM-DD. */
  start: string;
  end: string;
}

/**
 * The as-of date the seed used before it followed the calendar, and the one the tests pin
 * (test/support/test-date.ts): the generators' default when no world is passed. seedDatabase
 * always passes its own (today unless told otherwise).
 */
export const REFERENCE_AS_OF = '2026-11-01';

/** YYYY-MM-DD that names a real calendar day, or undefined. */
function parseDay(value: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const day = toDay(value);
  return Number.isFinite(day) && fromDay(day) === value ? day : undefined;
}

/** The newest store: no window may end before it opened, since the store list is fixed. */
const NEWEST_STORE = STORES.reduce((a, b) => (b.opened_on > a.opened_on ? b : a));
/** The earliest as-of date the fixed store list allows: the day after the newest store opened. */
export const EARLIEST_AS_OF = fromDay(toDay(NEWEST_STORE.opened_on) + 1);

/**
 * Why an as-of date cannot be seeded, or undefined when it can. With `today` (UTC, YYYY-MM-DD) a
 * future date is refused too. `name` is how the message calls the date (e.g. the CLI option).
 */
export function asOfProblem(value: string, today?: string, name = 'the as-of date'): string | undefined {
  if (parseDay(value) === undefined) return `${name} must be a calendar date written YYYY-MM-DD, e.g. ${REFERENCE_AS_OF}; got "${value}"`;
  if (today !== undefined && value > today) {
    return `${name} ${value} is in the future (today is ${today}, UTC): the data ends the day before it, so give today or an earlier date, or leave it out for today`;
  }
  if (value < EARLIEST_AS_OF) {
    return `${name} ${value} is too early: ${NEWEST_STORE.store_name} opened on ${NEWEST_STORE.opened_on} and the store list is fixed, so give ${EARLIEST_AS_OF} or later`;
  }
  return undefined;
}

/**
 * The window for an as-of date D: from D two years earlier to D - 1 day, so exactly 24 months
 * (as of 2026-11-01: 2024-11-01 .. 2026-10-31; as of 2024-03-01: 2022-03-01 .. 2024-02-29).
 * A 29 February as-of starts the window on 1 March, the day after its end two years earlier.
 */
export function seedWindow(asOf: string): SeedWindow {
  const day = parseDay(asOf);
  if (day === undefined) throw new Error(asOfProblem(asOf));
  const [year, month, dom] = asOf.split('-').map(Number) as [number, number, number];
  const start = Date.UTC(year - 2, month - 1, dom) / DAY_MS; // Date.UTC rolls 29 Feb over to 1 Mar
  return { asOf, start: fromDay(start), end: fromDay(day - 1) };
}

/** The window of the reference as-of date (kept for callers that use the generators' default). */
export const WINDOW: SeedWindow = seedWindow(REFERENCE_AS_OF);

/**
 * One window's calendar, built once and threaded through the generators: its days with their
 * demand multipliers, its months, and per-catalogue totals. Nothing is kept at module level
 * beyond the reference world, so memory stays bounded however many windows a process uses.
 */
export interface World {
  readonly window: SeedWindow;
  /** First and last day of the window as day numbers (days since the epoch). */
  readonly start: number;
  readonly end: number;
  readonly days: readonly DayInfo[];
  /** Months of the window as [first day index, last day index + 1] into days (the first and last may be partial). */
  readonly months: readonly { month: string; from: number; to: number }[];
  /** Total raw demand over the window, per catalogue (see totalRawDemand). */
  readonly demandTotals: WeakMap<Catalogue, number>;
}

/** The world as of a date (default: today, UTC). Throws on a date the seed cannot use. */
export function createWorld(asOf: string = todayUtc()): World {
  const problem = asOfProblem(asOf);
  if (problem) throw new Error(problem);
  const window = seedWindow(asOf);
  const start = toDay(window.start);
  const end = toDay(window.end);
  const days = Array.from({ length: end - start + 1 }, (_, i) => dayInfo(start + i, start));
  const months: { month: string; from: number; to: number }[] = [];
  days.forEach((d, i) => {
    const key = d.iso.slice(0, 7);
    const last = months[months.length - 1];
    if (last?.month === key) last.to = i + 1;
    else months.push({ month: key, from: i, to: i + 1 });
  });
  return { window, start, end, days, months, demandTotals: new WeakMap() };
}

let referenceWorld: World | undefined;
const defaultWorld = (): World => (referenceWorld ??= createWorld(REFERENCE_AS_OF));

export interface Customer {
  customer_id: number;
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  store_id: number;
  created_on: string;
  /** Relative order frequency: a few loyal regulars, many occasional shoppers. */
  activity: number;
}

export interface InventoryRow {
  store_id: number;
  product_id: number;
  stock_level: number;
  reorder_point: number;
}

export interface OrderRow {
  order_id: number;
  customer_id: number;
  store_id: number;
  order_date: string;
}

export interface OrderItemRow {
  order_item_id: number;
  order_id: number;
  store_id: number;
  product_id: number;
  quantity: number;
  unit_price: string;
  discount_percent: string;
  discount_amount: string;
  total_amount: string;
}

export interface MonthChunk {
  month: string;
  orders: OrderRow[];
  items: OrderItemRow[];
}

const EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org'];

export function generateCustomers(seed: number | string = SEED, world: World = defaultWorld()): Customer[] {
  const rng = createRng(seed).fork('customers');
  const storeWeights = STORES.map((s) => s.size);
  const allAreaCodes = STORES.flatMap((s) => s.area_codes);
  const emails = new Set<string>();
  const customers: Customer[] = [];
  for (let i = 0; i < CUSTOMER_COUNT; i++) {
    const store = rng.weighted(STORES, storeWeights);
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const local = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '');
    const domain = rng.pick(EMAIL_DOMAINS);
    let email = `${local}@${domain}`;
    while (emails.has(email)) email = `${local}${rng.int(2, 9999)}@${domain}`;
    emails.add(email);
    const area = rng.pick(store.is_online ? allAreaCodes : store.area_codes);
    customers.push({
      customer_id: i + 1,
      first_name: first,
      last_name: last,
      email,
      phone: `(${area}) 555-01${String(rng.int(0, 99)).padStart(2, '0')}`,
      store_id: store.store_id,
      created_on: fromDay(customerSince(rng, store, world)),
      activity: Math.exp(rng.normal(0, 0.9)),
    });
  }
  return customers;
}

/** Most customers predate the window; about a third join during it (none before their store opened, none after its end). */
function customerSince(rng: Rng, store: Store, { start, end }: World): number {
  const opened = Math.max(toDay(store.opened_on), toDay('2015-01-01'));
  if (opened >= start) {
    // New stores sign up a burst of customers in their first weeks, then a steady trickle.
    return rng.chance(0.35) ? Math.min(opened + rng.int(0, 20), end) : rng.int(opened, end);
  }
  return rng.chance(0.65) ? rng.int(opened, start - 1) : rng.int(start, end);
}

/** One row per (store, product); roughly one in ten sits below its reorder point. */
export function generateInventory(catalogue: Catalogue, seed: number | string = SEED): InventoryRow[] {
  const rng = createRng(seed).fork('inventory');
  const rows: InventoryRow[] = [];
  for (const store of STORES) {
    const depth = store.is_online ? 4 : store.size;
    for (const p of catalogue.products) {
      const demand = p.popularity * depth * (p.price_cents < 5000 ? 2.5 : p.price_cents < 20000 ? 1.2 : 0.6);
      const reorder = Math.max(1, Math.round(demand * rng.float(3, 6)));
      const roll = rng.next();
      const stock =
        roll < 0.02
          ? 0 // out of stock
          : roll < 0.11
            ? rng.int(0, reorder - 1) // below the reorder point
            : Math.round(reorder * rng.float(1.1, 4));
      rows.push({ store_id: store.store_id, product_id: p.product_id, stock_level: stock, reorder_point: reorder });
    }
  }
  return rows;
}

// ---- demand model ---------------------------------------------------------------------------

const PHYSICAL_WEEKDAY = [1.25, 0.8, 0.8, 0.85, 0.9, 1.1, 1.45]; // Sun..Sat: weekends are busiest in store
const ONLINE_WEEKDAY = [1.05, 1.1, 1.05, 1.0, 0.95, 0.9, 0.9]; // online peaks early in the week
const ONLINE_AFFINITY: Record<string, number> = { Electronics: 1.4, 'Beauty & Personal Care': 1.2, Garden: 0.7, 'Tools & Hardware': 0.8 };

interface DayInfo {
  day: number;
  iso: string;
  month: number; // 0..11
  weekday: number;
  physical: number; // traffic multiplier for physical stores (0 = closed)
  online: number;
  discountRate: number;
}

const thanksgiving = (year: number): number => {
  const nov1 = toDay(`${year}-11-01`);
  const weekday = new Date(nov1 * DAY_MS).getUTCDay();
  return nov1 + ((4 - weekday + 7) % 7) + 21;
};

/** A day's calendar and demand; `start` is the window's first day, where the growth trend starts. */
function dayInfo(day: number, start: number): DayInfo {
  const iso = fromDay(day);
  const date = new Date(day * DAY_MS);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const dom = date.getUTCDate();
  const weekday = date.getUTCDay();
  let physical = 1;
  let online = 1;
  let discountRate = 0.1;
  const tg = thanksgiving(year);
  if (day === tg)
    [physical, online] = [0, 1.3]; // closed on Thanksgiving; online stays open
  else if (day === tg + 1)
    [physical, online, discountRate] = [2.8, 2.2, 0.55]; // Black Friday
  else if (day > tg + 1 && day <= tg + 3) [physical, online, discountRate] = [1.5, 1.4, 0.4];
  else if (day === tg + 4)
    [physical, online, discountRate] = [1.1, 2.6, 0.5]; // Cyber Monday
  else if (month === 11 && dom === 25) [physical, online] = [0, 0.5];
  else if (month === 11 && dom === 24) [physical, online] = [0.8, 0.6];
  else if (month === 11 && dom > 25)
    [physical, online, discountRate] = [1.3, 1.2, 0.35]; // post-holiday sale
  else if (month === 11)
    [physical, online] = [1 + dom / 40, 1 + dom / 50]; // the run-up to Christmas
  else if (month === 0 && dom === 1) [physical, online] = [0.4, 0.9];
  else if (month === 0)
    discountRate = 0.22; // January sales
  else if (month === 6 && dom >= 1 && dom <= 6) [physical, online, discountRate] = [1.15, 1.15, 0.25]; // Fourth of July
  const trend = 1 + 0.09 * ((day - start) / 365);
  return {
    day,
    iso,
    month,
    weekday,
    physical: physical * PHYSICAL_WEEKDAY[weekday]! * trend,
    online: online * ONLINE_WEEKDAY[weekday]! * trend,
    discountRate,
  };
}

/** Seasonal demand of the whole range in a month: the share-weighted average of category seasons. */
function overallSeason(catalogue: Catalogue, month: number): number {
  let weighted = 0;
  let total = 0;
  for (const c of catalogue.categories) {
    weighted += c.share * c.season[month]!;
    total += c.share;
  }
  return weighted / total;
}

/** Expected orders (before scaling) for a store on a day, in arbitrary units. */
function rawDemand(store: Store, d: DayInfo, season: number): number {
  const opened = toDay(store.opened_on);
  if (d.day < opened) return 0;
  const sinceOpening = d.day - opened;
  // A new store ramps up over four months, with a busy grand-opening weekend.
  const ramp = sinceOpening < 3 ? 2 : sinceOpening < 120 ? 0.55 + (0.45 * sinceOpening) / 120 : 1;
  return store.size * ramp * season * (store.is_online ? d.online : d.physical);
}

export interface OrderPlan {
  months: { month: string; orders: number }[];
  totalOrders: number;
}

/**
 * Order counts per store and day. Drawn from their own stream so the loader can know the exact
 * total (for progress) without generating the lines.
 */
function monthCounts(world: World, catalogue: Catalogue, monthIndex: number, scale: number, seed: number | string): number[][] {
  const { from, to, month } = world.months[monthIndex]!;
  const rng = createRng(seed).fork(`order-counts/${month}`);
  const perUnit = (ORDERS_AT_SCALE_1 * scale) / totalRawDemand(world, catalogue);
  const counts: number[][] = [];
  for (let i = from; i < to; i++) {
    const d = world.days[i]!;
    const season = overallSeason(catalogue, d.month);
    counts.push(
      STORES.map((s) => {
        const expected = rawDemand(s, d, season) * perUnit * Math.exp(rng.normal(0, 0.12));
        return Math.floor(expected) + (rng.next() < expected % 1 ? 1 : 0);
      }),
    );
  }
  return counts;
}

/** Raw demand over the whole window: scales it to ORDERS_AT_SCALE_1 whatever the window holds. */
function totalRawDemand(world: World, catalogue: Catalogue): number {
  const cached = world.demandTotals.get(catalogue);
  if (cached !== undefined) return cached;
  let total = 0;
  for (const d of world.days) {
    const season = overallSeason(catalogue, d.month);
    for (const s of STORES) total += rawDemand(s, d, season);
  }
  world.demandTotals.set(catalogue, total);
  return total;
}

export interface OrderOptions {
  scale?: number;
  seed?: number | string;
  /** The window to trade in (default: the reference world, as of REFERENCE_AS_OF). */
  world?: World;
}

export function planOrders(catalogue: Catalogue, options: OrderOptions = {}): OrderPlan {
  const scale = checkScale(options.scale);
  const world = options.world ?? defaultWorld();
  const months = world.months.map((m, i) => ({
    month: m.month,
    orders: monthCounts(world, catalogue, i, scale, options.seed ?? SEED).reduce((sum, day) => sum + day.reduce((a, b) => a + b, 0), 0),
  }));
  return { months, totalOrders: months.reduce((sum, m) => sum + m.orders, 0) };
}

export function checkScale(scale: number | undefined): number {
  const s = scale ?? 1;
  if (!Number.isFinite(s) || s <= 0) throw new Error(`scale must be a positive number, got ${scale}`);
  return s;
}

// ---- orders and lines -----------------------------------------------------------------------

/** Customers eligible on a day: sorted by sign-up day, picked by activity among those signed up. */
class CustomerPool {
  private readonly days: Int32Array;
  private readonly index: WeightedIndex;

  constructor(private readonly members: Customer[]) {
    members.sort((a, b) => (a.created_on < b.created_on ? -1 : a.created_on > b.created_on ? 1 : a.customer_id - b.customer_id));
    this.days = Int32Array.from(members, (c) => toDay(c.created_on));
    this.index = new WeightedIndex(members.map((c) => c.activity));
  }

  /** null when nobody had signed up yet by that day. */
  pick(rng: Rng, day: number): Customer | null {
    let lo = 0;
    let hi = this.days.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.days[mid]! <= day) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? null : this.members[this.index.pick(rng, lo)]!;
  }
}

interface Market {
  home: Map<number, CustomerPool>;
  region: Map<number, CustomerPool>;
  everyone: CustomerPool;
  /** [store][month] -> category index by weight; [month][category] -> product index by weight. */
  categoryPick: WeightedIndex[][];
  productPick: { index: WeightedIndex; products: Product[] }[][];
}

const marketCache = new WeakMap<Catalogue, WeakMap<Customer[], Market>>();

function market(catalogue: Catalogue, customers: Customer[]): Market {
  const cached = marketCache.get(catalogue)?.get(customers);
  if (cached) return cached;
  const storeRegion = new Map(STORES.map((s) => [s.store_id, s.region_id]));
  const group = (key: (c: Customer) => number): Map<number, CustomerPool> => {
    const groups = new Map<number, Customer[]>();
    for (const c of customers) {
      const k = key(c);
      const members = groups.get(k);
      if (members) members.push(c);
      else groups.set(k, [c]);
    }
    return new Map([...groups].map(([k, members]) => [k, new CustomerPool(members)]));
  };
  const cats = catalogue.categories;
  const typeSeason = new Map(catalogue.productTypes.map((t) => [t.type_id, t.season]));
  const result: Market = {
    home: group((c) => c.store_id),
    region: group((c) => storeRegion.get(c.store_id)!),
    everyone: new CustomerPool(customers.slice()),
    categoryPick: STORES.map((s) => {
      const affinity = s.is_online ? ONLINE_AFFINITY : REGIONS.find((r) => r.region_id === s.region_id)!.affinity;
      return Array.from({ length: 12 }, (_, m) => new WeightedIndex(cats.map((c) => c.share * c.season[m]! * (affinity[c.category_name] ?? 1))));
    }),
    // A type with its own season (rain boots, grills) shifts demand within its category.
    productPick: Array.from({ length: 12 }, (_, m) =>
      cats.map((c) => {
        const products = catalogue.products.filter((p) => p.category_id === c.category_id);
        const weights = products.map((p) => (p.popularity * typeSeason.get(p.type_id)![m]!) / c.season[m]!);
        return { index: new WeightedIndex(weights), products };
      }),
    ),
  };
  if (!marketCache.has(catalogue)) marketCache.set(catalogue, new WeakMap());
  marketCache.get(catalogue)!.set(customers, result);
  return result;
}

const LINES_PER_ORDER = [1, 2, 3, 4, 5, 6];
const LINES_WEIGHTS = [35, 28, 18, 10, 6, 3];
const DISCOUNTS = [5, 10, 15, 20, 25, 30, 40];
const DISCOUNT_WEIGHTS = [10, 30, 20, 20, 10, 7, 3];

function quantity(rng: Rng, priceCents: number): number {
  if (priceCents < 2000) return rng.weighted([1, 2, 3, 4], [60, 25, 10, 5]);
  if (priceCents < 10000) return rng.weighted([1, 2, 3], [85, 12, 3]);
  return rng.chance(0.04) ? 2 : 1;
}

/**
 * Orders and their lines, one chunk per month in date order. Order and line ids are assigned
 * here so the loader can insert both tables without a round trip.
 */
export function* generateOrders(catalogue: Catalogue, customers: Customer[], options: OrderOptions = {}): Generator<MonthChunk> {
  const scale = checkScale(options.scale);
  const seed = options.seed ?? SEED;
  const world = options.world ?? defaultWorld();
  const m = market(catalogue, customers);
  let orderId = 0;
  let itemId = 0;
  for (let mi = 0; mi < world.months.length; mi++) {
    const { month, from } = world.months[mi]!;
    const counts = monthCounts(world, catalogue, mi, scale, seed);
    const rng = createRng(seed).fork(`orders/${month}`);
    const orders: OrderRow[] = [];
    const items: OrderItemRow[] = [];
    counts.forEach((perStore, offset) => {
      const d = world.days[from + offset]!;
      perStore.forEach((count, si) => {
        const store = STORES[si]!;
        for (let k = 0; k < count; k++) {
          const customer = chooseCustomer(rng, m, store, d.day);
          if (!customer) continue;
          orderId++;
          orders.push({ order_id: orderId, customer_id: customer.customer_id, store_id: store.store_id, order_date: d.iso });
          const seen = new Set<number>();
          const lines = rng.weighted(LINES_PER_ORDER, LINES_WEIGHTS);
          for (let line = 0; line < lines; line++) {
            const product = chooseProduct(rng, m, si, d.month, seen);
            const qty = quantity(rng, product.price_cents);
            const gross = qty * product.price_cents;
            const pct = rng.chance(d.discountRate) ? rng.weighted(DISCOUNTS, DISCOUNT_WEIGHTS) : 0;
            const discount = Math.round((gross * pct) / 100);
            items.push({
              order_item_id: ++itemId,
              order_id: orderId,
              store_id: store.store_id,
              product_id: product.product_id,
              quantity: qty,
              unit_price: product.base_price,
              discount_percent: `${pct}.00`,
              discount_amount: formatCents(discount),
              total_amount: formatCents(gross - discount),
            });
          }
        }
      });
    });
    yield { month, orders, items };
  }
}

/** Mostly the store's own customers; some visit from elsewhere in the region or order online. */
function chooseCustomer(rng: Rng, m: Market, store: Store, day: number): Customer | null {
  const roll = rng.next();
  const away = store.is_online ? 0.25 : 0.1;
  if (roll >= away) {
    const local = m.home.get(store.store_id)?.pick(rng, day);
    if (local) return local;
  }
  if (!store.is_online && roll < away * 0.6) {
    const regional = m.region.get(store.region_id)?.pick(rng, day);
    if (regional) return regional;
  }
  return m.everyone.pick(rng, day);
}

function chooseProduct(rng: Rng, m: Market, storeIndex: number, month: number, seen: Set<number>): Product {
  let product: Product | undefined;
  // A few retries keep one order from listing the same product twice.
  for (let attempt = 0; attempt < 4; attempt++) {
    const c = m.categoryPick[storeIndex]![month]!.pick(rng);
    const { index, products } = m.productPick[month]![c]!;
    product = products[index.pick(rng)]!;
    if (!seen.has(product.product_id)) break;
  }
  seen.add(product!.product_id);
  return product!;
}
