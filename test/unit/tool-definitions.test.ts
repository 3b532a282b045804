// What tools/list advertises: every argument of every tool tells the model what it is for (the
// model has only these words to go on).
import { describe, expect, it } from 'vitest';
import { TOOL_DEFINITIONS } from '../../src/pipeline.js';

describe('tool definitions', () => {
  it('describe every argument of every tool', () => {
    const missing = TOOL_DEFINITIONS.flatMap((tool) =>
      Object.entries((tool.inputSchema.properties ?? {}) as Record<string, { description?: string }>)
        .filter(([, schema]) => !schema.description?.trim())
        .map(([name]) => `${tool.name}.${name}`),
    );
    expect(missing).toEqual([]);
  });
});
