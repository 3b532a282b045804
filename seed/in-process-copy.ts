// The embedded database's seed path: COPY inside PGlite, in-process, through the engine's worker
// (EmbeddedEngine.bulk), in the seed's own transaction. COPY FROM STDIN cannot go through the
// socket (it ends PGlite's backend), and the batched INSERTs that did took ~17 s at scale 1; PGlite's
// `COPY ... FROM '/dev/blob'` reads the rows from memory instead.
// Two things differ from the PostgreSQL COPY path, and neither changes the data (the seed-load tests
// compare digests of every seeded column):
// - COPY from a file needs a superuser, so the rows go in as the session user (PGlite's `postgres`),
//   which row-level security exempts; the seed's role, retail_owner, may write every row anyway.
// - The big tables' foreign keys come off for the load and go back on after it. Adding a key checks
//   every row in one query, instead of one lookup per row: the load ran 2.5x faster (measured).
import type { BulkStep } from '../src/db/embedded-engine.js';

export type InProcessBulk = (steps: BulkStep[]) => Promise<void>;

type Value = string | number | boolean | null;

export interface CopyLoad {
  table: string;
  columns: readonly string[];
  rows: readonly object[];
}

/** Loads tables (parents first) with one in-process COPY each, then returns the session to `role`. */
export async function copyInProcess(bulk: InProcessBulk, loads: readonly CopyLoad[], copyField: (v: Value | undefined) => string, role: string): Promise<void> {
  const encoder = new TextEncoder();
  const steps: BulkStep[] = [{ sql: 'set local role none' }];
  for (const l of loads) {
    if (l.rows.length === 0) continue;
    const lines = l.rows.map((row) => `${l.columns.map((c) => copyField((row as Record<string, Value>)[c])).join('\t')}\n`);
    steps.push({ sql: `copy retail.${l.table} (${l.columns.join(', ')}) from '/dev/blob'`, data: encoder.encode(lines.join('')) });
  }
  steps.push({ sql: `set local role ${role}` });
  await bulk(steps);
}
