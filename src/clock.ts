// The one clock: everything that says "today" (get_current_utc_date, periods such as "last month",
// comparisons, days of cover) asks it, so tests and demos can pin the date (RETAIL_TODAY).
export interface Clock {
  /** The current instant; on a pinned clock, midnight UTC of the pinned day plus the real time of day. */
  now(): Date;
  /** Today's date in UTC, YYYY-MM-DD. */
  today(): string;
}

const DAY_MS = 86_400_000;

export function createClock(pinnedToday?: string): Clock {
  if (!pinnedToday) {
    return { now: () => new Date(), today: () => new Date().toISOString().slice(0, 10) };
  }
  const midnight = Date.parse(`${pinnedToday}T00:00:00Z`);
  return {
    now: () => new Date(midnight + (Date.now() % DAY_MS)),
    today: () => pinnedToday,
  };
}
