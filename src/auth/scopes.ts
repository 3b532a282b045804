// OAuth scopes: what a token may do beyond reading as its user. The database still decides which
// rows; a scope only switches a capability on. A token without a `scope` claim has none of these.
import { AppError } from '../errors.js';
import type { Principal, Role } from './principal.js';

export const EXPORT_SCOPE = 'retail.export';
export const CUSTOMERS_PII_SCOPE = 'retail.customers.pii';

/** Advertised in the protected-resource metadata (kept minimal: only scopes something checks). */
export const SCOPES_SUPPORTED: readonly string[] = [EXPORT_SCOPE, CUSTOMERS_PII_SCOPE];

/** What a development token carries by default: exports for everyone, contact details for head office. */
export function defaultScopesFor(role: Role | string): string[] {
  return role === 'head_office' ? [EXPORT_SCOPE, CUSTOMERS_PII_SCOPE] : [EXPORT_SCOPE];
}

/** RFC 8693/9068 `scope` (space-separated), or `scp`: an array (Okta) or a space-separated string (Entra ID). */
export function scopesFromClaims(payload: { scope?: unknown; scp?: unknown }): string[] {
  const spaced = (v: unknown) => (typeof v === 'string' ? v.split(' ') : undefined);
  const raw = spaced(payload.scope) ?? (Array.isArray(payload.scp) ? payload.scp : (spaced(payload.scp) ?? []));
  return [...new Set(raw.filter((s): s is string => typeof s === 'string' && /^[\x21\x23-\x5b\x5d-\x7e]{1,100}$/.test(s)))].slice(0, 50);
}

/** The principal as this token presents it: the database's user, with the token's scopes. */
export function withScopes(principal: Principal, scopes: readonly string[] | undefined): Principal {
  return { ...principal, scopes: [...(scopes ?? [])] };
}

export function hasScope(principal: Principal, scope: string): boolean {
  return principal.scopes?.includes(scope) ?? false;
}

export function requireScope(principal: Principal, scope: string): void {
  if (!hasScope(principal, scope)) {
    throw new AppError(
      'INSUFFICIENT_SCOPE',
      `This needs the ${scope} scope, which your token does not carry. Ask your authorization server for a token with it (step-up), then retry.`,
    );
  }
}

/** The scope a JSON-RPC tools/call body needs and the principal lacks, if any (batches included). */
export function missingToolScope(body: unknown, principal: Principal, scopeOf: (tool: string) => string | undefined): string | null {
  for (const msg of Array.isArray(body) ? body : [body]) {
    const m = msg as { method?: unknown; params?: { name?: unknown } } | null;
    if (typeof m !== 'object' || m === null || m.method !== 'tools/call' || typeof m.params?.name !== 'string') continue;
    const scope = scopeOf(m.params.name);
    if (scope && !hasScope(principal, scope)) return scope;
  }
  return null;
}
