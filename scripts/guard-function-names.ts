// Regenerates src/sql-guard/one-arg-function-names.ts: the names of every function in pg_catalog,
// public and retail that can be called with one argument, from the machine's PostgreSQL (argument 1,
// a migrated database's URL) and from embedded PGlite (PostgreSQL 17; only the extensions there, so
// retail's functions come from argument 1), merged with the names already listed. PostgreSQL reads
// `x.f` and `(x).f` as f(x) when f takes one argument, so the SQL guard checks such names against its
// allow-list (see walk.ts). Run it after a PostgreSQL or extension upgrade;
// test/integration/guard-function-names.test.ts fails until it has been.
// Usage: npx tsx scripts/guard-function-names.ts postgres://postgres@127.0.0.1:5432/retail_dev
import { readFileSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { vector } from '@electric-sql/pglite-pgvector';
import postgres from 'postgres';
import { ONE_ARG_FUNCTION_NAMES, ONE_ARG_FUNCTIONS_SQL } from '../src/sql-guard/one-arg-function-names.js';

const url = process.argv[2];
if (!url) throw new Error('usage: npx tsx scripts/guard-function-names.ts <postgres url of a migrated database>');
const names = new Set(ONE_ARG_FUNCTION_NAMES);
const sql = postgres(url, { max: 1, onnotice: () => {} });
for (const r of await sql.unsafe<{ proname: string }[]>(ONE_ARG_FUNCTIONS_SQL)) names.add(r.proname);
await sql.end();
const lite = await PGlite.create({ extensions: { vector, pgcrypto } });
await lite.exec('create extension if not exists vector; create extension if not exists pgcrypto; create schema if not exists retail;');
for (const r of (await lite.query<{ proname: string }>(ONE_ARG_FUNCTIONS_SQL)).rows) names.add(r.proname);
await lite.close();

// One space-separated line per ~96 characters, as the file keeps them.
const lines: string[] = [''];
for (const name of [...names].sort()) {
  if (lines.at(-1)!.length + name.length + 1 > 96) lines.push('');
  lines[lines.length - 1] = lines.at(-1) ? `${lines.at(-1)} ${name}` : name;
}
const file = new URL('../src/sql-guard/one-arg-function-names.ts', import.meta.url);
const current = readFileSync(file, 'utf8');
const head = current.slice(0, current.indexOf('const NAMES = `') + 'const NAMES = `'.length);
const tail = current.slice(current.indexOf('`;\n', head.length));
writeFileSync(file, `${head}\n${lines.join('\n')}\n${tail}`);
console.log(`${names.size} names written to src/sql-guard/one-arg-function-names.ts`);
