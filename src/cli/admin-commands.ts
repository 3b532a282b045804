// `migrate`, `seed`, `refresh-summaries` and `embed`: schema and data changes, run with the owner/admin connection
// (MIGRATION_DATABASE_URL, or the embedded database).

import { seedDatabase } from '../../seed/load.js';
import { asOfProblem } from '../../seed/world.js';
import { ConfigError } from '../config.js';
import { migrate, setAppPassword, writeSealKey } from '../db/migrate.js';
import { backfillEmbeddings } from '../embeddings/backfill.js';
import { createEmbedder } from '../runtime/create-embedder.js';
import { withDatabases } from '../runtime/databases.js';
import type { Command } from './command.js';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Apply pending migrations and write the RLS seal key (owner/admin)',
  usage: 'retail-mcp migrate',
  options: {},
  async run({ config, log }) {
    return withDatabases(config, { admin: true }, async (dbs) => {
      const applied = await migrate(dbs.admin!, (line) => log.info(line));
      await writeSealKey(dbs.admin!, dbs.sealKeyHex);
      if (config.RETAIL_APP_PASSWORD) await setAppPassword(dbs.admin!, config.RETAIL_APP_PASSWORD);
      log.info(applied.length ? `applied ${applied.length} migration(s)` : 'schema is up to date');
      return 0;
    });
  },
};

export const refreshSummariesCommand: Command = {
  name: 'refresh-summaries',
  summary: 'Rebuild the daily sales summary from the order lines (owner/admin)',
  usage:
    'retail-mcp refresh-summaries   (triggers keep it exact as orders are inserted; run this after updating or deleting past orders or changing product costs)',
  options: {},
  async run({ config, log }) {
    return withDatabases(config, { admin: true }, async (dbs) => {
      const started = Date.now();
      const [row] = await dbs.admin!<{ rows: string }[]>`select retail.refresh_sales_daily_store()::text as rows`;
      log.info(`retail.sales_daily_store rebuilt: ${row!.rows} store-days in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return 0;
    });
  },
};

export const seedCommand: Command = {
  name: 'seed',
  summary: 'Load the deterministic retail world into an empty database (owner/admin)',
  usage:
    'retail-mcp seed [--scale N] [--as-of YYYY-MM-DD]   (N multiplies the orders: 1 (default) ≈ 225k order lines, 7 ≈ 1.6M, 40 ≈ 9M. ' +
    'The orders cover the 24 months before the as-of date, default today (UTC); pin it for reproducible data)',
  options: { scale: { type: 'string', default: '1' }, 'as-of': { type: 'string' } },
  async run({ values, config, log }) {
    const scale = Number(values.scale);
    if (!Number.isFinite(scale) || scale <= 0 || scale > 100) throw new ConfigError('--scale must be a number above 0 and at most 100.');
    const asOf = values['as-of'] === undefined ? undefined : String(values['as-of']);
    const problem = asOf === undefined ? undefined : asOfProblem(asOf, new Date().toISOString().slice(0, 10), '--as-of');
    if (problem) throw new ConfigError(`${problem}.`);
    return withDatabases(config, { admin: true, log, scale, asOf }, async (dbs) => {
      const r = await seedDatabase(dbs.admin!, { scale, asOf, log: (line) => log.info(line) });
      // The phases in ms, for the log and `npm run bench:seed`.
      const phasesMs = r.phases && Object.fromEntries(Object.entries(r.phases).map(([name, ms]) => [name, Math.round(ms)]));
      log.info(r.seeded ? 'seeded' : 'the database already holds data; nothing changed', { ...r.counts, ...(phasesMs && { phasesMs }) });
      if (!r.seeded && asOf !== undefined) log.warn(`--as-of ${asOf} was not applied: only an empty database is seeded.`);
      return 0;
    });
  },
};

export const embedCommand: Command = {
  name: 'embed',
  summary: 'Embed products whose text changed, for the configured model (owner/admin)',
  usage: 'retail-mcp embed [--batch-size 64] [--concurrency N]',
  options: { 'batch-size': { type: 'string', default: '64' }, concurrency: { type: 'string' } },
  async run({ values, config, log }) {
    const batchSize = Number(values['batch-size']);
    const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
    return withDatabases(config, { admin: true }, async (dbs) => {
      const embedder = await createEmbedder(config);
      const r = await backfillEmbeddings(dbs.admin!, embedder, { batchSize, concurrency, log: (line) => log.info(line) });
      log.info(`embedded ${r.embedded}, unchanged ${r.unchanged}, total ${r.total}`, { model: embedder.model });
      return 0;
    });
  },
};
