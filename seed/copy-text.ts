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

// The two big tables, written field by field straight into bytes: every field is a number, or a
// date or amount the generator formatted itself (ASCII, nothing to escape), so millions of lines
// skip the generic path and its garbage. The column order is ORDER_COLUMNS and ITEM_COLUMNS
// (copy-load.ts); a unit test holds the bytes equal to copyLines.

const TAB = 9;
const NEWLINE = 10;

/** Appends ASCII fields to a buffer that grows as needed. */
class LineWriter {
  private buf: Buffer;
  private at = 0;

  constructor(expectedBytes: number) {
    this.buf = Buffer.allocUnsafe(Math.max(expectedBytes, 256));
  }

  /** Room for one more line of at most `bytes`. */
  reserve(bytes: number): void {
    if (this.at + bytes <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + bytes));
    this.buf.copy(bigger, 0, 0, this.at);
    this.buf = bigger;
  }

  field(value: number | string, last = false): void {
    this.at += this.buf.write(typeof value === 'number' ? `${value}` : value, this.at, 'latin1');
    this.buf[this.at++] = last ? NEWLINE : TAB;
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.at);
  }
}

/** The most bytes a number field can take (a double's longest decimal form is 22 characters). */
const NUMBER_BYTES = 22;

export function orderBytes(rows: readonly OrderRow[]): Buffer {
  const out = new LineWriter(rows.length * 32);
  for (const o of rows) {
    out.reserve(3 * NUMBER_BYTES + o.order_date.length + 4);
    out.field(o.order_id);
    out.field(o.customer_id);
    out.field(o.store_id);
    out.field(o.order_date, true);
  }
  return out.bytes();
}

export function itemBytes(rows: readonly OrderItemRow[]): Buffer {
  const out = new LineWriter(rows.length * 64);
  for (const i of rows) {
    out.reserve(5 * NUMBER_BYTES + i.unit_price.length + i.discount_percent.length + i.discount_amount.length + i.total_amount.length + 9);
    out.field(i.order_item_id);
    out.field(i.order_id);
    out.field(i.store_id);
    out.field(i.product_id);
    out.field(i.quantity);
    out.field(i.unit_price);
    out.field(i.discount_percent);
    out.field(i.discount_amount);
    out.field(i.total_amount, true);
  }
  return out.bytes();
}
