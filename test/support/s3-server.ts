// A real S3-compatible HTTP server for the export tests: s3rver (npm, pure JavaScript, no native
// build; MinIO has no Debian or npm package here), on a spare loopback port, files in a temp dir.
// It checks SigV4 signatures and presigned-URL expiry and implements multipart uploads. Two gaps, both
// s3rver 3.7.1's: it lets anonymous requests read (no bucket ACLs, unlike a private S3 or MinIO
// bucket), and it answers AbortMultipartUpload with 405; the shim below adds that one operation
// (delete the upload's parts), and records each abort so the tests can see it was sent.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// s3rver is CommonJS without typings; this is the part of it the tests use.
interface KoaContext {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  body: unknown;
}
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  middleware: ((ctx: KoaContext, next: () => Promise<void>) => Promise<void>)[];
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;

export interface TestS3 {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Upload ids of the AbortMultipartUpload requests received. */
  aborted: string[];
  /** Every file under the server's storage directory (objects and multipart parts alike). */
  storedFiles(): Promise<string[]>;
  close(): Promise<void>;
}

export async function startTestS3(bucket = 'retail-exports'): Promise<TestS3> {
  const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;
  const directory = await mkdtemp(join(tmpdir(), 'retail-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const aborted: string[] = [];
  // First in the chain (Koa composes it at listen time): DELETE /<bucket>/<key>?uploadId=<id>.
  server.middleware.unshift(async (ctx, next) => {
    const uploadId = ctx.query.uploadId;
    if (ctx.method !== 'DELETE' || !uploadId || !/^[0-9a-f]{32}$/.test(uploadId) || !ctx.path.startsWith(`/${bucket}/`)) return next();
    aborted.push(uploadId);
    await rm(join(directory, bucket, '._S3rver_uploads', uploadId), { recursive: true, force: true });
    ctx.status = 204;
    ctx.body = null;
  });
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    bucket,
    // s3rver's fixed development credentials.
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    aborted,
    async storedFiles() {
      const out: string[] = [];
      const walk = async (dir: string) => {
        for (const e of await readdir(dir, { withFileTypes: true })) {
          if (e.isDirectory()) await walk(join(dir, e.name));
          else out.push(join(dir, e.name).slice(directory.length + 1));
        }
      };
      await walk(directory);
      return out;
    },
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
