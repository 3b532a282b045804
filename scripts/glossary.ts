// Rewrites the README's metric glossary from the catalogue (between the glossary markers), so the
// docs cannot drift from what query_metrics computes. test/unit/glossary.test.ts checks it.
import { readFileSync, writeFileSync } from 'node:fs';
import { GLOSSARY_MARKDOWN } from '../src/metrics/glossary.js';

const README = new URL('../README.md', import.meta.url);
const text = readFileSync(README, 'utf8');
const next = text.replace(/(<!-- glossary:start -->\n)[\s\S]*?(\n<!-- glossary:end -->)/, `$1${GLOSSARY_MARKDOWN}$2`);
writeFileSync(README, next);
process.stdout.write(next === text ? 'README glossary already current\n' : 'README glossary updated\n');
