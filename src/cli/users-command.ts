// `retail-mcp users [--json]`: the seeded users, for picking one to mint a token for; a disabled
// user is marked "(disabled)" in the text form and has `is_active: false` in the JSON.
import { withDatabases } from '../runtime/databases.js';
import type { Command } from './command.js';
import { listUsers, usersJson } from './user-directory.js';

export const usersCommand: Command = {
  name: 'users',
  summary: 'List the users (id, email, role, stores, whether active)',
  usage: 'retail-mcp users [--json]',
  options: { json: { type: 'boolean', default: false } },
  async run({ values, config }) {
    return withDatabases(config, { admin: true }, async (dbs) => {
      const users = await listUsers(dbs.admin!);
      if (values.json) {
        process.stdout.write(`${usersJson(users)}\n`);
      } else {
        for (const u of users) {
          const stores = u.store_ids.length > 6 ? `${u.store_ids.length} stores` : `stores ${u.store_ids.join(',')}`;
          process.stdout.write(`${u.user_id}  ${u.role.padEnd(16)} ${u.email.padEnd(44)} ${stores}${u.is_active ? '' : '  (disabled)'}\n`);
        }
      }
      return 0;
    });
  },
};
