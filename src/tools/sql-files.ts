// Loads the server's own long SQL from sql/*.sql once, so it stays readable as SQL.
import { readFileSync } from 'node:fs';

const cache = new Map<string, string>();

export function sqlFile(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(new URL(`../../sql/${name}.sql`, import.meta.url), 'utf8');
    cache.set(name, text);
  }
  return text;
}
