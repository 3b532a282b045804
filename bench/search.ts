// npm run bench:search — vector search at 100k+ products on real PostgreSQL: HNSW build time, a table of
// recall@10 against exact search and statement p50/p95 per hnsw.ef_search for each filter shape the
// tool has (none, in stock at my stores, category, price; src/search/ef-search.ts), the smallest
// ef_search reaching the recall target per shape, and vector, keyword and hybrid latency at a fixed ef_search
// and at the shipped per-shape values, through withTenant. BENCH_PRODUCTS=0 measures the seed
// catalogue alone (use another BENCH_SEARCH_DATABASE_URL for it). Knobs: BENCH_SEARCH_DATABASE_URL
// (default .../retail_bench_search), BENCH_PRODUCTS, BENCH_MIX, BENCH_NOISE, BENCH_BUILDS, BENCH_EF_SEARCH, BENCH_LATENCY_EF, BENCH_RUNS.
import { readFileSync } from 'node:fs';
import { listUsers } from '../src/cli/user-directory.js';
import { loadConfig } from '../src/config.js';
import { createPool, type Sql } from '../src/db/client.js';
import { createWithTenant, type WithTenant } from '../src/db/with-tenant.js';
import { backfillEmbeddings } from '../src/embeddings/backfill.js';
import { createOfflineEmbedder } from '../src/embeddings/offline.js';
import type { SearchFilters } from '../src/search/candidates.js';
import { EF_SEARCH_BY_SHAPE, type FilterShape, filterShape, RECALL_TARGET } from '../src/search/ef-search.js';
import { exactVectorCandidates } from '../src/search/exact-search.js';
import { type SearchMode, searchProducts } from '../src/search/product-search.js';
import { RELEVANCE_SET } from '../test/eval/relevance-set.js';
import { BENCH_SEAL_KEY, prepareBenchDatabase } from './bench-database.js';
import { summarise } from './stats.js';

const ADMIN_URL = process.env.BENCH_SEARCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/retail_bench_search';
const TARGET = Number(process.env.BENCH_PRODUCTS ?? 100_000);
/** A variant's share of its own seed's embedding is uniform in [MIX, 1]; the rest is a sibling's. */
const MIX = Number(process.env.BENCH_MIX ?? 0.5);
/** Per-dimension gaussian sigma added to the mix before renormalising. */
const NOISE = Number(process.env.BENCH_NOISE ?? 0.01);
const EF_SEARCH = (process.env.BENCH_EF_SEARCH ?? '40,100,200,400,800,1000').split(',').map(Number);
interface Build {
  m: number;
  efConstruction: number;
}
/** Index builds to compare, "m:ef_construction" each; 16:400 is what migration 009 ships, the latency section uses the last. */
const BUILDS: Build[] = (process.env.BENCH_BUILDS ?? '16:400').split(',').map((b) => {
  const [m, efConstruction] = b.split(':').map(Number);
  if (!Number.isInteger(m) || !Number.isInteger(efConstruction)) throw new Error('BENCH_BUILDS is a list of m:ef_construction, e.g. 16:64,16:200');
  return { m: m!, efConstruction: efConstruction! };
});
/** ef_search values timed in the latency section; "shipped" is the per-shape value of src/search/ef-search.ts. */
const LATENCY_EF: Ef[] = (process.env.BENCH_LATENCY_EF ?? '1000,shipped').split(',').map((e) => (e === 'shipped' ? e : Number(e)));
type Ef = number | 'shipped';
const RUNS = Number(process.env.BENCH_RUNS ?? 170);
const K = 10;
const INDEX = 'product_embeddings_use_lite_hnsw';

interface Query {
  phrase: string;
  vector: number[];
}

interface Scenario {
  label: string;
  userId: string;
  filters: SearchFilters;
  queries: Query[];
}

async function main() {
  const out: string[] = [];
  const log = (...lines: string[]) => {
    out.push(...lines);
    for (const line of lines) console.error(line);
  };
  // Embedded here, not by prepareBenchDatabase: its backfill would try to embed the variants' text.
  const { admin, appUrl } = await prepareBenchDatabase(ADMIN_URL, { scale: 0.02, embed: false });
  const embedder = await createOfflineEmbedder();
  const [row] = await admin<{ variants: number }[]>`select count(*)::int as variants from retail.products where sku like '%/v%'`;
  if (row!.variants === 0) await backfillEmbeddings(admin, embedder, { log: (line) => console.error(line) });
  const config = loadConfig({ DATABASE_URL: appUrl, RLS_SEAL_KEY: BENCH_SEAL_KEY });
  const app = createPool({ url: appUrl }, config, { max: 2 });
  const withTenant = createWithTenant(app, { sealKeyHex: BENCH_SEAL_KEY, statementTimeoutMs: 60_000 });
  try {
    await ensureVariants(admin, log);
    // Steady state, as autovacuum would leave it: fresh statistics (the planner needs them for the
    // filtered plans) and a visibility map.
    await admin`vacuum (analyze) retail.products, retail.product_embeddings, retail.inventory, retail.product_term_counts, retail.product_count`;
    const { products, variants, cosine } = (
      await admin<{ products: number; variants: number; cosine: number }[]>`
      select (select count(*)::int from retail.products) as products,
             (select count(*)::int from retail.products where sku like '%/v%') as variants,
             (select avg(1 - (v.embedding <=> b.embedding))::float8
                from retail.product_embeddings v
                join retail.products vp on vp.product_id = v.product_id and vp.sku like '%/v001'
                join retail.products bp on bp.sku = split_part(vp.sku, '/v', 1)
                join retail.product_embeddings b on b.product_id = bp.product_id and b.model = v.model) as cosine`
    )[0]!;
    log(
      `catalogue: ${products} products = ${products - variants} seed products with real use-lite-512 embeddings + ${variants} variants`,
      ...(variants > 0
        ? [
            `  variant vectors are NOT embedded text: w * seed + (1 - w) * another seed product of the same category, w in [${MIX}, 1],`,
            `  plus N(0, ${NOISE}^2) per dimension, renormalised; mean cosine to its own seed ${cosine.toFixed(3)}`,
          ]
        : []),
    );

    const users = await listUsers(admin);
    const hq = users.find((u) => u.role === 'head_office' && u.is_active)!;
    const manager = users.find((u) => u.role === 'store_manager' && u.is_active)!;
    const phrases = RELEVANCE_SET.map((q) => q.query);
    const shopper = (await embedder.embed(phrases)).map((vector, i) => ({ phrase: phrases[i]!, vector }));
    // Stored product vectors as queries: "more like this", and the distribution HNSW was built on.
    const stored = (
      await admin<{ v: string }[]>`
      select embedding::text as v from retail.product_embeddings where model = 'use-lite-512' order by hashint4(product_id) limit ${phrases.length}`
    ).map((r, i) => ({ phrase: phrases[i]!, vector: JSON.parse(r.v) as number[] }));
    // One scenario per filter shape the tool has (src/search/ef-search.ts), on the HNSW path: the
    // widest category and a wide price band stay above the exact-scan cutoff at 100k products.
    const [wide] = await admin<{ category: string; n: number }[]>`
      select c.category_name as category, count(*)::int as n from retail.products p join retail.categories c using (category_id)
       group by 1 order by 2 desc limit 1`;
    const scenarios: Scenario[] = [
      { label: 'no filter, head office', userId: hq.user_id, filters: { inStockAtMyStores: false }, queries: shopper },
      { label: 'in stock at my store, store manager', userId: manager.user_id, filters: { inStockAtMyStores: true }, queries: shopper },
      {
        label: `category ${wide!.category}, head office`,
        userId: hq.user_id,
        filters: { inStockAtMyStores: false, category: wide!.category },
        queries: shopper,
      },
      { label: 'price $20-$60, head office', userId: hq.user_id, filters: { inStockAtMyStores: false, minPrice: 20, maxPrice: 60 }, queries: shopper },
      {
        label: '+ Footwear $60-$80 (selective)',
        userId: manager.user_id,
        filters: { inStockAtMyStores: true, category: 'Footwear', minPrice: 60, maxPrice: 80 },
        queries: shopper,
      },
      { label: 'no filter, product vectors as queries', userId: hq.user_id, filters: { inStockAtMyStores: false }, queries: stored },
    ];
    const [sel] = await admin<{ share: number; price: number }[]>`
      select avg((c.category_name = 'Footwear' and p.base_price between 60 and 80
                  and exists (select 1 from retail.inventory i where i.product_id = p.product_id and i.store_id = ${manager.store_ids[0]!} and i.stock_level > 0))::int)::float8 as share,
             avg((p.base_price between 20 and 60)::int)::float8 as price
        from retail.products p join retail.categories c on c.category_id = p.category_id`;
    log(
      `  filters pass: ${wide!.category} ${wide!.n} products; $20-$60 ${(100 * sel!.price).toFixed(1)}%; Footwear $60-$80 in stock ${(100 * sel!.share).toFixed(2)}%`,
      `  store manager ${manager.email} (store ${manager.store_ids.join(',')})`,
    );

    // Exact answers do not depend on the index: compute them once.
    const exact = new Map<Scenario, Awaited<ReturnType<typeof each<Timed>>>>();
    for (const s of scenarios) exact.set(s, await each(s.queries.length, (i) => exactSearch(withTenant, s, s.queries[i]!.vector, embedder.model)));

    for (const build of BUILDS) {
      log('');
      await buildIndex(admin, build, log);
      log(
        `recall@${K} of the tool's vector search (HNSW + iterative scan) against exact search (every filtered distance computed), ${phrases.length} queries,`,
        `statement time in ms; path: exact chosen / exact fallback. load average ${loadAverage()}`,
        `  ${'scenario (filter shape)'.padEnd(48)} ${'ef_search'.padStart(9)} ${'recall@10'.padStart(9)} ${'p50'.padStart(8)} ${'p95'.padStart(8)}   path`,
      );
      const reached = new Map<Scenario, number>();
      const walking = new Set<Scenario>();
      for (const s of scenarios) {
        const truth = exact.get(s)!;
        const shape = `${s.label} (${filterShape(s.filters)})`;
        for (const ef of EF_SEARCH) {
          const hnsw = await each(s.queries.length, (i) => toolSearch(withTenant, s, ef, 'vector', s.queries[i]!, embedder.model));
          const recall =
            hnsw.results.reduce((sum, r, i) => sum + overlap(r.ids, truth.results[i]!.ids) / Math.max(1, Math.min(K, truth.results[i]!.ids.length)), 0) /
            s.queries.length;
          const fallbacks = hnsw.results.filter((r) => r.path === 'exact-fallback').length;
          const exactFirst = hnsw.results.filter((r) => r.path === 'exact').length;
          if (s.queries === shopper && exactFirst < s.queries.length) walking.add(s);
          // A shape's value must serve every scenario of that shape that walks the index.
          if (s.queries === shopper && exactFirst < s.queries.length && recall >= RECALL_TARGET && !reached.has(s)) reached.set(s, ef);
          log(
            `  ${shape.padEnd(48)} ${String(ef).padStart(9)} ${recall.toFixed(3).padStart(9)} ${fmtMs(hnsw.p50)} ${fmtMs(hnsw.p95)}   ${exactFirst} / ${fallbacks}`,
          );
        }
        log(`  ${shape.padEnd(48)} ${'exact'.padStart(9)} ${'1.000'.padStart(9)} ${fmtMs(truth.p50)} ${fmtMs(truth.p95)}`);
      }
      // Per shape, the largest of its index-walking scenarios' smallest values; unreached if any never got there.
      const smallest = new Map<FilterShape, number>();
      for (const s of walking) {
        const shape = filterShape(s.filters);
        smallest.set(shape, Math.max(smallest.get(shape) ?? 0, reached.get(s) ?? Number.POSITIVE_INFINITY));
      }
      log(`smallest ef_search with shopper recall@10 >= ${RECALL_TARGET} per shape (measured here) vs shipped (src/search/ef-search.ts):`);
      for (const [shape, ef] of Object.entries(EF_SEARCH_BY_SHAPE))
        log(`  ${shape.padEnd(20)} measured ${describeSmallest(smallest.get(shape as FilterShape)).padStart(5)}   shipped ${ef}`);
    }

    const last = BUILDS[BUILDS.length - 1]!;
    log('', `latency with the last index (m=${last.m}, ef_construction=${last.efConstruction}), ${RUNS} calls each, concurrency 1, shopper queries`);
    log('  (statement: the search statements inside withTenant; transaction: plus begin, the set_config select and rollback):');
    for (const ef of LATENCY_EF) {
      log(`  load average ${loadAverage()}`);
      for (const s of scenarios.slice(0, 5)) {
        for (const mode of ['vector', 'keyword', 'hybrid'] as const) {
          const run = await each(RUNS, (i) => toolSearch(withTenant, s, ef, mode, s.queries[i % s.queries.length]!, embedder.model));
          const whole = summarise(
            run.results.map((r) => r.txMs),
            0,
            1,
          );
          const efLabel = ef === 'shipped' ? `shipped ${EF_SEARCH_BY_SHAPE[filterShape(s.filters)]}` : String(ef);
          log(
            `  ef_search ${efLabel.padEnd(12)} ${mode.padEnd(7)} ${s.label.padEnd(38)} statement p50 ${fmtMs(run.p50)} p95 ${fmtMs(run.p95)} | transaction p50 ${fmtMs(whole.p50)} p95 ${fmtMs(whole.p95)}`,
          );
        }
      }
    }
    console.log(`\nbench:search — ${new Date().toISOString()}\n${out.join('\n')}`);
  } finally {
    await Promise.all([app.end(), admin.end()]);
  }
}

interface Timed {
  ms: number;
  ids: number[];
}

/** The tool's own search (searchProducts) at one ef_search (or its per-shape default); `ms` times only its statements. */
async function toolSearch(withTenant: WithTenant, s: Scenario, ef: Ef, mode: SearchMode, q: Query, model: string) {
  const started = performance.now();
  const r = await withTenant(
    { userId: s.userId },
    async (tx) => {
      const t = performance.now();
      const efSearch = ef === 'shipped' ? undefined : ef;
      const found = await searchProducts(tx, { mode, phrase: q.phrase, vector: q.vector, model, dimensions: 512, limit: K, filters: s.filters, efSearch });
      return { ms: performance.now() - t, ids: found.products.map((p) => p.product_id), path: found.vectorPath };
    },
    { vectorSearch: true },
  );
  return { ...r, txMs: performance.now() - started };
}

async function exactSearch(withTenant: WithTenant, s: Scenario, vector: number[], model: string): Promise<Timed> {
  return withTenant({ userId: s.userId }, async (tx) => {
    const t = performance.now();
    const rows = await exactVectorCandidates(tx, { vector, model, dimensions: 512, k: K, filters: s.filters });
    return { ms: performance.now() - t, ids: rows.map((r) => r.product_id) };
  });
}

/** Runs fn(0..n-1) one after another and summarises their own `ms`. */
async function each<T extends Timed>(n: number, fn: (i: number) => Promise<T>): Promise<{ results: T[]; p50: number; p95: number }> {
  const results: T[] = [];
  for (let i = 0; i < n; i++) results.push(await fn(i));
  const s = summarise(
    results.map((r) => r.ms),
    0,
    1,
  );
  return { results, p50: s.p50, p95: s.p95 };
}

/**
 * Adds variants of every seed product until the catalogue reaches TARGET, in one owner transaction:
 * products (search_text by the migration-005 trigger), inventory copied from the seed product with
 * some stock zeroed, and embeddings. setseed() makes the generated catalogue the same on every run.
 *
 * A variant's vector is w * (its seed's embedding) + (1 - w) * (another seed product's embedding in
 * the same category), w uniform in [MIX, 1], plus N(0, NOISE^2) per dimension, renormalised. Mixing
 * real embeddings keeps the variants on the shape real text embeddings have; isotropic noise alone
 * (first tried: sigma 0.03, cosine 0.83 to the seed) spreads them over all 512 dimensions like random
 * vectors, which no real catalogue looks like and which HNSW cannot search well (recall@10 0.70 at
 * ef_search 200, 0.84 at 1000).
 */
/** What the smallest-ef_search line says: a value, none reached, or no scenario of the shape walked the index. */
function describeSmallest(ef: number | undefined): string {
  if (ef === undefined) return 'no index walk';
  return Number.isFinite(ef) ? String(ef) : `none of ${EF_SEARCH.join(',')}`;
}

async function ensureVariants(admin: Sql, log: (...lines: string[]) => void): Promise<void> {
  const { total, seed, maxId } = (
    await admin<{ total: number; seed: number; maxId: number }[]>`
    select count(*)::int as total, count(*) filter (where sku not like '%/v%')::int as seed, max(product_id)::int as "maxId" from retail.products`
  )[0]!;
  if (total >= TARGET) return;
  const per = Math.ceil((TARGET - seed) / seed);
  const started = performance.now();
  log(`generating ${per} variants of each of ${seed} seed products...`);
  await admin.begin(async (tx) => {
    await tx`set local role retail_owner`;
    await tx`set local max_parallel_workers_per_gather = 0`;
    await tx`select setseed(0.4242)`;
    await tx.unsafe(`drop index if exists retail.${INDEX}`);
    await tx`create temp table variant_map on commit drop as
      select b.product_id as base_id, g as n,
             ${maxId}::int + (g - 1) * ${seed}::int + row_number() over (partition by g order by b.product_id)::int as product_id,
             ${MIX}::float8 + (1 - ${MIX}::float8) * random() as w,
             (select o.product_id from retail.products o
               where o.category_id = b.category_id and o.product_id <> b.product_id and o.sku not like '%/v%'
               order by random() limit 1) as partner_id
        from retail.products b cross join generate_series(1, ${per}::int) g
       where b.sku not like '%/v%'`;
    await tx`insert into retail.products (product_id, sku, product_name, category_id, type_id, cost, base_price, gross_margin_percent, product_description)
      select v.product_id, b.sku || '/v' || lpad(v.n::text, 3, '0'), b.product_name || ' (variant ' || v.n || ')', b.category_id, b.type_id,
             b.cost, x.price, round((x.price - b.cost) / x.price * 100, 2), b.product_description
        from variant_map v join retail.products b on b.product_id = v.base_id
       cross join lateral (select round(b.base_price * (0.85 + 0.3 * random())::numeric, 2) as price) x`;
    await tx`select setval(pg_get_serial_sequence('retail.products', 'product_id'), (select max(product_id) from retail.products))`;
    await tx`insert into retail.inventory (store_id, product_id, stock_level, reorder_point)
      select i.store_id, v.product_id, case when random() < 0.3 then 0 else i.stock_level end, i.reorder_point
        from variant_map v join retail.inventory i on i.product_id = v.base_id`;
    // Box-Muller gaussian noise per dimension on the mix, then back to unit length like real embeddings.
    await tx`insert into retail.product_embeddings (product_id, model, dimensions, content_hash, embedding)
      select v.product_id, a.model, a.dimensions, 'bench-variant',
             l2_normalize((select array_agg(v.w * u.x + (1 - v.w) * u.y + ${NOISE}::float8 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) order by u.i)
                             from unnest(a.embedding::real[], b.embedding::real[]) with ordinality as u(x, y, i))::vector)
        from variant_map v
        join retail.product_embeddings a on a.product_id = v.base_id and a.model = 'use-lite-512'
        join retail.product_embeddings b on b.product_id = v.partner_id and b.model = 'use-lite-512'`;
  });
  log(`  generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * Rebuilds the offline model's partial HNSW index as the migrations define it, with these build
 * parameters (migration 009 ships m = 16, ef_construction = 400; pgvector's defaults are 16 and 64).
 */
async function buildIndex(admin: Sql, build: Build, log: (...lines: string[]) => void): Promise<void> {
  const memory = process.env.BENCH_MAINTENANCE_WORK_MEM ?? '1GB';
  if (!/^\d+(MB|GB)$/.test(memory)) throw new Error('BENCH_MAINTENANCE_WORK_MEM must look like 512MB or 1GB');
  const started = performance.now();
  const [setting] = await admin.begin(async (tx) => {
    await tx`set local role retail_owner`;
    // The default 64MB cannot hold a 100k x 512-d graph; pgvector then builds far more slowly.
    await tx.unsafe(`set local maintenance_work_mem = '${memory}'`);
    await tx.unsafe(`drop index if exists retail.${INDEX}`);
    await tx.unsafe(`create index ${INDEX} on retail.product_embeddings
      using hnsw ((embedding::vector(512)) vector_cosine_ops) with (m = ${build.m}, ef_construction = ${build.efConstruction})
      where model = 'use-lite-512'`);
    return tx<{ workers: string; size: string }[]>`
      select current_setting('max_parallel_maintenance_workers') as workers, pg_size_pretty(pg_relation_size(${`retail.${INDEX}`}::regclass)) as size`;
  });
  const seconds = (performance.now() - started) / 1000;
  log(
    `HNSW build m=${build.m}, ef_construction=${build.efConstruction}: ${seconds.toFixed(1)} s, ${setting!.size} (maintenance_work_mem=${memory}, max_parallel_maintenance_workers=${setting!.workers})`,
  );
}

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const overlap = (a: number[], b: number[]) => a.filter((id) => b.includes(id)).length;
const fmtMs = (ms: number) => ms.toFixed(2).padStart(8);

await main();
