// The offline model on several cores: worker threads (offline-worker.mjs), each with its own copy of
// USE Lite, for backfills of many products. The model runs on one core per call (TensorFlow.js's
// WASM backend, no threads), so a 1,094-product catalogue took ~88 s on one core; N workers divide
// that by up to N. Query embedding stays in-process (one short text, no hop).
// Texts go out in chunks of CHUNK to whichever worker is free, so a slow chunk never idles the rest.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { AppError } from '../errors.js';
import { assertEmbeddableTexts, type BulkEmbedder, normalize, OFFLINE_MODEL } from './embedder.js';

const DIMENSIONS = 512;
/**
 * Texts per message to a worker, measured on the seed's product texts (~80 words) on 2 cores: one
 * model call embedded 15.3 texts/s given 1 text, 16.4/s given 8, 15.9/s given 32 and 16.2/s given 64,
 * so batching barely helps the model itself; two workers reached 27-29/s with chunks of 4 to 32
 * alike. 8 amortises the per-call overhead and still keeps both workers busy to the end of a batch.
 */
export const CHUNK = 8;

export function defaultThreads(): number {
  return Math.max(1, Math.min(availableParallelism(), 4));
}

interface Job {
  texts: string[];
  resolve(vectors: Float32Array): void;
  reject(err: Error): void;
}

export async function createOfflineEmbedderPool(threads = defaultThreads()): Promise<BulkEmbedder> {
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError('threads must be a positive integer');
  const queue: Job[] = [];
  const idle: Worker[] = [];
  const running = new Map<Worker, Job>();
  let closed = false;

  const dispatch = () => {
    while (idle.length && queue.length) {
      const worker = idle.pop()!;
      const job = queue.shift()!;
      running.set(worker, job);
      worker.postMessage({ texts: job.texts });
    }
  };

  const start = () =>
    new Promise<Worker>((resolve, reject) => {
      const worker = new Worker(new URL('./offline-worker.mjs', import.meta.url), {
        workerData: { dimensions: DIMENSIONS },
        // Not the parent's flags (tsx's loader hooks, `--input-type`): the worker is plain JS.
        execArgv: [],
        stdout: true,
      });
      worker.stdout.pipe(process.stderr, { end: false });
      worker.unref();
      let ready = false;
      worker.on('message', (m: { type?: string; message?: string; vectors?: Float32Array; error?: string }) => {
        if (m.type === 'ready') {
          ready = true;
          return resolve(worker);
        }
        if (m.type === 'failed') return reject(new Error(`The offline embedding model did not load in a worker: ${m.message}`));
        const job = running.get(worker);
        running.delete(worker);
        idle.push(worker);
        if (job) {
          if (m.error !== undefined) job.reject(new AppError('INTERNAL', `The offline embedding model failed: ${m.error}`));
          else job.resolve(m.vectors!);
        }
        dispatch();
      });
      const lost = (why: string) => {
        const job = running.get(worker);
        running.delete(worker);
        const i = idle.indexOf(worker);
        if (i >= 0) idle.splice(i, 1);
        const err = new AppError('INTERNAL', `An offline embedding worker ${why}.`);
        if (!ready) reject(err);
        job?.reject(err);
        if (!closed && idle.length + running.size === 0) for (const j of queue.splice(0)) j.reject(err);
      };
      worker.on('error', (err) => lost(`failed: ${err.message}`));
      worker.on('exit', (code) => {
        if (!closed) lost(`exited (${code})`);
      });
    });

  const settled = await Promise.allSettled(Array.from({ length: threads }, start));
  const workers = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failure = settled.find((s) => s.status === 'rejected');
  if (failure) {
    closed = true;
    await Promise.all(workers.map((w) => w.terminate()));
    throw (failure as PromiseRejectedResult).reason;
  }
  idle.push(...workers);

  const embedChunk = (texts: string[]) =>
    new Promise<Float32Array>((resolve, reject) => {
      if (closed) return reject(new Error('The offline embedding pool is closed.'));
      queue.push({ texts, resolve, reject });
      dispatch();
    });

  return {
    model: OFFLINE_MODEL,
    dimensions: DIMENSIONS,
    threads,
    async embed(texts: string[]): Promise<number[][]> {
      assertEmbeddableTexts(texts);
      const chunks: string[][] = [];
      for (let i = 0; i < texts.length; i += CHUNK) chunks.push(texts.slice(i, i + CHUNK));
      const results = await Promise.all(chunks.map(embedChunk));
      const out: number[][] = [];
      for (const [c, flat] of results.entries()) {
        for (let j = 0; j < chunks[c]!.length; j++) out.push(normalize(flat.subarray(j * DIMENSIONS, (j + 1) * DIMENSIONS)));
      }
      return out;
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const job of queue.splice(0)) job.reject(new Error('The offline embedding pool is closed.'));
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
