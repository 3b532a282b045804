// Latency percentiles and throughput for benchmark runs.
export interface RunStats {
  calls: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

export function summarise(latenciesMs: number[], errors: number, seconds: number): RunStats {
  const s = [...latenciesMs].sort((a, b) => a - b);
  const at = (q: number) => (s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : NaN);
  return { calls: s.length, errors, seconds, perSecond: s.length / seconds, p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

/**
 * Runs `call` from `concurrency` workers for `seconds`, after a short warm-up. `onStart` runs once
 * the warm-up is over, just before the measured window (e.g. to snapshot a process's CPU time).
 */
export async function drive(call: (i: number) => Promise<void>, concurrency: number, seconds: number, o: { onStart?: () => void } = {}): Promise<RunStats> {
  const latencies: number[] = [];
  let errors = 0;
  let i = 0;
  const warmUntil = performance.now() + 500;
  while (performance.now() < warmUntil) await call(i++).catch(() => {});
  o.onStart?.();
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        try {
          await call(i++);
          latencies.push(performance.now() - t);
        } catch {
          errors++;
        }
      }
    }),
  );
  return summarise(latencies, errors, (performance.now() - start) / 1000);
}

export function formatRow(label: string, s: RunStats): string {
  const f = (x: number) => x.toFixed(2).padStart(7);
  return `${label.padEnd(34)} ${s.perSecond.toFixed(0).padStart(7)} calls/s  p50 ${f(s.p50)} ms  p95 ${f(s.p95)} ms  p99 ${f(s.p99)} ms  errors ${s.errors}`;
}
