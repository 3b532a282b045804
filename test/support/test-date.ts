// The date the tests pin: the seed is generated "as of" it (its 24 months end the day before) and
// the server's clock says it is today, so periods such as "last month" give the same rows on any day.
export const TEST_AS_OF = '2026-11-01';
