// Chooses the test database, in ARCHITECTURE §7's order: TEST_DATABASE_URL (a real server), then
// testcontainers (pgvector/pgvector:pg17) when a Docker engine answers, then embedded PGlite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { openEmbeddedDatabase } from '../../src/db/embedded.js';

export type BackendKind = 'postgres' | 'testcontainers' | 'pglite';

export interface Backend {
  kind: BackendKind;
  /** Owner/admin connection (migrations, seed, fixtures). */
  admin: { url?: string; socketPath?: string };
  /** The pool's login: retail_app on a real server; PGlite has only its superuser session. */
  app: { url?: string; socketPath?: string };
  stop(): Promise<void>;
}

export async function startBackend(env: Record<string, string | undefined>): Promise<Backend> {
  if (env.TEST_DATABASE_URL) {
    const admin = env.TEST_DATABASE_URL;
    const app = env.TEST_APP_DATABASE_URL ?? withUser(admin, 'retail_app');
    return { kind: 'postgres', admin: { url: admin }, app: { url: app }, stop: async () => {} };
  }
  if (env.TEST_BACKEND !== 'pglite' && (await dockerEngineAnswers())) return startContainer();
  const dir = mkdtempSync(join(tmpdir(), 'retail-mcp-test-'));
  const db = await openEmbeddedDatabase(dir);
  return {
    kind: 'pglite',
    admin: { socketPath: db.socketPath },
    app: { socketPath: db.socketPath },
    stop: async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function withUser(url: string, user: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = '';
  return u.toString();
}

async function dockerEngineAnswers(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await Promise.race([getContainerRuntimeClient(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 5000))]);
    return true;
  } catch {
    return false;
  }
}

/** Not exercised on the team's machines (no Docker engine there); see the README. */
async function startContainer(): Promise<Backend> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer('pgvector/pgvector:pg17')
    .withEnvironment({ POSTGRES_PASSWORD: 'test' })
    .withExposedPorts(5432)
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .start();
  const base = `postgres://postgres:test@${container.getHost()}:${container.getMappedPort(5432)}/postgres`;
  return {
    kind: 'testcontainers',
    admin: { url: base },
    app: { url: base.replace('postgres:test@', 'retail_app:test@') },
    stop: async () => {
      await container.stop();
    },
  };
}

/** The container's retail_app needs a password for its scram auth; set after migrations. */
export async function setContainerAppPassword(adminUrl: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await sql`alter role retail_app password 'test'`;
  await sql.end();
}
