// PostgreSQL wire-protocol pieces the embedded relay needs: frontend message framing, the few
// backend messages it writes itself, and reading the text of Query / Parse / Bind / Close messages.
// Protocol 3.0: https://www.postgresql.org/docs/current/protocol-message-formats.html

export const SSL_REQUEST = 80877103;
export const GSSENC_REQUEST = 80877104;
export const CANCEL_REQUEST = 80877102;

/** Takes one complete frontend message off the front of buf, or null if it is not all there yet.
 *  A connection's first messages have no type byte (startup, SSLRequest, CancelRequest). */
export function takeMessage(buf: Buffer, untyped: boolean): { message: Buffer; rest: Buffer } | null {
  if (untyped) {
    if (buf.length < 8) return null;
    const len = buf.readInt32BE(0);
    if (len < 8 || len > 10_000) throw new Error('invalid startup packet length');
    if (buf.length < len) return null;
    return { message: buf.subarray(0, len), rest: buf.subarray(len) };
  }
  if (buf.length < 5) return null;
  const len = buf.readInt32BE(1);
  if (len < 4) throw new Error('invalid message length');
  if (buf.length < len + 1) return null;
  return { message: buf.subarray(0, len + 1), rest: buf.subarray(len + 1) };
}

export function startupCode(message: Buffer): number {
  return message.readInt32BE(4);
}

function cstring(buf: Buffer, at: number): [string, number] {
  const end = buf.indexOf(0, at);
  if (end < 0) return [buf.toString('utf8', at), buf.length];
  return [buf.toString('utf8', at, end), end + 1];
}

/** 'Q': the query text. */
export function queryText(message: Buffer): string {
  return cstring(message, 5)[0];
}

/** 'P': statement name and query text. */
export function parseMessage(message: Buffer): { name: string; text: string } {
  const [name, next] = cstring(message, 5);
  return { name, text: cstring(message, next)[0] };
}

/** 'B': the prepared statement it binds (second string, after the portal name). */
export function bindStatement(message: Buffer): string {
  const [, next] = cstring(message, 5);
  return cstring(message, next)[0];
}

/** 'C': what it closes ('S' statement or 'P' portal) and the name. */
export function closeMessage(message: Buffer): { kind: string; name: string } {
  return { kind: String.fromCharCode(message[5] ?? 0), name: cstring(message, 6)[0] };
}

/** ROLLBACK / ABORT / COMMIT / END, optionally with TRANSACTION/WORK, but not ROLLBACK TO. */
export function endsTransaction(sql: string): boolean {
  return /^\s*(rollback|abort|commit|end)(\s+(transaction|work))?\s*;?\s*$/i.test(sql);
}

function typed(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

export function errorResponse(severity: 'ERROR' | 'FATAL', code: string, message: string): Buffer {
  const fields = [`S${severity}`, `V${severity}`, `C${code}`, `M${message}`].map((f) => Buffer.from(`${f}\0`));
  return typed('E', Buffer.concat([...fields, Buffer.from([0])]));
}

export function readyForQuery(status: 'I' | 'T' | 'E'): Buffer {
  return typed('Z', Buffer.from(status, 'latin1'));
}

function backendKeyData(pid: number, secret: number): Buffer {
  const body = Buffer.alloc(8);
  body.writeInt32BE(pid, 0);
  body.writeInt32BE(secret, 4);
  return typed('K', body);
}

export function commandComplete(tag: string): Buffer {
  return typed('C', Buffer.from(`${tag}\0`));
}

/** ParseComplete, BindComplete, CloseComplete, NoData, and a ParameterDescription of no parameters. */
export const PARSE_COMPLETE = typed('1', Buffer.alloc(0));
export const BIND_COMPLETE = typed('2', Buffer.alloc(0));
export const CLOSE_COMPLETE = typed('3', Buffer.alloc(0));
export const NO_DATA = typed('n', Buffer.alloc(0));
export const NO_PARAMETERS = typed('t', Buffer.alloc(2));

export function simpleQuery(sql: string): Buffer {
  return typed('Q', Buffer.from(`${sql}\0`));
}

export const SYNC = typed('S', Buffer.alloc(0));

export function closeStatement(name: string): Buffer {
  return typed('C', Buffer.from(`S${name}\0`));
}

/** Replaces every BackendKeyData in a complete run of backend messages (the startup answer). */
export function rewriteBackendKey(out: Buffer, pid: number, secret: number): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  while (at + 5 <= out.length) {
    const len = out.readInt32BE(at + 1);
    const end = Math.min(out.length, at + 1 + len);
    parts.push(out[at] === 0x4b ? backendKeyData(pid, secret) : out.subarray(at, end));
    at = end;
  }
  if (at < out.length) parts.push(out.subarray(at));
  return Buffer.concat(parts);
}

/** A CancelRequest's target: the pid and secret the relay handed out in BackendKeyData. */
export function cancelTarget(message: Buffer): { pid: number; secret: number } {
  return { pid: message.readInt32BE(8), secret: message.readInt32BE(12) };
}
