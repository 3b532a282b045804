// The embedded data dir has one owner at a time: a second process connects through the owner's
// socket instead of opening the files, and a crashed owner's lock is taken over safely.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { openEmbeddedDatabase } from '../../src/db/embedded.js';

const dir = mkdtempSync(join(tmpdir(), 'retail-mcp-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('embedded data dir ownership', () => {
  it('a second process goes through the running owner, and sees the owner\'s data', async () => {
    const script = `import { openEmbeddedDatabase } from './src/db/embedded.ts';
      const db = await openEmbeddedDatabase(${JSON.stringify(dir)});
      process.stdout.write('ready\\n');
      process.stdin.on('data', async () => { await db.close(); process.exit(0); });`;
    const owner = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      owner.stdout.on('data', (d) => String(d).includes('ready') && resolve());
      owner.on('exit', (code) => reject(new Error(`owner exited ${code}`)));
    });
    const second = await openEmbeddedDatabase(dir);
    expect(second.owner).toBe(false);
    const sql = postgres({ path: second.socketPath, user: 'postgres', database: 'postgres', max: 1, onnotice: () => {} });
    await sql.begin(async (tx) => {
      await tx`create table if not exists lock_probe (n int)`;
      await tx`insert into lock_probe values (42)`;
    });
    expect((await sql.begin((tx) => tx`select n from lock_probe`))[0]).toEqual({ n: 42 });
    await sql.end();
    owner.stdin.write('stop\n');
    await new Promise((resolve) => owner.on('exit', resolve));
  }, 60_000);

  it('a lock left by a dead process is taken over, and the data is intact', async () => {
    writeFileSync(join(dir, 'retail-mcp.lock'), JSON.stringify({ pid: 999_999_999, socketPath: join(dir, '.s.PGSQL.5432') }));
    const db = await openEmbeddedDatabase(dir);
    expect(db.owner).toBe(true);
    const sql = postgres({ path: db.socketPath, user: 'postgres', database: 'postgres', max: 1, onnotice: () => {} });
    expect((await sql.begin((tx) => tx`select n from lock_probe`))[0]).toEqual({ n: 42 });
    await sql.end();
    await db.close();
  }, 60_000);
});
