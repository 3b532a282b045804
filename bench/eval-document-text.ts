// npx tsx bench/eval-document-text.ts — issue 9 part 2, "a richer document text for both signals",
// each variant measured alone on both halves of the relevance set (test/eval/split.ts), in memory:
// vector = exact cosine over the variant's embeddings, keyword = the shipped sql/keyword-search.sql over
// a variant tsvector, hybrid = the shipped fusion (RRF k=60, 50 deep, type-aware 4/5). Choose on the
// tuning half only. Needs the eval database (npm run eval:search makes it); works on a scratch copy,
// EVAL_DOC_DATABASE (default retail_eval_doc), made from it as a template, with the search_text trigger
// off so each keyword variant can be written in place. Embeddings are cached in the OS temp directory.
//   E0 the text before this change; E4 the shipped productEmbeddingText; K0 migration 005's tsvector.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import postgres from 'postgres';
import { createOfflineEmbedder } from '../src/embeddings/offline.js';
import { createOfflineEmbedderPool } from '../src/embeddings/offline-pool.js';
import { productEmbeddingText, purposePhrases as purposes } from '../src/embeddings/product-text.js';
import { reciprocalRankFusion } from '../src/search/rrf.js';
import { typeAwareRerank } from '../src/search/type-aware.js';
import { meanScores } from '../test/eval/metrics.js';
import { resolveLabels } from '../test/eval/resolve-labels.js';
import { splitRelevanceSet } from '../test/eval/split.js';

const SERVER = process.env.EVAL_DOC_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
const SCRATCH = process.env.EVAL_DOC_DATABASE ?? 'retail_eval_doc';
if (!/^[a-z_][a-z0-9_]*$/.test(SCRATCH)) throw new Error('EVAL_DOC_DATABASE must be a plain lower-case name');
const server = postgres(`${SERVER}/postgres`, { max: 1, onnotice: () => {} });
if ((await server`select 1 from pg_database where datname = ${SCRATCH}`).length === 0) {
  await server.unsafe(`create database ${SCRATCH} template retail_eval`);
  const scratch = postgres(`${SERVER}/${SCRATCH}`, { max: 1, onnotice: () => {} });
  await scratch`alter table retail.products disable trigger products_search_text`;
  await scratch.end();
}
await server.end();
const sql = postgres(`${SERVER}/${SCRATCH}`, { max: 2, onnotice: () => {} });
const CACHE = `${tmpdir()}/retail-mcp-doc-eval`;
mkdirSync(CACHE, { recursive: true });
type P = { product_id: number; sku: string; product_name: string; category_name: string; type_name: string; product_description: string };
const products = await sql<P[]>`select p.product_id, p.sku, p.product_name, c.category_name, t.type_name, p.product_description
  from retail.products p join retail.categories c using (category_id) join retail.product_types t using (type_id) order by p.product_id`;
const split = splitRelevanceSet();
const queries = resolveLabels(split, products).map((q, i) => ({ ...split[i]!, ...q }));
const embedder = await createOfflineEmbedder();
const qv = await embedder.embed(queries.map((q) => q.query));
const clean = (s: string) => s.replace(/\s+/g, ' ').trim();
const head = (p: P) => clean(p.product_name.split(',')[0]!);
const docs: Record<string, (p: P) => string> = {
  // before: name, category > type, the whole description
  E0: (p) => [clean(p.product_name), `${clean(p.category_name)} > ${clean(p.type_name)}`, clean(p.product_description)].join('. '),
  E1: (p) => `${p.type_name} (${p.category_name}): ${head(p)}. For ${purposes(p.product_description).join('; ')}.`,
  E3: (p) => `${p.type_name} (${p.category_name}): ${head(p)}. For ${purposes(p.product_description).join('; ')}. ${clean(p.product_description)}`,
  E4: (p) => productEmbeddingText(p),
  E5: (p) => `${head(p)}. ${p.category_name} > ${p.type_name}. For ${purposes(p.product_description).join('; ')}. ${clean(p.product_description)}`,
};
const only = process.argv.slice(2);
const pool = await createOfflineEmbedderPool();
const vecs: Record<string, number[][]> = {};
for (const [name, f] of Object.entries(docs)) {
  if (only.length && !only.includes(name) && name !== 'E0') continue;
  const texts = products.map(f);
  const key = createHash('sha256').update(texts.join('\n')).digest('hex').slice(0, 12);
  const file = `${CACHE}/${name}-${key}.json`;
  if (existsSync(file)) vecs[name] = JSON.parse(readFileSync(file, 'utf8'));
  else {
    const t = Date.now();
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += 64) out.push(...(await pool.embed(texts.slice(i, i + 64))));
    vecs[name] = out;
    writeFileSync(file, JSON.stringify(out));
    console.error(`${name}: ${((Date.now() - t) / 1000).toFixed(0)} s; e.g. ${texts[0]}`);
  }
}
await pool.close();
const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);
const vrank = (name: string, i: number) =>
  vecs[name]!.map((v, j) => ({ id: products[j]!.product_id, s: dot(qv[i]!, v) }))
    .sort((a, b) => b.s - a.s || a.id - b.id)
    .slice(0, 100)
    .map((r) => r.id);

// keyword variants: rewrite search_text (trigger disabled in this scratch copy), run the shipped keyword SQL
const kwSql = readFileSync(new URL('../sql/keyword-search.sql', import.meta.url), 'utf8').replaceAll(':dims', '512');
const kdocs: Record<string, string> = {
  K0: `setweight(to_tsvector('english', p.product_name), 'A') || setweight(to_tsvector('english', c.category_name || ' ' || t.type_name), 'B') || setweight(to_tsvector('english', p.product_description), 'C')`,
  K1: `setweight(to_tsvector('english', p.product_name || ' ' || t.type_name), 'A') || setweight(to_tsvector('english', c.category_name || ' ' || x.purposes), 'B') || setweight(to_tsvector('english', p.product_description), 'C')`,
  K2: `setweight(to_tsvector('english', p.product_name), 'A') || setweight(to_tsvector('english', c.category_name || ' ' || t.type_name || ' ' || x.purposes), 'B') || setweight(to_tsvector('english', p.product_description), 'C')`,
  K3: `setweight(to_tsvector('english', p.product_name || ' ' || t.type_name), 'A') || setweight(to_tsvector('english', c.category_name), 'B') || setweight(to_tsvector('english', p.product_description), 'C')`,
  K4: `setweight(to_tsvector('english', p.product_name), 'A') || setweight(to_tsvector('english', c.category_name || ' ' || t.type_name), 'B') || setweight(to_tsvector('english', x.purposes), 'C') || setweight(to_tsvector('english', p.product_description), 'D')`,
};
await sql`drop table if exists exp_purposes`;
await sql`create table exp_purposes (product_id int primary key, purposes text)`;
await sql`insert into exp_purposes ${sql(products.map((p) => ({ product_id: p.product_id, purposes: purposes(p.product_description).join('; ') })))}`;
const kw: Record<string, number[][]> = {};
for (const [name, expr] of Object.entries(kdocs)) {
  if (only.length && !only.includes(name) && name !== 'K0') continue;
  await sql.unsafe(`update retail.products p set search_text = ${expr} from retail.categories c, retail.product_types t, exp_purposes x
     where c.category_id = p.category_id and t.type_id = p.type_id and x.product_id = p.product_id`);
  kw[name] = [];
  for (const q of queries)
    kw[name].push(
      (await sql.unsafe<{ product_id: number }[]>(kwSql, [q.query, 100, null, null, null, false, null, 'use-lite-512'] as never[])).map((r) => r.product_id),
    );
}
await sql.unsafe(
  `update retail.products p set search_text = ${kdocs.K0} from retail.categories c, retail.product_types t where c.category_id = p.category_id and t.type_id = p.type_id`,
);
const typeOf = new Map(products.map((p) => [p.product_id, p.type_name]));
const halves = {
  tuning: queries.flatMap((q, i) => (q.half === 'tuning' ? [i] : [])),
  'held-out': queries.flatMap((q, i) => (q.half === 'held-out' ? [i] : [])),
};
const score = (r: (i: number) => number[], h: 'tuning' | 'held-out') =>
  meanScores(
    halves[h].map((i) => ({ ranked: r(i).slice(0, 10), grades: queries[i]!.grades })),
    10,
  ).ndcg;
const hybrid = (v: string, k: string) => (i: number) => {
  const fused = reciprocalRankFusion(
    [
      { signal: 'v', ids: vrank(v, i).slice(0, 50) },
      { signal: 'k', ids: kw[k]![i]!.slice(0, 50) },
    ],
    60,
  );
  return typeAwareRerank(fused, (f) => typeOf.get(f.id)!, { weight: 4, depth: 5 }).map((f) => f.id);
};
const f = (x: number) => x.toFixed(3);
for (const v of Object.keys(vecs)) console.log(`vector ${v}: ${f(score((i) => vrank(v, i), 'tuning'))} / ${f(score((i) => vrank(v, i), 'held-out'))}`);
for (const k of Object.keys(kw)) console.log(`keyword ${k}: ${f(score((i) => kw[k]![i]!, 'tuning'))} / ${f(score((i) => kw[k]![i]!, 'held-out'))}`);
for (const v of Object.keys(vecs))
  for (const k of Object.keys(kw)) console.log(`hybrid ${v}+${k}: ${f(score(hybrid(v, k), 'tuning'))} / ${f(score(hybrid(v, k), 'held-out'))}`);
await sql.end();
