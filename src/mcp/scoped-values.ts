// The values clients may complete and prompts may take, read as the caller: store names and
// regions come through RLS (a store manager's list holds their store only); categories, product
// types, metrics and dimensions are the same for everyone.
import type { Principal } from '../auth/principal.js';
import { DIMENSION_NAMES, METRIC_NAMES } from '../metrics/catalogue.js';
import { readVisibleStores } from '../metrics/scope.js';
import type { ToolDeps } from '../tools/tool.js';

export type ValueKind = 'store' | 'region' | 'category' | 'product_type' | 'metric' | 'dimension';

/** At most this many values per completion, as the MCP spec allows. */
export const MAX_COMPLETIONS = 100;

export async function scopedValues(deps: ToolDeps, principal: Principal, kind: ValueKind): Promise<string[]> {
  if (kind === 'metric') return [...METRIC_NAMES];
  if (kind === 'dimension') return [...DIMENSION_NAMES];
  return deps.withTenant(principal, async (tx) => {
    if (kind === 'store') return (await readVisibleStores(tx)).map((s) => s.store_name);
    if (kind === 'region') return [...new Set((await readVisibleStores(tx)).map((s) => s.region))].sort();
    const rows =
      kind === 'category'
        ? await tx<{ v: string }[]>`select category_name as v from retail.categories order by 1`
        : await tx<{ v: string }[]>`select distinct type_name as v from retail.product_types order by 1`;
    return rows.map((r) => r.v);
  });
}

/** Values starting with (then containing) what was typed, case-insensitively, at most MAX_COMPLETIONS. */
export function matchCompletions(values: string[], typed: string): { values: string[]; total: number; hasMore: boolean } {
  const t = typed.trim().toLowerCase();
  const starts = values.filter((v) => v.toLowerCase().startsWith(t));
  const contains = values.filter((v) => !v.toLowerCase().startsWith(t) && v.toLowerCase().includes(t));
  const all = [...starts, ...contains];
  return { values: all.slice(0, MAX_COMPLETIONS), total: all.length, hasMore: all.length > MAX_COMPLETIONS };
}
