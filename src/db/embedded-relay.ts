// Serves the embedded engine (one PGlite session, in a worker: embedded-engine.ts) to postgres.js
// clients on a unix socket, as pglite-socket did, plus what that relay lacked:
// - The session belongs to one client at a time, from its first message until a ReadyForQuery
//   that says idle ('I'). pglite-socket switched clients between any two messages outside a
//   transaction block, so two clients' extended-protocol batches (Parse/Describe/Flush, then
//   Bind/Execute/Sync) could interleave: `portal "" does not exist`.
// - Each client gets its own BackendKeyData, so a CancelRequest (postgres.js `query.cancel()`)
//   stops that client's statement, and only if it is the one running.
// - A statement stopped by its deadline or a cancel answers 57014, like PostgreSQL. The engine
//   is replaced underneath; the relay then replays the session (startup parameters and every
//   client's named prepared statements) into the new one, and plays PostgreSQL's "current
//   transaction is aborted" for a client whose transaction was lost, until it ends it: nothing of
//   that client's runs outside the transaction it believes it is in.
// - A client that leaves has its transaction rolled back and its prepared statements closed (one
//   session is shared, so they would otherwise pile up), and a client idle in a transaction
//   longer than idle_in_transaction_session_timeout is disconnected, so it cannot hold the one
//   session forever.
import { randomInt } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type { BatchOutcome, EmbeddedEngine } from './embedded-engine.js';
import {
  BIND_COMPLETE,
  bindStatement,
  CANCEL_REQUEST,
  CLOSE_COMPLETE,
  cancelTarget,
  closeMessage,
  closeStatement,
  commandComplete,
  endsTransaction,
  errorResponse,
  GSSENC_REQUEST,
  NO_DATA,
  NO_PARAMETERS,
  PARSE_COMPLETE,
  parseMessage,
  queryText,
  readyForQuery,
  rewriteBackendKey,
  SSL_REQUEST,
  SYNC,
  simpleQuery,
  startupCode,
  takeMessage,
} from './embedded-protocol.js';

const DEBUG = false;

interface Conn {
  /** The pid this client sees in BackendKeyData, and the secret a CancelRequest must carry. */
  pid: number;
  secret: number;
  socket: Socket;
  buf: Buffer;
  untyped: boolean;
  started: boolean;
  pending: Buffer[];
  /** Named prepared statements this client created in the session: name -> its Parse message. */
  statements: Map<string, Buffer>;
  /** Its transaction was lost with a stopped engine: refuse all but its end (25P02). */
  aborted: boolean;
  /** Answering a lost transaction's end (an extended-protocol ROLLBACK) up to its Sync. */
  endingLocally: boolean;
  /** After an error in an extended-protocol batch: drop messages up to the Sync. */
  skipUntilSync: boolean;
  /** The last ReadyForQuery status it was sent. */
  status: '' | 'I' | 'T' | 'E';
  closed: boolean;
}

export interface RelayEvents {
  stopped?(info: { reason: string; pid: number }): void;
}

const STOP_MESSAGES = {
  timeout: ['57014', 'canceling statement due to statement timeout'],
  cancel: ['57014', 'canceling statement due to user request'],
  crash: ['XX000', 'the embedded database engine failed while running this statement, and was restarted'],
} as const;

export class EmbeddedRelay {
  private server: Server | null = null;
  private readonly conns = new Map<number, Conn>();
  private owner: Conn | null = null;
  private runningFor: Conn | null = null;
  private runningSince = 0;
  private busy = false;
  private queue: Conn[] = [];
  /** Internal batches (cleanup after a client left), run when the session is idle. */
  private jobs: Buffer[][] = [];
  private lastStartup: Buffer | null = null;
  private replay = false;
  private idleTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private nextPid = 10_000;

  constructor(
    private readonly engine: EmbeddedEngine,
    private readonly options: { maxConnections: number; events?: RelayEvents },
  ) {}

  async listen(path: string): Promise<void> {
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => {
        server.off('error', reject);
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    for (const conn of this.conns.values()) conn.socket.destroy();
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    // Give a batch in flight a moment to finish; the engine's close stops it after that.
    for (let waited = 0; this.busy && waited < 2000; waited += 10) await new Promise((r) => setTimeout(r, 10));
  }

  private accept(socket: Socket): void {
    if (this.closed || this.conns.size >= this.options.maxConnections) {
      socket.end(errorResponse('FATAL', '53300', 'sorry, too many clients already'));
      return;
    }
    const conn: Conn = {
      pid: this.nextPid++,
      secret: randomInt(1, 2 ** 31 - 1),
      socket,
      buf: Buffer.alloc(0),
      untyped: true,
      started: false,
      pending: [],
      statements: new Map(),
      aborted: false,
      endingLocally: false,
      skipUntilSync: false,
      status: '',
      closed: false,
    };
    this.conns.set(conn.pid, conn);
    socket.setNoDelay(true);
    socket.on('data', (chunk) => {
      try {
        this.receive(conn, chunk);
      } catch {
        socket.destroy();
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.left(conn));
  }

  private receive(conn: Conn, chunk: Buffer): void {
    conn.buf = conn.buf.length ? Buffer.concat([conn.buf, chunk]) : chunk;
    for (;;) {
      const taken = takeMessage(conn.buf, conn.untyped);
      if (!taken) break;
      conn.buf = taken.rest;
      const message = Buffer.from(taken.message); // own the bytes: the chunk may be reused
      if (conn.untyped) {
        const code = startupCode(message);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          conn.socket.write('N');
          continue;
        }
        if (code === CANCEL_REQUEST) {
          this.cancel(cancelTarget(message));
          conn.socket.end();
          return;
        }
        conn.untyped = false;
        this.lastStartup = message;
        conn.pending.push(message);
        continue;
      }
      this.intake(conn, message);
    }
    if (conn.buf.length === 0) conn.buf = Buffer.alloc(0);
    this.enqueue(conn);
    this.schedule();
  }

  /** Where a client's message goes: the engine, or (after a lost transaction) a local answer. */
  private intake(conn: Conn, message: Buffer): void {
    const type = String.fromCharCode(message[0]!);
    if (DEBUG) console.error('intake', conn.pid, type, { aborted: conn.aborted, skip: conn.skipUntilSync, local: conn.endingLocally });
    if (type === 'X') {
      conn.socket.end();
      return;
    }
    if (conn.skipUntilSync) {
      if (type === 'S') {
        conn.skipUntilSync = false;
        this.reply(conn, readyForQuery(conn.aborted ? 'E' : 'I'));
      }
      return;
    }
    if (conn.endingLocally) {
      this.endLocally(conn, message);
      return;
    }
    if (conn.aborted) {
      if (this.endsTransaction(conn, message)) {
        // Its transaction is already gone with the stopped engine: answer the end here, at once,
        // rather than after the replacement engine has started.
        conn.endingLocally = type !== 'Q';
        this.endLocally(conn, message);
        return;
      } else {
        if (type === 'H') return;
        if (type === 'S') {
          this.reply(conn, readyForQuery('E'));
          return;
        }
        this.reply(conn, errorResponse('ERROR', '25P02', 'current transaction is aborted, commands ignored until end of transaction block'));
        if (type === 'Q') this.reply(conn, readyForQuery('E'));
        else conn.skipUntilSync = true;
        return;
      }
    }
    conn.pending.push(message);
  }

  /** Answers a lost transaction's ROLLBACK (or COMMIT: PostgreSQL rolls an aborted one back). */
  private endLocally(conn: Conn, message: Buffer): void {
    switch (String.fromCharCode(message[0]!)) {
      case 'Q':
        conn.aborted = false;
        this.reply(conn, commandComplete('ROLLBACK'));
        this.reply(conn, readyForQuery('I'));
        return;
      case 'P': {
        const { name } = parseMessage(message);
        if (name) {
          // The client will use this statement later: create it in the engine too.
          conn.statements.set(name, message);
          this.jobs.push([message, SYNC]);
        }
        this.reply(conn, PARSE_COMPLETE);
        return;
      }
      case 'B':
        this.reply(conn, BIND_COMPLETE);
        return;
      case 'D':
        this.reply(conn, message[5] === 0x53 ? Buffer.concat([NO_PARAMETERS, NO_DATA]) : NO_DATA);
        return;
      case 'E':
        this.reply(conn, commandComplete('ROLLBACK'));
        return;
      case 'C':
        this.reply(conn, CLOSE_COMPLETE);
        return;
      case 'S':
        conn.endingLocally = false;
        conn.aborted = false;
        this.reply(conn, readyForQuery('I'));
        return;
      default:
        return;
    }
  }

  private endsTransaction(conn: Conn, message: Buffer): boolean {
    const type = String.fromCharCode(message[0]!);
    if (type === 'Q') return endsTransaction(queryText(message));
    if (type === 'P') return endsTransaction(parseMessage(message).text);
    if (type === 'B') {
      const parse = conn.statements.get(bindStatement(message));
      return parse !== undefined && endsTransaction(parseMessage(parse).text);
    }
    return false;
  }

  private reply(conn: Conn, bytes: Buffer): void {
    if (!conn.closed && conn.socket.writable) conn.socket.write(bytes);
    if (bytes[0] === 0x5a) conn.status = String.fromCharCode(bytes[5]!) as Conn['status'];
  }

  private enqueue(conn: Conn): void {
    if (conn.pending.length && conn !== this.owner && !conn.closed && !this.queue.includes(conn)) this.queue.push(conn);
  }

  private schedule(): void {
    if (this.busy) return;
    if (this.replay) {
      void this.runInternal(this.replayBatch(), () => (this.replay = false));
      return;
    }
    if (this.owner) {
      if (this.owner.pending.length) void this.runClient(this.owner);
      return;
    }
    const job = this.jobs.shift();
    if (job) {
      void this.runInternal(job);
      return;
    }
    while (this.queue.length) {
      const conn = this.queue.shift()!;
      if (!conn.closed && conn.pending.length) {
        void this.runClient(conn);
        return;
      }
    }
  }

  private async runInternal(batch: Buffer[], after?: () => void): Promise<void> {
    this.busy = true;
    if (DEBUG) console.error('internal', batch.map((m) => String.fromCharCode(m[0] || 48)).join(''));
    try {
      await this.engine.run(batch, () => {});
      after?.();
    } catch {
      // The engine is closing or could not restart; clients are told when they next ask.
      this.jobs = [];
      this.replay = false;
    } finally {
      this.busy = false;
    }
    if (!this.closed) this.schedule();
  }

  /** After an engine restart: the last startup packet, then every live named statement. */
  private replayBatch(): Buffer[] {
    const batch: Buffer[] = this.lastStartup ? [this.lastStartup] : [];
    for (const conn of this.conns.values()) {
      for (const parse of conn.statements.values()) batch.push(parse, SYNC);
    }
    return batch;
  }

  /** The client whose messages the engine is running now (its BackendKeyData pid), and since when:
   *  the embedded stand-in for pg_stat_activity, which in PGlite only ever shows one session. */
  activity(): { pid: number; since: number } | null {
    return this.runningFor ? { pid: this.runningFor.pid, since: this.runningSince } : null;
  }

  private async runClient(conn: Conn): Promise<void> {
    this.busy = true;
    this.runningFor = conn;
    this.runningSince = Date.now();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const startup = !conn.started;
    const batch = startup ? [conn.pending.shift()!] : conn.pending.splice(0);
    for (const message of batch) this.track(conn, message);
    if (DEBUG) console.error('run', conn.pid, batch.map((m) => String.fromCharCode(m[0] || 48)).join(''));
    const startupOut: Buffer[] = [];
    let outcome: BatchOutcome | { kind: 'unavailable' };
    try {
      outcome = await this.engine.run(batch, (chunk) => (startup ? startupOut.push(chunk) : this.reply(conn, chunk)));
    } catch {
      outcome = { kind: 'unavailable' };
    }
    this.runningFor = null;
    if (outcome.kind === 'done') {
      if (startup) {
        conn.started = true;
        this.reply(conn, rewriteBackendKey(Buffer.concat(startupOut), conn.pid, conn.secret));
      }
      conn.status = outcome.status;
      if (DEBUG) console.error('done', conn.pid, JSON.stringify(outcome.status), 'pending', conn.pending.length);
      this.owner = outcome.status === 'I' ? null : conn;
      if (conn.closed && this.owner === conn) this.releaseLeftOwner();
      else if (this.owner === conn && !conn.pending.length && outcome.idleMs > 0) this.watchIdle(conn, outcome.idleMs);
    } else if (outcome.kind === 'stopped') {
      this.stopped(conn, batch, outcome);
    } else if (outcome.kind === 'cancelled') {
      this.refuse(conn, batch);
    } else {
      this.reply(conn, errorResponse('FATAL', '57P03', 'the embedded database is not available'));
      conn.socket.destroy();
      if (this.owner === conn) this.owner = null;
    }
    this.busy = false;
    this.enqueue(conn);
    if (!this.closed) this.schedule();
  }

  /** Keeps the record of the client's named statements as its messages go to the engine. */
  private track(conn: Conn, message: Buffer): void {
    if (message[0] === 0x50) {
      const { name } = parseMessage(message);
      if (name) conn.statements.set(name, message);
    } else if (message[0] === 0x43) {
      const { kind, name } = closeMessage(message);
      if (kind === 'S') conn.statements.delete(name);
    }
  }

  /** The engine stopped (deadline, cancel, crash) during this client's batch and was replaced. */
  private stopped(conn: Conn, batch: Buffer[], outcome: Extract<BatchOutcome, { kind: 'stopped' }>): void {
    if (DEBUG) console.error('stopped', conn.pid, outcome);
    this.replay = true;
    this.owner = null;
    this.options.events?.stopped?.({ reason: outcome.reason, pid: conn.pid });
    if (conn.closed) return;
    const stoppedMessage = batch[outcome.index];
    if (!stoppedMessage || stoppedMessage[0] === 0) {
      conn.socket.destroy();
      return;
    }
    const [code, text] = STOP_MESSAGES[outcome.reason];
    this.reply(conn, errorResponse('ERROR', code, text));
    const requeue = [...batch.slice(outcome.index + 1), ...conn.pending];
    conn.pending = [];
    conn.aborted = outcome.inTransaction;
    const type = String.fromCharCode(stoppedMessage[0]!);
    if (type === 'Q' || type === 'S') this.reply(conn, readyForQuery(conn.aborted ? 'E' : 'I'));
    else conn.skipUntilSync = true;
    for (const message of requeue) this.intake(conn, message);
  }

  private watchIdle(conn: Conn, ms: number): void {
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.owner !== conn || this.busy || conn.pending.length || conn.closed) return;
      this.reply(conn, errorResponse('FATAL', '25P03', 'terminating connection due to idle-in-transaction timeout'));
      conn.socket.destroy();
    }, ms);
    this.idleTimer.unref();
  }

  private releaseLeftOwner(): void {
    this.owner = null;
    // Ends an unfinished extended-protocol batch, then its transaction (a WARNING if none).
    this.jobs.unshift([SYNC, simpleQuery('ROLLBACK')]);
  }

  private left(conn: Conn): void {
    if (conn.closed) return;
    conn.closed = true;
    conn.pending = [];
    this.conns.delete(conn.pid);
    this.queue = this.queue.filter((c) => c !== conn);
    if (this.closed) return;
    if (conn.statements.size) this.jobs.push([...[...conn.statements.keys()].map(closeStatement), SYNC]);
    if (this.owner === conn && this.runningFor !== conn) {
      if (this.idleTimer) clearTimeout(this.idleTimer);
      this.idleTimer = null;
      this.releaseLeftOwner();
    }
    this.schedule();
  }

  /** CancelRequest: stops the client's statement if it is the one running; drops its next batch
   *  if that is still waiting for the session. Otherwise nothing, as in PostgreSQL. */
  private cancel(target: { pid: number; secret: number }): void {
    const conn = this.conns.get(target.pid);
    if (!conn || conn.secret !== target.secret) return;
    if (this.runningFor === conn) {
      this.engine.cancel();
      return;
    }
    if (!conn.pending.length || !conn.started) return;
    this.refuse(conn, conn.pending.splice(0));
    this.schedule();
  }

  /** A cancelled batch that never reached the engine: answered as PostgreSQL answers a cancel. */
  private refuse(conn: Conn, batch: Buffer[]): void {
    if (conn.closed || !batch.length) return;
    const [code, text] = STOP_MESSAGES.cancel;
    this.reply(conn, errorResponse('ERROR', code, text));
    // PostgreSQL fails the transaction: the client's next messages, up to its end, are refused.
    conn.aborted = conn.status === 'T' || conn.status === 'E';
    if (this.owner === conn) {
      // Its batch or transaction is still open in the engine; end it there, so the session is free.
      this.releaseLeftOwner();
    }
    const type = String.fromCharCode(batch[0]![0]!);
    if (type === 'Q' || type === 'S') this.reply(conn, readyForQuery(conn.aborted ? 'E' : 'I'));
    else conn.skipUntilSync = true;
    for (const message of batch.slice(1)) this.intake(conn, message);
  }
}
