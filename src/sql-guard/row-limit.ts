// The model's SELECT with the server's row cap (N+1 rows: the extra one proves truncation), as one
// plain statement, which PostgreSQL may plan in parallel (a cursor never is). Its text is kept as
// written (ORDER BY, comments, multi-byte characters), less a trailing semicolon. Two shapes:
// - a plain listing gets `limit N+1` appended, so the planner may stop early: an index scan in
//   ORDER BY order instead of sorting the whole table;
// - a statement that groups, is DISTINCT or has a LIMIT of its own runs inside a materialized CTE,
//   with the cap outside it. PostgreSQL plans a CTE for its whole result, so the statement gets the
//   plan it gets alone, and still computes only the rows the cap reads. An appended LIMIT there made
//   the planner trade the parallel hash plan for a serial fast-start one on the guess that the
//   groups outnumber the cap (a regional daily revenue, 90 rows guessed as 730: +6%, 80 rounds), and
//   two LIMIT clauses are a syntax error. The CTE scan hands rows on in the statement's own order.
import type { ParseResult } from 'libpg-query';

interface SelectShape {
  limitCount?: unknown;
  groupClause?: unknown[];
  distinctClause?: unknown[];
}

export function withRowLimit(sqlText: string, tree: ParseResult, rows: number): string | undefined {
  const raw = tree.stmts?.[0];
  const select = (raw?.stmt as { SelectStmt?: SelectShape } | undefined)?.SelectStmt;
  if (!raw || !select) return undefined;
  // The parser's locations are byte offsets into the UTF-8 text; stmt_len 0 means "to the end".
  const bytes = Buffer.from(sqlText, 'utf8');
  const start = raw.stmt_location ?? 0;
  const statement = bytes.subarray(start, raw.stmt_len ? start + raw.stmt_len : bytes.length).toString('utf8');
  // Line breaks around the statement, so a trailing `-- comment` cannot swallow what follows.
  const plannedWhole = select.limitCount !== undefined || select.groupClause !== undefined || select.distinctClause !== undefined;
  return plannedWhole ? `with model_query as materialized (\n${statement}\n)\nselect * from model_query limit ${rows}` : `${statement}\nlimit ${rows}`;
}
