// execute_sales_query: one read-only SELECT written by the model, run as the caller under RLS.
// Parser guard first; then the extended protocol only (never the simple one, which would run
// stacked statements), a +1 row probe for honest truncation, a byte cap and the statement timeout.
import { z } from 'zod';
import { unsafeExtended } from '../db/extended.js';
import { AppError } from '../errors.js';
import { requireSafeSelect } from '../sql-guard/index.js';
import { withRowLimit } from '../sql-guard/row-limit.js';
import { toCompactText } from './compact-table.js';
import { capRows, type JsonRow, typeName } from './result-rows.js';
import { defineTool, UNTRUSTED_NOTE } from './tool.js';

const executeSalesQueryInput = {
  postgresql_query: z
    .string()
    .min(1)
    .max(20_000)
    .describe(
      'Exactly one PostgreSQL SELECT over the retail schema (WITH, window functions and set operations are fine). Results are limited to your stores automatically; do not filter by tenant yourself.',
    ),
  max_rows: z.number().int().min(1).optional().describe('Maximum rows to return (default 100; the server caps it).'),
};

const executeSalesQueryOutput = {
  columns: z.array(z.object({ name: z.string(), type: z.string() })).describe('Result columns and their PostgreSQL types.'),
  rows: z.array(z.record(z.string(), z.unknown())).describe('Result rows; numeric and bigint values are exact decimal strings.'),
  row_count: z.number().int().describe('Rows returned in this result.'),
  truncated: z.boolean().describe('True when the query produced more rows or bytes than returned.'),
  truncated_reason: z.enum(['rows', 'bytes']).optional().describe('Which cap truncated the result; absent when nothing was cut.'),
};

export const executeSalesQuery = defineTool({
  name: 'execute_sales_query',
  title: 'Run a read-only sales query',
  description: [
    'Runs one read-only SELECT on the retail schema and returns rows, limited by row-level security to your stores.',
    'Call get_multiple_table_schemas first for columns. Writes, settings, files and admin functions are refused.',
    UNTRUSTED_NOTE,
  ].join(' '),
  input: executeSalesQueryInput,
  output: executeSalesQueryOutput,
  async run({ deps, principal, signal, facts }, args) {
    if (deps.sqlGuard) await requireSafeSelect(args.postgresql_query, facts);
    const maxRows = Math.min(args.max_rows ?? deps.limits.rowLimitDefault, deps.limits.rowLimitMax);
    // maxRows + 1 rows at most: the extra one proves truncation. The statement runs bounded, as one
    // plain statement PostgreSQL may plan in parallel (row-limit.ts). Only with the guard switched
    // off (no parse tree) does it run as a SQL-level cursor, exactly as sent. Both go through the
    // extended protocol, which refuses a second statement even if one got past the guard.
    const bounded = facts.sqlTree ? withRowLimit(args.postgresql_query, facts.sqlTree, maxRows + 1) : undefined;
    const { fetched, columns } = await deps.withTenant(
      principal,
      async (tx) => {
        const rows = bounded
          ? await unsafeExtended(tx, bounded)
          : (
              await Promise.all([
                unsafeExtended(tx, `declare model_query no scroll cursor for\n${args.postgresql_query}\n`),
                // maxRows is a validated integer; FETCH takes no bound count.
                unsafeExtended(tx, `fetch forward ${maxRows + 1} from model_query`),
              ])
            )[1];
        return { fetched: [...rows] as JsonRow[], columns: rows.columns.map((c) => ({ name: c.name, type: typeName(c.type) })) };
      },
      { signal },
    );
    const capped = capRows(fetched, maxRows, deps.limits.resultMaxBytes);
    if (capped.rows.length === 0 && capped.truncated_reason === 'bytes') {
      throw new AppError('RESULT_TOO_LARGE', `A single row is larger than the ${deps.limits.resultMaxBytes}-byte result cap; select fewer or shorter columns.`);
    }
    // Every byte is the caller's tokens: truncated_reason only when something was cut.
    const data = {
      columns,
      rows: capped.rows,
      row_count: capped.rows.length,
      truncated: capped.truncated,
      ...(capped.truncated_reason ? { truncated_reason: capped.truncated_reason } : {}),
    };
    const note = capped.truncated
      ? ` Truncated by the ${capped.truncated_reason} cap: aggregate (GROUP BY), filter (WHERE) or add LIMIT to see what matters.`
      : '';
    return {
      data,
      text: toCompactText(
        `${data.row_count} row(s).${note}`,
        columns.map((c) => c.name),
        capped.rows,
      ),
    };
  },
});
