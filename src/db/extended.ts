// The one way the server sends SQL text it did not write as a tagged template: always the extended
// protocol (Parse/Bind/Execute), which runs exactly one statement. postgres.js would send
// `unsafe(text)` without parameters through the simple protocol, which runs `;`-separated statements.
import type postgres from 'postgres';
import type { Sql, Tx } from './client.js';

// `simple` is a real postgres.js option that its typings leave out; this is the one place that says so.
// Never prepared: the model's text must not land in a connection's statement cache.
const EXTENDED = { prepare: false, simple: false } as postgres.UnsafeQueryOptions;

export function unsafeExtended<T extends postgres.Row[] = postgres.Row[]>(tx: Sql | Tx, text: string, params: unknown[] = []) {
  return tx.unsafe<T>(text, params as never[], EXTENDED);
}
