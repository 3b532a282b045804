// claims.sub + the app_users table → Principal. The database, not the token, decides the scope:
// the lookup runs under the sealed context of the claimed user, so it reads only what RLS allows.

import type { WithTenant } from '../db/with-tenant.js';
import { AppError } from '../errors.js';

export type Role = 'store_manager' | 'regional_manager' | 'head_office';

export interface Principal {
  userId: string;
  email: string;
  role: Role;
  storeIds: number[];
  /** The OAuth scopes of the token this call came with (see scopes.ts); absent or empty: none. */
  scopes?: readonly string[];
}

export type ResolvePrincipal = (userId: string) => Promise<Principal>;

const CACHE_MS = 30_000;

/** Cached briefly: scope changes take effect within 30 s here, and at once in RLS itself. */
export function createPrincipalResolver(withTenant: WithTenant): ResolvePrincipal {
  const cache = new Map<string, { principal: Principal; until: number }>();
  return async (userId) => {
    const hit = cache.get(userId);
    if (hit && hit.until > Date.now()) return hit.principal;
    const rows = await withTenant(
      { userId },
      (tx) => tx<{ email: string; role: Role; store_ids: number[] }[]>`
      select u.email, u.role, retail.visible_store_ids() as store_ids
        from retail.app_users u
       where u.user_id = retail.current_principal_id() and u.is_active`,
    );
    const row = rows[0];
    if (!row) {
      cache.delete(userId);
      throw new AppError('FORBIDDEN', 'This user is not known to retail-mcp or has been disabled. Ask an administrator to add or enable it.');
    }
    const principal: Principal = { userId, email: row.email, role: row.role, storeIds: row.store_ids };
    if (cache.size > 10_000) cache.clear();
    cache.set(userId, { principal, until: Date.now() + CACHE_MS });
    return principal;
  };
}
