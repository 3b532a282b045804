// COPY's text format, shared by the PostgreSQL COPY and PGlite's in-process COPY.
import type { OrderItemRow, OrderRow } from './world.js';

export type Value = string | number | boolean | null;

/** COPY text format: backslash, tab, newline and carriage return are escaped; null is \N. */
export function copyField(value: Value | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value !== 'string') return String(value);
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** The rows as COPY text lines, one per row, reading only the listed columns. */
export function copyLines(rows: readonly object[], columns: readonly string[]): string {
  let text = '';
  for (const row of rows) {
    const record = row as Record<string, Value>;
    text += `${columns.map((c) => copyField(record[c])).join('\t')}\n`;
  }
  return text;
}

// The two big tables, written field by field: every field is a number or a date or amount the
// generator formatted itself, so nothing needs escaping, and millions of lines skip the generic path.
// The column order is ORDER_COLUMNS and ITEM_COLUMNS (copy-load.ts); a unit test holds them equal
// to copyLines.

export function orderLines(rows: readonly OrderRow[]): string {
  let text = '';
  for (const o of rows) text += `${o.order_id}\t${o.customer_id}\t${o.store_id}\t${o.order_date}\n`;
  return text;
}

export function itemLines(rows: readonly OrderItemRow[]): string {
  let text = '';
  for (const i of rows) {
    text += `${i.order_item_id}\t${i.order_id}\t${i.store_id}\t${i.product_id}\t${i.quantity}\t${i.unit_price}\t${i.discount_percent}\t${i.discount_amount}\t${i.total_amount}\n`;
  }
  return text;
}
