// The audit trail's view of the model's SQL, computed from the parse tree the SQL guard already made
// (the query is parsed once per call): a fingerprint of the query's shape, and the text with every
// constant replaced by $n, so no literal value the model wrote is ever stored.
import { createHash } from 'node:crypto';
import type { ParseResult } from 'libpg-query';

export interface SqlSummary {
  fingerprint: string | null;
  normalized: string | null;
}

const MAX_NORMALIZED_CHARS = 4000;
const NONE: SqlSummary = { fingerprint: null, normalized: null };

export function summariseSql(text: string | undefined, tree: ParseResult | undefined): SqlSummary {
  if (typeof text !== 'string' || !tree) return NONE;
  const constants: number[] = [];
  // Locations and constant values are left out of the shape, so `... = 1` and `... = 2` share one.
  const shape = JSON.stringify(tree, (key, value) => {
    if (key === 'location') return undefined;
    if (key === 'A_Const') {
      if (typeof value?.location === 'number' && value.location >= 0) constants.push(value.location);
      return '?';
    }
    return value;
  });
  const fingerprint = createHash('sha256').update(shape).digest('hex').slice(0, 16);
  const normalized = replaceConstants(Buffer.from(text, 'utf8'), constants);
  return { fingerprint, normalized: normalized === null ? null : normalized.slice(0, MAX_NORMALIZED_CHARS) };
}

/** Locations are byte offsets into the UTF-8 text. Returns null rather than risk keeping a literal. */
function replaceConstants(bytes: Buffer, locations: number[]): string | null {
  const parts: string[] = [];
  let from = 0;
  let n = 0;
  for (const at of [...new Set(locations)].sort((a, b) => a - b)) {
    if (at < from) return null;
    const end = literalEnd(bytes, at);
    if (end === null) return null;
    parts.push(bytes.toString('utf8', from, at), `$${++n}`);
    from = end;
  }
  parts.push(bytes.toString('utf8', from));
  return parts.join('');
}

const QUOTE = 0x27;
const isWordByte = (b: number | undefined) => b !== undefined && (/[A-Za-z0-9_.]/.test(String.fromCharCode(b)) || b >= 0x80);

/** The end (exclusive) of the constant token starting at `at`: a number, a word, or a quoted string. */
function literalEnd(bytes: Buffer, at: number): number | null {
  let i = at;
  if (bytes[i] === 0x2d) for (i++; bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a; i++); // -5, - 5
  if (bytes[i] === 0x24) {
    // $tag$ ... $tag$
    const close = bytes.indexOf(0x24, i + 1);
    if (close < 0) return null;
    const tag = bytes.subarray(i, close + 1);
    const end = bytes.indexOf(tag, close + 1);
    return end < 0 ? null : end + tag.length;
  }
  const wordStart = i;
  while (isWordByte(bytes[i])) {
    // 1.5e-3: the sign belongs to the exponent
    if ((bytes[i] === 0x65 || bytes[i] === 0x45) && (bytes[i + 1] === 0x2b || bytes[i + 1] === 0x2d) && /[0-9]/.test(String.fromCharCode(bytes[wordStart]!)))
      i++;
    i++;
  }
  if (bytes[i] === 0x26 && bytes[i + 1] === QUOTE) i++; // U&'...'
  if (bytes[i] !== QUOTE) return i > at ? i : null; // a number or true/false/null
  // A quoted string, possibly prefixed (E'', B'', X'', N''): '' is a quote; in E'' a backslash escapes.
  const escapes = i - wordStart === 1 && (bytes[wordStart] === 0x45 || bytes[wordStart] === 0x65);
  for (i++; i < bytes.length; i++) {
    if (escapes && bytes[i] === 0x5c) i++;
    else if (bytes[i] === QUOTE) {
      if (bytes[i + 1] === QUOTE) i++;
      else return i + 1;
    }
  }
  return null;
}
