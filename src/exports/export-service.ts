// What export_query_result needs besides the tenant transaction: the store, the limits, and the
// metadata writer (INSERT only, as retail_exporter). Built once per process from the config.
import { createHmac } from 'node:crypto';
import type { Config } from '../config.js';
import type { Sql } from '../db/client.js';
import { AppError } from '../errors.js';
import { createFileStore, type FileStore } from './file-store.js';
import { createS3Store } from './s3-store.js';
import type { ExportStore } from './store.js';

export interface ExportLimits {
  maxRows: number;
  /** CSV bytes before compression. */
  maxBytes: number;
  maxDurationMs: number;
  statementTimeoutMs: number;
  urlTtlS: number;
  /** Exports running at once in this process (EXPORT_MAX_CONCURRENT). */
  maxConcurrent: number;
}

/** One row of retail_exports.exports: the export's metadata and its audit record. */
export interface ExportRecord {
  export_id: string;
  owner_id: string;
  role: string;
  /** The caller's token held retail.customers.pii: a new link for it needs that scope again. */
  pii: boolean;
  /** The stores the caller saw when the export ran: a new link needs them all still visible. */
  store_ids: number[];
  source: 'sql' | 'metrics';
  format: 'csv' | 'csv.gz';
  storage: 's3' | 'file';
  location: string;
  row_count: number;
  bytes: number;
  sha256: string;
  sql_fingerprint: string | null;
  sql_normalized: string | null;
  duration_ms: number;
}

export interface ExportService {
  store: ExportStore;
  /** Set when exports go to the data dir: serves GET /exports/{id}. */
  fileStore?: FileStore;
  limits: ExportLimits;
  record(row: ExportRecord): Promise<void>;
  /** A slot for one export, or EXPORTS_BUSY; returns its release. */
  startExport(): () => void;
}

export function exportLimitsFromConfig(c: Config): ExportLimits {
  return {
    maxRows: c.EXPORT_MAX_ROWS,
    maxBytes: c.EXPORT_MAX_BYTES,
    maxDurationMs: c.EXPORT_MAX_DURATION_MS,
    statementTimeoutMs: c.EXPORT_STATEMENT_TIMEOUT_MS,
    urlTtlS: c.EXPORT_URL_TTL_S,
    maxConcurrent: c.exportMaxConcurrent,
  };
}

/**
 * Counts the exports running in this process. An export holds a pooled connection for as long as it
 * runs (up to EXPORT_MAX_DURATION_MS), so without a cap a few users exporting at once could leave
 * every other call waiting for a connection.
 */
function exportSlots(max: number): () => () => void {
  let running = 0;
  return () => {
    if (running >= max) {
      throw new AppError('EXPORTS_BUSY', `${max} export(s) are already running on this server (EXPORT_MAX_CONCURRENT); try again shortly.`, {
        retryAfterSeconds: 10,
      });
    }
    running += 1;
    let released = false;
    return () => {
      if (!released) running -= 1;
      released = true;
    };
  };
}

/** Inserts as retail_exporter in a short transaction of its own: that role may only INSERT the row. */
export function sqlExportRecorder(sql: Sql): (row: ExportRecord) => Promise<void> {
  return async (row) => {
    await sql.begin(async (tx) => {
      await tx`set local role retail_exporter`;
      await tx`insert into retail_exports.exports ${tx(row as unknown as Record<string, unknown>)}`;
    });
  };
}

export function createExportService(config: Config, app: Sql, sealKeyHex: string, overrides: Partial<ExportLimits> = {}): ExportService {
  const limits = { ...exportLimitsFromConfig(config), ...overrides };
  const record = sqlExportRecorder(app);
  const startExport = exportSlots(limits.maxConcurrent);
  if (config.S3_BUCKET) {
    const store = createS3Store({
      bucket: config.S3_BUCKET,
      region: config.S3_REGION,
      endpoint: config.S3_ENDPOINT,
      accessKeyId: config.S3_ACCESS_KEY_ID,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
    });
    return { store, limits, record, startExport };
  }
  // The link key is derived from the seal key under its own label, so the seal key itself never signs links.
  const secret = createHmac('sha256', Buffer.from(sealKeyHex, 'hex')).update('retail-mcp export links v1').digest();
  const fileStore = createFileStore({ dataDir: config.RETAIL_MCP_DATA_DIR, baseUrl: new URL(config.resourceUrl).origin, secret });
  return { store: fileStore, fileStore, limits, record, startExport };
}
