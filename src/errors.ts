// The one error type that may reach a client. Codes are stable UPPER_SNAKE; messages are safe to
// show the model: no SQL text, parameters, stack traces, secrets or other tenants' identifiers.

export type ErrorCode =
  | 'BAD_INPUT'
  | 'SQL_REJECTED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'QUERY_TIMEOUT'
  | 'CANCELLED'
  | 'QUERY_FAILED'
  | 'RESULT_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'DB_UNAVAILABLE'
  | 'EMBEDDINGS_UNAVAILABLE'
  /** The audit trail's buffer and spill file are full: the call is refused rather than answered unaudited. */
  | 'AUDIT_UNAVAILABLE'
  /** The token lacks an OAuth scope the call needs (over HTTP: a 403 step-up challenge instead). */
  | 'INSUFFICIENT_SCOPE'
  /** An export passed one of its limits (EXPORT_MAX_ROWS, EXPORT_MAX_BYTES, EXPORT_MAX_DURATION_MS). */
  | 'EXPORT_TOO_MANY_ROWS'
  | 'EXPORT_TOO_LARGE'
  | 'EXPORT_TOO_SLOW'
  /** EXPORT_MAX_CONCURRENT exports are already running on this instance. */
  | 'EXPORTS_BUSY'
  /** The export's object store (S3 or the data dir) failed or could not be reached. */
  | 'STORAGE_UNAVAILABLE'
  | 'INTERNAL';

const RETRYABLE: ReadonlySet<ErrorCode> = new Set([
  'QUERY_TIMEOUT',
  'RATE_LIMITED',
  'DB_UNAVAILABLE',
  'EMBEDDINGS_UNAVAILABLE',
  'AUDIT_UNAVAILABLE',
  'EXPORTS_BUSY',
  'STORAGE_UNAVAILABLE',
]);

export class AppError extends Error {
  readonly retryable: boolean;
  constructor(
    readonly code: ErrorCode,
    message: string,
    options: { cause?: unknown; retryAfterSeconds?: number } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.retryable = RETRYABLE.has(code);
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
  readonly retryAfterSeconds?: number;
}

/** Anything unknown becomes INTERNAL with a generic message; the details stay in the log. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  return new AppError('INTERNAL', 'The server could not complete this call. It has been logged.', { cause: err });
}

/** The safe, structured form a tool returns when it fails. */
export function toToolError(err: unknown): { code: ErrorCode; message: string; retryable: boolean; retry_after_seconds?: number } {
  const e = toAppError(err);
  return { code: e.code, message: e.message, retryable: e.retryable, ...(e.retryAfterSeconds ? { retry_after_seconds: e.retryAfterSeconds } : {}) };
}
