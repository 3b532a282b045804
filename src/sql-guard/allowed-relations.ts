// Which relations model-written SQL may read: the retail schema only. System catalogs and views
// (pg_stats, pg_stat_activity, pg_settings, information_schema) leak other tenants' data or context.

export const RETAIL_SCHEMA = 'retail';

/** Tables (and later views) that may be named without a schema. Extend when the schema grows. */
export const RETAIL_RELATIONS: readonly string[] = [
  'regions',
  'stores',
  'app_users',
  'customers',
  'categories',
  'product_types',
  'products',
  'inventory',
  'orders',
  'order_items',
  'product_embeddings',
  'customer_contacts',
  'sales_daily_store',
];

const UNQUALIFIED = new Set(RETAIL_RELATIONS);

export interface RelationName {
  catalogname?: string;
  schemaname?: string;
  relname?: string;
}

/**
 * Whether a FROM-clause relation may be read. `ctesInScope` holds the WITH names visible at this
 * point; PostgreSQL resolves an unqualified name to such a CTE before any table.
 */
export function isAllowedRelation(rel: RelationName, ctesInScope: ReadonlySet<string>): boolean {
  const { catalogname, schemaname, relname } = rel;
  // database.schema.table: never needed, and one more way to spell a name; refuse it outright.
  if (catalogname !== undefined || relname === undefined) return false;
  if (schemaname !== undefined) return schemaname === RETAIL_SCHEMA;
  // Unqualified names go through search_path, where pg_temp and pg_catalog are implicitly first:
  // only a CTE in scope or a known retail name (none exists in pg_catalog, and the guard lets no
  // temporary table be created) is safe to accept.
  return ctesInScope.has(relname) || UNQUALIFIED.has(relname);
}
