// The PostgreSQL seed path: each big table in one COPY FROM STDIN straight into the table, inside the
// seed's transaction, with the tables relaxed for the load and put back before it commits
// (load-window.ts). The order lines stream while they are generated, so the generator and the
// server's parsing run on separate cores.
import type postgres from 'postgres';
import type { Catalogue } from './catalogue.js';
import { copyInto } from './copy-stream.js';
import { copyLines, itemBytes, orderBytes } from './copy-text.js';
import { DailySummary, SUMMARY_COLUMNS } from './daily-summary.js';
import { openLoadWindow } from './load-window.js';
import type { PhaseTimer } from './phases.js';
import type { Customer, InventoryRow, MonthChunk } from './world.js';

type Tx = postgres.TransactionSql<Record<string, unknown>>;

export const PRODUCT_COLUMNS = [
  'product_id',
  'sku',
  'product_name',
  'category_id',
  'type_id',
  'cost',
  'base_price',
  'gross_margin_percent',
  'product_description',
];
export const CUSTOMER_COLUMNS = ['customer_id', 'first_name', 'last_name', 'email', 'phone', 'store_id', 'created_on'];
export const INVENTORY_COLUMNS = ['store_id', 'product_id', 'stock_level', 'reorder_point'];
export const ORDER_COLUMNS = ['order_id', 'customer_id', 'store_id', 'order_date'];
export const ITEM_COLUMNS = [
  'order_item_id',
  'order_id',
  'store_id',
  'product_id',
  'quantity',
  'unit_price',
  'discount_percent',
  'discount_amount',
  'total_amount',
];

/** The tables the window relaxes: the big ones, and the summary the seed writes itself. */
const WINDOW_TABLES = ['customers', 'inventory', 'orders', 'order_items', 'sales_daily_store'];

export interface CopyWorldInput {
  catalogue: Catalogue;
  customers: Customer[];
  inventory: InventoryRow[];
  months: Iterable<MonthChunk>;
  /** Called once a month's rows are generated (progress). */
  onMonth?: (month: MonthChunk) => void;
}

/** Loads products, customers, inventory, orders, their lines and the daily summary; returns row counts. */
export async function copyWorld(tx: Tx, input: CopyWorldInput, phases: PhaseTimer): Promise<Record<string, number>> {
  const { catalogue, customers, inventory } = input;
  const restore = await openLoadWindow(tx, WINDOW_TABLES);
  await copyInto(tx, 'products', PRODUCT_COLUMNS, [copyLines(catalogue.products, PRODUCT_COLUMNS)]);
  await copyInto(tx, 'customers', CUSTOMER_COLUMNS, [copyLines(customers, CUSTOMER_COLUMNS)]);
  await copyInto(tx, 'inventory', INVENTORY_COLUMNS, [copyLines(inventory, INVENTORY_COLUMNS)]);
  phases.lap('products, customers, inventory');

  // One connection runs one COPY at a time: the lines stream, and the orders (a fifth of the bytes)
  // wait in memory for their own COPY, as bytes. The daily summary is summed on the way.
  const orderText: Buffer[] = [];
  const summary = new DailySummary(catalogue);
  let orders = 0;
  let lines = 0;
  function* lineText(): Generator<Buffer> {
    for (const month of input.months) {
      orderText.push(orderBytes(month.orders));
      summary.add(month);
      orders += month.orders.length;
      lines += month.items.length;
      input.onMonth?.(month);
      yield itemBytes(month.items);
    }
  }
  await copyInto(tx, 'order_items', ITEM_COLUMNS, lineText());
  phases.lap('order lines generated and copied');
  await copyInto(tx, 'orders', ORDER_COLUMNS, orderText);
  await copyInto(tx, 'sales_daily_store', SUMMARY_COLUMNS, [summary.copyText()]);
  phases.lap('orders and daily summary copied');

  await restore();
  phases.lap('keys and indexes');
  return { products: catalogue.products.length, customers: customers.length, inventory: inventory.length, orders, order_items: lines };
}
