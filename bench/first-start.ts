// `npm run bench:first-start [-- --runs N]`: the newcomer's first start, end to end. Spawns the real
// `npm start` with a fresh RETAIL_MCP_DATA_DIR (a temp dir) and a free port, times it to the ready
// line on stdout, and splits the time into phases from the JSON log lines on stderr (the
// "first start: ..." line of src/runtime/initialise.ts carries each phase's milliseconds).
// The data dir is deleted afterwards. Each run pays the full first start: PGlite's initdb, the
// migrations, the seed (scale 1) and the embeddings (shipped vectors, and the model for the rest).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from './child-server.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '1' }, 'keep-logs': { type: 'boolean', default: false } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');

interface Run {
  /** Seconds from spawn to each milestone. */
  started: number;
  ready: number;
  migrate: number;
  seed: number;
  embeddings: number;
  shipped: number;
  computed: number;
  /** Seconds from the "first start" log line to the ready line: self-check, listen, banner. */
  serve: number;
  /** Seed progress reports that reached the log while the seed ran. */
  progressLines: number;
}

const ROOT = new URL('..', import.meta.url).pathname;

async function firstStart(): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'retail-mcp-first-start-'));
  const port = await freePort();
  const t0 = performance.now();
  const at = () => (performance.now() - t0) / 1000;
  // Its own process group, so that npm, tsx and the server stop together.
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: { ...process.env, RETAIL_MCP_DATA_DIR: join(dir, 'data'), HTTP_PORT: String(port), HTTP_HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const run: Partial<Run> & { progressLines: number } = { progressLines: 0 };
  let firstStartAt = 0;
  const logs: string[] = [];
  /** Arrival time of the first log line starting with each word, and of a few exact lines. */
  const marks: Record<string, number> = {};
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('not ready within 600 s')), 600_000);
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (/is ready at|listening on/.test(out) && run.ready === undefined) {
          run.ready = at();
          clearTimeout(timer);
          resolve();
        }
      });
      let err = '';
      child.stderr!.on('data', (chunk: Buffer) => {
        err += chunk.toString();
        let nl = err.indexOf('\n');
        while (nl >= 0) {
          const line = err.slice(0, nl);
          err = err.slice(nl + 1);
          nl = err.indexOf('\n');
          logs.push(line);
          let entry: { msg?: string; [k: string]: unknown };
          try {
            entry = JSON.parse(line);
          } catch {
            continue;
          }
          const msg = String(entry.msg ?? '');
          marks[msg.replace(/ .*/, '')] ??= at();
          if (msg === 'seeded') marks.seeded = at();
          if (msg === 'embedded products') {
            marks.embedded = at();
            marks.embeddedCount = Number(entry.embedded) - Number(entry.shipped ?? 0);
          }
          if (msg === 'starting retail-mcp') run.started = at();
          else if (msg.startsWith('seed orders:')) run.progressLines++;
          else if (msg.startsWith('first start:')) {
            firstStartAt = at();
            run.migrate = Number(entry.migrateMs) / 1000;
            run.seed = Number(entry.seedMs) / 1000;
            run.embeddings = Number(entry.embeddingsMs) / 1000;
            run.shipped = Number(entry.shipped);
            run.computed = Number(entry.computed);
          }
        }
      });
      child.once('exit', (code) => reject(new Error(`npm start exited (${code}) before it was ready:\n${logs.slice(-20).join('\n')}`)));
    });
  } finally {
    await stop(child);
    if (values['keep-logs']) process.stderr.write(`${logs.join('\n')}\n`);
    rmSync(dir, { recursive: true, force: true });
  }
  if (run.started === undefined) throw new Error(`no "starting retail-mcp" log line:\n${logs.slice(-20).join('\n')}`);
  if (firstStartAt === 0) {
    // A version without the "first start" line (for a before/after): phases from when lines arrived.
    const { applied, 'seed:': seedStart, seeded, embedded } = marks;
    if (applied === undefined || seedStart === undefined || seeded === undefined) throw new Error(`no phase log lines:\n${logs.slice(-20).join('\n')}`);
    process.stderr.write('(no "first start" line: phases from the arrival times of the log lines)\n');
    const end = embedded ?? seeded;
    return {
      ...(run as Run),
      migrate: seedStart - applied,
      seed: seeded - seedStart,
      embeddings: end - seeded,
      shipped: 0,
      computed: marks.embeddedCount ?? 0,
      serve: run.ready! - end,
    };
  }
  return { ...(run as Run), serve: run.ready! - firstStartAt };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const group = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      /* already gone */
    }
  };
  group('SIGTERM');
  const timer = setTimeout(() => group('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

const results: Run[] = [];
for (let i = 0; i < runs; i++) {
  process.stderr.write(`first start ${i + 1}/${runs} ...\n`);
  results.push(await firstStart());
}

const s = (x: number) => `${x.toFixed(1)} s`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const rows: [string, (r: Run) => number][] = [
  ['process up (npm, node, tsx, imports)', (r) => r.started],
  ['engine and model (PGlite initdb, USE Lite)', (r) => r.ready - r.serve - r.started - r.migrate - r.seed - r.embeddings],
  ['migrate', (r) => r.migrate],
  ['seed (scale 1)', (r) => r.seed],
  ['embeddings', (r) => r.embeddings],
  ['self-check, listen, banner', (r) => r.serve],
  ['ready (npm start to the ready line)', (r) => r.ready],
];
const width = Math.max(...rows.map(([name]) => name.length));
const head = `${'phase'.padEnd(width)}  ${results.map((_, i) => `run ${i + 1}`.padStart(8)).join('')}${runs > 1 ? '  median'.padStart(8) : ''}`;
const lines = [head, '-'.repeat(head.length)];
for (const [name, f] of rows) {
  const xs = results.map(f);
  lines.push(`${name.padEnd(width)}  ${xs.map((x) => s(x).padStart(8)).join('')}${runs > 1 ? s(median(xs)).padStart(8) : ''}`);
}
const last = results.at(-1)!;
lines.push(
  '',
  `embeddings: ${last.shipped.toLocaleString('en')} from the shipped file, ${last.computed.toLocaleString('en')} computed; ` +
    `seed progress lines in the log: ${results.map((r) => r.progressLines).join(', ')}`,
  `${process.platform}, ${results.length} run(s), node ${process.version}, ${(await import('node:os')).availableParallelism()} cores`,
);
process.stdout.write(`${lines.join('\n')}\n`);
