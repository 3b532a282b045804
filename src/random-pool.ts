// Cryptographically random hex strings from a pooled buffer: one randomFillSync per 256 draws
// instead of one randomBytes call (and its allocation) per nonce and per fence marker.
import { randomFillSync } from 'node:crypto';

const POOL = Buffer.alloc(4096);
let offset = POOL.length;

/** `bytes` random bytes as lower-case hex; each byte is handed out once and never reused. */
export function randomHex(bytes: number): string {
  if (offset + bytes > POOL.length) {
    randomFillSync(POOL);
    offset = 0;
  }
  const hex = POOL.toString('hex', offset, offset + bytes);
  offset += bytes;
  return hex;
}
