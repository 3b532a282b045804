// The caller's own exports, read as the caller: RLS on retail_exports.exports shows a user only the
// rows they own, so another user's export id reads as not found. One export's read carries a fresh
// download link (the one in the tool result expires quickly).

import type { Principal } from '../auth/principal.js';
import { CUSTOMERS_PII_SCOPE, EXPORT_SCOPE, requireScope } from '../auth/scopes.js';
import { AppError } from '../errors.js';
import type { ToolDeps } from '../tools/tool.js';
import { exportUri } from './run-export.js';

interface Row {
  export_id: string;
  created_at: Date;
  source: string;
  format: string;
  storage: string;
  location: string;
  row_count: string;
  bytes: string;
  sha256: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const LIST_MAX = 100;

function describe(r: Row) {
  return {
    id: r.export_id,
    uri: exportUri(r.export_id),
    created_at: r.created_at.toISOString(),
    source: r.source,
    format: r.format,
    rows: Number(r.row_count),
    bytes: Number(r.bytes),
    sha256: r.sha256,
  };
}

export async function listExports(deps: ToolDeps, principal: Principal) {
  const rows = await deps.withTenant(
    principal,
    (tx) => tx<Row[]>`
      select export_id, created_at, source, format, storage, location, row_count, bytes, sha256
        from retail_exports.exports order by created_at desc limit ${LIST_MAX}`,
  );
  return { exports: rows.map(describe) };
}

const notFound = () => new AppError('NOT_FOUND', 'No such export of yours; retail://exports lists them.');

export async function readExport(deps: ToolDeps, principal: Principal, id: string) {
  if (!UUID.test(id)) throw notFound();
  // A fresh link hands out the data again: the same rights as making the export are needed now.
  requireScope(principal, EXPORT_SCOPE);
  const [row] = await deps.withTenant(
    principal,
    (tx) => tx<(Row & { role: string; pii: boolean; covered: boolean })[]>`
      select export_id, created_at, source, format, storage, location, row_count, bytes, sha256, role, pii,
             coalesce(store_ids <@ retail.visible_store_ids(), false) as covered
        from retail_exports.exports where export_id = ${id}`,
  );
  if (!row) throw notFound();
  if (row.role !== principal.role) {
    throw new AppError('FORBIDDEN', 'This export was made under another role than yours now; run the export again for a new link.');
  }
  // The database's view now, not the cached principal's: stores taken away take effect at once.
  if (!row.covered) {
    throw new AppError('FORBIDDEN', 'This export holds rows of stores you no longer see (or predates that record); run the export again for a new link.');
  }
  if (row.pii) requireScope(principal, CUSTOMERS_PII_SCOPE);
  const store = deps.exports?.store;
  const key = store && store.kind === row.storage ? store.keyOf(row.location) : null;
  const link = key ? await store!.link(key, `${row.export_id}.${row.format}`, deps.exports!.limits.urlTtlS) : null;
  return { ...describe(row), ...(link ? { download_url: link.url, expires_at: link.expiresAt } : {}) };
}
