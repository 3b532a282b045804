// Supervises the embedded engine: PGlite in a worker thread (embedded-worker.mjs) on the data dir.
// Runs one batch of frontend messages at a time, and watches the deadline the worker publishes
// before each message (from the session's statement_timeout). A statement that overruns it is
// stopped the only way a running PGlite statement can be: the worker is terminated, and a new one
// is started on the same files. To PostgreSQL that is a crash of a single-user backend: committed
// transactions are in the WAL (written through to the files at commit), and startup recovery
// replays it; the stopped transaction was never committed. Calls are read-only, so they lose nothing.
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';

export type BatchOutcome =
  | { kind: 'done'; status: '' | 'I' | 'T' | 'E'; idleMs: number }
  /** Cancelled before it reached the engine: nothing ran, the engine was not replaced. */
  | { kind: 'cancelled' }
  | {
      kind: 'stopped';
      reason: 'timeout' | 'cancel' | 'crash';
      /** Index in the batch of the message that was running. */
      index: number;
      /** A transaction block was open when that message started (it is gone now). */
      inTransaction: boolean;
      detail?: string;
    };

/** One statement of a bulk request; `data` is what `COPY ... FROM '/dev/blob'` reads. */
export interface BulkStep {
  sql: string;
  data?: Uint8Array;
}

export interface EngineEvents {
  /** A worker was replaced; `ms` is how long the new one took to start. */
  restarted?(info: { reason: string; ms: number }): void;
  failed?(err: Error): void;
}

interface Output {
  type: 'data' | 'done';
  id: number;
  chunk?: Uint8Array;
  status?: string;
  idleMs?: number;
}

interface Running {
  onData(chunk: Buffer): void;
  resolve(outcome: BatchOutcome): void;
  id: number;
  stopped: boolean;
  /** Still waiting for the engine (starting or being replaced); a cancel then skips it. */
  waiting: boolean;
}

/** How often the deadline is checked while a batch runs. */
const WATCH_MS = 20;
/** A clean close (checkpoint) gets this long before the worker is terminated. */
const CLOSE_MS = 15_000;

let compiled: Promise<WebAssembly.Module> | null = null;

/** PGlite's WebAssembly, compiled once per process and shared with every worker. */
function wasmModule(): Promise<WebAssembly.Module> {
  if (!compiled) {
    const require = createRequire(import.meta.url);
    const file = join(require.resolve('@electric-sql/pglite').replace(/[\\/]dist[\\/].*$/, ''), 'dist', 'pglite.wasm');
    compiled = WebAssembly.compile(readFileSync(file));
  }
  return compiled;
}

export class EmbeddedEngine {
  private worker: Worker | null = null;
  private output: MessagePort | null = null;
  private ready: Promise<void> | null = null;
  private running: Running | null = null;
  private nextId = 1;
  private watch: NodeJS.Timeout | null = null;
  private closing = false;
  private readonly bulkPending = new Map<number, { resolve(): void; reject(err: Error): void }>();
  /** [0] deadline (epoch ms, 0: none), [1] message index, [2] in a transaction block. */
  private state = new Float64Array(new SharedArrayBuffer(3 * 8));
  restarts = 0;

  private constructor(
    private readonly pgdata: string,
    private readonly graceMs: number,
    private readonly events: EngineEvents,
  ) {}

  static async start(pgdata: string, options: { graceMs: number; events?: EngineEvents }): Promise<EmbeddedEngine> {
    const engine = new EmbeddedEngine(pgdata, options.graceMs, options.events ?? {});
    engine.ready = engine.spawn();
    await engine.ready;
    return engine;
  }

  private async spawn(): Promise<void> {
    // Temporary files of a stopped statement are PostgreSQL's to delete at a postmaster start,
    // which single-user PGlite never does.
    rmSync(join(this.pgdata, 'base', 'pgsql_tmp'), { recursive: true, force: true });
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(new URL('./embedded-worker.mjs', import.meta.url), {
      workerData: { dataDir: this.pgdata, state: this.state, wasmModule: await wasmModule(), output: port2 },
      transferList: [port2],
      // Not the parent's flags: `--input-type` (node -e) makes a worker fail to load, and the
      // worker is plain JavaScript that needs no loader hooks.
      execArgv: [],
      // stdout belongs to the stdio transport: anything PGlite prints goes to stderr.
      stdout: true,
    });
    worker.stdout.pipe(process.stderr, { end: false });
    worker.unref();
    port1.unref();
    this.worker = worker;
    this.output = port1;
    port1.on('message', (m: Output) => {
      if (this.worker === worker) this.deliver(m);
    });
    await new Promise<void>((resolve, reject) => {
      worker.on('message', (m: { type: string; id?: number; message?: string }) => {
        if (this.worker !== worker) return; // a terminated worker's last messages
        if (m.type === 'bulk-done') {
          const pending = this.bulkPending.get(m.id!);
          this.bulkPending.delete(m.id!);
          const done = m as { error?: string; code?: string };
          if (done.error === undefined) pending?.resolve();
          else pending?.reject(Object.assign(new Error(done.error), { code: done.code }));
          return;
        }
        if (m.type === 'ready') resolve();
        else if (m.type === 'failed') reject(new Error(`The embedded database did not start: ${m.message}`));
        else if (m.type === 'crashed') {
          void this.stop('crash', m.message);
        }
      });
      worker.on('error', (err) => {
        if (this.worker !== worker) return;
        reject(err);
        void this.stop('crash', err.message);
      });
      worker.on('exit', (code) => {
        if (this.worker !== worker) return;
        reject(new Error(`The embedded database worker exited (${code}) while starting.`));
        if (!this.closing) void this.stop('crash', `worker exited with code ${code}`);
      });
    });
  }

  private deliver(m: Output): void {
    const running = this.running;
    if (!running || running.id !== m.id || running.stopped || running.waiting) return;
    if (m.type === 'data') running.onData(Buffer.from(m.chunk!.buffer, m.chunk!.byteOffset, m.chunk!.byteLength));
    else if (m.type === 'done') this.finish({ kind: 'done', status: (m.status ?? '') as '', idleMs: m.idleMs ?? 0 });
  }

  /** Runs one batch; resolves when the worker has answered all of it, or it was stopped. */
  async run(messages: Buffer[], onData: (chunk: Buffer) => void): Promise<BatchOutcome> {
    if (this.running) throw new Error('EmbeddedEngine.run: a batch is already running');
    if (this.closing) throw new Error('The embedded database is closing.');
    const id = this.nextId++;
    let resolve!: (outcome: BatchOutcome) => void;
    const outcome = new Promise<BatchOutcome>((r) => (resolve = r));
    const running: Running = { id, onData, resolve, stopped: false, waiting: true };
    this.running = running;
    try {
      await this.ready;
    } catch (err) {
      this.running = null;
      throw err;
    }
    running.waiting = false;
    if (running.stopped) {
      this.running = null;
      return { kind: 'cancelled' };
    }
    if (!this.worker) {
      this.running = null;
      throw new Error('The embedded database is not running.');
    }
    this.state[0] = 0;
    this.watch = setInterval(() => this.check(), WATCH_MS);
    this.watch.unref();
    this.worker.postMessage({ type: 'exec', id, messages: messages.map((m) => new Uint8Array(m)) });
    return outcome;
  }

  /**
   * Runs statements in the engine's one session as it stands, between two batches: so inside the
   * open transaction of the client whose batch ran last (the relay keeps the session for one client
   * from its first message to an idle ReadyForQuery). It is for that client's own bulk work, the
   * embedded seed's COPY (seed/in-process-copy.ts), awaited between its statements. A PostgreSQL
   * error rejects with its message and code, and leaves that transaction aborted.
   */
  async bulk(steps: BulkStep[]): Promise<void> {
    // A batch may still be finishing here (its client has its answer before the engine hears the
    // worker's 'done'): the worker runs messages in order, so the bulk request simply follows it.
    if (this.closing) throw new Error('The embedded database is closing.');
    await this.ready;
    const worker = this.worker;
    if (!worker) throw new Error('The embedded database is not running.');
    const id = this.nextId++;
    await new Promise<void>((resolve, reject) => {
      this.bulkPending.set(id, { resolve, reject });
      worker.postMessage({ type: 'bulk', id, steps });
    });
  }

  private failBulk(reason: string): void {
    for (const pending of this.bulkPending.values()) pending.reject(new Error(`The embedded database engine stopped during a bulk load (${reason}).`));
    this.bulkPending.clear();
  }

  /** true while a batch is in the worker. */
  get busy(): boolean {
    return this.running !== null;
  }

  private check(): void {
    const deadline = this.state[0]!;
    if (deadline > 0 && Date.now() > deadline + this.graceMs) void this.stop('timeout');
  }

  private finish(outcome: BatchOutcome): void {
    const running = this.running;
    if (!running) return;
    if (this.watch) clearInterval(this.watch);
    this.watch = null;
    this.running = null;
    running.resolve(outcome);
  }

  /** Stops the running statement (CancelRequest). false if no batch is running. */
  cancel(): boolean {
    if (!this.running || this.running.stopped) return false;
    if (this.running.waiting) this.running.stopped = true;
    else void this.stop('cancel');
    return true;
  }

  /** Terminates the worker, answers the running batch as stopped, and starts a replacement. */
  private async stop(reason: 'timeout' | 'cancel' | 'crash', detail?: string): Promise<void> {
    const old = this.worker;
    if (!old) return;
    // Whatever the worker answered before it was stopped reaches the client first, in order.
    for (let m = this.output && receiveMessageOnPort(this.output); m; m = this.output && receiveMessageOnPort(this.output)) this.deliver(m.message as Output);
    const running = this.running?.waiting ? null : this.running;
    if (running?.stopped) return;
    if (!running && reason !== 'crash') return; // it finished after all
    if (running) running.stopped = true;
    const index = this.state[1]!;
    const inTransaction = this.state[2] === 1;
    this.worker = null;
    this.failBulk(detail ?? reason);
    let restarted: () => void = () => {};
    this.ready = new Promise<void>((resolve) => (restarted = resolve));
    // Answer now: the old worker's output is ignored from here on, and the replacement is not
    // started before the old one has exited (two engines must never share the files).
    if (running) this.finish({ kind: 'stopped', reason, index, inTransaction, detail });
    await old.terminate().catch(() => {});
    if (this.closing) return restarted();
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        await this.spawn();
        this.restarts++;
        this.events.restarted?.({ reason, ms: Date.now() - started });
        return restarted();
      } catch (err) {
        this.events.failed?.(err as Error);
        if (this.closing || attempt >= 5) {
          // Leaving `ready` pending would hang every caller: fail them instead.
          this.closing = true;
          return restarted();
        }
        await new Promise((r) => setTimeout(r, 500 * attempt));
      }
    }
  }

  async close(): Promise<void> {
    if (this.closing && !this.worker) return;
    this.closing = true;
    await this.ready?.catch(() => {});
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    this.failBulk('closing');
    if (this.running && !this.running.waiting) {
      // Like PostgreSQL's fast shutdown: the running statement is not waited for; its transaction
      // was not committed, so recovery at the next start rolls it back.
      this.running.stopped = true;
      this.finish({ kind: 'stopped', reason: 'crash', index: this.state[1]!, inTransaction: this.state[2] === 1, detail: 'closing' });
      await worker.terminate();
      this.worker = null;
      return;
    }
    worker.postMessage({ type: 'close' });
    const timer = setTimeout(() => void worker.terminate(), CLOSE_MS);
    await exited;
    clearTimeout(timer);
    this.worker = null;
  }
}
