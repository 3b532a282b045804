// The embedded database's engine thread: one PGlite (+ pgvector, pgcrypto) on the data dir, run in
// a worker thread so that the supervisor (embedded-supervisor.ts) can stop a runaway statement.
// PGlite runs each statement synchronously inside WebAssembly and has no way to be interrupted from
// outside (its memory is not shared, and PostgreSQL's timers need the event loop this statement
// blocks), so the supervisor terminates this thread and starts a new one on the same files.
//
// Plain JavaScript on purpose: a worker thread is loaded by Node itself, which cannot load
// TypeScript (the CLI's tsx hooks and vitest's transform do not reach worker threads).
//
// Protocol (parent -> worker):
//   { type: 'exec', id, messages: Uint8Array[] }   frontend messages of one client, in order
//   { type: 'close' }                                 clean shutdown (checkpoint) and exit
//   { type: 'bulk', id, steps: { sql, data? }[] }     statements run in the session as it stands (in
//                                                     the transaction of the client whose batch
//                                                     ended last): data goes to /dev/blob for a
//                                                     `COPY ... FROM '/dev/blob'` (PGlite's in-process
//                                                     COPY; COPY FROM STDIN ends this PGlite)
// Worker -> parent:
//   { type: 'ready' } | { type: 'failed', message }
//   on workerData.output (a MessagePort the parent can drain synchronously when it stops us):
//   { type: 'data', id, chunk: Uint8Array }           backend bytes, in order
//   { type: 'done', id, status, idleMs }              status: the final ReadyForQuery's byte
//                                                     ('I', 'T', 'E'), or '' if the output did
//                                                     not end with one (the client is mid-batch);
//                                                     idleMs: idle_in_transaction_session_timeout
//   { type: 'crashed', id, message }                  PGlite threw (a WebAssembly trap): unusable
//   { type: 'bulk-done', id, error?, code? }           a bulk request ran (or failed at a statement)
//   { type: 'closed' }
// Shared memory (workerData):
//   state: Float64Array(3)    - written before each message: [0] epoch ms after which it is
//                               overdue (0: none), from the session's statement_timeout; [1] its
//                               index in the batch; [2] 1 if a transaction block was open.
//   wasmModule                - PGlite's compiled WebAssembly.Module, compiled once by the parent
//                               so that a replacement worker starts faster.
// Node closes the descriptors a worker opened through node:fs when it is terminated (measured).
import { parentPort, workerData } from 'node:worker_threads';

const { dataDir, state, wasmModule, output } = workerData;

// PostgreSQL's timeouts run on an interval timer (SIGALRM) that Emscripten emulates with
// setTimeout on this thread's event loop. It can never interrupt a running statement (the
// supervisor does that), but it fires while the thread is idle between batches, and then e.g. an
// idle_in_transaction_session_timeout ends this single-user backend for good. So PostgreSQL's
// timers never fire here: the supervisor enforces statement_timeout, and the relay
// idle_in_transaction_session_timeout, per client.
const realSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = function setTimeoutExceptPostgresAlarms(fn, ms, ...args) {
  if (typeof fn === 'function' && String(fn).includes('_emscripten_timeout')) return realSetTimeout(() => {}, 2 ** 31 - 1).unref();
  return realSetTimeout(fn, ms, ...args);
};

const { PGlite } = await import('@electric-sql/pglite');
const { pgcrypto } = await import('@electric-sql/pglite/contrib/pgcrypto');
const { vector } = await import('@electric-sql/pglite-pgvector');

const CHUNK = 256 * 1024;
let db;
try {
  db = await PGlite.create(dataDir, { extensions: { vector, pgcrypto }, ...(wasmModule ? { pgliteWasmModule: wasmModule } : {}) });
} catch (err) {
  parentPort.postMessage({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
}

const mod = db.mod;
function cString(text) {
  const bytes = new TextEncoder().encode(`${text}\0`);
  const ptr = mod._malloc(bytes.length);
  mod.HEAPU8.set(bytes, ptr);
  return ptr;
}
const STATEMENT_TIMEOUT = cString('statement_timeout');
const IDLE_IN_TRANSACTION_TIMEOUT = cString('idle_in_transaction_session_timeout');

/** A millisecond GUC of the session, read straight from PostgreSQL's settings: no query, so the
 *  client's extended-protocol state (unnamed statement, portal) is untouched. */
function settingMs(namePtr) {
  const ptr = mod._GetConfigOption(namePtr, 1, 0);
  if (!ptr) return 0;
  const n = Number.parseInt(mod.UTF8ToString(ptr), 10);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** Follows the backend message framing across chunks, to report the final ReadyForQuery. */
class Framing {
  constructor() {
    this.header = new Uint8Array(5);
    this.headerLen = 0;
    this.remaining = 0; // body bytes left in the current message
    this.type = 0;
    this.lastStatus = '';
    this.lastWasRfq = false;
  }
  feed(bytes) {
    let i = 0;
    while (i < bytes.length) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, bytes.length - i);
        if (this.type === 0x5a && this.remaining === 1) this.lastStatus = String.fromCharCode(bytes[i]);
        this.remaining -= take;
        i += take;
        continue;
      }
      this.header[this.headerLen++] = bytes[i++];
      if (this.headerLen === 5) {
        this.type = this.header[0];
        const len = ((this.header[1] << 24) | (this.header[2] << 16) | (this.header[3] << 8) | this.header[4]) >>> 0;
        this.remaining = len - 4;
        this.headerLen = 0;
        this.lastWasRfq = this.type === 0x5a;
        if (!this.lastWasRfq) this.lastStatus = '';
      }
    }
  }
  get status() {
    return this.lastWasRfq && this.remaining === 0 && this.headerLen === 0 ? this.lastStatus : '';
  }
}

async function exec(id, messages) {
  const framing = new Framing();
  let pending = [];
  let pendingBytes = 0;
  const flush = () => {
    if (pendingBytes === 0) return;
    const out = new Uint8Array(pendingBytes);
    let at = 0;
    for (const p of pending) {
      out.set(p, at);
      at += p.length;
    }
    pending = [];
    pendingBytes = 0;
    output.postMessage({ type: 'data', id, chunk: out }, [out.buffer]);
  };
  const onRawData = (bytes) => {
    // A view into PGlite's buffers: copy it before the next write reuses them.
    const copy = bytes.slice();
    framing.feed(copy);
    pending.push(copy);
    pendingBytes += copy.length;
    if (pendingBytes >= CHUNK) flush();
  };
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i];
    // What the earlier messages answered goes out now: if this one is stopped, the client must
    // still get those answers, in order, before the error.
    flush();
    state[1] = i;
    state[2] = mod._IsTransactionBlock() ? 1 : 0;
    // (A startup packet, message[0] === 0, goes the same way: PGlite answers it through the
    // stream callback too, which must be this batch's.)
    const timeout = message[0] === 0 ? 0 : settingMs(STATEMENT_TIMEOUT);
    state[0] = timeout > 0 ? Date.now() + timeout : 0;
    await db.execProtocolRawStream(message, { onRawData, syncToFs: false });
    state[0] = 0;
  }
  flush();
  output.postMessage({ type: 'done', id, status: framing.status, idleMs: settingMs(IDLE_IN_TRANSACTION_TIMEOUT) });
}

async function bulk(id, steps) {
  try {
    for (const step of steps) {
      if (step.data) await db.query(step.sql, [], { blob: new Blob([step.data]) });
      else await db.exec(step.sql);
    }
    parentPort.postMessage({ type: 'bulk-done', id });
  } catch (err) {
    // A PostgreSQL error (the client's transaction is now aborted) is the caller's to handle.
    if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') {
      parentPort.postMessage({ type: 'bulk-done', id, error: err.message, code: err.code });
    } else {
      parentPort.postMessage({ type: 'crashed', id, message: err instanceof Error ? err.message : String(err) });
    }
  }
}

let chain = Promise.resolve();
parentPort.on('message', (msg) => {
  if (msg.type === 'bulk') {
    chain = chain.then(() => bulk(msg.id, msg.steps));
    return;
  }
  if (msg.type === 'exec') {
    chain = chain.then(() =>
      exec(msg.id, msg.messages).catch((err) => {
        parentPort.postMessage({ type: 'crashed', id: msg.id, message: err instanceof Error ? err.message : String(err) });
      }),
    );
  } else if (msg.type === 'close') {
    chain = chain.then(async () => {
      try {
        await db.close();
      } finally {
        parentPort.postMessage({ type: 'closed' });
        output.close();
        parentPort.close();
      }
    });
  }
});
parentPort.postMessage({ type: 'ready' });
