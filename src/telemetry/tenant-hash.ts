// Tenants appear in telemetry only as a stable pseudonym: the first 16 hex of sha256(user id).
import { createHash } from 'node:crypto';

const cache = new Map<string, string>();

export function tenantHash(userId: string): string {
  let h = cache.get(userId);
  if (!h) {
    h = createHash('sha256').update(userId).digest('hex').slice(0, 16);
    if (cache.size > 10_000) cache.clear();
    cache.set(userId, h);
  }
  return h;
}
