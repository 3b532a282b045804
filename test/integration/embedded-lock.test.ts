// The embedded data dir has one owner at a time: a second process connects through the owner's
// socket instead of opening the files, waits for that socket while the owner is still starting
// (never taking a live owner's lock), and a dead owner's lock is taken over safely.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { openEmbeddedDatabase } from '../../src/db/embedded.js';
import { claimDataDir, LOCK_FILE } from '../../src/db/embedded-lock.js';

const dir = mkdtempSync(join(tmpdir(), 'retail-mcp-lock-'));
const lockPath = join(dir, LOCK_FILE);
const children: ChildProcessWithoutNullStreams[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** A process running `body` (ES module code with `dir` in scope); resolves once it prints `ready`. */
function child(body: string): { proc: ChildProcessWithoutNullStreams; ready: Promise<void>; exited: Promise<number | null> } {
  const script = `const dir = ${JSON.stringify(dir)};\n${body}`;
  const proc = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(proc);
  let err = '';
  proc.stderr.on('data', (d) => (err += String(d)));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    proc.stdout.on('data', (d) => String(d).includes('ready') && resolve());
    void exited.then((code) => reject(new Error(`child exited ${code}: ${err}`)));
  });
  return { proc, ready, exited };
}

const OWNER = `import { openEmbeddedDatabase } from './src/db/embedded.ts';
  const db = await openEmbeddedDatabase(dir);
  process.stdout.write('ready\\n');
  process.stdin.on('data', async () => { await db.close(); process.exit(0); });`;

function connect(socketPath: string) {
  return postgres({ path: socketPath, user: 'postgres', database: 'postgres', max: 1, onnotice: () => {} });
}

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('embedded data dir ownership', () => {
  it("a second process goes through the running owner, and sees the owner's data", async () => {
    const owner = child(OWNER);
    await owner.ready;
    const second = await openEmbeddedDatabase(dir);
    expect(second.owner).toBe(false);
    const sql = connect(second.socketPath);
    await sql.begin(async (tx) => {
      await tx`create table if not exists lock_probe (n int)`;
      await tx`insert into lock_probe values (42)`;
    });
    expect((await sql.begin((tx) => tx`select n from lock_probe`))[0]).toEqual({ n: 42 });
    await sql.end();
    owner.proc.stdin.write('stop\n');
    expect(await owner.exited).toBe(0);
    expect(existsSync(lockPath)).toBe(false);
  }, 120_000);

  it('an owner that is still starting keeps its lock; a second opener waits for its socket, then uses it', async () => {
    const owner = child(OWNER);
    // The owner has claimed the dir but PGlite is still starting: no socket yet.
    await waitFor(() => existsSync(lockPath), 60_000);
    const claimed = JSON.parse(readFileSync(lockPath, 'utf8')) as { pid: number; socketPath: string };
    expect(claimed.pid).toBe(owner.proc.pid);
    const second = await openEmbeddedDatabase(dir);
    expect(second.owner).toBe(false);
    expect(second.socketPath).toBe(claimed.socketPath);
    // The lock was never taken from the live owner.
    expect(JSON.parse(readFileSync(lockPath, 'utf8'))).toEqual(claimed);
    const sql = connect(second.socketPath);
    expect((await sql.begin((tx) => tx`select n from lock_probe`))[0]).toEqual({ n: 42 });
    await sql.end();
    await owner.ready;
    owner.proc.stdin.write('stop\n');
    expect(await owner.exited).toBe(0);
  }, 120_000);

  it('the wait is bounded, and the message names the holder', async () => {
    // A live holder that never listens.
    const holder = child(`import { claimDataDir } from './src/db/embedded-lock.ts';
      await claimDataDir(dir, dir + '/never.sock', { waitMs: 1000 });
      process.stdout.write('ready\\n');
      setInterval(() => {}, 1000);`);
    await holder.ready;
    const started = Date.now();
    await expect(claimDataDir(dir, join(dir, 'x.sock'), { waitMs: 1500 })).rejects.toThrow(
      new RegExp(`held by process ${holder.proc.pid}.*did not answer within 2 s`),
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect(JSON.parse(readFileSync(lockPath, 'utf8')).pid).toBe(holder.proc.pid);
    holder.proc.kill('SIGKILL');
    await holder.exited;
  }, 60_000);

  it("a killed owner's lock is taken over at once, and the data is intact", async () => {
    const owner = child(OWNER);
    await owner.ready;
    owner.proc.kill('SIGKILL');
    await owner.exited;
    expect(existsSync(lockPath)).toBe(true); // left behind
    const db = await openEmbeddedDatabase(dir, { lockWaitMs: 5000 });
    expect(db.owner).toBe(true);
    const sql = connect(db.socketPath);
    expect((await sql.begin((tx) => tx`select n from lock_probe`))[0]).toEqual({ n: 42 });
    await sql.end();
    await db.close();
  }, 120_000);

  it('a lock file naming a dead process is taken over, and the data is intact', async () => {
    writeFileSync(lockPath, JSON.stringify({ pid: 999_999_999, socketPath: join(dir, '.s.PGSQL.5432'), token: 'x', since: '' }));
    const db = await openEmbeddedDatabase(dir, { lockWaitMs: 5000 });
    expect(db.owner).toBe(true);
    const sql = connect(db.socketPath);
    expect((await sql.begin((tx) => tx`select n from lock_probe`))[0]).toEqual({ n: 42 });
    await sql.end();
    await db.close();
  }, 120_000);
});
