// retail.sales_daily_store for the generated orders, summed while they are generated. Its triggers
// would otherwise aggregate every order line again inside the database (they are off during the
// COPY load, see load-window.ts); the sums follow refresh_sales_daily_store() (migration 018), and
// test/integration/seed-load.test.ts proves the rows equal to what that function rebuilds.
import { type Catalogue, formatCents } from './catalogue.js';
import type { MonthChunk } from './world.js';

export const SUMMARY_COLUMNS = ['store_id', 'day', 'orders', 'units', 'gross_sales', 'discount_amount', 'net_revenue', 'cost_of_goods'] as const;

interface StoreDay {
  storeId: number;
  day: string;
  orders: number;
  units: number;
  /** Money in whole cents: exact, like the numeric columns it ends up in. */
  gross: number;
  discount: number;
  net: number;
  cost: number;
}

/** "12.30" -> 1230: the generator writes money with exactly two decimals, so rounding is exact. */
const cents = (money: string): number => Math.round(Number(money) * 100);

export class DailySummary {
  private readonly days = new Map<string, StoreDay[]>();
  private readonly priceCents: number[] = [];
  private readonly costCents: number[] = [];

  constructor(catalogue: Catalogue) {
    for (const p of catalogue.products) {
      this.priceCents[p.product_id] = p.price_cents;
      this.costCents[p.product_id] = p.cost_cents;
    }
  }

  add({ orders, items }: MonthChunk): void {
    if (orders.length === 0) return;
    const firstOrderId = orders[0]!.order_id;
    /** The store-day of each order, by its position in the month. */
    const rows: StoreDay[] = [];
    for (const o of orders) {
      const row = this.row(o.store_id, o.order_date);
      row.orders++;
      rows.push(row);
    }
    for (const i of items) {
      // A month's lines belong to that month's orders, whose ids are consecutive.
      const row = rows[i.order_id - firstOrderId]!;
      row.units += i.quantity;
      row.gross += i.quantity * this.priceCents[i.product_id]!;
      row.discount += cents(i.discount_amount);
      row.net += cents(i.total_amount);
      row.cost += i.quantity * this.costCents[i.product_id]!;
    }
  }

  /** COPY text of every store-day with orders, in (store, day) order. */
  copyText(): string {
    const all = [...this.days.values()].flat().sort((a, b) => a.storeId - b.storeId || (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
    let text = '';
    for (const r of all) {
      text += `${r.storeId}\t${r.day}\t${r.orders}\t${r.units}\t${formatCents(r.gross)}\t${formatCents(r.discount)}\t${formatCents(r.net)}\t${formatCents(r.cost)}\n`;
    }
    return text;
  }

  private row(storeId: number, day: string): StoreDay {
    let stores = this.days.get(day);
    if (!stores) {
      stores = [];
      this.days.set(day, stores);
    }
    let row = stores[storeId];
    if (!row) {
      row = { storeId, day, orders: 0, units: 0, gross: 0, discount: 0, net: 0, cost: 0 };
      stores[storeId] = row;
    }
    return row;
  }
}
