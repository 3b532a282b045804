// export_query_result: the whole result of a guarded SELECT or of a query_metrics request, streamed
// as the caller under RLS into object storage (or the data dir), answered with a resource_link and a
// short-lived download URL instead of the rows. Needs the retail.export scope.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { summariseSql } from '../audit/sql-summary.js';
import { EXPORT_SCOPE } from '../auth/scopes.js';
import { AppError } from '../errors.js';
import { type ExportJob, runExport } from '../exports/run-export.js';
import { runMetrics } from '../metrics/run-metrics.js';
import { requireSafeSelect } from '../sql-guard/index.js';
import { queryMetricsInput } from './query-metrics.js';
import { defineTool, type ToolContext } from './tool.js';

const exportQueryResultInput = {
  sql: z.string().min(1).max(20_000).optional().describe('One SELECT, as for execute_sales_query.'),
  query_metrics: z.record(z.string(), z.unknown()).optional().describe('Or: query_metrics arguments.'),
  format: z.enum(['csv', 'csv.gz']).optional().describe('Default csv.gz.'),
};

const exportQueryResultOutput = {
  uri: z.string(),
  download_url: z.string(),
  expires_at: z.string(),
  format: z.string(),
  rows: z.number().int(),
  bytes: z.number().int(),
  sha256: z.string(),
};

// query_metrics' own arguments (one definition, shared with that tool), checked here rather than
// advertised again, so tools/list stays small.
const metricsRequest = z.object(queryMetricsInput).omit({ explain: true }).strict();

async function metricsJob(ctx: ToolContext, raw: unknown): Promise<Omit<ExportJob, 'format'>> {
  const parsed = metricsRequest.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `query_metrics.${i.path.join('.') || 'arguments'}: ${i.message}`).join('; ');
    throw new AppError('BAD_INPUT', `Invalid arguments for export_query_result: ${issues}`);
  }
  const maxRows = ctx.deps.exports!.limits.maxRows;
  // Compiled, not run: the same catalogue and checks as query_metrics, with the export's row cap
  // in place of the interactive one (the compiled LIMIT is the cap + 1, which the export refuses).
  const limits = { ...ctx.deps.limits, rowLimitDefault: maxRows, rowLimitMax: maxRows };
  const answer = await runMetrics({ ...ctx, deps: { ...ctx.deps, limits } }, { ...parsed.data, explain: true });
  return {
    source: 'metrics',
    sql: answer.sql!,
    params: answer.params ?? [],
    ...(parsed.data.limit ? { takeRows: parsed.data.limit } : {}),
    // Compiled SQL holds no literal (every value is bound), so its text is its normalised form.
    fingerprint: createHash('sha256').update(answer.sql!).digest('hex').slice(0, 16),
    normalized: answer.sql!.slice(0, 4000),
  };
}

export const exportQueryResult = defineTool({
  name: 'export_query_result',
  // It writes an object and hands out a link that works outside the conversation: not read-only,
  // and open-world, so hosts ask before running it.
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  scope: EXPORT_SCOPE,
  title: 'Export a full result as a file',
  description:
    'Exports the whole result (no row cap) of one SELECT or one query_metrics request to a CSV file for your stores only, and returns a link to it, not the rows. Needs the retail.export scope.',
  input: exportQueryResultInput,
  output: exportQueryResultOutput,
  deadlineMs: (deps) => (deps.exports ? deps.exports.limits.maxDurationMs + 5000 : undefined),
  async run(ctx, args) {
    if (!ctx.deps.exports) throw new AppError('STORAGE_UNAVAILABLE', 'Exports are not configured on this server.');
    if ((args.sql === undefined) === (args.query_metrics === undefined)) {
      throw new AppError('BAD_INPUT', 'Give exactly one of sql or query_metrics.');
    }
    const format = args.format ?? 'csv.gz';
    let job: ExportJob;
    if (args.sql !== undefined) {
      if (ctx.deps.sqlGuard) await requireSafeSelect(args.sql, ctx.facts);
      const summary = summariseSql(args.sql, ctx.facts.sqlTree);
      job = { source: 'sql', sql: args.sql, params: [], format, fingerprint: summary.fingerprint, normalized: summary.normalized };
    } else {
      job = { ...(await metricsJob(ctx, args.query_metrics)), format };
    }
    const out = await runExport(ctx, job);
    const data = {
      uri: out.uri,
      download_url: out.link.url,
      expires_at: out.link.expiresAt,
      format: out.format,
      rows: out.rows,
      bytes: out.bytes,
      sha256: out.sha256,
    };
    return {
      data,
      text: `Exported ${out.rows} row(s) as ${out.format} (${out.bytes} bytes, sha256 ${out.sha256}) to ${out.uri}. Download until ${out.link.expiresAt}: ${out.link.url}`,
      links: [
        {
          type: 'resource_link',
          uri: out.uri,
          name: out.filename,
          mimeType: out.format === 'csv' ? 'text/csv' : 'application/gzip',
          description: `${out.rows} rows; metadata and a fresh download link`,
        },
      ],
    };
  },
});
