// Development tokens for the seeded users, signed with the local HS256 dev secret.
import { SignJWT } from 'jose';

export const DEV_ISSUER = 'retail-mcp-dev';

export async function mintDevToken(o: {
  secret: string;
  userId: string;
  issuer: string;
  audience: string;
  ttl: string;
  scopes?: readonly string[];
}): Promise<string> {
  // No scope claim at all when none are asked for (a token that may read, and nothing more).
  return new SignJWT(o.scopes?.length ? { scope: o.scopes.join(' ') } : {})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(o.userId)
    .setIssuer(o.issuer)
    .setAudience(o.audience)
    .setIssuedAt()
    .setExpirationTime(o.ttl)
    .sign(new TextEncoder().encode(o.secret));
}
