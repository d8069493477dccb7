import { isDigest, sha256Digest } from './digest.js';
import { isImageManifestMediaType, isIndexMediaType, isManifestMediaType, MediaType } from './media-types.js';

export interface Platform {
  readonly architecture: string;
  readonly os: string;
  readonly variant?: string;
  readonly 'os.version'?: string;
  readonly 'os.features'?: readonly string[];
}

/** An OCI content descriptor; Docker's schema 2 descriptors are the same shape. */
export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly artifactType?: string;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly platform?: Platform;
  readonly urls?: readonly string[];
}

export interface ImageManifest {
  readonly schemaVersion: 2;
  readonly mediaType?: string;
  readonly artifactType?: string;
  readonly config: Descriptor;
  readonly layers: readonly Descriptor[];
  readonly subject?: Descriptor;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface ImageIndex {
  readonly schemaVersion: 2;
  readonly mediaType?: string;
  readonly artifactType?: string;
  readonly manifests: readonly Descriptor[];
  readonly subject?: Descriptor;
  readonly annotations?: Readonly<Record<string, string>>;
}

export type ParsedManifest =
  | { readonly kind: 'index'; readonly index: ImageIndex }
  | { readonly kind: 'image'; readonly manifest: ImageManifest };

/**
 * A manifest or index exactly as stored: the bytes are what the digest covers, so they are kept and pushed verbatim,
 * never re-serialised (re-serialising would change the digest and break signatures and indexes that point at it).
 */
export interface ManifestContent {
  readonly descriptor: Descriptor;
  readonly bytes: Uint8Array;
  readonly parsed: ParsedManifest;
}

/** A manifest that does not have the shape of an OCI/Docker manifest or index. Callers turn it into their own error kind. */
export class InvalidManifestError extends Error {
  override readonly name = 'InvalidManifestError';
}

/** The limit ECR and the Notary Project both apply; anything larger is refused before it is parsed. */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkDescriptor(value: unknown, where: string): Descriptor {
  if (!isRecord(value)) throw new InvalidManifestError(`${where} is not a descriptor object`);
  const { mediaType, digest, size } = value;
  if (typeof mediaType !== 'string' || mediaType === '') throw new InvalidManifestError(`${where} has no mediaType`);
  if (typeof digest !== 'string' || !isDigest(digest)) throw new InvalidManifestError(`${where} has an invalid digest '${String(digest)}'`);
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw new InvalidManifestError(`${where} has an invalid size '${String(size)}'`);
  }
  return value as unknown as Descriptor;
}

/**
 * Parses manifest bytes. The media type is the document's own `mediaType` field when present (it is authoritative and
 * covered by the digest), else the hint (a Content-Type or a descriptor), else inferred from the shape as OCI.
 */
export function parseManifest(bytes: Uint8Array, mediaTypeHint?: string): { mediaType: string; parsed: ParsedManifest } {
  let document: unknown;
  try {
    document = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw new InvalidManifestError(`not valid JSON (${(error as Error).message})`);
  }
  if (!isRecord(document)) throw new InvalidManifestError('not a JSON object');
  if (document.schemaVersion !== 2) {
    throw new InvalidManifestError(`schemaVersion is ${JSON.stringify(document.schemaVersion)}; only schema version 2 is supported`);
  }
  const declared = typeof document.mediaType === 'string' ? document.mediaType : undefined;
  const hint = mediaTypeHint?.split(';')[0]?.trim();
  const mediaType =
    declared ?? (isManifestMediaType(hint) ? (hint as string) : Array.isArray(document.manifests) ? MediaType.ociIndex : MediaType.ociManifest);

  if (isIndexMediaType(mediaType)) {
    if (!Array.isArray(document.manifests)) throw new InvalidManifestError('index has no manifests array');
    document.manifests.forEach((entry, i) => checkDescriptor(entry, `manifests[${i}]`));
    if (document.subject !== undefined) checkDescriptor(document.subject, 'subject');
    return { mediaType, parsed: { kind: 'index', index: document as unknown as ImageIndex } };
  }
  if (isImageManifestMediaType(mediaType)) {
    checkDescriptor(document.config, 'config');
    if (!Array.isArray(document.layers)) throw new InvalidManifestError('manifest has no layers array');
    document.layers.forEach((entry, i) => checkDescriptor(entry, `layers[${i}]`));
    if (document.subject !== undefined) checkDescriptor(document.subject, 'subject');
    return { mediaType, parsed: { kind: 'image', manifest: document as unknown as ImageManifest } };
  }
  throw new InvalidManifestError(`media type '${mediaType}' is not an image manifest or index`);
}

/** Parses bytes whose digest is their sha256, building the descriptor that points at them. */
export function manifestContent(bytes: Uint8Array, mediaTypeHint?: string, extra?: Partial<Descriptor>): ManifestContent {
  const { mediaType, parsed } = parseManifest(bytes, mediaTypeHint);
  const descriptor: Descriptor = { ...extra, mediaType, digest: extra?.digest ?? sha256Digest(bytes), size: bytes.byteLength };
  return { descriptor, bytes, parsed };
}

/** The blobs (config and layers) an image manifest needs; an index needs none of its own. */
export function blobsOf(parsed: ParsedManifest): Descriptor[] {
  return parsed.kind === 'image' ? [parsed.manifest.config, ...parsed.manifest.layers] : [];
}

/**
 * The digest of the image manifest an index entry attests to, when the entry is a BuildKit attestation manifest
 * (provenance or SBOM, which `docker buildx build` adds by default): its platform is `unknown/unknown` and these two
 * annotations name what it describes.
 */
export function attestedDigest(entry: Descriptor): string | undefined {
  const annotations = entry.annotations;
  return annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' ? annotations['vnd.docker.reference.digest'] : undefined;
}

/** `linux/arm64/v8` for log lines and results. */
export function formatPlatform(platform: Platform | undefined): string | undefined {
  if (!platform) return undefined;
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

/** A fresh, empty OCI index: the referrers tag schema starts from this when no index exists yet. */
export function emptyIndex(): ImageIndex {
  return { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [] };
}

/**
 * The artifact type the referrers API reports for a manifest: its artifactType, else its config media type
 * (OCI distribution spec, "Listing Referrers").
 */
export function artifactTypeOf(parsed: ParsedManifest): string | undefined {
  if (parsed.kind === 'index') return parsed.index.artifactType;
  return parsed.manifest.artifactType ?? parsed.manifest.config.mediaType;
}

export function subjectOf(parsed: ParsedManifest): Descriptor | undefined {
  return parsed.kind === 'index' ? parsed.index.subject : parsed.manifest.subject;
}

export function annotationsOf(parsed: ParsedManifest): Readonly<Record<string, string>> | undefined {
  return parsed.kind === 'index' ? parsed.index.annotations : parsed.manifest.annotations;
}
