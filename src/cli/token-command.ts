// `retail-mcp token --user <uuid|email> [--ttl 1h] [--scope "a b"]`: a signed development token, alone
// on stdout. Its scopes default to the user's role (scopes.ts); --scope replaces them ('' for none).
import { mintDevToken } from '../auth/dev-token.js';
import { defaultScopesFor, scopesFromClaims } from '../auth/scopes.js';
import { ConfigError } from '../config.js';
import { createWithTenant } from '../db/with-tenant.js';
import { createAuth } from '../runtime/create-auth.js';
import { withDatabases } from '../runtime/databases.js';
import type { Command } from './command.js';
import { listUsers } from './user-directory.js';

export const tokenCommand: Command = {
  name: 'token',
  summary: 'Mint a development token for a user',
  usage: 'retail-mcp token --user <uuid|email> [--ttl 1h] [--scope "retail.export retail.customers.pii"] [--host H] [--port N]',
  // --host/--port name the server the token is for (its audience), as `serve` was given them.
  options: { user: { type: 'string' }, ttl: { type: 'string', default: '1h' }, scope: { type: 'string' }, host: { type: 'string' }, port: { type: 'string' } },
  async run({ values, config }) {
    const who = String(values.user ?? '')
      .trim()
      .toLowerCase();
    if (!who) throw new ConfigError('Missing --user <uuid|email>. `retail-mcp users` lists them.');
    const ttl = String(values.ttl);
    if (!/^\d+[smhd]$/.test(ttl)) throw new ConfigError('--ttl is a duration such as 30m, 1h or 7d.');
    return withDatabases(config, { admin: true }, async (dbs) => {
      if (!dbs.devSecret || config.AUTH_JWKS_URL || config.AUTH_PUBLIC_KEY) {
        throw new ConfigError(
          'Development tokens need the HS256 dev secret (embedded mode, or AUTH_DEV_SECRET). With JWKS or a PEM key, get tokens from your identity provider.',
        );
      }
      const user = (await listUsers(dbs.admin!)).find((u) => u.user_id === who || u.email.toLowerCase() === who);
      if (!user) throw new ConfigError(`No user ${JSON.stringify(who)}. \`retail-mcp users\` lists them.`);
      const auth = await createAuth(config, createWithTenant(dbs.app, { sealKeyHex: dbs.sealKeyHex, statementTimeoutMs: 1000 }), dbs.devSecret);
      const scopes = values.scope === undefined ? defaultScopesFor(user.role) : scopesFromClaims({ scope: String(values.scope).trim() });
      const token = await mintDevToken({ secret: dbs.devSecret, userId: user.user_id, issuer: auth.issuer, audience: auth.audience, ttl, scopes });
      process.stdout.write(`${token}\n`);
      return 0;
    });
  },
};
