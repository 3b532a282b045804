// Exports in any S3-compatible store (AWS S3, MinIO, Cloudflare R2): a streaming multipart upload
// (lib-storage) that is aborted on cancel, and presigned GET links.
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { DownloadLink, ExportStore, PutOptions } from './store.js';

export interface S3Settings {
  bucket: string;
  region: string;
  endpoint?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
}

// Parts of 8 MB, two in flight: at most about 16 MB of an export is in memory, whatever its size.
const PART_SIZE = 8 * 1024 * 1024;
const QUEUE_SIZE = 2;

export function createS3Store(s: S3Settings): ExportStore & { client: S3Client } {
  const client = new S3Client({
    region: s.region,
    ...(s.endpoint ? { endpoint: s.endpoint } : {}),
    forcePathStyle: s.forcePathStyle,
    ...(s.accessKeyId && s.secretAccessKey ? { credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey } } : {}),
    // Checksums only where the API requires them: several S3-compatible stores reject the newer
    // default trailing checksums on streamed uploads.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const prefix = `s3://${s.bucket}/`;
  return {
    kind: 's3',
    client,
    async put(key: string, body: Readable, o: PutOptions) {
      const upload = new Upload({
        client,
        params: { Bucket: s.bucket, Key: key, Body: body, ContentType: o.contentType, ContentDisposition: `attachment; filename="${o.filename}"` },
        partSize: PART_SIZE,
        queueSize: QUEUE_SIZE,
        // When the body fails, lib-storage sends AbortMultipartUpload: no parts are left behind.
        leavePartsOnError: false,
      });
      // Breaking the body (rather than upload.abort(), which rejects at once and sends the abort
      // later, in the background) makes done() reject only after AbortMultipartUpload was sent.
      const abort = () => body.destroy(new Error('export aborted'));
      if (o.signal.aborted) abort();
      o.signal.addEventListener('abort', abort, { once: true });
      try {
        await upload.done();
      } finally {
        o.signal.removeEventListener('abort', abort);
      }
    },
    async remove(key: string) {
      await client.send(new DeleteObjectCommand({ Bucket: s.bucket, Key: key }));
    },
    location: (key) => `${prefix}${key}`,
    keyOf: (location) => (location.startsWith(prefix) ? location.slice(prefix.length) : null),
    async link(key: string, filename: string, ttlS: number): Promise<DownloadLink> {
      const expiresAt = new Date(Date.now() + ttlS * 1000).toISOString();
      const command = new GetObjectCommand({ Bucket: s.bucket, Key: key, ResponseContentDisposition: `attachment; filename="${filename}"` });
      return { url: await getSignedUrl(client, command, { expiresIn: ttlS }), expiresAt };
    },
  };
}
