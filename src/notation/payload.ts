import { caseVariantKey } from '../core/json-keys.js';

/**
 * The Notary Project payload: `{"targetArtifact": <OCI descriptor>}` with media type
 * application/vnd.cncf.notary.payload.v1+json. It is what gets signed; the descriptor's annotations carry the user
 * metadata given at signing time.
 */
export const NOTARY_PAYLOAD_MEDIA_TYPE = 'application/vnd.cncf.notary.payload.v1+json';

/** Annotation keys with this prefix are reserved by the specification and may not be set by users. */
const RESERVED_ANNOTATION_PREFIX = 'io.cncf.notary';

/** An OCI content descriptor, as far as a signature covers it. */
export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface NotaryPayload {
  readonly targetArtifact: Descriptor;
}

export class PayloadError extends Error {
  override readonly name = 'PayloadError';
}

const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

export function isReservedAnnotation(key: string): boolean {
  return key.startsWith(RESERVED_ANNOTATION_PREFIX);
}

/**
 * Serializes the payload for signing. User annotations are merged into the descriptor's own; reserved keys are refused
 * because a verifier could mistake them for specification-defined attributes.
 */
export function buildPayload(descriptor: Descriptor, userAnnotations: Readonly<Record<string, string>> = {}): Buffer {
  const reserved = Object.keys(userAnnotations).filter(isReservedAnnotation);
  if (reserved.length > 0) {
    throw new PayloadError(`annotation key(s) ${reserved.map((k) => `'${k}'`).join(', ')} use the reserved prefix '${RESERVED_ANNOTATION_PREFIX}'`);
  }
  validateDescriptor(descriptor);
  const annotations = { ...descriptor.annotations, ...userAnnotations };
  const targetArtifact: Record<string, unknown> = {
    mediaType: descriptor.mediaType,
    digest: descriptor.digest,
    size: descriptor.size,
  };
  if (Object.keys(annotations).length > 0) targetArtifact['annotations'] = annotations;
  return Buffer.from(JSON.stringify({ targetArtifact }), 'utf8');
}

/** A signed key notation would read differently (see caseVariantKey) makes the payload ambiguous: refused. */
function refuseCaseVariants(object: Record<string, unknown>, keys: readonly string[], where: string): void {
  const variant = caseVariantKey(object, keys);
  if (variant) throw new PayloadError(`${where} has the key "${variant.key}" beside or instead of "${variant.meant}"; notation reads keys without regard to case`);
}

function validateDescriptor(value: unknown): asserts value is Descriptor {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new PayloadError('targetArtifact is not an object');
  const descriptor = value as Record<string, unknown>;
  refuseCaseVariants(descriptor, ['mediaType', 'digest', 'size', 'annotations'], 'targetArtifact');
  if (typeof descriptor['mediaType'] !== 'string' || descriptor['mediaType'] === '') {
    throw new PayloadError('targetArtifact.mediaType is missing');
  }
  if (typeof descriptor['digest'] !== 'string' || !DIGEST.test(descriptor['digest'])) {
    throw new PayloadError('targetArtifact.digest is missing or not a digest');
  }
  const size = descriptor['size'];
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw new PayloadError('targetArtifact.size is missing or not a non-negative integer');
  }
  const annotations = descriptor['annotations'];
  if (annotations !== undefined) {
    if (typeof annotations !== 'object' || annotations === null || Array.isArray(annotations)) {
      throw new PayloadError('targetArtifact.annotations is not an object');
    }
    for (const [key, annotation] of Object.entries(annotations)) {
      if (typeof annotation !== 'string') throw new PayloadError(`targetArtifact.annotations['${key}'] is not a string`);
    }
  }
}

/** Parses payload bytes. Call it only on a payload whose signature already verified. */
export function parsePayload(bytes: Uint8Array): NotaryPayload {
  let document: unknown;
  try {
    document = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new PayloadError('payload is not JSON');
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new PayloadError('payload is not a JSON object');
  }
  refuseCaseVariants(document as Record<string, unknown>, ['targetArtifact'], 'payload');
  const targetArtifact = (document as Record<string, unknown>)['targetArtifact'];
  if (targetArtifact === undefined) throw new PayloadError('payload has no targetArtifact');
  validateDescriptor(targetArtifact);
  return { targetArtifact };
}

/**
 * Whether a signed descriptor names the artifact being verified. Only mediaType, digest and size take part:
 * annotations are signed metadata, not identity (notation compares the same three fields).
 */
export function isSameArtifact(signed: Descriptor, artifact: Descriptor): boolean {
  return signed.mediaType === artifact.mediaType && signed.digest === artifact.digest && signed.size === artifact.size;
}
