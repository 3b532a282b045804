// Periods and comparisons, anchored on the one clock's "today". Rolling periods end yesterday, so
// they hold complete days only; calendar periods are whole months, quarters or years.
import { AppError } from '../errors.js';

export interface DateRange {
  /** Inclusive, YYYY-MM-DD. */
  from: string;
  /** Inclusive, YYYY-MM-DD. */
  to: string;
}

export interface Period extends DateRange {
  /** Whole calendar months: the previous period then shifts by months, not days. */
  months?: number;
}

export type Comparison = 'none' | 'previous_period' | 'last_year';

export interface ComparisonRange extends DateRange {
  /** What to add to a comparison date to land on the matching date of the period (a PostgreSQL interval). */
  shift: string;
}

export const PERIOD_HELP =
  'last-N-days|weeks|months|quarters, this-month, last-month, this-quarter, last-quarter, this-year, last-year, ' +
  'YYYY, YYYY-MM, YYYY-Qn, or FROM..TO (YYYY-MM-DD..YYYY-MM-DD)';

const DAY_MS = 86_400_000;
const toDay = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const fromDay = (d: number) => new Date(d * DAY_MS).toISOString().slice(0, 10);
const addDays = (iso: string, n: number) => fromDay(toDay(iso) + n);

/** First day of the month `delta` months from the month of `iso`. */
function monthStart(iso: string, delta = 0): string {
  const [y, m] = iso.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + delta, 1));
  return d.toISOString().slice(0, 10);
}

/** The same calendar date `years` years away; 29 February becomes 28 February (as in PostgreSQL). */
function addYears(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return `${y + years}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

function isRealDate(iso: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) && !Number.isNaN(toDay(iso)) && fromDay(toDay(iso)) === iso;
}

function months(from: string, count: number): Period {
  return { from, to: addDays(monthStart(from, count), -1), months: count };
}

const bad = (spec: string, why: string) => new AppError('BAD_INPUT', `Period "${spec.slice(0, 40)}": ${why}. Use ${PERIOD_HELP}.`);

export function parsePeriod(spec: string, today: string): Period {
  const s = spec.trim().toLowerCase();
  const yesterday = addDays(today, -1);
  const thisMonth = monthStart(today);
  const quarterStart = monthStart(today, -((Number(today.slice(5, 7)) - 1) % 3));
  const rolling = /^last-(\d{1,4})-(day|week|month|quarter)s?$/.exec(s);
  if (rolling) {
    const n = Number(rolling[1]);
    const unit = rolling[2]!;
    if (n < 1 || n > (unit === 'day' ? 3660 : unit === 'week' ? 520 : 120)) throw bad(spec, 'N is out of range');
    if (unit === 'day') return { from: addDays(today, -n), to: yesterday };
    // Complete ISO weeks before the current one.
    if (unit === 'week') {
      const monday = addDays(today, -((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7));
      return { from: addDays(monday, -7 * n), to: addDays(monday, -1) };
    }
    const count = unit === 'month' ? n : 3 * n;
    const end = unit === 'month' ? thisMonth : quarterStart;
    return months(monthStart(end, -count), count);
  }
  switch (s) {
    case 'this-month':
      return { from: thisMonth, to: today };
    case 'last-month':
      return months(monthStart(today, -1), 1);
    case 'this-quarter':
      return { from: quarterStart, to: today };
    case 'last-quarter':
      return months(monthStart(quarterStart, -3), 3);
    case 'this-year':
    case 'year-to-date':
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
    case 'last-year':
      return months(`${Number(today.slice(0, 4)) - 1}-01-01`, 12);
  }
  if (/^\d{4}$/.test(s)) return months(`${s}-01-01`, 12);
  const month = /^(\d{4})-(\d{2})$/.exec(s);
  if (month) {
    if (!isRealDate(`${s}-01`)) throw bad(spec, 'no such month');
    return months(`${s}-01`, 1);
  }
  const quarter = /^(\d{4})-q([1-4])$/.exec(s);
  if (quarter) return months(`${quarter[1]}-${String(3 * Number(quarter[2]) - 2).padStart(2, '0')}-01`, 3);
  const range = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(s);
  if (range) {
    const [, from, to] = range as unknown as [string, string, string];
    if (!isRealDate(from) || !isRealDate(to)) throw bad(spec, 'not a real date');
    if (from > to) throw bad(spec, 'FROM is after TO');
    if (toDay(to) - toDay(from) > 3660) throw bad(spec, 'longer than 10 years');
    return { from, to };
  }
  throw bad(spec, 'not understood');
}

export function comparisonRange(period: Period, comparison: Comparison): ComparisonRange | undefined {
  if (comparison === 'none') return undefined;
  if (comparison === 'last_year') return { from: addYears(period.from, -1), to: addYears(period.to, -1), shift: '1 year' };
  if (period.months) {
    const from = monthStart(period.from, -period.months);
    return { from, to: addDays(period.from, -1), shift: `${period.months} months` };
  }
  const days = toDay(period.to) - toDay(period.from) + 1;
  return { from: addDays(period.from, -days), to: addDays(period.from, -1), shift: `${days} days` };
}

/** The 28 days before today, for days of cover. */
export function recentRange(today: string): DateRange {
  return { from: addDays(today, -28), to: addDays(today, -1) };
}
