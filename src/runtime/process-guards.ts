// The last line of defence against a library's error ending the process. postgres.js 3.4.9 threw
// from a timer after a database restart (`nextWrite` on a null socket, fixed in
// patches/postgres+3.4.9.patch); such an error reaches no caller, so without a handler Node exits and
// every in-flight call of every tenant fails. These handlers log it, count it and keep serving.
//
// The policy:
// - unhandledRejection: always logged and survived. A rejection nobody awaited belongs to work that
//   was already abandoned; no function stopped half-way, so there is no torn state to fear. (Node's
//   default since v15 is to exit.)
// - uncaughtException from a known library (the database driver, the Redis client, the embedded
//   database's socket server, telemetry exporters) or a connection failure (ECONNRESET, EPIPE, ...):
//   logged and survived. These libraries throw from their own timers and socket callbacks after
//   the call concerned was settled or abandoned, and they reconnect by themselves.
// - any other uncaughtException (a bug in this server): logged, then the process exits with code 1.
//   A synchronous throw may have stopped our own code half-way through updating shared state
//   (limiter counters, the audit buffer); a supervisor's restart is safer than serving from it.
import { isConnectionFailure } from '../db/pg-errors.js';
import type { Logger } from '../log.js';

/** Stack frames that mark an error as thrown inside a library that recovers on its own. */
const RECOVERABLE_SOURCES: Array<[name: string, frame: RegExp]> = [
  ['postgres.js', /node_modules[\\/]postgres[\\/]/],
  ['redis', /node_modules[\\/](@redis[\\/]|redis[\\/])/],
  ['pglite-socket', /node_modules[\\/]@electric-sql[\\/]pglite-socket[\\/]/],
  ['opentelemetry', /node_modules[\\/]@opentelemetry[\\/]/],
];

export type GuardVerdict = { survive: true; source: string } | { survive: false; source: 'unknown' };

/** Whether an uncaught exception may be survived, and which library it came from. */
export function classifyUncaught(err: unknown): GuardVerdict {
  const stack = typeof (err as { stack?: unknown })?.stack === 'string' ? (err as { stack: string }).stack : '';
  for (const [name, frame] of RECOVERABLE_SOURCES) if (frame.test(stack)) return { survive: true, source: name };
  if (isConnectionFailure(err)) return { survive: true, source: 'connection' };
  return { survive: false, source: 'unknown' };
}

export interface GuardStats {
  /** Uncaught exceptions survived, by source. */
  survived: Record<string, number>;
  unhandledRejections: number;
}

export interface ProcessGuards {
  stats(): GuardStats;
  uninstall(): void;
}

export interface ProcessGuardOptions {
  log: Logger;
  /** Called for every survived error (for a metric). */
  onSurvived?: (kind: 'uncaughtException' | 'unhandledRejection', source: string) => void;
  /** How the process ends after an unknown uncaught exception; process.exit(1) by default. */
  exit?: (code: number) => void;
}

function describe(err: unknown): Record<string, unknown> {
  if (err instanceof Error) {
    return { name: err.name, message: err.message, code: (err as { code?: unknown }).code, stack: err.stack?.split('\n').slice(0, 6).join('\n') };
  }
  return { value: String(err) };
}

/** Installs the handlers once per process: call it first thing in `serve`, before the pools open. */
export function installProcessGuards(o: ProcessGuardOptions): ProcessGuards {
  const stats: GuardStats = { survived: {}, unhandledRejections: 0 };
  const exit = o.exit ?? ((code: number) => process.exit(code));

  const onUncaught = (err: unknown) => {
    const verdict = classifyUncaught(err);
    if (verdict.survive) {
      stats.survived[verdict.source] = (stats.survived[verdict.source] ?? 0) + 1;
      o.log.error('survived an uncaught library error; still serving', { source: verdict.source, error: describe(err) });
      o.onSurvived?.('uncaughtException', verdict.source);
      return;
    }
    o.log.error('uncaught exception in the server itself; exiting so that a supervisor restarts it clean', { error: describe(err) });
    exit(1);
  };
  const onRejection = (reason: unknown) => {
    stats.unhandledRejections++;
    const source = classifyUncaught(reason).source;
    o.log.error('unhandled promise rejection; still serving', { source, error: describe(reason) });
    o.onSurvived?.('unhandledRejection', source);
  };

  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onRejection);
  return {
    stats: () => ({ survived: { ...stats.survived }, unhandledRejections: stats.unhandledRejections }),
    uninstall: () => {
      process.off('uncaughtException', onUncaught);
      process.off('unhandledRejection', onRejection);
    },
  };
}
