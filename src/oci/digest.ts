import type { Hash } from 'node:crypto';
import { nodeCrypto } from '../core/node-crypto.js';

/** Bytes that arrive in chunks: a file stream, a response body, or (for small blobs) an array of buffers. */
export type ByteSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/** The digest algorithms the OCI image spec registers; both are node:crypto hash names too. */
const HEX_LENGTH = { sha256: 64, sha512: 128 } as const;
export type DigestAlgorithm = keyof typeof HEX_LENGTH;

const DIGEST_SHAPE = /^([a-z0-9]+(?:[.+_-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/;

export interface ParsedDigest {
  readonly algorithm: DigestAlgorithm;
  readonly hex: string;
}

/** Parses `sha256:<64 lower-case hex>` (or sha512); undefined for anything else, so callers word their own error. */
export function parseDigest(value: string): ParsedDigest | undefined {
  const match = DIGEST_SHAPE.exec(value);
  if (!match) return undefined;
  const algorithm = match[1] as string;
  const hex = match[2] as string;
  if (!(algorithm in HEX_LENGTH)) return undefined;
  const expected = HEX_LENGTH[algorithm as DigestAlgorithm];
  if (hex.length !== expected || !/^[0-9a-f]+$/.test(hex)) return undefined;
  return { algorithm: algorithm as DigestAlgorithm, hex };
}

export function isDigest(value: string): boolean {
  return parseDigest(value) !== undefined;
}

export function sha256Digest(bytes: Uint8Array | string): string {
  return `sha256:${nodeCrypto().createHash('sha256').update(bytes).digest('hex')}`;
}

/** `sha256:0123456789ab…` for log lines and error messages, where the full 71 characters drown the sentence. */
export function shortDigest(digest: string): string {
  const colon = digest.indexOf(':');
  return colon < 0 || digest.length <= colon + 13 ? digest : `${digest.slice(0, colon + 13)}…`;
}

/** Content whose bytes are not what its descriptor promised: never retried, since the same bytes would come again. */
export class DigestMismatchError extends Error {
  override readonly name = 'DigestMismatchError';
}

export interface ExpectedContent {
  readonly digest: string;
  readonly size: number;
}

function startHash(expected: ExpectedContent, what: string): Hash {
  const parsed = parseDigest(expected.digest);
  if (!parsed) throw new DigestMismatchError(`${what}: '${expected.digest}' is not a digest drydock can verify (sha256 or sha512)`);
  return nodeCrypto().createHash(parsed.algorithm);
}

/** Checks buffered content (manifests, configs) against its descriptor. */
export function verifyBytes(bytes: Uint8Array, expected: ExpectedContent, what: string): void {
  if (bytes.byteLength !== expected.size) {
    throw new DigestMismatchError(`${what}: expected ${expected.size} bytes, got ${bytes.byteLength}`);
  }
  const actual = `${expected.digest.slice(0, expected.digest.indexOf(':'))}:${startHash(expected, what).update(bytes).digest('hex')}`;
  if (actual !== expected.digest) throw new DigestMismatchError(`${what}: content has digest ${actual}, expected ${expected.digest}`);
}

/**
 * Passes a byte stream through while hashing it, and fails it when the bytes are not the expected ones.
 *
 * The last chunk is held back until the digest has been checked: whoever consumes the stream (an HTTP PUT with a
 * Content-Length) therefore never receives the complete wrong content, so a mismatch can only ever abort the request,
 * never complete it. Too many bytes fail as soon as they arrive. At most one chunk is buffered.
 */
export async function* verifyingStream(
  source: ByteSource,
  expected: ExpectedContent,
  what: string,
): AsyncGenerator<Uint8Array, void, undefined> {
  const hash = startHash(expected, what);
  let seen = 0;
  let held: Uint8Array | undefined;
  for await (const chunk of source) {
    if (chunk.byteLength === 0) continue;
    seen += chunk.byteLength;
    if (seen > expected.size) {
      throw new DigestMismatchError(`${what}: content is longer than the ${expected.size} bytes its descriptor declares`);
    }
    hash.update(chunk);
    if (held) yield held;
    held = chunk;
  }
  if (seen !== expected.size) {
    throw new DigestMismatchError(`${what}: content ended after ${seen} of the ${expected.size} bytes its descriptor declares`);
  }
  const algorithm = expected.digest.slice(0, expected.digest.indexOf(':'));
  const actual = `${algorithm}:${hash.digest('hex')}`;
  if (actual !== expected.digest) {
    throw new DigestMismatchError(`${what}: content has digest ${actual}, expected ${expected.digest}`);
  }
  if (held) yield held;
}

/** Reads a whole (small) stream into memory; refuses more than `limit` bytes so a wrong descriptor cannot exhaust memory. */
export async function readAll(source: ByteSource, limit: number, what: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of source) {
    total += chunk.byteLength;
    if (total > limit) throw new RangeError(`${what} is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}
