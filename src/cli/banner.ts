// The embedded mode's startup banner: the URL, ready tokens for three demo users, and client configs.
import { mintDevToken } from '../auth/dev-token.js';
import type { Runtime } from '../runtime/open-runtime.js';
import { listUsersViaTenant } from './demo-users.js';

export async function renderBanner(rt: Runtime, url: string): Promise<string> {
  const secret = rt.dbs.devSecret;
  if (!secret) return `retail-mcp listening on ${url}`;
  const demo = await listUsersViaTenant(rt);
  const lines = [`retail-mcp is ready at ${url}  (embedded PGlite in ${rt.config.RETAIL_MCP_DATA_DIR}; demo and development only)`, ''];
  let firstToken = '';
  for (const u of demo) {
    const token = await mintDevToken({ secret, userId: u.userId, issuer: rt.auth.issuer, audience: rt.auth.audience, ttl: '12h' });
    firstToken ||= token;
    lines.push(`${u.label} — ${u.email} (${u.storeIds.length} store${u.storeIds.length === 1 ? '' : 's'}), token valid 12h:`, token, '');
  }
  const config = { mcpServers: { 'retail-mcp': { type: 'http', url, headers: { Authorization: `Bearer ${firstToken}` } } } };
  lines.push('Paste into an MCP client config (the store manager token):', JSON.stringify(config, null, 2), '');
  lines.push('More tokens: npm run cli -- token --user <email>    Users: npm run cli -- users');
  return lines.join('\n');
}
