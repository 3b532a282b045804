// The model's SELECT with a row cap of the server's own, when the statement has no LIMIT: it then
// runs as one plain statement, which PostgreSQL may plan in parallel (a cursor never is), and its own
// ORDER BY is untouched because only a LIMIT clause is appended to its text. A statement with a LIMIT
// of its own keeps the cursor path (two LIMIT clauses are a syntax error).
import type { ParseResult } from 'libpg-query';

export function withRowLimit(sqlText: string, tree: ParseResult, rows: number): string | undefined {
  const raw = tree.stmts?.[0];
  const select = (raw?.stmt as { SelectStmt?: { limitCount?: unknown } } | undefined)?.SelectStmt;
  if (!raw || !select || select.limitCount !== undefined) return undefined;
  // The parser's locations are byte offsets into the UTF-8 text; stmt_len 0 means "to the end". The
  // statement's own text leaves out a trailing semicolon, which would end it before our LIMIT.
  const bytes = Buffer.from(sqlText, 'utf8');
  const start = raw.stmt_location ?? 0;
  const statement = bytes.subarray(start, raw.stmt_len ? start + raw.stmt_len : bytes.length).toString('utf8');
  // On a line of its own, so a trailing `-- comment` cannot swallow it.
  return `${statement}\nlimit ${rows}`;
}
