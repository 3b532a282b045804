// The compact text form of tabular results: one summary line, then the rows as RFC 4180 CSV with the
// header sent once, fenced as untrusted data. Measured against NDJSON (one JSON object per row), CSV
// repeats no keys, quotes, braces or colons, which roughly halves the tokens of a wide result.
import { fenceUntrusted } from './tool.js';

/** One CSV field: quoted only when it holds a comma, quote, CR or LF (RFC 4180); objects as JSON. */
function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const lines = [columns.map(csvField).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c])).join(','));
  return lines.join('\n');
}

/** `summary` is the server's own words; everything in `rows` came from the database. */
export function toCompactText(summary: string, columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  return rows.length === 0 ? summary : `${summary}\n${fenceUntrusted(toCsv(columns, rows))}`;
}
