// MCP resources and templates, all read as the caller under RLS: the metric catalogue, the schema
// (counts and dates computed under RLS; no pg_stats or sizes, which describe every store), the
// caller's stores, and tables page by page. A URI is matched by fixed patterns and its variables
// are checked against the catalogue or the table allow-list before anything is read.
import type { Resource } from '@modelcontextprotocol/server';
import { APP_MIME_TYPE, DASHBOARD_RESOURCE, DASHBOARD_URI, dashboardHtml } from '../apps/dashboard-resource.js';
import type { Principal } from '../auth/principal.js';
import type { Tx } from '../db/client.js';
import { unsafeExtended } from '../db/extended.js';
import { AppError } from '../errors.js';
import { listExports, readExport } from '../exports/metadata.js';
import { metricNamed } from '../metrics/catalogue.js';
import { CATALOGUE_TEXT, metricDetail } from '../metrics/glossary.js';
import { readVisibleStores } from '../metrics/scope.js';
import { toCompactText } from '../tools/compact-table.js';
import { answerForScope, type TableSchemas } from '../tools/get-multiple-table-schemas.js';
import type { ToolDeps } from '../tools/tool.js';

export const PAGE_ROWS = 50;
const MAX_PAGE = 100_000;

export const RESOURCES: Resource[] = [
  {
    uri: 'retail://metrics',
    name: 'metrics',
    title: 'Metric catalogue',
    description: 'Every governed metric and dimension, with definitions and units.',
    mimeType: 'text/markdown',
  },
  { uri: 'retail://schema', name: 'schema', title: 'Schema', description: 'The tables you may read, with their columns.', mimeType: 'text/plain' },
  {
    uri: 'retail://stores/mine',
    name: 'my-stores',
    title: 'My stores',
    description: 'Your stores, their regions, channels and opening dates.',
    mimeType: 'application/json',
  },
  // The MCP App the analytics tools declare (_meta.ui.resourceUri): the same page for every caller.
  DASHBOARD_RESOURCE,
  { uri: 'retail://exports', name: 'my-exports', title: 'My exports', description: 'Your exports, newest first (yours only).', mimeType: 'application/json' },
];

/** The wire shape of a template (the SDK's ResourceTemplate class is McpServer's helper). */
interface TemplateInfo {
  uriTemplate: string;
  name: string;
  title: string;
  description: string;
  mimeType: string;
}

export const RESOURCE_TEMPLATES: TemplateInfo[] = [
  {
    uriTemplate: 'retail://metrics/{name}',
    name: 'metric',
    title: 'One metric',
    description: 'A metric: definition, unit and the SQL it is computed by.',
    mimeType: 'text/markdown',
  },
  {
    uriTemplate: 'retail://schema/{table}',
    name: 'table',
    title: 'One table',
    description: 'Columns, keys, and your row count and date range (under RLS).',
    mimeType: 'text/plain',
  },
  {
    uriTemplate: 'retail://schema/search/{term}',
    name: 'schema-search',
    title: 'Find tables and columns',
    description: 'Tables and columns you may read whose names contain the term.',
    mimeType: 'text/plain',
  },
  {
    uriTemplate: 'retail://tables/{table}/page/{page}',
    name: 'table-page',
    title: 'A table, page by page',
    description: `${PAGE_ROWS} rows of a table you may read, by primary key, page 1 first.`,
    mimeType: 'text/csv',
  },
  {
    uriTemplate: 'retail://exports/{id}',
    name: 'export',
    title: 'One export',
    description: 'One of your exports: rows, bytes, sha256 and a fresh download link.',
    mimeType: 'application/json',
  },
];

export interface ResourceContents {
  uri: string;
  mimeType: string;
  text: string;
}

// Fixed, linear patterns only: no user-controlled regular expressions, no backtracking blow-up.
const METRIC_URI = /^retail:\/\/metrics\/([a-z0-9_]{1,60})$/;
const TABLE_URI = /^retail:\/\/schema\/([a-z0-9_]{1,60})$/;
const SEARCH_URI = /^retail:\/\/schema\/search\/([a-z0-9_]{1,60})$/;
const PAGE_URI = /^retail:\/\/tables\/([a-z0-9_]{1,60})\/page\/([0-9]{1,6})$/;
const EXPORT_URI = /^retail:\/\/exports\/([0-9a-f-]{36})$/;
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

// The URI is not echoed: it is the caller's text and may hold anything.
const notFound = () => new AppError('NOT_FOUND', 'No such resource; resources/list and resources/templates/list name them.');

async function tableNamed(deps: ToolDeps, principal: Principal, table: string): Promise<TableSchemas['tables'][number]> {
  const schemas = await answerForScope(deps, principal);
  const t = schemas.tables.find((x) => x.table_name === table);
  if (!t) throw new AppError('NOT_FOUND', `No table ${JSON.stringify(table)} that you may read; retail://schema lists them.`);
  return t;
}

/** Quoted identifiers from the catalogue's own answer, checked again, never from the URI alone. */
function ident(name: string): string {
  if (!IDENTIFIER.test(name)) throw new AppError('INTERNAL', 'unexpected identifier');
  return `"${name}"`;
}

async function describeTable(deps: ToolDeps, principal: Principal, table: string, signal?: AbortSignal): Promise<string> {
  const t = await tableNamed(deps, principal, table);
  const dateColumn = t.columns.find((c) => c.type === 'date')?.name;
  const stats = await deps.withTenant(
    principal,
    async (tx: Tx) => {
      const range = dateColumn ? `, min(${ident(dateColumn)})::text as first, max(${ident(dateColumn)})::text as last` : '';
      const [row] = await unsafeExtended(tx, `select count(*)::bigint as rows${range} from retail.${ident(table)}`);
      return row as { rows: string; first?: string; last?: string };
    },
    { signal },
  );
  return [
    `retail.${t.table_name}: ${t.description}`,
    ...t.columns.map((c) => `- ${c.name} ${c.type}${c.nullable ? '' : ' not null'}`),
    `Primary key: ${t.primary_key.join(', ') || 'none'}`,
    ...t.foreign_keys.map((f) => `Foreign key: ${f}`),
    `Rows you may see: ${stats.rows}${dateColumn ? `; ${dateColumn} from ${stats.first ?? '-'} to ${stats.last ?? '-'}` : ''}.`,
  ].join('\n');
}

async function tablePage(deps: ToolDeps, principal: Principal, table: string, page: number, signal?: AbortSignal): Promise<string> {
  if (page < 1 || page > MAX_PAGE) throw new AppError('BAD_INPUT', `Pages run from 1 to ${MAX_PAGE}.`);
  const t = await tableNamed(deps, principal, table);
  // Vectors are large and mean nothing as text; every other column the reader may select is shown.
  const columns = t.columns.filter((c) => !c.type.startsWith('vector')).map((c) => c.name);
  const order = (t.primary_key.length ? t.primary_key : columns.slice(0, 1)).map(ident).join(', ');
  const rows = await deps.withTenant(
    principal,
    (tx: Tx) =>
      unsafeExtended(tx, `select ${columns.map(ident).join(', ')} from retail.${ident(table)} order by ${order} limit ${PAGE_ROWS} offset $1`, [
        (page - 1) * PAGE_ROWS,
      ]),
    { signal },
  );
  const more = rows.length === PAGE_ROWS ? ` Next: retail://tables/${table}/page/${page + 1}.` : ' Last page.';
  return toCompactText(`retail.${table}, page ${page}: ${rows.length} row(s).${more}`, columns, [...rows]);
}

async function searchSchema(deps: ToolDeps, principal: Principal, term: string): Promise<string> {
  const { tables } = await answerForScope(deps, principal);
  const hits = tables.flatMap((t) => [
    ...(t.table_name.includes(term) ? [`retail.${t.table_name}`] : []),
    ...t.columns.filter((c) => c.name.includes(term)).map((c) => `retail.${t.table_name}.${c.name} ${c.type}`),
  ]);
  return hits.length ? hits.join('\n') : `Nothing you may read is named like "${term}".`;
}

/** `signal`: the client's cancel (or its going away) stops the statement, as for a tool call. */
export async function readResource(deps: ToolDeps, principal: Principal, uri: string, signal?: AbortSignal): Promise<ResourceContents> {
  const text = (mimeType: string, body: string) => ({ uri, mimeType, text: body });
  if (uri === 'retail://metrics') return text('text/markdown', CATALOGUE_TEXT);
  if (uri === DASHBOARD_URI) return text(APP_MIME_TYPE, await dashboardHtml());
  if (uri === 'retail://schema') {
    const { tables } = await answerForScope(deps, principal);
    return text('text/plain', tables.map((t) => `retail.${t.table_name}(${t.columns.map((c) => `${c.name} ${c.type}`).join(', ')})`).join('\n'));
  }
  if (uri === 'retail://stores/mine') {
    const stores = await deps.withTenant(principal, (tx) => readVisibleStores(tx), { signal });
    return text('application/json', JSON.stringify({ role: principal.role, stores }));
  }
  if (uri === 'retail://exports') return text('application/json', JSON.stringify(await listExports(deps, principal)));
  const exported = EXPORT_URI.exec(uri);
  if (exported) return text('application/json', JSON.stringify(await readExport(deps, principal, exported[1]!)));
  const metric = METRIC_URI.exec(uri);
  if (metric) {
    const m = metricNamed(metric[1]!);
    if (!m) throw notFound();
    return text('text/markdown', metricDetail(m));
  }
  const search = SEARCH_URI.exec(uri);
  if (search) return text('text/plain', await searchSchema(deps, principal, search[1]!));
  const table = TABLE_URI.exec(uri);
  if (table) return text('text/plain', await describeTable(deps, principal, table[1]!, signal));
  const page = PAGE_URI.exec(uri);
  if (page) return text('text/csv', await tablePage(deps, principal, page[1]!, Number(page[2]), signal));
  throw notFound();
}
