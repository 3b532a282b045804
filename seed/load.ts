// Loads the generated Zava world into an empty database in one transaction as retail_owner:
// COPY FROM STDIN on PostgreSQL; on the embedded PGlite this process owns, COPY inside PGlite,
// in-process (in-process-copy.ts); batched INSERTs on any other PGlite (a COPY FROM STDIN through a
// socket ends PGlite's backend and wedges the whole instance, so it is never tried).
import type postgres from 'postgres';
import { createProgress } from '../src/cli/progress.js';
import { inProcessBulk } from '../src/db/embedded.js';
import { generateCatalogue } from './catalogue.js';
import { deferKeysAndIndexes } from './deferred-keys.js';
import { REGIONS, STORES, storeManagerOf, USERS } from './fixtures.js';
import { copyInProcess } from './in-process-copy.js';
import { SEED } from './random.js';
import { checkScale, createWorld, generateCustomers, generateInventory, generateOrders, planOrders, type SeedWindow } from './world.js';

export interface SeedOptions {
  /** Multiplies the number of orders only (default 1 ≈ 96k orders, ≈ 225k lines). */
  scale?: number;
  log?: (line: string) => void;
  /**
   * true: COPY, false: INSERT batches, 'auto' (default): COPY on PostgreSQL; on PGlite, COPY inside
   * PGlite (in-process) when this process owns the embedded database, else INSERT batches.
   */
  copy?: boolean | 'auto';
  /** Progress while loading orders (default true): a bar on a terminal, else a log line every few seconds. */
  progress?: boolean;
  seed?: number | string;
  /**
   * YYYY-MM-DD (default: today, UTC): the orders cover the 24 months up to the day before it.
   * Pin it for reproducible data; the default keeps "the last 30 days" meaningful.
   */
  asOf?: string;
}

export interface SeedResult {
  seeded: boolean;
  counts: Record<string, number>;
  /** The window the orders cover, when this call seeded. */
  window?: SeedWindow;
}

type Tx = postgres.TransactionSql<Record<string, unknown>>;
type Value = string | number | boolean | null;
/** Any object; writers read only the listed columns, so extra generator fields are ignored. */
type Row = object;

/** Every table the seed writes (analyzed afterwards); rows in retail.stores mean "already seeded". */
const TABLES = ['stores', 'regions', 'app_users', 'categories', 'product_types', 'products', 'customers', 'inventory', 'orders', 'order_items'];

/** Explicitly inserted serial columns whose sequences must move past the seeded ids. */
const SERIALS: [table: string, column: string][] = [
  ['regions', 'region_id'],
  ['stores', 'store_id'],
  ['categories', 'category_id'],
  ['product_types', 'type_id'],
  ['products', 'product_id'],
  ['customers', 'customer_id'],
  ['orders', 'order_id'],
  ['order_items', 'order_item_id'],
];

export async function seedDatabase(sql: postgres.Sql, options: SeedOptions = {}): Promise<SeedResult> {
  const scale = checkScale(options.scale);
  const log = options.log ?? (() => {});
  const seed = options.seed ?? SEED;
  // Before the transaction, so a bad as-of date fails even on a seeded database.
  const world = createWorld(options.asOf);
  const started = Date.now();

  return sql.begin(async (tx) => {
    await tx`set local role retail_owner`;
    // Serialises concurrent seeders: the second one waits, then sees the first one's stores.
    await tx`lock table retail.stores in share row exclusive mode`;
    const [{ seeded }] = (await tx`select exists (select 1 from retail.stores) as seeded`) as unknown as [{ seeded: boolean }];
    if (seeded) return { seeded: false, counts: {} };
    await assertEmpty(tx);

    const auto = (options.copy ?? 'auto') === 'auto';
    const useCopy = options.copy === true || (auto && !(await isPglite(tx)));
    const bulk = !useCopy && auto ? inProcessBulk(sql) : undefined;
    const counts: Record<string, number> = {};
    /** Loads tables in order (parents first); COPY mode stages them all through one COPY. */
    const load = async (...loads: Load[]) => {
      if (useCopy) await copyLoads(tx, loads);
      else if (bulk) await copyInProcess(bulk, loads, copyField, 'retail_owner');
      else for (const l of loads) await insertRows(tx, l);
      for (const l of loads) counts[l.table] = (counts[l.table] ?? 0) + l.rows.length;
    };

    const catalogue = generateCatalogue(seed);
    const customers = generateCustomers(seed, world);
    log(`seed: loading with ${useCopy ? 'COPY' : bulk ? 'COPY inside PGlite (in-process)' : 'batched INSERTs'} (scale ${scale})`);

    // A few dozen fixture rows: plain INSERTs are quickest whichever path is used.
    for (const l of [
      { table: 'regions', columns: ['region_id', 'region_name'], rows: REGIONS },
      {
        table: 'stores',
        columns: ['store_id', 'store_name', 'region_id', 'city', 'is_online', 'opened_on', 'rls_user_id'],
        rows: STORES.map((s) => ({ ...s, rls_user_id: storeManagerOf(s.store_id).user_id })),
      },
      { table: 'app_users', columns: ['user_id', 'email', 'display_name', 'role', 'store_id', 'region_id', 'is_active'], rows: USERS },
      { table: 'categories', columns: ['category_id', 'category_name'], rows: catalogue.categories },
      { table: 'product_types', columns: ['type_id', 'category_id', 'type_name'], rows: catalogue.productTypes },
    ] satisfies Load[]) {
      await insertRows(tx, l);
      counts[l.table] = l.rows.length;
    }
    // Bulk paths load the big tables without their foreign keys and secondary indexes, then put them
    // back: each key checked once and each index built once (measured below, in the README).
    const restoreKeys = bulk || useCopy ? await deferKeysAndIndexes(tx, ['customers', 'inventory', 'orders', 'order_items']) : undefined;
    await load(
      {
        table: 'products',
        columns: ['product_id', 'sku', 'product_name', 'category_id', 'type_id', 'cost', 'base_price', 'gross_margin_percent', 'product_description'],
        rows: catalogue.products,
      },
      { table: 'customers', columns: ['customer_id', 'first_name', 'last_name', 'email', 'phone', 'store_id', 'created_on'], rows: customers },
      { table: 'inventory', columns: ['store_id', 'product_id', 'stock_level', 'reorder_point'], rows: generateInventory(catalogue, seed) },
    );
    log(`seed: ${counts.products} products in ${counts.categories} categories, ${counts.customers} customers, ${counts.inventory} inventory rows`);

    const plan = planOrders(catalogue, { scale, seed, world });
    const progress = options.progress === false ? null : createProgress('seed orders', plan.totalOrders, { log });
    counts.orders = 0;
    counts.order_items = 0;
    for (const month of generateOrders(catalogue, customers, { scale, seed, world })) {
      await load(
        { table: 'orders', columns: ['order_id', 'customer_id', 'store_id', 'order_date'], rows: month.orders },
        {
          table: 'order_items',
          columns: ['order_item_id', 'order_id', 'store_id', 'product_id', 'quantity', 'unit_price', 'discount_percent', 'discount_amount', 'total_amount'],
          rows: month.items,
        },
      );
      progress?.tick(month.orders.length);
    }
    progress?.done();
    await restoreKeys?.();

    for (const [table, column] of SERIALS) {
      await tx.unsafe(
        `select setval(pg_get_serial_sequence('retail.${table}', '${column}'), coalesce((select max(${column}) from retail.${table}), 0) + 1, false)`,
      );
    }
    await tx.unsafe(`analyze ${TABLES.map((t) => `retail.${t}`).join(', ')}`);
    log(`seed: ${counts.orders} orders, ${counts.order_items} order lines; done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    const { asOf, start, end } = world.window;
    log(`seeded as of ${asOf} (orders ${start} .. ${end})`);
    return { seeded: true, counts, window: world.window };
  });
}

/** A half-seeded database (stores empty, other tables not) would fail on duplicate keys: say so clearly. */
async function assertEmpty(tx: Tx): Promise<void> {
  const probes = TABLES.map((t) => `select '${t}' as name where exists (select 1 from retail.${t})`).join(' union all ');
  const filled = (await tx.unsafe(probes)) as unknown as { name: string }[];
  if (filled.length > 0) {
    throw new Error(`Cannot seed: retail.stores is empty but ${filled.map((r) => `retail.${r.name}`).join(', ')} already hold rows. Seed an empty database.`);
  }
}

async function isPglite(tx: Tx): Promise<boolean> {
  const [{ version }] = (await tx`select version() as version`) as unknown as [{ version: string }];
  return /pglite/i.test(version);
}

// ---- writers --------------------------------------------------------------------------------

/** COPY text format: backslash, tab, newline and carriage return are escaped; null is \N. */
export function copyField(value: Value | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value !== 'string') return String(value);
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

interface Load {
  table: string;
  columns: readonly string[];
  rows: readonly Row[];
}

const STAGE = 'seed_stage';
const STAGE_WIDTH = 9; // the widest table loaded through the stage (products, order_items)

/**
 * PostgreSQL refuses COPY FROM into a table whose RLS applies to the current user, and FORCE makes
 * it apply to retail_owner. So rows are COPYed into an all-text temp table (no RLS, no constraints),
 * tagged with their target, and one INSERT ... SELECT with casts per table moves them in under the
 * owner's policy. With text columns the COPY itself cannot fail on data: every constraint error
 * surfaces on a normal statement (a failed COPY after end() never settles in postgres.js 3.4,
 * porsager/postgres#1173). Several tables share one COPY because each COPY's end costs a ~40 ms
 * Nagle/delayed-ACK stall (postgres.js does not set TCP_NODELAY).
 */
async function copyLoads(tx: Tx, loads: readonly Load[]): Promise<void> {
  const cols = Array.from({ length: STAGE_WIDTH }, (_, i) => `c${i + 1}`);
  await tx.unsafe(`create temp table if not exists ${STAGE} (t smallint, ${cols.map((c) => `${c} text`).join(', ')}) on commit drop`);
  await tx.unsafe(`truncate ${STAGE}`);

  const stream = await tx.unsafe(`copy ${STAGE} (t, ${cols.join(', ')}) from stdin`).writable();
  const finished = new Promise<void>((resolve, reject) => {
    stream.once('finish', resolve);
    stream.once('error', reject);
  });
  let chunk: string[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    const text = chunk.join('');
    chunk = [];
    // Respect backpressure so a large month never piles up in memory.
    if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', resolve));
  };
  const padding = (n: number) => '\t\\N'.repeat(STAGE_WIDTH - n);
  for (const [t, l] of loads.entries()) {
    if (l.columns.length > STAGE_WIDTH) throw new Error(`seed stage is too narrow for retail.${l.table}`);
    const pad = padding(l.columns.length);
    for (const row of l.rows) {
      const record = row as Record<string, Value>;
      chunk.push(`${t}\t${l.columns.map((c) => copyField(record[c])).join('\t')}${pad}\n`);
      if (chunk.length >= 2000) await flush();
    }
  }
  await flush();
  stream.end();
  await finished;

  for (const [t, l] of loads.entries()) {
    const types = await columnTypes(tx, l.table);
    const casts = l.columns.map((c, i) => `c${i + 1}::${types.get(c) ?? 'text'}`).join(', ');
    await tx.unsafe(`insert into retail.${l.table} (${l.columns.join(', ')}) select ${casts} from ${STAGE} where t = ${t}`);
  }
}

const typeCache = new WeakMap<Tx, Map<string, Map<string, string>>>();

/** Column name -> declared type (e.g. numeric(10,2)) from the catalog, once per table and transaction. */
async function columnTypes(tx: Tx, table: string): Promise<Map<string, string>> {
  const perTx = typeCache.get(tx) ?? new Map<string, Map<string, string>>();
  typeCache.set(tx, perTx);
  const cached = perTx.get(table);
  if (cached) return cached;
  const rows = (await tx`
    select attname as name, format_type(atttypid, atttypmod) as type
      from pg_attribute
     where attrelid = ${`retail.${table}`}::regclass and attnum > 0 and not attisdropped`) as unknown as { name: string; type: string }[];
  const types = new Map(rows.map((r) => [r.name, r.type]));
  perTx.set(table, types);
  return types;
}

async function insertRows(tx: Tx, { table, columns, rows }: Load): Promise<void> {
  // Small batches: PGlite parses large multi-row statements slowly; 500 rows measured best there.
  const batchSize = Math.min(500, Math.floor(30_000 / columns.length));
  for (let i = 0; i < rows.length; i += batchSize) {
    const batch = rows.slice(i, i + batchSize) as Record<string, Value>[];
    await tx`insert into ${tx(`retail.${table}`)} ${tx(batch, columns as string[])}`;
  }
}
