// The COPY text of the two big tables is written field by field into bytes (seed/copy-text.ts): it
// must be exactly what the generic writer gives for the same rows and columns.
import { describe, expect, it } from 'vitest';
import { generateCatalogue } from '../../seed/catalogue.js';
import { ITEM_COLUMNS, ORDER_COLUMNS } from '../../seed/copy-load.js';
import { copyLines, itemBytes, orderBytes } from '../../seed/copy-text.js';
import { generateCustomers, generateOrders } from '../../seed/world.js';

describe('seed COPY text', () => {
  it('writes orders and order lines exactly like the generic writer', () => {
    const catalogue = generateCatalogue();
    const [month] = generateOrders(catalogue, generateCustomers(), { scale: 0.02 });
    expect(month!.items.length).toBeGreaterThan(100);
    expect(orderBytes(month!.orders).toString('latin1')).toBe(copyLines(month!.orders, ORDER_COLUMNS));
    expect(itemBytes(month!.items).toString('latin1')).toBe(copyLines(month!.items, ITEM_COLUMNS));
  });
});
