// `retail-mcp check`: the startup self-check, printed; non-zero exit when it fails.
import { formatSelfCheck, runSelfCheck } from '../db/self-check.js';
import { openDatabases } from '../runtime/databases.js';
import type { Command } from './command.js';

export const checkCommand: Command = {
  name: 'check',
  summary: 'Run the startup self-check (roles, RLS, migrations) and exit non-zero on failure',
  usage: 'retail-mcp check',
  options: {},
  async run({ config }) {
    const dbs = await openDatabases(config, { admin: false });
    try {
      const report = await runSelfCheck(dbs.app, { embedded: config.embedded });
      process.stdout.write(`${formatSelfCheck(report)}\n${report.ok ? 'self-check passed' : 'self-check FAILED'}\n`);
      return report.ok ? 0 : 1;
    } finally {
      await dbs.close();
    }
  },
};
