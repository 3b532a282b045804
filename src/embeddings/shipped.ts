// Embeddings of the seed catalogue, shipped with the repository (seed/embeddings/<model>.bin and
// .json), so that a first start loads vectors instead of running the model over every product.
// The seed catalogue is deterministic; each vector is keyed by the product's content hash
// (product-text.ts: sha256 of model + text), so a product whose text changed, or a model other
// than the shipped one, simply finds nothing here and is embedded as before.
//
// Encoding: IEEE half precision (float16, little-endian): the 32-byte content hash, then
// `dimensions` halves per record, 1,056 bytes at 512-d (half of float32; 1.1 MB for the catalogue).
// Decoding renormalises to unit length (cosine == inner product, as for computed vectors).
// int8 with a per-vector scale would halve that again, but the catalogue has near-duplicates (variants
// of one product) whose similarities to a query differ by ~1e-5: int8 reordered the exact top 10 for
// 23 of the 85 shopper queries of the relevance set (and changed the set for 2); float16 keeps all 85
// sets and 84 orders (the 85th swaps two products 7e-6 apart). `npm run embeddings:ship` measures
// this and records it in the JSON index; test/integration/shipped-embeddings.test.ts holds it.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { normalize } from './embedder.js';

export const SHIPPED_FORMAT = 'retail-mcp shipped embeddings v1';
const HASH_BYTES = 32;

/** The directory the shipped files live in (dist/seed/embeddings after `npm run build`). */
export const SHIPPED_DIR = fileURLToPath(new URL('../../seed/embeddings/', import.meta.url));

/** The small JSON file next to the vectors: what they are and how they were made. */
export interface ShippedIndex {
  format: typeof SHIPPED_FORMAT;
  model: string;
  dimensions: number;
  count: number;
  encoding: 'float16 LE';
  /** Bytes per record: 32 (sha256 content hash) + 2 x dimensions. */
  recordBytes: number;
  /** What the content hash is taken over (src/embeddings/product-text.ts). */
  key: string;
  /** sha256 of the .bin file, checked before it is used. */
  sha256: string;
  /** Measured when the file was written: the quantisation error against the model's vectors. */
  quality?: {
    /** Lowest cosine between a shipped vector and the model's own, over the whole file. */
    minCosine: number;
    /** Largest error in any one dimension. */
    maxAbsError: number;
    /** Exact top-10 over the whole catalogue, shipped against computed vectors, for shopper queries. */
    top10?: { queries: number; identical: number; sameUpToTies: number };
  };
  generatedBy: string;
}

export interface ShippedEmbeddings {
  readonly model: string;
  readonly dimensions: number;
  readonly size: number;
  /** The unit vector shipped for this content hash (hex), or undefined. */
  get(contentHash: string): number[] | undefined;
  /** Every content hash in the file (hex), in file order. */
  hashes(): string[];
}

export type ShippedLoad = { shipped: ShippedEmbeddings; problem?: undefined } | { shipped: null; problem: string };

/** File base name for a model: the name with anything but [A-Za-z0-9._-] replaced by `_`. */
export function shippedBaseName(model: string): string {
  return model.replace(/[^A-Za-z0-9._-]/g, '_');
}

/**
 * The shipped vectors for this model and dimension setting, or why there are none: no file for the
 * model (normal for any model but the offline one), or a file that fails its checks (then the
 * caller embeds everything, as before, and says why).
 */
export function loadShippedEmbeddings(model: string, dimensions: number, dir: string = SHIPPED_DIR): ShippedLoad {
  const base = `${dir.replace(/[\\/]$/, '')}/${shippedBaseName(model)}`;
  let index: ShippedIndex;
  let bin: Buffer;
  try {
    index = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as ShippedIndex;
    bin = readFileSync(`${base}.bin`);
  } catch (err) {
    const code = (err as { code?: string }).code;
    return {
      shipped: null,
      problem: code === 'ENOENT' ? `no shipped embeddings for ${model}` : `shipped embeddings for ${model} unreadable: ${(err as Error).message}`,
    };
  }
  try {
    return { shipped: decodeShipped(index, bin, { model, dimensions }) };
  } catch (err) {
    return { shipped: null, problem: (err as Error).message };
  }
}

/** Checks the index against the file and the expected model, then indexes the records by hash. */
export function decodeShipped(index: ShippedIndex, bin: Uint8Array, expect?: { model: string; dimensions: number }): ShippedEmbeddings {
  const fail = (why: string) => {
    throw new Error(`shipped embeddings for ${index.model ?? '?'} not used: ${why}`);
  };
  if (index.format !== SHIPPED_FORMAT) fail(`unknown format ${JSON.stringify(index.format)}`);
  if (expect && index.model !== expect.model) fail(`the file is for ${index.model}, not ${expect.model}`);
  if (expect && index.dimensions !== expect.dimensions) fail(`${index.dimensions} dimensions, not ${expect.dimensions}`);
  const dims = index.dimensions;
  const recordBytes = HASH_BYTES + 2 * dims;
  if (index.recordBytes !== recordBytes || bin.byteLength !== index.count * recordBytes) fail('the .bin file does not match its index');
  if (createHash('sha256').update(bin).digest('hex') !== index.sha256)
    fail('the .bin file does not match its checksum (regenerate it: npm run embeddings:ship)');

  const view = new DataView(bin.buffer, bin.byteOffset, bin.byteLength);
  const offsets = new Map<string, number>();
  for (let i = 0; i < index.count; i++) {
    const at = i * recordBytes;
    offsets.set(Buffer.from(bin.buffer, bin.byteOffset + at, HASH_BYTES).toString('hex'), at);
  }
  return {
    model: index.model,
    dimensions: dims,
    size: offsets.size,
    get(contentHash) {
      const at = offsets.get(contentHash);
      if (at === undefined) return undefined;
      const v = new Array<number>(dims);
      for (let d = 0; d < dims; d++) v[d] = fromHalf(view.getUint16(at + HASH_BYTES + 2 * d, true));
      return normalize(v);
    },
    hashes: () => [...offsets.keys()],
  };
}

/** The IEEE half-precision bits nearest to x (round to nearest, ties to even), as Float16Array does. */
export function toHalf(x: number): number {
  if (Number.isNaN(x)) return 0x7e00;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a >= 65520) return sign | 0x7c00; // rounds past the largest half (65504): infinity
  // Subnormal halves count units of 2^-24; rounding up to 1024 lands exactly on the smallest normal.
  if (a < 2 ** -14) return sign | roundHalfEven(a * 2 ** 24);
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  // Scaling by powers of two and subtracting 1 from [1, 2) are exact in doubles: one rounding only.
  let m = roundHalfEven((a / 2 ** e - 1) * 1024);
  if (m === 1024) {
    m = 0;
    e++;
  }
  if (e + 15 >= 0x1f) return sign | 0x7c00;
  return sign | ((e + 15) << 10) | m;
}

function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const r = v - f;
  return r > 0.5 || (r === 0.5 && f % 2 === 1) ? f + 1 : f;
}

/** The number a half-precision bit pattern stands for. */
export function fromHalf(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** Builds the .bin and its index from (content hash, vector) pairs, in the order given. */
export function encodeShipped(
  model: string,
  dimensions: number,
  entries: readonly { hash: string; vector: ArrayLike<number> }[],
  extra: Pick<ShippedIndex, 'key' | 'generatedBy'> & { quality?: ShippedIndex['quality'] },
): { index: ShippedIndex; bin: Buffer } {
  const recordBytes = HASH_BYTES + 2 * dimensions;
  const bin = Buffer.alloc(entries.length * recordBytes);
  const seen = new Set<string>();
  entries.forEach(({ hash, vector }, i) => {
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error(`not a sha256 hex content hash: ${hash}`);
    if (seen.has(hash)) throw new Error(`duplicate content hash ${hash}`);
    seen.add(hash);
    if (vector.length !== dimensions) throw new Error(`a vector has ${vector.length} dimensions, not ${dimensions}`);
    const at = i * recordBytes;
    bin.write(hash, at, 'hex');
    for (let d = 0; d < dimensions; d++) bin.writeUInt16LE(toHalf(vector[d]!), at + HASH_BYTES + 2 * d);
  });
  const index: ShippedIndex = {
    format: SHIPPED_FORMAT,
    model,
    dimensions,
    count: entries.length,
    encoding: 'float16 LE',
    recordBytes,
    key: extra.key,
    sha256: createHash('sha256').update(bin).digest('hex'),
    ...(extra.quality ? { quality: extra.quality } : {}),
    generatedBy: extra.generatedBy,
  };
  return { index, bin };
}
