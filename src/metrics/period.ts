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
  kind: Exclude<Comparison, 'none'>;
  /**
   * What to add to a comparison date to land on the matching bucket of the period, as a PostgreSQL
   * interval: calendar months or a year for month, quarter and year buckets, where month ends must
   * clamp; a whole number of days for day, week and weekday buckets, where they must not (see
   * shiftFor).
   */
  monthShift: string;
  /** The comparison's offset in days: from comparison.from to period.from. */
  days: number;
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

/** Years outside this range are refused: Date.UTC reads 0-99 as 1900-1999, and nobody means them. */
const YEARS = { min: 1900, max: 2999 };

function isRealDate(iso: string): boolean {
  const year = Number(iso.slice(0, 4));
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) && year >= YEARS.min && year <= YEARS.max && !Number.isNaN(toDay(iso)) && fromDay(toDay(iso)) === iso;
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
  if (/^\d{4}$/.test(s)) {
    if (!isRealDate(`${s}-01-01`)) throw bad(spec, 'no such year');
    return months(`${s}-01-01`, 12);
  }
  const month = /^(\d{4})-(\d{2})$/.exec(s);
  if (month) {
    if (!isRealDate(`${s}-01`)) throw bad(spec, 'no such month');
    return months(`${s}-01`, 1);
  }
  const quarter = /^(\d{4})-q([1-4])$/.exec(s);
  if (quarter) {
    const first = `${quarter[1]}-${String(3 * Number(quarter[2]) - 2).padStart(2, '0')}-01`;
    if (!isRealDate(first)) throw bad(spec, 'no such year');
    return months(first, 3);
  }
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
  const range = (kind: ComparisonRange['kind'], r: DateRange, monthShift: string): ComparisonRange => ({
    kind,
    ...r,
    monthShift,
    days: toDay(period.from) - toDay(r.from),
  });
  if (comparison === 'last_year') {
    // Whole months compare with the same whole months (a February ends on the 29th in a leap year).
    const r = period.months ? months(monthStart(period.from, -12), period.months) : { from: addYears(period.from, -1), to: addYears(period.to, -1) };
    return range('last_year', { from: r.from, to: r.to }, '1 year');
  }
  if (period.months) {
    return range('previous_period', { from: monthStart(period.from, -period.months), to: addDays(period.from, -1) }, `${period.months} months`);
  }
  const days = toDay(period.to) - toDay(period.from) + 1;
  return range('previous_period', { from: addDays(period.from, -days), to: addDays(period.from, -1) }, `${days} days`);
}

/**
 * The interval that moves comparison dates onto the period's buckets for these time dimensions.
 * Day, week and weekday buckets move by whole days (last year's same weekday for week and weekday:
 * 364 days), so no two dates clamp onto one month end; month, quarter and year buckets move by
 * calendar months, where a shorter month's end must clamp.
 */
export function shiftFor(c: ComparisonRange, timeDimensions: readonly string[]): string {
  const weekly = timeDimensions.some((d) => d === 'week' || d === 'weekday');
  if (weekly && c.kind === 'last_year') return '364 days';
  if (weekly || timeDimensions.includes('day')) return `${c.days} days`;
  return c.monthShift;
}

/** The 28 days before today, for days of cover. */
export function recentRange(today: string): DateRange {
  return { from: addDays(today, -28), to: addDays(today, -1) };
}
