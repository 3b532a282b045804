import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig, redactUrl } from '../../src/config.js';

const KEY = 'ab'.repeat(32);

describe('config', () => {
  it('with no DATABASE_URL it is the embedded default on 127.0.0.1:3000', () => {
    const c = loadConfig({});
    expect(c.embedded).toBe(true);
    expect(c.resourceUrl).toBe('http://127.0.0.1:3000/mcp');
    expect(c.RETAIL_MCP_DATA_DIR).toBe('.data');
  });

  it('CLI overrides win over the environment', () => {
    const c = loadConfig({ HTTP_PORT: '4000', RETAIL_MCP_DATA_DIR: '/a' }, { HTTP_PORT: '5000', RETAIL_MCP_DATA_DIR: '/b' });
    expect(c.HTTP_PORT).toBe(5000);
    expect(c.RETAIL_MCP_DATA_DIR).toBe('/b');
    expect(c.resourceUrl).toBe('http://127.0.0.1:5000/mcp');
  });

  it('a real database needs the seal key, and says how to make one', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://retail_app@db/retail' })).toThrow(/RLS_SEAL_KEY is required.*openssl rand -hex 32/);
  });

  it('rejects a short seal key with a fix', () => {
    expect(() => loadConfig({ RLS_SEAL_KEY: 'abc' })).toThrow(/at least 64 hex characters/);
  });

  it('refuses more than one token key source', () => {
    expect(() => loadConfig({ AUTH_DEV_SECRET: 'x'.repeat(40), AUTH_JWKS_URL: 'https://idp.example/jwks' })).toThrow(ConfigError);
  });

  it('fetches a JWKS only over https, or plain http on loopback', () => {
    expect(() => loadConfig({ AUTH_JWKS_URL: 'http://idp.example/jwks' })).toThrow(/AUTH_JWKS_URL must use https .* can be replaced on the way/);
    expect(() => loadConfig({ AUTH_JWKS_URL: 'http://127.0.0.1.evil.example/jwks' })).toThrow(/must use https/);
    for (const ok of ['https://idp.example/jwks', 'http://127.0.0.1:8080/jwks', 'http://localhost/.well-known/jwks.json', 'http://[::1]:9/k'])
      expect(loadConfig({ AUTH_JWKS_URL: ok }).AUTH_JWKS_URL).toBe(ok);
  });

  it('says what a valid value looks like, and names the flag when a flag set it', () => {
    const message = (env: Record<string, string>, flags: Record<string, string> = {}) => {
      try {
        loadConfig(env, flags);
      } catch (err) {
        return (err as Error).message;
      }
      throw new Error('accepted');
    };
    expect(message({ STATEMENT_TIMEOUT_MS: '5s' })).toContain('STATEMENT_TIMEOUT_MS: must be a whole number from 100 to 600000');
    for (const port of ['', ' ', '0x1F90', '1.5', '70000', 'abc'])
      expect(message({}, { HTTP_PORT: port }), port).toContain('--port (HTTP_PORT): must be a whole number from 0 to 65535');
    expect(message({}, { LOG_LEVEL: 'trace' })).toContain('--log-level (LOG_LEVEL): Invalid option');
    expect(message({ DB_CONNECT_TIMEOUT_S: '0' })).toContain('DB_CONNECT_TIMEOUT_S: must be seconds from 0.1 to 600');
    expect(message({ DATABASE_URL: 'localhost:5432', RLS_SEAL_KEY: 'ab'.repeat(32) })).toContain('DATABASE_URL must be a postgres or postgresql URL');
    expect(message({ REDIS_URL: 'localhost:6379' })).toContain('REDIS_URL must be a redis or rediss URL, e.g. redis://127.0.0.1:6379');
    expect(message({ OPENAI_BASE_URL: 'api.openai.com/v1' })).toContain('OPENAI_BASE_URL must be a http or https URL');
    expect(message({ ALLOWED_ORIGINS: 'example.com, *' })).toContain('ALLOWED_ORIGINS must be comma-separated origins like https://app.example.com');
    expect(message({ EMBEDDINGS_MODEL: 'text embedding 3' })).toContain('EMBEDDINGS_MODEL must be a model name');
    // One message per mistake, not two.
    expect(message({ AUTH_JWKS_URL: 'not a url' }).match(/AUTH_JWKS_URL/g)).toHaveLength(2); // the path and the message
    expect(loadConfig({ ALLOWED_ORIGINS: 'https://app.example.com, http://localhost:5173' }).allowedOrigins).toHaveLength(2);
    expect(loadConfig({ AUTH_JWKS_URL: 'http://localhost:8080' }).AUTH_JWKS_URL).toBe('http://localhost:8080');
  });

  it('names the variable and the problem for bad numbers', () => {
    expect(() => loadConfig({ HTTP_PORT: 'eighty' })).toThrow(/HTTP_PORT/);
    expect(() => loadConfig({ ROW_LIMIT_DEFAULT: '500', ROW_LIMIT_MAX: '100' })).toThrow(/must not exceed ROW_LIMIT_MAX/);
  });

  it('caps concurrent exports at half the pool by default, and refuses a cap above the pool with a fix', () => {
    expect(loadConfig({}).exportMaxConcurrent).toBe(5);
    expect(loadConfig({ DB_POOL_MAX: '1' }).exportMaxConcurrent).toBe(1);
    expect(loadConfig({ DB_POOL_MAX: '4', EXPORT_MAX_CONCURRENT: '4' }).exportMaxConcurrent).toBe(4);
    expect(() => loadConfig({ DB_POOL_MAX: '4', EXPORT_MAX_CONCURRENT: '5' })).toThrow(
      /EXPORT_MAX_CONCURRENT \(5\) is above DB_POOL_MAX \(4\).*Lower it, or raise DB_POOL_MAX/,
    );
  });

  it('the startup summary never shows secrets', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://retail_app:hunter2@db/retail', RLS_SEAL_KEY: KEY, AUTH_DEV_SECRET: 's'.repeat(40) });
    const text = JSON.stringify(describeConfig(c));
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('s'.repeat(40));
    expect(redactUrl('postgres://u:p@h/d')).toBe('postgres://u:***@h/d');
  });
});
