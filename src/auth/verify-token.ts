// jose jwtVerify with exactly one key source (JWKS URL | PEM public key | HS256 dev secret), the
// algorithm, issuer and audience pinned, exp and iat required. Verified tokens are cached by hash
// for at most min(exp, iat + AUTH_MAX_TOKEN_AGE, now + 60 s), in a bounded LRU. With a JWKS, a
// cache hit is served only while the JWKS still yields the very key that verified the token: a
// refreshed key set (rotation) makes every cached token verify again against the new set.
import { createHash } from 'node:crypto';
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  type FlattenedJWSInput,
  importSPKI,
  type JWTHeaderParameters,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
  errors as joseErrors,
  jwtVerify,
} from 'jose';
import { AppError } from '../errors.js';
import { scopesFromClaims } from './scopes.js';
import { cacheDeadline, parseDurationMs, TokenCache } from './token-cache.js';

export interface TokenVerifierOptions {
  jwksUrl?: string;
  publicKeyPem?: string;
  publicKeyAlg?: string;
  devSecret?: string;
  issuer: string;
  audience: string;
  clockToleranceSeconds: number;
  maxTokenAge: string;
  /** Verified tokens kept at most (LRU); default 10,000. */
  cacheMaxEntries?: number;
  /** How long a fetched JWKS is used before it is fetched again (ms); default 10 min. */
  jwksCacheMaxAgeMs?: number;
  /** Least time between two JWKS fetches caused by an unknown kid (ms); default 30 s. */
  jwksCooldownMs?: number;
  /** The clock (ms since the epoch), for tests; jose's claim checks use it too. */
  now?: () => number;
}

export interface VerifiedToken {
  sub: string;
  exp: number;
  /** The token's OAuth scopes (`scope` or `scp`); absent when it carries none. */
  scopes?: string[];
}

export type VerifyToken = (token: string) => Promise<VerifiedToken>;

/** A VerifyToken that also tells how its cache is doing (for tests and diagnostics). */
export type TokenVerifier = VerifyToken & { readonly cacheSize: number; readonly cacheHits: number };

type Key = CryptoKey | Uint8Array;

interface Cached {
  verified: VerifiedToken;
  header: JWTHeaderParameters;
  /** The key that verified the token: with a JWKS, a hit must still resolve to this same key. */
  key: Key;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CACHE_MAX = 10_000;

export async function createTokenVerifier(o: TokenVerifierOptions): Promise<TokenVerifier> {
  const { key: source, algorithms } = await resolveKey(o);
  const now = o.now ?? Date.now;
  const maxTokenAgeMs = parseDurationMs(o.maxTokenAge);
  const cache = new TokenCache<Cached>({ maxEntries: o.cacheMaxEntries ?? CACHE_MAX, now });
  let hits = 0;
  const options: JWTVerifyOptions = {
    algorithms, // pinned: `none`, and HS tokens under an asymmetric key, are refused
    issuer: o.issuer,
    audience: o.audience,
    clockTolerance: o.clockToleranceSeconds,
    maxTokenAge: o.maxTokenAge,
    requiredClaims: ['exp', 'iat', 'sub'],
  };

  /** With a JWKS: does the current key set still give this token the key that verified it? */
  async function keyStillCurrent(token: string, hit: Cached): Promise<boolean> {
    if (typeof source !== 'function') return true; // a PEM key or the dev secret never rotates in-process
    const [protectedPart = '', payload = '', signature = ''] = token.split('.');
    const input: FlattenedJWSInput = { protected: protectedPart, payload, signature };
    try {
      // Cheap while the JWKS is fresh (a lookup in the loaded set); refetches it once stale.
      return (await source(hit.header, input)) === hit.key;
    } catch {
      return false;
    }
  }

  const verify = async (token: string): Promise<VerifiedToken> => {
    const id = createHash('sha256').update(token).digest('base64url');
    const hit = cache.get(id);
    if (hit) {
      if (await keyStillCurrent(token, hit)) {
        hits++;
        return hit.verified;
      }
      cache.delete(id);
    }

    const verifiedAt = now();
    let payload;
    let usedKey: Key | undefined;
    try {
      const at = { ...options, currentDate: new Date(verifiedAt) };
      if (typeof source === 'function') {
        const getKey: JWTVerifyGetKey = async (header, input) => (usedKey = (await source(header, input)) as Key);
        ({ payload } = await jwtVerify(token, getKey, at));
      } else {
        usedKey = source;
        ({ payload } = await jwtVerify(token, source, at));
      }
    } catch (err) {
      throw new AppError('UNAUTHENTICATED', describeJoseError(err, { audience: o.audience, issuer: o.issuer }), { cause: err });
    }
    if (typeof payload.sub !== 'string' || !UUID.test(payload.sub)) {
      throw new AppError('UNAUTHENTICATED', 'The token subject (sub) must be a user id (UUID).');
    }
    const scopes = scopesFromClaims(payload as { scope?: unknown; scp?: unknown });
    const verified: VerifiedToken = { sub: payload.sub.toLowerCase(), exp: payload.exp!, ...(scopes.length ? { scopes } : {}) };
    const until = cacheDeadline({ exp: payload.exp!, iat: payload.iat! }, maxTokenAgeMs, verifiedAt);
    cache.set(id, { verified, header: decodeProtectedHeader(token) as JWTHeaderParameters, key: usedKey! }, until);
    return verified;
  };
  return Object.defineProperties(verify, {
    cacheSize: { get: () => cache.size, enumerable: true },
    cacheHits: { get: () => hits, enumerable: true },
  }) as TokenVerifier;
}

async function resolveKey(o: TokenVerifierOptions): Promise<{ key: Key | JWTVerifyGetKey; algorithms: string[] }> {
  if (o.jwksUrl) {
    const remote = createRemoteJWKSet(new URL(o.jwksUrl), { cooldownDuration: o.jwksCooldownMs ?? 30_000, cacheMaxAge: o.jwksCacheMaxAgeMs ?? 600_000 });
    return { key: remote, algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'] };
  }
  if (o.publicKeyPem) {
    const alg = o.publicKeyAlg ?? 'RS256';
    return { key: await importSPKI(o.publicKeyPem, alg), algorithms: [alg] };
  }
  if (o.devSecret) return { key: new TextEncoder().encode(o.devSecret), algorithms: ['HS256'] };
  throw new Error('No token key source configured: set AUTH_JWKS_URL, AUTH_PUBLIC_KEY or AUTH_DEV_SECRET.');
}

/** Short, safe reasons a client can act on; never the token itself. */
function describeJoseError(err: unknown, expected: { audience: string; issuer: string }): string {
  // jose reports a token older than maxTokenAge as JWTExpired on the iat claim.
  if (err instanceof joseErrors.JWTExpired)
    return err.claim === 'iat' ? 'The token is older than the maximum token age; get a new one.' : 'The token has expired; get a new one.';
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    if (err.claim === 'iat') return 'The token is older than the maximum token age, or has no iat.';
    // The audience is the server's public /mcp URL and the issuer is configured: naming them says how
    // to fix a token minted for another port or host (e.g. `retail-mcp token --port`).
    if (err.claim === 'aud') return `The token's audience (aud) is not this server's: expected ${expected.audience}.`;
    if (err.claim === 'iss') return `The token's issuer (iss) is not accepted: expected ${expected.issuer}.`;
    return `The token's ${err.claim} claim is missing or not accepted by this server.`;
  }
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return 'The token is signed with an algorithm this server does not accept.';
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'The token signature is invalid.';
  if (err instanceof joseErrors.JWKSNoMatchingKey) return 'No key matches the token (kid); it may have been rotated out.';
  return 'The token is malformed or cannot be verified.';
}
