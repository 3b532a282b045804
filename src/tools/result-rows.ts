// Turns database rows into JSON-safe values under a row cap and a byte cap, reporting truncation
// honestly. The row cap is enforced upstream with a +1 probe row; this enforces the byte cap.

export type JsonRow = Record<string, unknown>;

export interface CappedRows {
  rows: JsonRow[];
  bytes: number;
  truncated: boolean;
  truncated_reason: 'rows' | 'bytes' | null;
}

function toJsonValue(v: unknown): unknown {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (typeof v === 'bigint') return v.toString();
  if (Buffer.isBuffer(v)) return `\\x${v.toString('hex')}`;
  return v;
}

/** `fetched` may hold maxRows + 1 rows: the extra one only proves there were more. */
export function capRows(fetched: readonly JsonRow[], maxRows: number, maxBytes: number): CappedRows {
  const rows: JsonRow[] = [];
  let bytes = 2;
  for (const raw of fetched.slice(0, maxRows)) {
    const row = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, toJsonValue(v)]));
    const size = Buffer.byteLength(JSON.stringify(row)) + 1;
    if (bytes + size > maxBytes) return { rows, bytes, truncated: true, truncated_reason: 'bytes' };
    rows.push(row);
    bytes += size;
  }
  const more = fetched.length > maxRows;
  return { rows, bytes, truncated: more, truncated_reason: more ? 'rows' : null };
}

const TYPE_NAMES: Record<number, string> = {
  16: 'boolean',
  20: 'bigint',
  21: 'smallint',
  23: 'integer',
  25: 'text',
  700: 'real',
  701: 'double precision',
  1043: 'varchar',
  1042: 'char',
  1082: 'date',
  1083: 'time',
  1114: 'timestamp',
  1184: 'timestamptz',
  1186: 'interval',
  1700: 'numeric',
  2950: 'uuid',
  114: 'json',
  3802: 'jsonb',
  17: 'bytea',
  1007: 'integer[]',
  1009: 'text[]',
  1016: 'bigint[]',
};

export function typeName(oid: number): string {
  return TYPE_NAMES[oid] ?? 'other';
}
