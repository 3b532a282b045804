// Static checks of docker-compose.yml and the Dockerfile (no Docker engine on the team's machines):
// the services, healthchecks, a non-root multi-stage image, and no environment key the server ignores.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_KEYS } from '../../src/config.js';

const compose = parse(readFileSync('docker-compose.yml', 'utf8')) as { services: Record<string, any> };
const dockerfile = readFileSync('Dockerfile', 'utf8');
const services = compose.services;
// Keys that belong to the database image, not to the server.
const DB_IMAGE_KEYS = new Set(['POSTGRES_PASSWORD', 'POSTGRES_DB', 'POSTGRES_USER']);

describe('docker-compose.yml', () => {
  it('runs pgvector/pgvector:pg17 with a healthcheck', () => {
    expect(services.db.image).toBe('pgvector/pgvector:pg17');
    expect(services.db.healthcheck.test.join(' ')).toMatch(/pg_isready/);
  });

  it('has a one-shot migrate service that waits for a healthy database', () => {
    expect(services.migrate.restart).toBe('no');
    expect(services.migrate.depends_on.db.condition).toBe('service_healthy');
    expect(services.migrate.environment.MIGRATION_DATABASE_URL).toMatch(/^postgres:\/\//);
    expect(services.migrate.entrypoint.join(' ')).toMatch(/migrate/);
  });

  it('starts the server after migrate, as retail_app, with a readiness healthcheck', () => {
    expect(services.server.depends_on.migrate.condition).toBe('service_completed_successfully');
    expect(new URL(services.server.environment.DATABASE_URL.replace(/\$\{[^}]*\}/g, 'x')).username).toBe('retail_app');
    expect(services.server.environment.MIGRATION_DATABASE_URL).toBeUndefined();
    // The probe names PUBLIC_URL's host: the server refuses other Hosts (container-healthcheck.test.ts).
    expect(services.server.healthcheck.test.join(' ')).toMatch(/bin\/healthcheck\.js \/readyz "\$\$PUBLIC_URL"/);
    for (const port of services.server.ports as string[]) expect(port).toMatch(/^127\.0\.0\.1:/);
  });

  it('sets only environment keys the config schema knows', () => {
    for (const [name, svc] of Object.entries(services)) {
      if (name === 'db' || !svc.build) continue;
      for (const key of Object.keys(svc.environment ?? {})) expect(CONFIG_KEYS, `${name}: ${key}`).toContain(key);
    }
    for (const key of Object.keys(services.db.environment)) expect(DB_IMAGE_KEYS.has(key)).toBe(true);
  });

  it('offers an optional telemetry profile with an OTLP-capable trace UI', () => {
    const telemetry = Object.entries(services).filter(([, s]) => (s.profiles ?? []).includes('telemetry'));
    expect(telemetry.length).toBeGreaterThan(0);
    expect(telemetry.some(([, s]) => /jaeger|otel/.test(s.image))).toBe(true);
    expect(services.server.profiles).toBeUndefined();
  });
});

describe('Dockerfile', () => {
  const stages = dockerfile.split('\n').filter((l) => /^FROM\s/i.test(l));
  it('is multi-stage and copies dependencies from the build stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/COPY --from=\w+/);
  });

  it('runs as a non-root user in the final stage', () => {
    const finalStage = dockerfile.slice(dockerfile.lastIndexOf(stages.at(-1)!));
    const user = /^USER\s+(\S+)/m.exec(finalStage)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
  });

  it('has a healthcheck and runs the CLI', () => {
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n?.*bin\/healthcheck\.js \/(healthz|readyz) "\$\{PUBLIC_URL:-\}"/m);
    expect(dockerfile).toMatch(/ENTRYPOINT \["node", "bin\/retail-mcp\.js"\]/);
  });
});
