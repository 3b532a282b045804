// The SQL guard: the first defence for model-written SQL. Accepts exactly one read-only SELECT over
// the retail schema using allow-listed functions; row-level security remains the real boundary.

import type { ParseResult } from 'libpg-query';
import { AppError } from '../errors.js';
import { parseQuery } from './parse.js';
import { reject } from './reject.js';
import { describeStatement } from './statement-kind.js';
import { checkSelectTree } from './walk.js';

export { RETAIL_RELATIONS } from './allowed-relations.js';

/** Longest query text the guard will parse; the parser's memory and time grow with it. */
export const MAX_QUERY_LENGTH = 100_000;

/**
 * Throws AppError('SQL_REJECTED') unless `sqlText` is a single safe SELECT. The parse tree is handed
 * to `parsed.sqlTree` as soon as it exists, rejected or not, so the audit never parses again.
 */
export async function requireSafeSelect(sqlText: string, parsed: { sqlTree?: ParseResult } = {}): Promise<void> {
  if (typeof sqlText !== 'string' || sqlText.trim() === '') reject('The query is empty; send a single SELECT statement.');
  if (sqlText.length > MAX_QUERY_LENGTH) reject(`The query is too long (more than ${MAX_QUERY_LENGTH} characters).`);
  // The parser reads a C string and would stop at NUL, checking less than the server might run.
  if (sqlText.includes('\0')) reject('The query contains a NUL character.');

  parsed.sqlTree = await parseQuery(sqlText);
  const { stmts = [] } = parsed.sqlTree;
  if (stmts.length === 0) reject('The query is empty; send a single SELECT statement.');
  // Stacked statements are refused whatever they are: `select 1; commit; ...` escapes the read-only transaction.
  if (stmts.length > 1) reject(`Only a single SELECT statement is allowed; this query has ${stmts.length} statements.`);

  const stmt: unknown = stmts[0]?.stmt;
  const tag = stmt !== null && typeof stmt === 'object' ? Object.keys(stmt)[0] : undefined;
  const body: unknown = tag !== undefined ? (stmt as Record<string, unknown>)[tag] : undefined;
  if (tag === undefined) reject('The query could not be parsed.');
  // EXPLAIN is refused too: EXPLAIN ANALYZE executes its statement.
  if (tag !== 'SelectStmt') reject(`Only a single SELECT statement is allowed; this is ${describeStatement(tag, body)}.`);

  try {
    checkSelectTree(body);
  } catch (err) {
    if (err instanceof AppError) throw err;
    // Fail closed: a walker bug must refuse the query, not let it through.
    throw new AppError('SQL_REJECTED', 'The query could not be checked.', { cause: err });
  }
}
