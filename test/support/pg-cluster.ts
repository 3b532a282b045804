// A throwaway PostgreSQL cluster of the machine's own server binaries, on a spare loopback port and
// in a temp dir, for tests that must stop, restart or kill the database (the shared server must
// never be touched). Reusable: `standbyOf` makes a hot standby of another cluster with
// pg_basebackup. As root, every server binary runs as the `postgres` OS user (initdb and postgres
// refuse root).
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';

const run = promisify(execFile);

export interface PgCluster {
  port: number;
  dataDir: string;
  binDir: string;
  /** postgres://user@127.0.0.1:port/db */
  url(database?: string, user?: string): string;
  start(): Promise<void>;
  /** pg_ctl stop; mode 'fast' (the default) is what a service manager's restart does. */
  stop(mode?: 'smart' | 'fast' | 'immediate'): Promise<void>;
  /** pg_ctl restart -m fast: what an operator's `systemctl restart postgresql` does. */
  restart(mode?: 'fast' | 'immediate'): Promise<void>;
  running(): Promise<boolean>;
  /** Runs SQL with psql as the superuser; returns stdout (unaligned, tuples only). */
  psql(sql: string, database?: string): Promise<string>;
  /** Stops the server (immediate) and deletes the data dir. */
  destroy(): Promise<void>;
}

export interface PgClusterOptions {
  /** Extra postgresql.conf lines. */
  conf?: string[];
  /** Make a hot standby of this cluster (pg_basebackup -R), instead of initdb. */
  standbyOf?: PgCluster;
}

/** The PostgreSQL server binaries of this machine, or null when there are none. */
export function findPgBinDir(): string | null {
  for (const v of ['17', '16', '15']) {
    const dir = `/usr/lib/postgresql/${v}/bin`;
    if (existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  }
  return null;
}

const asRoot = userInfo().uid === 0;

/** Runs a server binary, as the postgres OS user when this process is root. */
async function pgRun(binDir: string, cmd: string, args: string[], timeoutMs = 60_000): Promise<string> {
  const file = join(binDir, cmd);
  const [f, a] = asRoot ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  const { stdout } = await run(f, a, { timeout: timeoutMs, cwd: '/' });
  return stdout;
}

export async function startPgCluster(o: PgClusterOptions = {}): Promise<PgCluster> {
  const binDir = findPgBinDir();
  if (!binDir) throw new Error('No PostgreSQL server binaries under /usr/lib/postgresql/*/bin');
  const root = mkdtempSync(join(tmpdir(), 'retail-mcp-pg-'));
  chmodSync(root, 0o755);
  const dataDir = join(root, 'data');
  const logFile = join(root, 'server.log');
  const port = await freePort();
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(root, Number(stdout.trim()), Number(gid.trim()));
  }

  if (o.standbyOf) {
    await pgRun(binDir, 'pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(o.standbyOf.port),
      '-U',
      'postgres',
      '-D',
      dataDir,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
    ]);
  } else {
    await pgRun(binDir, 'initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  }
  // Settings appended last win over the copied primary's (a standby gets its own port and socket dir).
  const conf = [
    `port = ${port}`,
    `listen_addresses = '127.0.0.1'`,
    `unix_socket_directories = '${root}'`,
    'fsync = off',
    'synchronous_commit = off',
    'full_page_writes = off',
    'max_connections = 100',
    'shared_buffers = 32MB',
    ...(o.conf ?? []),
  ];
  appendConf(dataDir, conf);

  const ctl = (args: string[], timeoutMs?: number) => pgRun(binDir, 'pg_ctl', ['-D', dataDir, '-l', logFile, ...args], timeoutMs);
  const cluster: PgCluster = {
    port,
    dataDir,
    binDir,
    url: (database = 'postgres', user = 'postgres') => `postgres://${user}@127.0.0.1:${port}/${database}`,
    start: async () => {
      await ctl(['start', '-w', '-t', '60']);
    },
    stop: async (mode = 'fast') => {
      await ctl(['stop', '-w', '-t', '60', '-m', mode]);
    },
    restart: async (mode = 'fast') => {
      await ctl(['restart', '-w', '-t', '60', '-m', mode]);
    },
    running: async () => {
      try {
        await ctl(['status']);
        return true;
      } catch {
        return false;
      }
    },
    psql: async (sql, database = 'postgres') => {
      const { stdout } = await run(
        join(binDir, 'psql'),
        ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', database, '-v', 'ON_ERROR_STOP=1', '-qAtc', sql],
        { timeout: 60_000 },
      );
      return stdout;
    },
    destroy: async () => {
      if (await cluster.running()) await cluster.stop('immediate').catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    },
  };
  try {
    await cluster.start();
  } catch (err) {
    rmSync(root, { recursive: true, force: true });
    throw err;
  }
  // A test process that dies without destroy() must not leave a server running.
  const onExit = () => {
    try {
      const args = [join(binDir, 'pg_ctl'), '-D', dataDir, 'stop', '-m', 'immediate', '-w', '-t', '10'];
      if (existsSync(dataDir))
        execFileSync(asRoot ? 'runuser' : args[0]!, asRoot ? ['-u', 'postgres', '--', ...args] : args.slice(1), { stdio: 'ignore', cwd: '/' });
      rmSync(root, { recursive: true, force: true });
    } catch {}
  };
  process.once('exit', onExit);
  const destroy = cluster.destroy;
  cluster.destroy = async () => {
    process.off('exit', onExit);
    await destroy();
  };
  return cluster;
}

function appendConf(dataDir: string, lines: string[]): void {
  const file = join(dataDir, 'postgresql.conf');
  // Written by this process (root or not); the server only needs to read it.
  writeFileSync(file, `\n# retail-mcp test cluster\n${lines.join('\n')}\n`, { flag: 'a' });
}
