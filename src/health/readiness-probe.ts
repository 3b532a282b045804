// /readyz's view of readiness. It answers within `timeoutMs`, always, and says "not ready" exactly
// while a tool call cannot succeed: every answer rests on a trivial read-only transaction through
// the same pool the calls use, at most `cacheMs` old. A database that has not answered in time is
// reported as not ready (a call would not have been answered in time either); the probe never
// waits longer, and never runs more than one database check at a time, so a load balancer's
// probes cannot pile up in the pool. The slower checks (migrations, self-check) run in the
// background while the database is up, at most every `fullEveryMs`. "draining" at once when the
// server is shutting down, without asking the database.
import { checkReadiness, localChecks, pingDatabase, type ReadinessCheck, type ReadinessDeps, type ReadinessReport } from './readiness.js';

export type ReadinessProbe = () => Promise<{ status: 200 | 503; body: { status: string; checks: ReadinessReport['checks'] } }>;

export interface ReadinessProbeOptions {
  /** How long one answer is reused (default 250 ms). */
  cacheMs?: number;
  /** The probe answers within this, database or not (default 800 ms). */
  timeoutMs?: number;
  /** How often the migrations and self-check are read again while the database is up (default 60 s). */
  fullEveryMs?: number;
  draining?: () => boolean;
}

type Answer = Awaited<ReturnType<ReadinessProbe>>;

const TIMED_OUT = Symbol('timed out');

function within<T>(p: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(resolve, Math.max(0, ms), TIMED_OUT)));
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export function createReadinessProbe(d: ReadinessDeps, o: ReadinessProbeOptions = {}): ReadinessProbe {
  const cacheMs = o.cacheMs ?? 250;
  const timeoutMs = o.timeoutMs ?? 800;
  const fullEveryMs = o.fullEveryMs ?? 60_000;
  let answer: { at: number; value: Answer } | null = null;
  let ping: Promise<ReadinessCheck> | null = null;
  let full: { at: number; report: ReadinessReport } | null = null;
  let fullRunning: Promise<void> | null = null;

  const refreshFull = (): Promise<void> =>
    (fullRunning ??= checkReadiness(d)
      .then((report) => {
        // A report taken while the database was away says nothing new about migrations.
        if (report.checks.find((c) => c.name === 'database')?.ok) full = { at: performance.now(), report };
      })
      .catch(() => {})
      .finally(() => (fullRunning = null)));

  const evaluate = async (): Promise<Answer> => {
    const deadline = performance.now() + timeoutMs;
    ping ??= pingDatabase(d.sql).finally(() => (ping = null));
    const db = await within(ping, deadline - performance.now());
    const database: ReadinessCheck = db === TIMED_OUT ? { name: 'database', ok: false, detail: `no answer within ${timeoutMs} ms` } : db;
    if (database.ok && (!full || performance.now() - full.at > fullEveryMs)) {
      const pending = refreshFull();
      // The first time, wait for it (within the same deadline); later, the last report stands.
      if (!full) await within(pending, deadline - performance.now());
    }
    const rest: ReadinessCheck[] = full
      ? full.report.checks.filter((c) => c.name === 'migrations' || c.name === 'self_check')
      : [
          { name: 'migrations', ok: false, detail: database.ok ? 'not read yet' : 'database unreachable' },
          { name: 'self_check', ok: false, detail: database.ok ? 'not run yet' : 'database unreachable' },
        ];
    const checks = [database, ...rest, ...localChecks(d)];
    const ready = checks.every((c) => c.ok);
    return { status: ready ? 200 : 503, body: { status: ready ? 'ready' : 'not_ready', checks } };
  };

  // Read the migrations and self-check at once, so that the first probe need not wait for them.
  void refreshFull();
  let evaluating: Promise<Answer> | null = null;
  return async () => {
    if (o.draining?.()) return { status: 503, body: { status: 'draining', checks: [] } };
    if (answer && performance.now() - answer.at <= cacheMs) return answer.value;
    // Concurrent probes share one evaluation.
    evaluating ??= evaluate()
      .then((value) => {
        answer = { at: performance.now(), value };
        return value;
      })
      .finally(() => (evaluating = null));
    return evaluating;
  };
}
