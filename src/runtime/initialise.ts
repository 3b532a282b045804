// First-use initialisation: migrate, write the seal key, seed an empty database, and embed the
// catalogue (only rows whose content hash changed). Every step is a no-op when already done.

import { seedDatabase } from '../../seed/load.js';
import type { Sql } from '../db/client.js';
import { migrate, writeSealKey } from '../db/migrate.js';
import { backfillEmbeddings } from '../embeddings/backfill.js';
import type { Embedder } from '../embeddings/embedder.js';
import type { Logger } from '../log.js';

export async function initialiseDatabase(
  admin: Sql,
  /** asOf: YYYY-MM-DD the seed's data ends the day before (default today, UTC); see SeedOptions. */
  o: { sealKeyHex: string; embedder?: Embedder; scale?: number; asOf?: string; log: Logger; progress?: boolean },
): Promise<void> {
  const applied = await migrate(admin, (line) => o.log.info(line));
  if (applied.length > 0) o.log.info('migrations applied', { count: applied.length });
  await writeSealKey(admin, o.sealKeyHex);
  const seeded = await seedDatabase(admin, { scale: o.scale ?? 1, asOf: o.asOf, log: (line) => o.log.info(line), progress: o.progress });
  if (seeded.seeded) o.log.info('seeded', seeded.counts);
  if (o.embedder) {
    const r = await backfillEmbeddings(admin, o.embedder, { log: (line) => o.log.info(line), progress: o.progress });
    if (r.embedded > 0) o.log.info('embedded products', { embedded: r.embedded, unchanged: r.unchanged, model: o.embedder.model });
  }
}
