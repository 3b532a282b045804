import { describe, expect, it } from 'vitest';
import { classifyPgError } from '../../src/db/pg-errors.js';
import { AppError, toToolError } from '../../src/errors.js';

describe('error hygiene', () => {
  it('maps SQLSTATEs through one table, with retryable flags', () => {
    expect(classifyPgError({ code: '57014' })).toMatchObject({ code: 'QUERY_TIMEOUT', retryable: true });
    expect(classifyPgError({ code: '42501' })).toMatchObject({ code: 'FORBIDDEN', retryable: false });
    expect(classifyPgError({ code: '08006' })).toMatchObject({ code: 'DB_UNAVAILABLE', retryable: true });
    expect(classifyPgError({ code: '53300' })).toMatchObject({ code: 'DB_UNAVAILABLE', retryable: true });
    expect(classifyPgError({ code: '42P01' })).toMatchObject({ code: 'QUERY_FAILED' });
    expect(classifyPgError({ code: 'ECONNREFUSED' })).toMatchObject({ code: 'DB_UNAVAILABLE' });
  });

  it('returns null for what it does not recognise', () => {
    expect(classifyPgError(new Error('boom'))).toBeNull();
    expect(classifyPgError({ code: 'XX000' })).toBeNull();
  });

  it("never repeats PostgreSQL's message, which can quote SQL and values", () => {
    const pg = Object.assign(new Error('invalid input syntax for type integer: "secret-store-42"'), { code: '22P02' });
    expect(classifyPgError(pg)!.message).not.toContain('secret-store-42');
  });

  it('unknown errors become INTERNAL with a generic message', () => {
    const e = toToolError(new Error('connection string postgres://u:p@h/d'));
    expect(e).toEqual({ code: 'INTERNAL', message: expect.not.stringContaining('postgres://'), retryable: false });
  });

  it('carries retry-after for rate limits', () => {
    expect(toToolError(new AppError('RATE_LIMITED', 'slow down', { retryAfterSeconds: 3 }))).toEqual({
      code: 'RATE_LIMITED',
      message: 'slow down',
      retryable: true,
      retry_after_seconds: 3,
    });
  });
});
