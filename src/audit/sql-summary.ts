// The audit trail's view of the model's SQL: libpg-query's fingerprint and its normalised text, in
// which every constant is replaced by $n, so no literal value the model wrote is ever stored.
import { fingerprint, normalize } from 'libpg-query';

export interface SqlSummary {
  fingerprint: string | null;
  normalized: string | null;
}

const MAX_NORMALIZED_CHARS = 4000;

export async function summariseSql(text: string | undefined): Promise<SqlSummary> {
  if (typeof text !== 'string' || text.trim() === '') return { fingerprint: null, normalized: null };
  // Unparseable SQL yields nulls, never the raw text (it could hold the very literals we drop).
  const [fp, norm] = await Promise.all([fingerprint(text).catch(() => null), normalize(text).catch(() => null)]);
  return { fingerprint: fp, normalized: norm === null ? null : norm.slice(0, MAX_NORMALIZED_CHARS) };
}
