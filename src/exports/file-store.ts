// Exports in the data dir (the embedded demo, or no S3_* settings): written to a temporary file and
// renamed into place only when complete, and fetched through links this server signs itself
// (HMAC-SHA256 of key and expiry), served at GET /exports/{id} without a bearer token.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type DownloadLink, type ExportStore, isExportKey, type PutOptions, requireExportKey } from './store.js';

export interface FileStoreSettings {
  /** Objects live at <dataDir>/<key>, i.e. under <dataDir>/exports/. */
  dataDir: string;
  /** The server's external origin, e.g. http://127.0.0.1:3000. */
  baseUrl: string;
  /** The link-signing key (derived from the seal key: never leaves the server). */
  secret: Buffer;
}

export type FileStore = ExportStore & { serve(url: URL, res: ServerResponse): Promise<void> };

const ROUTE = /^\/exports\/([0-9a-f-]{36})$/;

export function isExportDownloadPath(path: string): boolean {
  return ROUTE.test(path);
}

export function createFileStore(s: FileStoreSettings): FileStore {
  const sign = (key: string, expires: number) => createHmac('sha256', s.secret).update(`${key}\n${expires}`).digest();
  const pathOf = (key: string) => {
    requireExportKey(key);
    return join(s.dataDir, key);
  };
  const refuse = (res: ServerResponse, status: number, description: string) => {
    const body = JSON.stringify({ error: status === 404 ? 'not_found' : 'forbidden', error_description: description });
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  };
  return {
    kind: 'file',
    async put(key: string, body: Readable, o: PutOptions) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const partial = `${path}.partial-${randomBytes(6).toString('hex')}`;
      try {
        await pipeline(body, createWriteStream(partial, { flags: 'wx' }), { signal: o.signal });
        await rename(partial, path);
      } catch (err) {
        await rm(partial, { force: true });
        throw err;
      }
    },
    async remove(key: string) {
      await rm(pathOf(key), { force: true });
    },
    location: (key) => `file:${key}`,
    keyOf: (location) => (location.startsWith('file:') && isExportKey(location.slice(5)) ? location.slice(5) : null),
    async link(key: string, _filename: string, ttlS: number): Promise<DownloadLink> {
      const { id } = requireExportKey(key);
      const expires = Math.floor(Date.now() / 1000) + ttlS;
      const q = new URLSearchParams({ key, expires: String(expires), signature: sign(key, expires).toString('hex') });
      return { url: `${s.baseUrl}/exports/${id}?${q}`, expiresAt: new Date(expires * 1000).toISOString() };
    },
    /** GET /exports/{id}?key&expires&signature: the signature, not a token, is the permission. */
    async serve(url: URL, res: ServerResponse) {
      const id = ROUTE.exec(url.pathname)?.[1];
      const key = url.searchParams.get('key') ?? '';
      const expires = Number(url.searchParams.get('expires'));
      const given = Buffer.from(url.searchParams.get('signature') ?? '', 'hex');
      if (!id || !isExportKey(key) || requireExportKey(key).id !== id || !Number.isSafeInteger(expires)) return refuse(res, 403, 'This link is not valid.');
      const expected = sign(key, expires);
      // Constant-time: the signature is the only secret in the URL.
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return refuse(res, 403, 'This link is not valid.');
      if (Date.now() / 1000 > expires) return refuse(res, 403, `This link has expired; read retail://exports/${id} for a new one.`);
      const path = pathOf(key);
      const size = await stat(path).then(
        (st) => st.size,
        () => null,
      );
      if (size === null) return refuse(res, 404, 'This export no longer exists.');
      const { ext } = requireExportKey(key);
      res.writeHead(200, {
        'content-type': ext === 'csv' ? 'text/csv; charset=utf-8; header=present' : 'application/gzip',
        'content-length': size,
        'content-disposition': `attachment; filename="${id}.${ext}"`,
        'cache-control': 'private, no-store',
      });
      await pipeline(createReadStream(path), res).catch(() => res.destroy());
    },
  };
}
