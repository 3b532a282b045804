// How the guard refuses a query: one AppError code, short messages that never quote SQL text.

import { AppError } from '../errors.js';

export function reject(message: string): never {
  throw new AppError('SQL_REJECTED', message);
}

/**
 * An identifier from the query, made fit for a message: dotted, stripped of quotes and control
 * characters, and capped at PostgreSQL's 63-byte identifier length so it cannot carry a payload.
 */
export function displayName(parts: readonly string[]): string {
  return parts.map((p) => p.replace(/[\p{Cc}\p{Cf}"\\`]/gu, '').slice(0, 63)).join('.');
}
