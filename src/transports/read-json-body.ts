// Reads a JSON request body within bounds: a size cap (413) and a nesting cap (400), so nothing
// oversized or pathologically deep reaches a handler.
import type { IncomingMessage } from 'node:http';

const MAX_BODY_BYTES = 1024 * 1024;
/** JSON-RPC envelopes and this server's tool arguments are a few levels deep. */
const MAX_BODY_DEPTH = 64;

export async function readJsonBody(req: IncomingMessage): Promise<{ body: unknown } | { refused: 400 | 413; message: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return { refused: 413, message: `Request body larger than ${MAX_BODY_BYTES} bytes.` };
    chunks.push(chunk as Buffer);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return { refused: 400, message: 'Request body is not valid JSON.' };
  }
  // JSON.parse takes any depth, but the SDK's handlers recurse: 100,000 levels overflowed the stack.
  if (nestedDeeperThan(body, MAX_BODY_DEPTH)) return { refused: 400, message: `Request body is nested more than ${MAX_BODY_DEPTH} levels deep.` };
  return { body };
}

/** Walks with an explicit stack, so the check itself cannot overflow. */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [v, depth] = item;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}
