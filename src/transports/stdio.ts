// stdio: the token comes from the environment (MCP_TOKEN) and is verified once at startup.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { ResolvePrincipal } from '../auth/principal.js';
import type { VerifyToken } from '../auth/verify-token.js';
import { AppError } from '../errors.js';
import { buildServer, type ServerDeps } from '../server.js';

export async function serveStdio(d: { token: string | undefined; verifyToken: VerifyToken; resolvePrincipal: ResolvePrincipal; serverDeps: ServerDeps }): Promise<() => Promise<void>> {
  if (!d.token) throw new AppError('UNAUTHENTICATED', 'stdio mode needs MCP_TOKEN in the environment: mint one with `retail-mcp token --user <email>`.');
  const claims = await d.verifyToken(d.token);
  const principal = await d.resolvePrincipal(claims.sub);
  const server = buildServer(d.serverDeps, principal);
  const transport = new StdioServerTransport();
  await server.connect(transport);
  d.serverDeps.log.info('serving MCP over stdio', { user: principal.email, role: principal.role, stores: principal.storeIds.length });
  return () => server.close();
}
