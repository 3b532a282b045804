// Structured logs on stderr (stdout belongs to the stdio transport): JSON lines, or a readable
// line on a terminal. Fields that could hold credentials are redacted before anything is written.
// When a span is active, its trace and span ids go on the line, so logs join up with traces.
import { context, trace } from '@opentelemetry/api';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
// Words in a field's name that say it holds a credential: apiKey, private_key_pem, accessKeyId,
// sessionCookie, bearer_token... A key's id or a public key is not one (keyId, publicKey).
const SECRET_WORDS = new Set([
  'token',
  'tokens',
  'seal',
  'secret',
  'secrets',
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'authorization',
  'cookie',
  'cookies',
  'nonce',
  'credential',
  'credentials',
  'signature',
  'jwt',
  'key',
  'keys',
]);

/** Whether a field's name (camelCase or snake_case) has a credential word in it. */
function isSecretName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return words.some((w, i) => {
    if (!SECRET_WORDS.has(w)) return false;
    if (w !== 'key') return true;
    const before = words[i - 1];
    const after = words[i + 1];
    return before !== 'public' && (after !== 'id' || before === 'access');
  });
}

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: value.message, code: (value as { code?: unknown }).code };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isSecretName(k) ? '[redacted]' : redact(v, depth + 1)]));
}

export function createLogger(level: LogLevel = 'info', stream: NodeJS.WriteStream = process.stderr): Logger {
  const pretty = Boolean(stream.isTTY);
  const write = (lvl: LogLevel, msg: string, fields: Record<string, unknown> = {}) => {
    if (ORDER[lvl] < ORDER[level]) return;
    const safe = redact(fields) as Record<string, unknown>;
    const span = trace.getSpan(context.active())?.spanContext();
    if (span && trace.isSpanContextValid(span)) {
      safe.trace_id = span.traceId;
      safe.span_id = span.spanId;
    }
    if (pretty) {
      const extra = Object.keys(safe).length ? ` ${JSON.stringify(safe)}` : '';
      stream.write(`${new Date().toISOString().slice(11, 19)} ${lvl.toUpperCase().padEnd(5)} ${msg}${extra}\n`);
    } else {
      stream.write(`${JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...safe })}\n`);
    }
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

/** For tests and library use: drops everything. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
