// The one list of tools this server offers.
import { executeSalesQuery } from './execute-sales-query.js';
import { getCurrentUtcDate } from './get-current-utc-date.js';
import { getMultipleTableSchemas } from './get-multiple-table-schemas.js';
import { listMetrics } from './list-metrics.js';
import { queryMetrics } from './query-metrics.js';
import { semanticSearchProducts } from './semantic-search-products.js';
import type { AnyToolSpec } from './tool.js';

export const TOOLS: readonly AnyToolSpec[] = [getMultipleTableSchemas, executeSalesQuery, semanticSearchProducts, getCurrentUtcDate, listMetrics, queryMetrics];
