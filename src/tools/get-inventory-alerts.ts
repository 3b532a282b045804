// get_inventory_alerts: items that are below their reorder point or about to run out, with a
// suggested reorder quantity and the reason, for the caller's stores.
import { z } from 'zod';
import { metricAnswerOutput, storeInput, toMetricResult } from '../metrics/metric-schemas.js';
import { runMetrics } from '../metrics/run-metrics.js';
import { defineTool } from './tool.js';

/** Reorder up to 28 days of the recent rate of sale, and never below twice the reorder point. */
export function suggestedReorder(stock: number, reorderPoint: number, unitsLast28Days: number): number {
  return Math.max(0, Math.max(unitsLast28Days, 2 * reorderPoint) - stock);
}

export const getInventoryAlerts = defineTool({
  name: 'get_inventory_alerts',
  title: 'Inventory alerts',
  description: 'Items in your stores below reorder point or short of cover, lowest cover first, with a suggested reorder quantity and the reason.',
  input: {
    store: storeInput,
    max_days_of_cover: z.number().min(0).max(365).optional().describe('Also alert under this many days of cover (default 7).'),
    limit: z.number().int().min(1).max(500).optional().describe('Most items (default 50).'),
  },
  output: metricAnswerOutput,
  async run(ctx, args) {
    const cover = args.max_days_of_cover ?? 7;
    const answer = await runMetrics(
      ctx,
      {
        metrics: ['stock_on_hand', 'reorder_point', 'units_last_28_days', 'days_of_cover', 'items_below_reorder'],
        group_by: ['store', 'product'],
        filters: { store: args.store ? [args.store] : undefined },
        order_by: 'days_of_cover asc',
        limit: args.limit ?? 50,
      },
      {
        anyOf: [
          { metric: 'items_below_reorder', op: '>', value: 0 },
          { metric: 'days_of_cover', op: '<', value: cover },
        ],
      },
    );
    const rows = answer.rows.map(({ items_below_reorder, ...row }) => {
      const stock = Number(row.stock_on_hand);
      const reorder = Number(row.reorder_point);
      const reasons = [
        ...(Number(items_below_reorder) > 0 ? [`below reorder point (${stock} < ${reorder})`] : []),
        ...(row.days_of_cover !== null && Number(row.days_of_cover) < cover ? [`${row.days_of_cover} days of cover (< ${cover})`] : []),
      ];
      return { ...row, suggested_reorder: suggestedReorder(stock, reorder, Number(row.units_last_28_days)), reason: reasons.join('; ') };
    });
    const columns = [...answer.columns.filter((c) => c !== 'items_below_reorder'), 'suggested_reorder', 'reason'];
    return toMetricResult({ ...answer, rows, columns }, 'Inventory alerts', ' Stock is as of now; cover uses the 28 days before today.');
  },
});
