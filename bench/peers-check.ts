// bench:peers helpers: compare rows across drivers and answer formats, and read a process's CPU time.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export type Row = Record<string, unknown>;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const DECIMAL = /^-?\d+(?:\.\d+)?$/;

/**
 * One value in a form every target agrees on: drivers and servers differ in how they spell the same
 * datum (numeric and bigint as strings or numbers, `12.50` or `12.5`; a date as 'YYYY-MM-DD', a JS
 * Date, or an ISO timestamp at midnight UTC). Numbers compare as numbers, dates and timestamps as
 * epoch milliseconds, everything else as JSON.
 */
function canonicalValue(v: unknown): unknown {
  if (v instanceof Date) return `t:${v.getTime()}`;
  if (typeof v === 'bigint') return `n:${Number(v)}`;
  if (typeof v === 'number') return `n:${v}`;
  if (typeof v === 'string') {
    if (DECIMAL.test(v)) return `n:${Number(v)}`;
    if (ISO_DATE.test(v)) {
      const t = Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v);
      if (!Number.isNaN(t)) return `t:${t}`;
    }
    return `s:${v}`;
  }
  return v;
}

/** Rows as one comparable string: column names and canonical values, rows in their order. */
export function canonicalRows(rows: readonly Row[]): string {
  return JSON.stringify(
    rows.map((r) =>
      Object.keys(r)
        .sort()
        .map((k) => [k, canonicalValue(r[k])]),
    ),
  );
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU time of a process in milliseconds, from /proc/<pid>/stat (fields 14 and 15). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces and parentheses: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / CLOCK_TICKS;
}

export function clockTicksPerSecond(): number {
  return CLOCK_TICKS;
}

/**
 * CPU milliseconds of every PostgreSQL backend serving `database`, by pid: backends are found by
 * their process title ("postgres: <cluster>: <user> <database> <client> <state>"), so no query
 * is sent and nothing is added to the load being measured.
 */
export function databaseBackendsCpuMs(database: string): Map<number, number> {
  const found = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!title.startsWith('postgres: ') || !title.split(' ').includes(database)) continue;
      found.set(Number(entry), processCpuMs(Number(entry)));
    } catch {
      /* the process ended meanwhile */
    }
  }
  return found;
}

/** CPU used between two snapshots; a backend born in between counts in full, one that ended is lost. */
export function cpuDeltaMs(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}
