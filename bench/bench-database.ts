// Prepares a real PostgreSQL database for benchmarks: created if missing, migrated, seeded once.
import postgres from 'postgres';
import { loadConfig } from '../src/config.js';
import { createPool, type Sql } from '../src/db/client.js';
import { createLogger, silentLogger } from '../src/log.js';
import { initialiseDatabase } from '../src/runtime/initialise.js';

export const BENCH_SEAL_KEY = 'be'.repeat(32);
export const BENCH_DEV_SECRET = 'bench-dev-secret-at-least-32-characters';
/** The seed's as-of date: pinned, so every bench database holds the same orders whenever it was seeded. */
export const BENCH_AS_OF = '2026-11-01';

/** `verbose`: migrations, seed phases and the seed's progress on stderr, and the time it all took. */
export async function prepareBenchDatabase(
  adminUrl: string,
  o: { scale?: number; embed?: boolean; verbose?: boolean } = {},
): Promise<{ admin: Sql; appUrl: string }> {
  const url = new URL(adminUrl);
  const dbName = url.pathname.slice(1);
  const server = postgres({ ...parts(url), database: 'postgres', max: 1, onnotice: () => {} });
  const [exists] = await server`select 1 from pg_database where datname = ${dbName}`;
  if (!exists) {
    if (o.verbose) console.error(`creating database ${dbName}`);
    await server.unsafe(`create database "${dbName.replace(/"/g, '')}"`);
  }
  await server.end();
  const started = Date.now();
  const config = loadConfig({ DATABASE_URL: adminUrl, RLS_SEAL_KEY: BENCH_SEAL_KEY });
  const admin = createPool({ url: adminUrl }, config, { max: 4 });
  const embedder = o.embed ? await (await import('../src/embeddings/offline.js')).createOfflineEmbedder() : undefined;
  const log = o.verbose ? createLogger('info') : silentLogger;
  await initialiseDatabase(admin, { sealKeyHex: BENCH_SEAL_KEY, scale: o.scale ?? 1, asOf: BENCH_AS_OF, embedder, log, progress: o.verbose });
  if (o.verbose) console.error(`database ${dbName} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const app = new URL(adminUrl);
  app.username = 'retail_app';
  app.password = '';
  return { admin, appUrl: app.toString() };
}

function parts(u: URL) {
  return { host: u.hostname, port: Number(u.port || 5432), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password) || undefined };
}
