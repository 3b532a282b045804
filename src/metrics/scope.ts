// The caller's stores, read under RLS inside the call's own sealed transaction, and the checks that
// turn filter values into a narrowing of them. A store filter can only narrow: a store the caller
// may not see is FORBIDDEN (worded the same whether or not it exists), never an empty answer.
import type { Tx } from '../db/client.js';
import { AppError } from '../errors.js';
import { dimensionNamed } from './catalogue.js';
import type { ProductFilter } from './compile.js';

export interface VisibleStore {
  store_id: number;
  store_name: string;
  region: string;
  city: string;
  channel: 'online' | 'physical';
  opened_on: string;
}

export function readVisibleStores(tx: Tx): Promise<VisibleStore[]> {
  // RLS on retail.stores returns only the caller's stores; regions has no tenant data.
  return tx<VisibleStore[]>`
    select s.store_id, s.store_name, r.region_name as region, s.city,
           case when s.is_online then 'online' else 'physical' end as channel,
           to_char(s.opened_on, 'YYYY-MM-DD') as opened_on
      from retail.stores s join retail.regions r on r.region_id = s.region_id
     order by s.store_id`;
}

/** The caller's store named (case-insensitively) or numbered so; FORBIDDEN otherwise, the same whether it exists or not. */
export function requireVisibleStore(visible: VisibleStore[], nameOrId: string): VisibleStore {
  const key = nameOrId.trim().toLowerCase();
  const store = visible.find((s) => s.store_name.toLowerCase() === key || String(s.store_id) === key);
  if (!store) throw new AppError('FORBIDDEN', `Store "${key.slice(0, 60)}" is not one of the stores you may see; read retail://stores/mine for their names.`);
  return store;
}

const lowerSet = (values: string[]) => new Set(values.map((v) => v.trim().toLowerCase()));

/**
 * The store ids that the store-side filters (store, region, channel) leave, or undefined when there
 * are none. Every store and region named must be within the caller's scope.
 */
export async function narrowStores(tx: Tx, visible: VisibleStore[], filters: Record<string, string[]>): Promise<number[] | undefined> {
  let ids: number[] | undefined;
  const narrow = (keep: (s: VisibleStore) => boolean) => {
    ids = (ids ?? visible.map((s) => s.store_id)).filter((id) => keep(visible.find((s) => s.store_id === id)!));
  };
  if (filters.store) {
    const wanted = new Set(filters.store.map((name) => requireVisibleStore(visible, name).store_id));
    narrow((s) => wanted.has(s.store_id));
  }
  if (filters.region) {
    const wanted = lowerSet(filters.region);
    const known = await tx<{ name: string }[]>`select lower(region_name) as name from retail.regions where lower(region_name) = any(${[...wanted]}::text[])`;
    for (const name of wanted) {
      if (!known.some((k) => k.name === name)) throw new AppError('BAD_INPUT', `Unknown region "${name.slice(0, 60)}".`);
      if (!visible.some((s) => s.region.toLowerCase() === name)) {
        throw new AppError('FORBIDDEN', `Region "${name.slice(0, 60)}" holds none of the stores you may see.`);
      }
    }
    narrow((s) => wanted.has(s.region.toLowerCase()));
  }
  if (filters.channel) {
    const wanted = lowerSet(filters.channel);
    for (const c of wanted)
      if (c !== 'online' && c !== 'physical') throw new AppError('BAD_INPUT', `Channel must be "online" or "physical", not "${c.slice(0, 20)}".`);
    narrow((s) => wanted.has(s.channel));
  }
  return ids;
}

const PRODUCT_LOOKUP: Record<string, (tx: Tx, values: string[]) => Promise<{ v: string }[]>> = {
  category: (tx, v) => tx`select lower(category_name) as v from retail.categories where lower(category_name) = any(${v}::text[])`,
  product_type: (tx, v) => tx`select distinct lower(type_name) as v from retail.product_types where lower(type_name) = any(${v}::text[])`,
  product: (tx, v) => tx`select lower(sku) as v from retail.products where lower(sku) = any(${v}::text[])`,
};

/** Product-side filters (category, product type, product SKU), each value checked to exist. */
export async function checkProductFilters(tx: Tx, filters: Record<string, string[]>): Promise<ProductFilter[]> {
  const out: ProductFilter[] = [];
  for (const [dimension, lookup] of Object.entries(PRODUCT_LOOKUP)) {
    const values = filters[dimension];
    if (!values) continue;
    const wanted = [...lowerSet(values)];
    const found = new Set((await lookup(tx, wanted)).map((r) => r.v));
    const missing = wanted.find((v) => !found.has(v));
    if (missing !== undefined) {
      throw new AppError(
        'BAD_INPUT',
        `Unknown ${dimensionNamed(dimension)!.name.replace('_', ' ')} "${missing.slice(0, 60)}"; the completions for it list valid values.`,
      );
    }
    out.push({ dimension, values: wanted });
  }
  return out;
}
