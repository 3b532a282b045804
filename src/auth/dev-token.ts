// Development tokens for the seeded users, signed with the local HS256 dev secret.
import { SignJWT } from 'jose';

export const DEV_ISSUER = 'retail-mcp-dev';

export async function mintDevToken(o: { secret: string; userId: string; issuer: string; audience: string; ttl: string }): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(o.userId)
    .setIssuer(o.issuer)
    .setAudience(o.audience)
    .setIssuedAt()
    .setExpirationTime(o.ttl)
    .sign(new TextEncoder().encode(o.secret));
}
