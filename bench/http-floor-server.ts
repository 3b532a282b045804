// The HTTP floor for bench:tools: the direct way behind the thinnest HTTP server Node has. It takes a
// POSTed {"sql": …}, runs it with postgres.js as the bench's superuser exactly as the direct way does
// (extended protocol, unnamed statements), and answers {"rows": […]}: no auth, no RLS, no MCP, no
// checks. What it adds to direct is what any HTTP service pays on this machine, so no MCP server
// over HTTP can do better. Bench-only: it trusts its caller completely.
// Usage: tsx bench/http-floor-server.ts <database url> <port> <pool size> <seal key>; prints "ready" once listening.
import { createServer } from 'node:http';
import { loadConfig } from '../src/config.js';
import { createPool } from '../src/db/client.js';

const [url, port, pool, sealKey] = process.argv.slice(2);
// The direct way's own pool (peers-targets.ts): the same driver settings and type parsers.
const sql = createPool({ url }, loadConfig({ DATABASE_URL: url, RLS_SEAL_KEY: sealKey }), { max: Number(pool), label: 'bench-http-floor' });
const EXTENDED = { prepare: false, simple: false } as { prepare: boolean };

createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', async () => {
    let status = 200;
    let body: string;
    try {
      const { sql: text } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { sql: string };
      body = JSON.stringify({ rows: [...(await sql.unsafe(text, [], EXTENDED))] });
    } catch (err) {
      status = 500;
      body = JSON.stringify({ error: (err as Error).message });
    }
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
}).listen(Number(port), '127.0.0.1', () => process.stdout.write('ready\n'));
process.once('SIGTERM', () => void sql.end({ timeout: 5 }).finally(() => process.exit(0)));
