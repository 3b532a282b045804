// The one list of tools this server offers.
import { compareStores } from './compare-stores.js';
import { executeSalesQuery } from './execute-sales-query.js';
import { exportQueryResult } from './export-query-result.js';
import { getCurrentUtcDate } from './get-current-utc-date.js';
import { getInventoryAlerts } from './get-inventory-alerts.js';
import { getMultipleTableSchemas } from './get-multiple-table-schemas.js';
import { getSalesTrend } from './get-sales-trend.js';
import { getStorePerformance } from './get-store-performance.js';
import { getTopProducts } from './get-top-products.js';
import { listMetrics } from './list-metrics.js';
import { queryMetrics } from './query-metrics.js';
import { semanticSearchProducts } from './semantic-search-products.js';
import type { AnyToolSpec } from './tool.js';

export const TOOLS: readonly AnyToolSpec[] = [
  getMultipleTableSchemas,
  executeSalesQuery,
  semanticSearchProducts,
  getCurrentUtcDate,
  listMetrics,
  queryMetrics,
  getStorePerformance,
  getTopProducts,
  getInventoryAlerts,
  compareStores,
  getSalesTrend,
  exportQueryResult,
];
