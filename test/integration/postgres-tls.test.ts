// TLS to PostgreSQL with libpq's `sslrootcert=<CA file>` (src/db/tls.ts), against a throwaway
// cluster with ssl = on and a server certificate for `localhost` signed by a test CA made here with
// openssl. postgres.js alone sent the parameter to the server as a setting, which refused to connect.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createPool } from '../../src/db/client.js';
import { findPgBinDir, type PgCluster, startPgCluster } from '../support/pg-cluster.js';

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

let dir: string;
let cluster: PgCluster;

/** A CA, and a server certificate for DNS:localhost signed by it; plus an unrelated CA. */
function makeCertificates(into: string): void {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: into, stdio: 'ignore' });
  for (const ca of ['ca', 'other-ca'])
    ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${ca}.key`, '-out', `${ca}.crt`, '-subj', `/CN=retail-mcp test ${ca}`, '-days', '2');
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
  writeFileSync(join(into, 'san.ext'), 'subjectAltName=DNS:localhost\n');
  ssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'san.ext');
  // The server refuses a key that others can read, and runs as the postgres OS user when we are root.
  chmodSync(join(into, 'server.key'), 0o600);
  if (userInfo().uid === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    for (const f of ['server.key', 'server.crt']) chownSync(join(into, f), uid, gid);
  }
}

/** Whether one connection made from this URL is encrypted, through the server's own pool code. */
async function connectsWithTls(url: string): Promise<boolean> {
  const sql = createPool({ url }, loadConfig({ DATABASE_URL: url, RLS_SEAL_KEY: 'ab'.repeat(32), DB_CONNECT_TIMEOUT_S: '5' }), { max: 1 });
  try {
    const [row] = await sql<{ ssl: boolean }[]>`select ssl from pg_stat_ssl where pid = pg_backend_pid()`;
    return row!.ssl;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

describe.skipIf(!findPgBinDir() || !hasOpenssl)('sslrootcert in the database URL', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'retail-mcp-tls-'));
    chmodSync(dir, 0o755);
    makeCertificates(dir);
    cluster = await startPgCluster({ conf: ['ssl = on', `ssl_cert_file = '${join(dir, 'server.crt')}'`, `ssl_key_file = '${join(dir, 'server.key')}'`] });
  }, 60_000);
  afterAll(async () => {
    await cluster?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const url = (host: string, params: string) => `postgres://postgres@${host}:${cluster.port}/postgres?${params}`;

  it('verifies the chain and the host name with the CA file (verify-full, also the default)', async () => {
    expect(await connectsWithTls(url('localhost', `sslmode=verify-full&sslrootcert=${join(dir, 'ca.crt')}`))).toBe(true);
    expect(await connectsWithTls(url('localhost', `sslrootcert=${join(dir, 'ca.crt')}`))).toBe(true);
  });

  it('refuses a server whose name the certificate does not carry, unless sslmode=verify-ca (or require, as in libpq)', async () => {
    await expect(connectsWithTls(url('127.0.0.1', `sslmode=verify-full&sslrootcert=${join(dir, 'ca.crt')}`))).rejects.toThrow(/altnames|IP: 127\.0\.0\.1/i);
    expect(await connectsWithTls(url('127.0.0.1', `sslmode=verify-ca&sslrootcert=${join(dir, 'ca.crt')}`))).toBe(true);
    expect(await connectsWithTls(url('127.0.0.1', `sslmode=require&sslrootcert=${join(dir, 'ca.crt')}`))).toBe(true);
    await expect(connectsWithTls(url('127.0.0.1', `sslmode=require&sslrootcert=${join(dir, 'other-ca.crt')}`))).rejects.toThrow(
      /self[- ]signed|unable to (get|verify)/i,
    );
  });

  it('refuses a server signed by another CA, or by none Node trusts when no file is named', async () => {
    await expect(connectsWithTls(url('localhost', `sslmode=verify-ca&sslrootcert=${join(dir, 'other-ca.crt')}`))).rejects.toThrow(
      /self[- ]signed|unable to (get|verify)/i,
    );
    await expect(connectsWithTls(url('localhost', 'sslmode=verify-full'))).rejects.toThrow(/self[- ]signed|unable to (get|verify)/i);
    await expect(connectsWithTls(url('localhost', 'sslmode=verify-full&sslrootcert=system'))).rejects.toThrow(/self[- ]signed|unable to (get|verify)/i);
  });

  it('leaves sslmode=require (encrypt, verify nothing) to postgres.js', async () => {
    expect(await connectsWithTls(url('127.0.0.1', 'sslmode=require'))).toBe(true);
  });

  it('says what to fix when the file cannot be read, or the URL contradicts itself', async () => {
    await expect(connectsWithTls(url('localhost', 'sslrootcert=/nonexistent/ca.pem'))).rejects.toThrow(ConfigError);
    await expect(connectsWithTls(url('localhost', 'sslrootcert=/nonexistent/ca.pem'))).rejects.toThrow(
      /sslrootcert=\/nonexistent\/ca\.pem, which cannot be read \(ENOENT\)/,
    );
    for (const mode of ['disable', 'prefer', 'allow'])
      await expect(connectsWithTls(url('localhost', `sslmode=${mode}&sslrootcert=${join(dir, 'ca.crt')}`))).rejects.toThrow(
        `sslmode=${mode} with sslrootcert: use sslmode=verify-full`,
      );
    await expect(connectsWithTls(url('localhost', `sslmode=require&sslcert=/c.pem&sslkey=/k.pem`))).rejects.toThrow(
      /sets sslcert, sslkey: client certificates are not supported/,
    );
    await expect(connectsWithTls(`postgres://postgres@h1,h2:${cluster.port}/postgres?sslmode=verify-full`)).rejects.toThrow(
      /lists several hosts under sslmode=verify-full/,
    );
  });
});
