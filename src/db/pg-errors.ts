// SQLSTATE → AppError, in one table. A pure function: it returns null for errors it does not
// recognise, and the caller turns those into INTERNAL with the details in the log only.
// Messages never repeat PostgreSQL's own text: that can quote SQL, values or other tenants' ids.
import { AppError, type ErrorCode } from '../errors.js';

interface Rule {
  match: (sqlstate: string) => boolean;
  code: ErrorCode;
  message: string;
}

const exact =
  (...codes: string[]) =>
  (s: string) =>
    codes.includes(s);
const klass = (prefix: string) => (s: string) => s.startsWith(prefix);

const RULES: Rule[] = [
  {
    match: exact('57014'),
    code: 'QUERY_TIMEOUT',
    message: 'The query ran longer than the statement timeout and was cancelled. Narrow it (dates, stores, LIMIT) and try again.',
  },
  { match: exact('42501'), code: 'FORBIDDEN', message: 'Permission denied: this query touches something your role may not read or do.' },
  { match: exact('25006'), code: 'FORBIDDEN', message: 'This server is read-only; the query tried to change data.' },
  { match: exact('42P01'), code: 'QUERY_FAILED', message: 'The query names a table that does not exist. Call get_multiple_table_schemas to see the tables.' },
  { match: exact('42703'), code: 'QUERY_FAILED', message: 'The query names a column that does not exist. Call get_multiple_table_schemas to see the columns.' },
  {
    match: exact('42883'),
    code: 'QUERY_FAILED',
    message: 'The query calls a function or operator that does not exist for these argument types. Add explicit casts.',
  },
  { match: exact('42601'), code: 'QUERY_FAILED', message: 'The query has a syntax error.' },
  { match: exact('42803'), code: 'QUERY_FAILED', message: 'A column must appear in GROUP BY or be used in an aggregate.' },
  {
    match: exact('42804', '42846', '22P02', '22007', '22008'),
    code: 'QUERY_FAILED',
    message: 'A value or type in the query is invalid for its column; check casts and literals.',
  },
  { match: exact('22012'), code: 'QUERY_FAILED', message: 'The query divides by zero; guard the divisor with nullif(x, 0).' },
  { match: exact('54001'), code: 'QUERY_FAILED', message: 'The query is too complex (stack depth); simplify it.' },
  { match: klass('42'), code: 'QUERY_FAILED', message: 'The query is not valid SQL for this schema.' },
  { match: klass('22'), code: 'QUERY_FAILED', message: 'The query produced an invalid value (data exception).' },
  { match: exact('53400', '54000'), code: 'RESULT_TOO_LARGE', message: 'The query needs more memory or space than allowed; aggregate or narrow it.' },
  { match: klass('08'), code: 'DB_UNAVAILABLE', message: 'The database connection failed; try again shortly.' },
  { match: klass('53'), code: 'DB_UNAVAILABLE', message: 'The database is out of resources; try again shortly.' },
  { match: klass('57P'), code: 'DB_UNAVAILABLE', message: 'The database is restarting or shutting down; try again shortly.' },
  { match: exact('40001', '40P01'), code: 'DB_UNAVAILABLE', message: 'The query conflicted with concurrent activity; try again.' },
];

export function classifyPgError(err: unknown): AppError | null {
  // Checked first: EPIPE and the like are five capitals too, but not SQLSTATEs.
  if (isConnectionFailure(err)) {
    return new AppError('DB_UNAVAILABLE', 'The database is unreachable; try again shortly.', { cause: err });
  }
  const sqlstate = (err as { code?: unknown })?.code;
  if (typeof sqlstate === 'string' && /^[0-9A-Z]{5}$/.test(sqlstate)) {
    const rule = RULES.find((r) => r.match(sqlstate));
    return rule ? new AppError(rule.code, rule.message, { cause: err }) : null;
  }
  return null;
}

/** Node's socket codes, and postgres.js's own: CONNECT_TIMEOUT (DB_CONNECT_TIMEOUT_S), CONNECTION_CLOSED / _DESTROYED / _ENDED. */
const CONNECTION_CODES =
  /^(ECONNREFUSED|ECONNRESET|ECONNABORTED|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENETDOWN|EHOSTDOWN|ENOTFOUND|EAI_AGAIN|CONNECT_TIMEOUT|CONNECTION_\w+)$/;

/** A failure to reach or keep a connection (not an answer from the database): always retryable. */
export function isConnectionFailure(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  if (typeof code === 'string' && CONNECTION_CODES.test(code)) return true;
  // Node's happy-eyeballs connect (a host name with several addresses) fails with an AggregateError.
  const inner = (err as { errors?: unknown })?.errors;
  return Array.isArray(inner) && inner.length > 0 && inner.every((e) => isConnectionFailure(e));
}
