// Where an export's bytes go: an S3-compatible bucket (s3-store.ts) or the data dir (file-store.ts).
// Both take a stream and either finish the whole object or leave nothing behind.
import type { Readable } from 'node:stream';

export interface PutOptions {
  contentType: string;
  /** The file name a browser saves it as. */
  filename: string;
  /** Aborting it stops the upload and removes whatever was written so far. */
  signal: AbortSignal;
}

export interface DownloadLink {
  url: string;
  expiresAt: string;
}

export interface ExportStore {
  kind: 's3' | 'file';
  /** Streams body into the object at key; resolves once the object is complete and visible. */
  put(key: string, body: Readable, options: PutOptions): Promise<void>;
  /** Removes the object (or a partial one); absent objects are fine. */
  remove(key: string): Promise<void>;
  /** The location recorded in the metadata and the audit: s3://bucket/key, or file:key. */
  location(key: string): string;
  /** The key back from a recorded location, or null when it belongs to another store or bucket. */
  keyOf(location: string): string | null;
  /** A GET link that works for ttlS seconds. */
  link(key: string, filename: string, ttlS: number): Promise<DownloadLink>;
}

const KEY = /^exports\/[0-9a-f]{16}\/\d{4}\/\d{2}\/([0-9a-f-]{36})\.(csv|csv\.gz)$/;

/** Keys are built by the server only; this is the one shape any store accepts (no traversal). */
export function requireExportKey(key: string): { id: string; ext: string } {
  const m = KEY.exec(key);
  if (!m) throw new Error('not an export key');
  return { id: m[1]!, ext: m[2]! };
}

export function isExportKey(key: string): boolean {
  return KEY.test(key);
}
