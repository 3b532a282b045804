// `retail-mcp check`: the readiness report /readyz serves (database, migrations, self-check,
// embedder) plus the self-check's details; non-zero exit when it fails.
import { formatSelfCheck } from '../db/self-check.js';
import { checkReadiness, formatReadiness } from '../health/readiness.js';
import { createEmbedder } from '../runtime/create-embedder.js';
import { withDatabases } from '../runtime/databases.js';
import type { Command } from './command.js';

export const checkCommand: Command = {
  name: 'check',
  summary: 'Check readiness (database, migrations, self-check, embedder) and exit non-zero on failure',
  usage: 'retail-mcp check',
  options: {},
  async run({ config }) {
    // Loaded once, before the databases: the embedded mode's first-use initialisation reuses it,
    // and a model that cannot load fails the check, as it would fail `serve`.
    const embedder = await createEmbedder(config).catch(() => null);
    return withDatabases(config, { admin: false, embedder: embedder ?? undefined }, async (dbs) => {
      const report = await checkReadiness({ sql: dbs.app, embedded: config.embedded, embedder });
      const details = report.selfCheck ? `\n\nself-check:\n${formatSelfCheck(report.selfCheck)}` : '';
      process.stdout.write(`${formatReadiness(report)}${details}\n${report.status === 'ready' ? 'check passed' : 'check FAILED'}\n`);
      return report.status === 'ready' ? 0 : 1;
    });
  },
};
