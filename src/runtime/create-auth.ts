// Token verification and principal resolution from config. The embedded mode's dev secret is
// the default key source; AUTH_* settings override it.
import { DEV_ISSUER } from '../auth/dev-token.js';
import { createPrincipalResolver, type ResolvePrincipal } from '../auth/principal.js';
import { createTokenVerifier, type VerifyToken } from '../auth/verify-token.js';
import type { Config } from '../config.js';
import { ConfigError } from '../config.js';
import type { WithTenant } from '../db/with-tenant.js';

export interface Auth {
  verifyToken: VerifyToken;
  resolvePrincipal: ResolvePrincipal;
  issuer: string;
  audience: string;
}

export async function createAuth(config: Config, withTenant: WithTenant, devSecret: string | undefined): Promise<Auth> {
  const asymmetric = config.AUTH_JWKS_URL || config.AUTH_PUBLIC_KEY;
  if (!asymmetric && !devSecret) {
    throw new ConfigError('No token key source: set AUTH_JWKS_URL or AUTH_PUBLIC_KEY (production) or AUTH_DEV_SECRET (development).');
  }
  const issuer = config.AUTH_ISSUER ?? (asymmetric ? undefined : DEV_ISSUER);
  if (!issuer) throw new ConfigError("AUTH_ISSUER is required with AUTH_JWKS_URL or AUTH_PUBLIC_KEY: set it to your identity provider's issuer.");
  const audience = config.AUTH_AUDIENCE ?? config.resourceUrl;
  const verifyToken = await createTokenVerifier({
    jwksUrl: config.AUTH_JWKS_URL,
    publicKeyPem: config.AUTH_PUBLIC_KEY,
    publicKeyAlg: config.AUTH_PUBLIC_KEY_ALG,
    devSecret: asymmetric ? undefined : devSecret,
    issuer,
    audience,
    clockToleranceSeconds: config.AUTH_CLOCK_TOLERANCE_S,
    maxTokenAge: config.AUTH_MAX_TOKEN_AGE,
  });
  return { verifyToken, resolvePrincipal: createPrincipalResolver(withTenant), issuer, audience };
}
