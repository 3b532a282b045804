// RFC 4180 CSV for exports: CRLF line ends, a header row, and a field quoted exactly when it holds a
// comma, a quote, CR or LF (quotes doubled). Values stay exact: numeric and bigint arrive as decimal
// strings, dates as YYYY-MM-DD, timestamps become ISO 8601 (UTC). NULL is an empty field; an empty
// string is "" so the two stay distinguishable.

const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s: string;
  if (typeof value === 'string') {
    if (value === '') return '""';
    s = value;
  } else if (value instanceof Date) {
    s = Number.isNaN(value.getTime()) ? '' : value.toISOString();
  } else if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    s = String(value);
  } else if (Buffer.isBuffer(value)) {
    s = `\\x${value.toString('hex')}`;
  } else {
    // json, jsonb and arrays: their JSON text.
    s = JSON.stringify(value);
  }
  return NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** Rows as lines, in the header's column order. */
export function csvRows(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  let out = '';
  for (const row of rows) out += csvLine(columns.map((c) => row[c]));
  return out;
}
