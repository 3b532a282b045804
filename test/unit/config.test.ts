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
    const c = loadConfig({ HTTP_PORT: '4000', RETAIL_MCP_DATA_DIR: '/a' }, { HTTP_PORT: 5000, RETAIL_MCP_DATA_DIR: '/b' });
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
