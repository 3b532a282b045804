// /readyz's view of readiness: cached briefly so that a busy load balancer cannot turn probes into
// database load, and "not ready" at once when the server is draining for shutdown.
import { checkReadiness, type ReadinessDeps, type ReadinessReport } from './readiness.js';

export interface ReadinessProbe {
  (): Promise<{ status: 200 | 503; body: { status: string; checks: ReadinessReport['checks'] } }>;
}

export function createReadinessProbe(d: ReadinessDeps, o: { cacheMs?: number; draining?: () => boolean } = {}): ReadinessProbe {
  const cacheMs = o.cacheMs ?? 2000;
  let cached: { at: number; report: Promise<ReadinessReport> } | null = null;
  return async () => {
    if (o.draining?.()) return { status: 503, body: { status: 'draining', checks: [] } };
    if (!cached || performance.now() - cached.at > cacheMs) cached = { at: performance.now(), report: checkReadiness(d) };
    const r = await cached.report;
    return { status: r.status === 'ready' ? 200 : 503, body: { status: r.status, checks: r.checks } };
  };
}
