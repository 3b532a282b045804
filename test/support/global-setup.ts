// Prepares one database for every integration test file: migrate, seal key, seed (small scale, as
// of TEST_AS_OF so the data never changes), embed. The PGlite backend lives in this process and the
// test workers reach it through its socket.
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../src/config.js';
import { createPool } from '../../src/db/client.js';
import { createOfflineEmbedder } from '../../src/embeddings/offline.js';
import { silentLogger } from '../../src/log.js';
import { initialiseDatabase } from '../../src/runtime/initialise.js';
import { type Backend, setContainerAppPassword, startBackend } from './backends.js';
import { TEST_AS_OF } from './test-date.js';

export const TEST_SEED_SCALE = 0.1;

declare module 'vitest' {
  export interface ProvidedContext {
    backend: { kind: Backend['kind']; admin: Backend['admin']; app: Backend['app']; sealKeyHex: string; devSecret: string };
  }
}

let backend: Backend | undefined;

export async function setup(project: TestProject): Promise<void> {
  backend = await startBackend(process.env);
  const sealKeyHex = randomBytes(32).toString('hex');
  const devSecret = randomBytes(32).toString('base64url');
  const config = loadConfig({ DATABASE_URL: 'postgres://unused@localhost/x', RLS_SEAL_KEY: sealKeyHex, AUTH_DEV_SECRET: devSecret });
  const admin = createPool(backend.admin, config, { max: 2 });
  const started = Date.now();
  try {
    await initialiseDatabase(admin, {
      sealKeyHex,
      embedder: await createOfflineEmbedder(),
      scale: TEST_SEED_SCALE,
      asOf: TEST_AS_OF,
      log: silentLogger,
      progress: false,
    });
  } finally {
    await admin.end();
  }
  if (backend.kind === 'testcontainers') await setContainerAppPassword(backend.admin.url!);
  process.stderr.write(`\n[retail-mcp tests] database backend: ${backend.kind} (prepared in ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  project.provide('backend', { kind: backend.kind, admin: backend.admin, app: backend.app, sealKeyHex, devSecret });
}

export async function teardown(): Promise<void> {
  await backend?.stop();
}
