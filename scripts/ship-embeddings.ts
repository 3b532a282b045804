// `npm run embeddings:ship`: computes the seed catalogue's embeddings with the offline model (on
// every core) and writes seed/embeddings/<model>.bin and .json, the vectors a first start loads
// instead of running the model (src/embeddings/shipped.ts). Run it after changing the catalogue's
// vocabulary or generator, the product text (product-text.ts), or the model package.
// Before writing, it measures what the float16 encoding costs: the cosine of every shipped vector to the
// computed one, and the exact top-10 over the whole catalogue for every query of the search
// relevance set, shipped against computed; it refuses to write a file that changes any top-10
// (beyond products tied to within float16's own error trading places: see ranking-compare.ts).
//   --check   compare with the files in the repository instead of writing (exit 1 if they differ)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createProgress } from '../src/cli/progress.js';
import { OFFLINE_MODEL } from '../src/embeddings/embedder.js';
import { createOfflineEmbedder } from '../src/embeddings/offline.js';
import { createOfflineEmbedderPool } from '../src/embeddings/offline-pool.js';
import { sameRankingUpToTies, TIE } from '../src/embeddings/ranking-compare.js';
import { seedProductTexts } from '../src/embeddings/seed-texts.js';
import { decodeShipped, encodeShipped, SHIPPED_DIR, type ShippedIndex, shippedBaseName } from '../src/embeddings/shipped.js';
import { RELEVANCE_SET } from '../test/eval/relevance-set.js';

const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
const started = Date.now();
const products = seedProductTexts(OFFLINE_MODEL);
const pool = await createOfflineEmbedderPool();
process.stderr.write(`embeddings:ship: ${products.length} seed products, ${OFFLINE_MODEL} on ${pool.threads} threads\n`);
const vectors: number[][] = [];
const bar = createProgress('embedding the seed catalogue', products.length);
try {
  for (let i = 0; i < products.length; i += 64) {
    const batch = products.slice(i, i + 64);
    vectors.push(...(await pool.embed(batch.map((p) => p.text))));
    bar.tick(batch.length);
  }
} finally {
  await pool.close();
}
bar.done();

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};
const scored = (q: number[], vs: number[][]) => vs.map((v, i) => ({ id: products[i]!.product_id, similarity: dot(q, v) }));
const top10 = (q: number[], vs: number[][]) =>
  scored(q, vs)
    .sort((a, b) => b.similarity - a.similarity || a.id - b.id)
    .slice(0, 10)
    .map((r) => r.id);

// Products with the same text (variants differing only in size or colour) share one record.
const entries = [...new Map(products.map((p, i) => [p.hash, { hash: p.hash, vector: vectors[i]! }])).values()];
const draft = encodeShipped(OFFLINE_MODEL, 512, entries, {
  key: 'sha256(model + "\\n" + productEmbeddingText(product)), src/embeddings/product-text.ts',
  generatedBy: 'npm run embeddings:ship',
});
const decoded = decodeShipped(draft.index, draft.bin);
const shippedVectors = products.map((p) => decoded.get(p.hash)!);
let minCosine = 1;
let maxAbsError = 0;
shippedVectors.forEach((s, i) => {
  minCosine = Math.min(minCosine, dot(s, vectors[i]!));
  for (let d = 0; d < s.length; d++) maxAbsError = Math.max(maxAbsError, Math.abs(s[d]! - vectors[i]![d]!));
});
const queries = RELEVANCE_SET.map((q) => q.query);
const queryVectors = await (await createOfflineEmbedder()).embed(queries);
let identical = 0;
const changed: string[] = [];
queries.forEach((q, i) => {
  const shown = top10(queryVectors[i]!, shippedVectors);
  if (shown.join() === top10(queryVectors[i]!, vectors).join()) identical++;
  else if (sameRankingUpToTies(scored(queryVectors[i]!, vectors), shown, 10))
    process.stderr.write(`top-10 for "${q}": two products tied to within ${TIE} swap places\n`);
  else changed.push(q);
});
for (const q of changed) process.stderr.write(`top-10 differs for "${q}"\n`);

const quality = {
  minCosine: Number(minCosine.toFixed(9)),
  maxAbsError: Number(maxAbsError.toPrecision(3)),
  top10: { queries: queries.length, identical, sameUpToTies: queries.length - changed.length },
};
const { index, bin } = encodeShipped(OFFLINE_MODEL, 512, entries, { key: draft.index.key, generatedBy: draft.index.generatedBy, quality });
process.stderr.write(
  `float16: min cosine to the computed vectors ${quality.minCosine}, max error per dimension ${quality.maxAbsError}; ` +
    `top-10 identical for ${identical}/${queries.length} queries, the same up to ties for ${quality.top10.sameUpToTies}; ${bin.byteLength.toLocaleString('en')} bytes; ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
);
if (changed.length > 0) {
  process.stderr.write('Not written: the float16 encoding changes search results (see above).\n');
  process.exit(1);
}

const base = join(SHIPPED_DIR, shippedBaseName(OFFLINE_MODEL));
const json = `${JSON.stringify(index, null, 2)}\n`;
if (values.check) {
  let current: ShippedIndex | undefined;
  try {
    current = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as ShippedIndex;
  } catch {}
  const same = current?.sha256 === index.sha256;
  process.stderr.write(same ? `${base}.bin is current\n` : `${base}.bin is out of date: run npm run embeddings:ship\n`);
  process.exit(same ? 0 : 1);
}
writeFileSync(`${base}.bin`, bin);
writeFileSync(`${base}.json`, json);
process.stderr.write(`wrote ${base}.bin and ${base}.json\n`);
