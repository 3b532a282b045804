// jose jwtVerify with exactly one key source (JWKS URL | PEM public key | HS256 dev secret), the
// algorithm, issuer and audience pinned, exp required. Verified tokens are cached by hash until exp.
import { createHash } from 'node:crypto';
import { createRemoteJWKSet, importSPKI, jwtVerify, errors as joseErrors, type JWTVerifyGetKey, type JWTVerifyOptions } from 'jose';
import { AppError } from '../errors.js';

export interface TokenVerifierOptions {
  jwksUrl?: string;
  publicKeyPem?: string;
  publicKeyAlg?: string;
  devSecret?: string;
  issuer: string;
  audience: string;
  clockToleranceSeconds: number;
  maxTokenAge: string;
}

export interface VerifiedToken {
  sub: string;
  exp: number;
}

export type VerifyToken = (token: string) => Promise<VerifiedToken>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CACHE_MAX = 10_000;

export async function createTokenVerifier(o: TokenVerifierOptions): Promise<VerifyToken> {
  const { key, algorithms } = await resolveKey(o);
  const cache = new Map<string, VerifiedToken>();
  const options: JWTVerifyOptions = {
    algorithms, // pinned: `none`, and HS tokens under an asymmetric key, are refused
    issuer: o.issuer,
    audience: o.audience,
    clockTolerance: o.clockToleranceSeconds,
    maxTokenAge: o.maxTokenAge,
    requiredClaims: ['exp', 'iat', 'sub'],
  };

  return async (token) => {
    const id = createHash('sha256').update(token).digest('base64url');
    const cached = cache.get(id);
    if (cached && cached.exp * 1000 > Date.now()) return cached;
    if (cached) cache.delete(id);

    let payload;
    try {
      ({ payload } = typeof key === 'function' ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options));
    } catch (err) {
      throw new AppError('UNAUTHENTICATED', describeJoseError(err), { cause: err });
    }
    if (typeof payload.sub !== 'string' || !UUID.test(payload.sub)) {
      throw new AppError('UNAUTHENTICATED', 'The token subject (sub) must be a user id (UUID).');
    }
    const verified = { sub: payload.sub.toLowerCase(), exp: payload.exp! };
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(id, verified);
    return verified;
  };
}

async function resolveKey(o: TokenVerifierOptions): Promise<{ key: CryptoKey | Uint8Array | JWTVerifyGetKey; algorithms: string[] }> {
  if (o.jwksUrl) {
    return { key: createRemoteJWKSet(new URL(o.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 600_000 }), algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'] };
  }
  if (o.publicKeyPem) {
    const alg = o.publicKeyAlg ?? 'RS256';
    return { key: await importSPKI(o.publicKeyPem, alg), algorithms: [alg] };
  }
  if (o.devSecret) return { key: new TextEncoder().encode(o.devSecret), algorithms: ['HS256'] };
  throw new Error('No token key source configured: set AUTH_JWKS_URL, AUTH_PUBLIC_KEY or AUTH_DEV_SECRET.');
}

/** Short, safe reasons a client can act on; never the token itself. */
function describeJoseError(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'The token has expired; get a new one.';
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    if (err.claim === 'iat') return 'The token is older than the maximum token age, or has no iat.';
    return `The token's ${err.claim} claim is missing or not accepted by this server.`;
  }
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return 'The token is signed with an algorithm this server does not accept.';
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'The token signature is invalid.';
  if (err instanceof joseErrors.JWKSNoMatchingKey) return 'No key matches the token (kid); it may have been rotated out.';
  return 'The token is malformed or cannot be verified.';
}
