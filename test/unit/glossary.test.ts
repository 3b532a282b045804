// The README's metric glossary is generated from the catalogue; this fails when they drift
// (run `npm run glossary` to regenerate it).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { METRICS } from '../../src/metrics/catalogue.js';
import { GLOSSARY_MARKDOWN } from '../../src/metrics/glossary.js';

describe('the metric glossary', () => {
  it('in the README is exactly what the catalogue generates', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const block = /<!-- glossary:start -->\n([\s\S]*?)\n<!-- glossary:end -->/.exec(readme)?.[1];
    expect(block).toBe(GLOSSARY_MARKDOWN);
  });

  it('derived metrics use base metrics only, and every name is unique', () => {
    const names = METRICS.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    for (const m of METRICS) {
      if (m.kind !== 'derived') continue;
      for (const u of m.uses) expect(METRICS.find((x) => x.name === u)?.kind, `${m.name} uses ${u}`).toBe('base');
    }
  });
});
