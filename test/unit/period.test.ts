// Periods and comparisons on a pinned today: whole months compare with whole months (leap days
// included), day and week buckets move by whole days, and nonsense years are refused.
import { describe, expect, it } from 'vitest';
import { comparisonRange, parsePeriod, shiftFor } from '../../src/metrics/period.js';

const TODAY = '2026-11-01';

describe('parsePeriod', () => {
  it('resolves rolling and calendar periods against today', () => {
    expect(parsePeriod('last-30-days', TODAY)).toEqual({ from: '2026-10-02', to: '2026-10-31' });
    expect(parsePeriod('last-month', TODAY)).toEqual({ from: '2026-10-01', to: '2026-10-31', months: 1 });
    expect(parsePeriod('last-12-months', TODAY)).toEqual({ from: '2025-11-01', to: '2026-10-31', months: 12 });
    expect(parsePeriod('last-quarter', TODAY)).toEqual({ from: '2026-07-01', to: '2026-09-30', months: 3 });
    expect(parsePeriod('last-2-weeks', '2026-11-04')).toEqual({ from: '2026-10-19', to: '2026-11-01' }); // Monday to Sunday
    expect(parsePeriod('2024-Q1', TODAY)).toEqual({ from: '2024-01-01', to: '2024-03-31', months: 3 });
    expect(parsePeriod('2026-01-05..2026-01-11', TODAY)).toEqual({ from: '2026-01-05', to: '2026-01-11' });
  });

  it('refuses what it cannot mean, saying which forms it takes', () => {
    for (const bad of ['0050-03', '0049', '49-03-01..49-03-02', '3000-Q1', '2026-02-30..2026-03-01', 'last-0-days', "last-30-days' or '1'='1", 'yesterday']) {
      expect(() => parsePeriod(bad, TODAY), bad).toThrow(/Use last-N-days/);
    }
  });
});

describe('comparisonRange and shiftFor', () => {
  it('compares whole months with the same whole months last year, 29 February included', () => {
    const feb = comparisonRange(parsePeriod('2025-02', TODAY), 'last_year')!;
    expect(feb).toMatchObject({ from: '2024-02-01', to: '2024-02-29', monthShift: '1 year' });
    expect(comparisonRange(parsePeriod('last-12-months', '2025-03-01'), 'last_year')).toMatchObject({ from: '2023-03-01', to: '2024-02-29' });
  });

  it('moves day buckets by whole days and week buckets by 364 days, month buckets by calendar months', () => {
    const prev = comparisonRange(parsePeriod('last-month', '2025-03-01'), 'previous_period')!;
    expect(prev).toMatchObject({ from: '2025-01-01', to: '2025-01-31', monthShift: '1 months', days: 31 });
    expect(shiftFor(prev, ['day'])).toBe('31 days'); // 31 January lands on 3 March, not on 28 February
    expect(shiftFor(prev, ['month'])).toBe('1 months');
    const ly = comparisonRange(parsePeriod('last-month', TODAY), 'last_year')!;
    expect(shiftFor(ly, ['week'])).toBe('364 days');
    expect(shiftFor(ly, ['weekday'])).toBe('364 days');
    expect(shiftFor(ly, ['day'])).toBe('365 days');
    expect(shiftFor(ly, ['store'])).toBe('1 year');
  });
});
