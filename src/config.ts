// The one zod schema for the environment, and the only module that reads process.env.
// Every message says how to fix the problem; `describeConfig` gives a redacted summary for startup.
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
/** A whole number in [min, max], from digits only: Number() would read '', ' ' and '0x1F90' as numbers. */
const int = (min: number, max: number) => {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.preprocess(
    (v) => (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v),
    z.number({ error: message }).int(message).min(min, message).max(max, message),
  );
};
/** A URL with one of the given schemes ('localhost:5432' parses as a URL whose scheme is "localhost:"). */
const urlOf = (what: string, schemes: readonly string[], example: string) => {
  const message = `${what} must be a ${schemes.join(' or ')} URL, e.g. ${example}`;
  return z
    .string()
    .url({ error: message, abort: true })
    .refine((u) => schemes.includes(new URL(u).protocol.slice(0, -1)), message);
};
const CONNECT_TIMEOUT_RANGE = 'must be seconds from 0.1 to 600, e.g. 1 or 2.5';
const url = (what: string) => urlOf(what, ['postgres', 'postgresql'], 'postgres://user@host:5432/db');
const httpUrl = (what: string, example: string) => urlOf(what, ['http', 'https'], example);

const envSchema = z.object({
  DATABASE_URL: url('DATABASE_URL').optional(),
  MIGRATION_DATABASE_URL: url('MIGRATION_DATABASE_URL').optional(),
  /** A hot standby (retail_app on it): tool calls read there, and fall back to DATABASE_URL while it is unreachable. */
  DATABASE_REPLICA_URL: url('DATABASE_REPLICA_URL').optional(),
  /** After the replica fails, how long calls go straight to the primary before the replica is probed again. */
  DB_REPLICA_COOLDOWN_MS: int(100, 600_000).default(5000),
  /** `migrate` sets retail_app's password to this, for servers that need password auth. */
  RETAIL_APP_PASSWORD: z.string().min(12, 'RETAIL_APP_PASSWORD must be at least 12 characters').optional(),
  RETAIL_MCP_DATA_DIR: z.string().min(1).default('.data'),
  RLS_SEAL_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64,}$/, 'RLS_SEAL_KEY must be at least 64 hex characters (32 bytes); generate one with `openssl rand -hex 32`')
    .optional(),

  // Plain http only on loopback (a local identity provider in development): anyone on the path of a
  // remote http JWKS could serve their own keys and sign tokens for any user.
  AUTH_JWKS_URL: z
    .string()
    .url({ error: 'AUTH_JWKS_URL must be an https URL of a JWKS document', abort: true })
    .refine((u) => /^https:/i.test(u) || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/i.test(u), {
      message:
        'AUTH_JWKS_URL must use https (plain http is accepted only for 127.0.0.1, localhost or [::1]): a JWKS fetched in the clear can be replaced on the way.',
    })
    .optional(),
  AUTH_PUBLIC_KEY: z.string().includes('BEGIN PUBLIC KEY', { message: 'AUTH_PUBLIC_KEY must be a PEM (SPKI) public key' }).optional(),
  AUTH_PUBLIC_KEY_ALG: z.enum(['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA']).default('RS256'),
  AUTH_DEV_SECRET: z.string().min(32, 'AUTH_DEV_SECRET must be at least 32 characters').optional(),
  AUTH_ISSUER: z.string().min(1).optional(),
  AUTH_AUDIENCE: z.string().min(1).optional(),
  AUTH_CLOCK_TOLERANCE_S: int(0, 300).default(30),
  AUTH_MAX_TOKEN_AGE: z
    .string()
    .regex(/^\d+[smhd]$/, 'AUTH_MAX_TOKEN_AGE is a duration such as 12h or 7d')
    .default('24h'),
  MCP_TOKEN: z.string().min(1).optional(),

  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  HTTP_PORT: int(0, 65535).default(3000),
  PUBLIC_URL: z.string().url('PUBLIC_URL must be the externally visible base URL, e.g. https://mcp.example.com').optional(),
  ALLOWED_ORIGINS: z
    .string()
    .refine(
      (list) => list.split(',').every((o) => !o.trim() || (URL.canParse(o.trim()) && new URL(o.trim()).origin === o.trim())),
      'ALLOWED_ORIGINS must be comma-separated origins like https://app.example.com (scheme://host[:port], no path or *)',
    )
    .default(''),

  DB_POOL_MAX: int(1, 200).default(10),
  DB_IDLE_TIMEOUT_S: int(0, 86400).default(30),
  DB_MAX_LIFETIME_S: int(0, 86400).default(1800),
  DB_PREPARE: bool.default(true),
  /** Seconds to open a connection (TCP, TLS, auth) before the call fails with DB_UNAVAILABLE. */
  DB_CONNECT_TIMEOUT_S: z.coerce.number({ error: CONNECT_TIMEOUT_RANGE }).min(0.1, CONNECT_TIMEOUT_RANGE).max(600, CONNECT_TIMEOUT_RANGE).default(1),
  /** Longest wait between reconnect attempts while the database is down (postgres.js would wait up to 20 s). */
  DB_RECONNECT_MAX_DELAY_MS: int(0, 60_000).default(250),
  STATEMENT_TIMEOUT_MS: int(100, 600_000).default(5000),
  ROW_LIMIT_DEFAULT: int(1, 10_000).default(100),
  ROW_LIMIT_MAX: int(1, 100_000).default(1000),
  RESULT_MAX_BYTES: int(1024, 50_000_000).default(256 * 1024),

  /** Fair use per user: sustained tool calls per minute (0: off), the burst after idling, calls in flight (0: off). */
  RATE_LIMIT_PER_MINUTE: int(0, 100_000).default(120),
  RATE_LIMIT_BURST: int(1, 10_000).default(30),
  CONCURRENCY_PER_USER: int(0, 1000).default(4),
  /** Shares those limits between server instances; without it each instance enforces them alone. */
  REDIS_URL: urlOf('REDIS_URL', ['redis', 'rediss'], 'redis://127.0.0.1:6379').optional(),
  REDIS_KEY_PREFIX: z.string().min(1).max(100, 'must be 1-100 characters, e.g. retail-mcp:limits:').default('retail-mcp:limits:'),

  EMBEDDINGS_PROVIDER: z.enum(['offline', 'openai']).default('offline'),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: httpUrl('OPENAI_BASE_URL', 'https://api.openai.com/v1 or http://127.0.0.1:11434/v1').optional(),
  EMBEDDINGS_MODEL: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,100}$/, 'EMBEDDINGS_MODEL must be a model name (1-100 letters, digits, . _ : -), e.g. text-embedding-3-small')
    .default('text-embedding-3-small'),
  EMBEDDINGS_DIMENSIONS: int(1, 2000).default(1536),

  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),

  /** Pins the server's "today" (YYYY-MM-DD) for periods, comparisons and days of cover; default: the current UTC date. */
  RETAIL_TODAY: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'RETAIL_TODAY must be a date like 2026-11-01, or unset to use the current UTC date')
    .refine(
      (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
      'RETAIL_TODAY must be a real calendar date, e.g. 2026-11-01',
    )
    .optional(),

  /** Exports (export_query_result) go to this S3-compatible bucket; unset: files in <RETAIL_MCP_DATA_DIR>/exports. */
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'S3_BUCKET must be a bucket name (3-63 lower-case letters, digits, dots, hyphens)')
    .optional(),
  /** The S3 API endpoint for MinIO, R2 and the like, e.g. http://127.0.0.1:9000; unset: AWS S3 for S3_REGION. */
  S3_ENDPOINT: z.string().url('S3_ENDPOINT must be a URL, e.g. http://127.0.0.1:9000 (MinIO) or https://<account>.r2.cloudflarestorage.com').optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  /** Both or neither; neither: the AWS SDK's default credential chain (instance role, web identity, ...). */
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Path-style URLs (http://host/bucket/key): MinIO and most self-hosted stores need true. */
  S3_FORCE_PATH_STYLE: bool.default(false),
  /** Export limits: each has its own error (EXPORT_TOO_MANY_ROWS, EXPORT_TOO_LARGE, EXPORT_TOO_SLOW). */
  EXPORT_MAX_ROWS: int(1, 1_000_000_000).default(5_000_000),
  /** Most CSV bytes (before gzip) one export may write. */
  EXPORT_MAX_BYTES: int(1024, Number.MAX_SAFE_INTEGER).default(2 * 1024 ** 3),
  EXPORT_MAX_DURATION_MS: int(1000, 86_400_000).default(600_000),
  /** The statement timeout inside an export (each FETCH of its cursor), longer than STATEMENT_TIMEOUT_MS. */
  EXPORT_STATEMENT_TIMEOUT_MS: int(100, 86_400_000).default(120_000),
  /** How long a download link works, in seconds (presigned by S3, or signed by this server). */
  EXPORT_URL_TTL_S: int(1, 604_800).default(900),
  /**
   * Exports running at once on this instance; more are refused with EXPORTS_BUSY (retryable). Each
   * holds a pooled connection while it runs. Default: half of DB_POOL_MAX (at least 1).
   */
  EXPORT_MAX_CONCURRENT: int(1, 200).optional(),

  /** Audit rows the database cannot take yet go to JSON-lines spill files here (default: <RETAIL_MCP_DATA_DIR>/audit-spill). */
  AUDIT_SPILL_DIR: z.string().min(1).optional(),
  /** Most spill-file space, in MB (0: no spill file, memory only). */
  AUDIT_SPILL_MAX_MB: int(0, 1_000_000).default(256),
  /** Most audit rows held in memory while they can be neither written nor spilled. */
  AUDIT_BUFFER_MAX: int(100, 10_000_000).default(10_000),
  /** When both are full: refuse new calls (AUDIT_UNAVAILABLE, retryable) or answer them and drop their rows. */
  AUDIT_OVERFLOW: z.enum(['refuse', 'drop']).default('refuse'),

  /** How long SIGTERM waits for in-flight calls before closing their connections. */
  SHUTDOWN_DRAIN_MS: int(0, 300_000).default(10_000),
  /** Serve Prometheus metrics at GET /metrics (no auth: counts by tool and outcome, no tenant data). */
  METRICS_ENABLED: bool.default(false),
  OTEL_SERVICE_NAME: z.string().min(1).default('retail-mcp'),
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl('OTEL_EXPORTER_OTLP_ENDPOINT', 'http://localhost:4318').optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: httpUrl('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'http://localhost:4318/v1/traces').optional(),
  OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: httpUrl('OTEL_EXPORTER_OTLP_METRICS_ENDPOINT', 'http://localhost:4318/v1/metrics').optional(),
});

/** Every environment key the server reads; deploy files may set no others. */
export const CONFIG_KEYS: readonly string[] = Object.keys(envSchema.shape);

export type Env = z.infer<typeof envSchema>;

export interface Config extends Env {
  /** true when no DATABASE_URL is set: PGlite in the data dir. */
  embedded: boolean;
  /** The URL clients use for /mcp; tokens must carry it as their audience. */
  resourceUrl: string;
  allowedOrigins: string[];
  /** EXPORT_MAX_CONCURRENT, or its default from DB_POOL_MAX. */
  exportMaxConcurrent: number;
}

/** What the CLI's flags set, as typed (checked by the same schema as the environment). */
export type ConfigOverrides = Partial<Record<keyof typeof FLAGS, string>>;

/** The flag that sets each overridable variable, for messages about a bad flag value. */
const FLAGS = { RETAIL_MCP_DATA_DIR: '--data-dir', HTTP_HOST: '--host', HTTP_PORT: '--port', LOG_LEVEL: '--log-level' } as const;

export class ConfigError extends Error {}

/** The process environment plus CLI overrides; the one place that reads process.env. */
export function loadConfigFromProcess(overrides: ConfigOverrides = {}): Config {
  return loadConfig(process.env, overrides);
}

export function loadConfig(env: Record<string, string | undefined>, overrides: ConfigOverrides = {}): Config {
  const relevant = Object.fromEntries(Object.keys(envSchema.shape).flatMap((k) => (env[k] === undefined || env[k] === '' ? [] : [[k, env[k]]])));
  const parsed = envSchema.safeParse({ ...relevant, ...dropUndefined(overrides) });
  if (!parsed.success) {
    const given = dropUndefined(overrides);
    const label = (key: string) => (key in given ? `${FLAGS[key as keyof typeof FLAGS]} (${key})` : key);
    const lines = parsed.error.issues.map((i) => `  - ${label(i.path.join('.')) || 'config'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}\nSee .env.example and the README's configuration table.`);
  }
  const e = parsed.data;
  const keySources = [e.AUTH_JWKS_URL, e.AUTH_PUBLIC_KEY, e.AUTH_DEV_SECRET].filter(Boolean).length;
  if (keySources > 1) {
    throw new ConfigError('Set exactly one of AUTH_JWKS_URL, AUTH_PUBLIC_KEY or AUTH_DEV_SECRET; several are set.');
  }
  if (e.ROW_LIMIT_DEFAULT > e.ROW_LIMIT_MAX) {
    throw new ConfigError(`ROW_LIMIT_DEFAULT (${e.ROW_LIMIT_DEFAULT}) must not exceed ROW_LIMIT_MAX (${e.ROW_LIMIT_MAX}).`);
  }
  if (e.EMBEDDINGS_PROVIDER === 'openai' && !e.OPENAI_API_KEY) {
    throw new ConfigError('EMBEDDINGS_PROVIDER=openai needs OPENAI_API_KEY (any non-empty value for a local OpenAI-compatible endpoint).');
  }
  if (Boolean(e.S3_ACCESS_KEY_ID) !== Boolean(e.S3_SECRET_ACCESS_KEY)) {
    throw new ConfigError('Set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither (to use the AWS default credential chain).');
  }
  if (!e.S3_BUCKET && (e.S3_ENDPOINT || e.S3_ACCESS_KEY_ID)) {
    throw new ConfigError(
      'S3_ENDPOINT or S3 keys are set without S3_BUCKET: set S3_BUCKET to export to object storage, or unset them to export to the data dir.',
    );
  }
  if (e.EXPORT_MAX_CONCURRENT !== undefined && e.EXPORT_MAX_CONCURRENT > e.DB_POOL_MAX) {
    throw new ConfigError(
      `EXPORT_MAX_CONCURRENT (${e.EXPORT_MAX_CONCURRENT}) is above DB_POOL_MAX (${e.DB_POOL_MAX}): each running export holds a pooled connection. Lower it, or raise DB_POOL_MAX.`,
    );
  }
  const embedded = !e.DATABASE_URL;
  if (embedded && e.DATABASE_REPLICA_URL) {
    throw new ConfigError('DATABASE_REPLICA_URL is set without DATABASE_URL: a read replica needs a real PostgreSQL primary (the embedded mode has none).');
  }
  if (!embedded && !e.RLS_SEAL_KEY) {
    throw new ConfigError('DATABASE_URL is set, so RLS_SEAL_KEY is required: use the same value for `migrate` and `serve` (`openssl rand -hex 32`).');
  }
  const base = e.PUBLIC_URL ?? `http://${e.HTTP_HOST.includes(':') ? `[${e.HTTP_HOST}]` : e.HTTP_HOST}:${e.HTTP_PORT}`;
  const resourceUrl = `${base.replace(/\/$/, '')}/mcp`;
  const allowedOrigins = e.ALLOWED_ORIGINS.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const exportMaxConcurrent = e.EXPORT_MAX_CONCURRENT ?? Math.max(1, Math.floor(e.DB_POOL_MAX / 2));
  return { ...e, embedded, resourceUrl, allowedOrigins, exportMaxConcurrent };
}

/** The summary logged at startup: which sources are in use, never their secret values. */
export function describeConfig(c: Config): Record<string, unknown> {
  return {
    database: c.embedded ? `embedded PGlite in ${c.RETAIL_MCP_DATA_DIR}` : redactUrl(c.DATABASE_URL!),
    ...(c.DATABASE_REPLICA_URL ? { replica: redactUrl(c.DATABASE_REPLICA_URL) } : {}),
    auth: c.AUTH_JWKS_URL ? `JWKS ${c.AUTH_JWKS_URL}` : c.AUTH_PUBLIC_KEY ? `PEM public key (${c.AUTH_PUBLIC_KEY_ALG})` : 'HS256 development secret',
    resource: c.resourceUrl,
    embeddings: c.EMBEDDINGS_PROVIDER === 'openai' ? `${c.EMBEDDINGS_MODEL} via ${c.OPENAI_BASE_URL ?? 'OpenAI'}` : 'use-lite-512 (offline)',
    limits: { statementTimeoutMs: c.STATEMENT_TIMEOUT_MS, rowLimitMax: c.ROW_LIMIT_MAX, resultMaxBytes: c.RESULT_MAX_BYTES, poolMax: c.DB_POOL_MAX },
    exports: c.S3_BUCKET
      ? `s3://${c.S3_BUCKET}${c.S3_ENDPOINT ? ` at ${redactUrl(c.S3_ENDPOINT)}` : ` (${c.S3_REGION})`}`
      : `data dir ${c.RETAIL_MCP_DATA_DIR}/exports`,
    fairUse: {
      perMinute: c.RATE_LIMIT_PER_MINUTE,
      burst: c.RATE_LIMIT_BURST,
      concurrencyPerUser: c.CONCURRENCY_PER_USER,
      shared: c.REDIS_URL ? `Redis ${redactUrl(c.REDIS_URL)}` : 'in memory (this instance only)',
    },
  };
}

export function redactUrl(raw: string): string {
  try {
    const u = new URL(raw);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
