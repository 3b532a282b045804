// The OpenAI-compatible embedder against a real local HTTP server speaking the embeddings API:
// deterministic vectors, a 429 and a 500 first (so the SDK's retries run), and failure mapping.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAiEmbedder } from '../../src/embeddings/openai.js';
import { AppError } from '../../src/errors.js';

const API_KEY = 'sk-test-very-secret-key-123';
const DIMS = 8;

/** A deterministic vector for a text: sha256 bytes scaled to [-1, 1], as many as asked for. */
function vectorFor(text: string, dims: number): number[] {
  const bytes = createHash('sha256').update(text).digest();
  return Array.from({ length: dims }, (_, i) => (bytes[i % bytes.length]! - 127.5) / 127.5);
}

interface Seen {
  status: number;
  auth: string | undefined;
  body: { model: string; input: string[]; dimensions?: number; encoding_format?: string };
}

describe('OpenAI-compatible embedder over real HTTP', () => {
  let server: Server;
  let baseURL: string;
  const seen: Seen[] = [];
  // Statuses to answer before succeeding; each request takes the next one.
  let failures: number[] = [];
  // What the server returns as dimensions regardless of the request (to test mismatches).
  let forceDims: number | undefined;
  // Whether 5xx answers carry retry-after-ms: 1 (fast tests) or nothing (the SDK's own backoff).
  let hintRetry = true;

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      req.on('end', () => {
        if (req.method !== 'POST' || req.url !== '/v1/embeddings') {
          res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
          return;
        }
        const body = JSON.parse(raw) as Seen['body'];
        const status = failures.shift() ?? 200;
        seen.push({ status, auth: req.headers.authorization, body });
        if (status === 429) {
          res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '0' });
          res.end(JSON.stringify({ error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } }));
          return;
        }
        if (status >= 400) {
          // x-should-retry is left unset so that the SDK decides from the status code alone;
          // retry-after-ms keeps a test fast without changing which statuses are retried.
          res.writeHead(status, { 'content-type': 'application/json', ...(hintRetry ? { 'retry-after-ms': '1' } : {}) });
          res.end(JSON.stringify({ error: { message: `upstream failed (key ${API_KEY})`, type: 'server_error' } }));
          return;
        }
        const dims = forceDims ?? body.dimensions ?? DIMS;
        // Out of order on purpose: clients must use `index`, not position.
        const data = body.input.map((text, index) => ({ object: 'embedding', index, embedding: vectorFor(text, dims) })).reverse();
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', model: body.model, data, usage: { prompt_tokens: 1, total_tokens: 1 } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    seen.length = 0;
    failures = [];
    forceDims = undefined;
    hintRetry = true;
  });

  it('retries a 429 and a 500 (with backoff), then returns the right vectors in input order', async () => {
    failures = [429, 500];
    hintRetry = false;
    const embedder = createOpenAiEmbedder({ apiKey: API_KEY, baseURL, model: 'text-embedding-3-small', dimensions: DIMS, maxRetries: 3 });
    expect(embedder.model).toBe('text-embedding-3-small');
    expect(embedder.dimensions).toBe(DIMS);

    const texts = ['garden hose', 'stockpot', 'running shoes'];
    const started = Date.now();
    const vectors = await embedder.embed(texts);
    // retry-after: 0 on the 429 means no wait; the 500 has no hint, so the SDK's exponential
    // backoff applies: second retry = 0.5 s * 2^1 with up to 25 % jitter, i.e. at least 750 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);

    expect(vectors).toEqual(texts.map((t) => vectorFor(t, DIMS)));
    expect(seen.map((s) => s.status)).toEqual([429, 500, 200]);
    for (const s of seen) {
      expect(s.auth).toBe(`Bearer ${API_KEY}`);
      expect(s.body).toMatchObject({ model: 'text-embedding-3-small', input: texts, dimensions: DIMS, encoding_format: 'float' });
    }
  });

  it('also retries 502/503 (any 5xx)', async () => {
    failures = [502, 503];
    const embedder = createOpenAiEmbedder({ apiKey: API_KEY, baseURL, model: 'text-embedding-3-small', dimensions: DIMS, maxRetries: 2 });
    expect(await embedder.embed(['x'])).toEqual([vectorFor('x', DIMS)]);
    expect(seen.map((s) => s.status)).toEqual([502, 503, 200]);
  });

  it('gives up after maxRetries with EMBEDDINGS_UNAVAILABLE and never shows the key', async () => {
    failures = [500, 500, 500, 500];
    const embedder = createOpenAiEmbedder({ apiKey: API_KEY, baseURL, model: 'text-embedding-3-small', dimensions: DIMS, maxRetries: 2 });
    const err = await embedder.embed(['x']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'EMBEDDINGS_UNAVAILABLE', retryable: true });
    expect((err as AppError).message).not.toContain(API_KEY);
    // The provider echoed the key in its error text; the logged cause is redacted too.
    expect(String((err as AppError).cause)).not.toContain(API_KEY);
    expect(String((err as AppError).cause)).toContain('[redacted]');
    expect(seen).toHaveLength(3); // one try + two retries
  });

  it('does not retry a 400', async () => {
    failures = [400];
    const embedder = createOpenAiEmbedder({ apiKey: API_KEY, baseURL, model: 'text-embedding-3-small', dimensions: DIMS, maxRetries: 3 });
    await expect(embedder.embed(['x'])).rejects.toMatchObject({ code: 'EMBEDDINGS_UNAVAILABLE' });
    expect(seen).toHaveLength(1);
  });

  it('reports a connection failure as EMBEDDINGS_UNAVAILABLE', async () => {
    const dead = createServer();
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    const port = (dead.address() as AddressInfo).port;
    await new Promise<void>((resolve) => dead.close(() => resolve()));
    const embedder = createOpenAiEmbedder({ apiKey: API_KEY, baseURL: `http://127.0.0.1:${port}/v1`, model: 'm', dimensions: DIMS, maxRetries: 0 });
    await expect(embedder.embed(['x'])).rejects.toMatchObject({ code: 'EMBEDDINGS_UNAVAILABLE' });
  });

  it('fails clearly with INTERNAL when the returned dimensions differ from the configured ones', async () => {
    forceDims = 4;
    const embedder = createOpenAiEmbedder({ apiKey: API_KEY, baseURL, model: 'nomic-embed-text', dimensions: DIMS });
    const err = await embedder.embed(['x']).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'INTERNAL' });
    expect((err as AppError).message).toMatch(/returned 4-dimensional vectors but 8 are configured/);
  });

  it('sends dimensions only to models that accept it, unless told to', async () => {
    const other = createOpenAiEmbedder({ apiKey: API_KEY, baseURL, model: 'nomic-embed-text', dimensions: DIMS });
    await other.embed(['x']);
    expect(seen[0]!.body).not.toHaveProperty('dimensions');
    const forced = createOpenAiEmbedder({ apiKey: API_KEY, baseURL, model: 'nomic-embed-text', dimensions: DIMS, sendDimensions: true });
    await forced.embed(['x']);
    expect(seen[1]!.body.dimensions).toBe(DIMS);
  });

  it('splits large inputs into several requests and keeps the order', async () => {
    const embedder = createOpenAiEmbedder({ apiKey: API_KEY, baseURL, model: 'text-embedding-3-small', dimensions: DIMS });
    const texts = Array.from({ length: 300 }, (_, i) => `item ${i}`);
    const vectors = await embedder.embed(texts);
    expect(vectors).toEqual(texts.map((t) => vectorFor(t, DIMS)));
    expect(seen.map((s) => s.body.input.length)).toEqual([256, 44]);
  });
});
