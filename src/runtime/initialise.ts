// First-use initialisation: migrate, write the seal key, seed an empty database, and embed the
// catalogue (only rows whose content hash changed; the seed catalogue's vectors ship with the repo,
// see src/embeddings/shipped.ts). Every step is a no-op when already done. When something was done,
// one line reports the time of each phase, e.g. "first start: migrate 0.3 s, seed 6.1 s, embeddings
// 1.2 s (1,094 shipped, 0 computed); initialised 9.8 s after the process started".

import { seedDatabase } from '../../seed/load.js';
import type { Sql } from '../db/client.js';
import { migrate, writeSealKey } from '../db/migrate.js';
import { backfillEmbeddings } from '../embeddings/backfill.js';
import type { Embedder } from '../embeddings/embedder.js';
import type { Logger } from '../log.js';

export interface InitialiseResult {
  migrations: number;
  seeded: boolean;
  /** Rows written to product_embeddings, and how many of them came from the shipped file. */
  embedded: number;
  shipped: number;
  /** Milliseconds per phase. */
  ms: { migrate: number; seed: number; embeddings: number };
}

export async function initialiseDatabase(
  admin: Sql,
  /** asOf: YYYY-MM-DD the seed's data ends the day before (default today, UTC); see SeedOptions. */
  o: { sealKeyHex: string; embedder?: Embedder; scale?: number; asOf?: string; log: Logger; progress?: boolean },
): Promise<InitialiseResult> {
  const lap = stopwatch();
  const applied = await migrate(admin, (line) => o.log.info(line));
  if (applied.length > 0) o.log.info('migrations applied', { count: applied.length });
  await writeSealKey(admin, o.sealKeyHex);
  const migrateMs = lap();

  const seeded = await seedDatabase(admin, { scale: o.scale ?? 1, asOf: o.asOf, log: (line) => o.log.info(line), progress: o.progress });
  if (seeded.seeded) o.log.info('seeded', seeded.counts);
  const seedMs = lap();

  let embedded = 0;
  let shipped = 0;
  if (o.embedder) {
    const r = await backfillEmbeddings(admin, o.embedder, { log: (line) => o.log.info(line), progress: o.progress });
    embedded = r.embedded;
    shipped = r.shipped ?? 0;
    if (r.embedded > 0) o.log.info('embedded products', { embedded: r.embedded, shipped, unchanged: r.unchanged, model: o.embedder.model });
  }
  const embeddingsMs = lap();

  const result: InitialiseResult = {
    migrations: applied.length,
    seeded: seeded.seeded,
    embedded,
    shipped,
    ms: { migrate: migrateMs, seed: seedMs, embeddings: embeddingsMs },
  };
  if (result.migrations > 0 || result.seeded || result.embedded > 0) {
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const uptimeMs = Math.round(process.uptime() * 1000);
    o.log.info(
      `${seeded.seeded ? 'first start' : 'initialised'}: migrate ${s(migrateMs)}, seed ${s(seedMs)}, embeddings ${s(embeddingsMs)} ` +
        `(${shipped.toLocaleString('en')} shipped, ${(embedded - shipped).toLocaleString('en')} computed); initialised ${s(uptimeMs)} after the process started`,
      { migrateMs, seedMs, embeddingsMs, shipped, computed: embedded - shipped, uptimeMs },
    );
  }
  return result;
}

/** Milliseconds since the previous call (or since it was made). */
function stopwatch(): () => number {
  let last = performance.now();
  return () => {
    const now = performance.now();
    const ms = Math.round(now - last);
    last = now;
    return ms;
  };
}
