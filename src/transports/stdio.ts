// stdio: the token comes from the environment (MCP_TOKEN) and is verified once at startup. The SDK's
// serveStdio pins each connection to the era its opening exchange chose (2025-11-25 or 2026-07-28).
import type { Transport } from '@modelcontextprotocol/server';
import { serveStdio as serveSdkStdio } from '@modelcontextprotocol/server/stdio';
import type { ResolvePrincipal } from '../auth/principal.js';
import { withScopes } from '../auth/scopes.js';
import type { VerifyToken } from '../auth/verify-token.js';
import { AppError } from '../errors.js';
import { buildServer, type ServerDeps } from '../server.js';

export interface StdioDeps {
  token: string | undefined;
  verifyToken: VerifyToken;
  resolvePrincipal: ResolvePrincipal;
  serverDeps: ServerDeps;
  /** Another transport with stdio's connection semantics (tests pass an in-memory pair). */
  transport?: Transport;
}

export async function serveStdio(d: StdioDeps): Promise<() => Promise<void>> {
  if (!d.token) throw new AppError('UNAUTHENTICATED', 'stdio mode needs MCP_TOKEN in the environment: mint one with `retail-mcp token --user <email>`.');
  const claims = await d.verifyToken(d.token);
  const principal = withScopes(await d.resolvePrincipal(claims.sub), claims.scopes);
  const log = d.serverDeps.log;
  const handle = serveSdkStdio(() => buildServer(d.serverDeps, principal), {
    ...(d.transport ? { transport: d.transport } : {}),
    onerror: (err) => log.warn('stdio transport error', { cause: err.message }),
  });
  log.info('serving MCP over stdio', { user: principal.email, role: principal.role, stores: principal.storeIds.length });
  return () => handle.close();
}
