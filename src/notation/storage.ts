import { errorMessage } from '../core/errors.js';
import { rememberedUntilRejected } from '../core/lru.js';
import { DigestMismatchError, sha256Digest, shortDigest } from '../oci/digest.js';
import { InvalidManifestError, type Descriptor as OciDescriptor, type ImageManifest } from '../oci/manifest.js';
import { MediaType } from '../oci/media-types.js';
import { addToReferrersIndex, listReferrers, pushReferrer } from '../oci/referrers.js';
import type { RegistryClient } from '../oci/registry-client.js';
import { RegistryError } from '../oci/registry-errors.js';
import type { Descriptor } from './payload.js';

/**
 * Notary Project signatures in an OCI registry (signature specification, "Storage"): each signature is an OCI image
 * manifest with artifactType application/vnd.cncf.notary.signature, the empty config, exactly one layer holding the
 * envelope, the signed manifest as `subject`, and annotations for the certificate thumbprints and creation time.
 * Registries with the referrers API index it themselves; for the others the referrers tag schema is kept up to date.
 */
export const SIGNATURE_ARTIFACT_TYPE = 'application/vnd.cncf.notary.signature';
export const THUMBPRINT_ANNOTATION = 'io.cncf.notary.x509chain.thumbprint#S256';
export const CREATED_ANNOTATION = 'org.opencontainers.image.created';

/** The OCI empty descriptor: config of every artifact manifest without a config of its own. */
export const EMPTY_CONFIG: OciDescriptor = {
  mediaType: MediaType.ociEmpty,
  digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
  size: 2,
};
const EMPTY_CONFIG_BYTES = new TextEncoder().encode('{}');

/** notation-go's limits when reading signatures: a larger manifest or envelope is refused before it is downloaded. */
export const MAX_SIGNATURE_MANIFEST_BYTES = 4 * 1024 * 1024;
export const MAX_SIGNATURE_ENVELOPE_BYTES = 32 * 1024 * 1024;

export interface SignatureManifestInput {
  /** The signed manifest (or index): mediaType, digest and size. */
  readonly subject: Descriptor;
  readonly envelope: Uint8Array;
  readonly envelopeMediaType: string;
  /** Lower-case hex SHA-256 of each certificate of the envelope's chain, leaf first. */
  readonly certificateThumbprints: readonly string[];
  readonly created: Date;
  /** Further manifest annotations (AWS Signer's SignPayload metadata); the two standard ones cannot be replaced. */
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface SignatureManifest {
  readonly mediaType: typeof MediaType.ociManifest;
  readonly bytes: Uint8Array;
  readonly descriptor: OciDescriptor;
  readonly layer: OciDescriptor;
}

/** RFC 3339 in UTC with whole seconds, as notation writes org.opencontainers.image.created. */
function createdTime(instant: Date): string {
  return new Date(Math.floor(instant.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Builds the signature manifest exactly as the specification lays it out (and in notation's field order). */
export function buildSignatureManifest(input: SignatureManifestInput): SignatureManifest {
  const layer: OciDescriptor = { mediaType: input.envelopeMediaType, digest: sha256Digest(input.envelope), size: input.envelope.byteLength };
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    artifactType: SIGNATURE_ARTIFACT_TYPE,
    config: EMPTY_CONFIG,
    layers: [layer],
    subject: { mediaType: input.subject.mediaType, digest: input.subject.digest, size: input.subject.size },
    annotations: {
      ...input.annotations,
      [THUMBPRINT_ANNOTATION]: JSON.stringify(input.certificateThumbprints),
      [CREATED_ANNOTATION]: createdTime(input.created),
    },
  };
  const bytes = new TextEncoder().encode(JSON.stringify(manifest));
  return {
    mediaType: MediaType.ociManifest,
    bytes,
    layer,
    descriptor: {
      mediaType: MediaType.ociManifest,
      digest: sha256Digest(bytes),
      size: bytes.byteLength,
      artifactType: SIGNATURE_ARTIFACT_TYPE,
      annotations: manifest.annotations!,
    },
  };
}

/** Uploads the empty config blob unless the repository has it. */
async function ensureEmptyConfig(client: RegistryClient, repository: string): Promise<void> {
  if (!(await client.hasBlob(repository, EMPTY_CONFIG.digest))) await client.uploadBlob(repository, EMPTY_CONFIG, async () => [EMPTY_CONFIG_BYTES]);
}

/**
 * The empty config blob is the one blob every signature manifest of a repository shares. Uploading it concurrently
 * for several images of one repository races on docker-registry (a manifest PUT that lands while another upload of
 * the same blob commits fails with DIGEST_INVALID), so a run signing many images uploads it once per repository,
 * before any signature manifest needs it. One instance per run and registry client.
 */
export class EmptyConfigUploads {
  private readonly uploads = new Map<string, Promise<void>>();

  constructor(private readonly client: RegistryClient) {}

  /** A failed upload is tried again by the next signature rather than failing every later one. */
  ensure(repository: string): Promise<void> {
    return rememberedUntilRejected(this.uploads, repository, () => ensureEmptyConfig(this.client, repository));
  }
}

export interface StoreSignatureOptions extends SignatureManifestInput {
  readonly client: RegistryClient;
  readonly repository: string;
  /** Shared across a run's concurrent signatures (see EmptyConfigUploads); without it the blob is checked each time. */
  readonly emptyConfig?: EmptyConfigUploads;
  /**
   * Also record the signature in the referrers tag index when the registry has the referrers API, for clients that
   * only read the tag schema (notation before 1.2, some admission controllers). Never needed for drydock itself.
   */
  readonly forceReferrersTag?: boolean;
  /** An upload session opened ahead for the envelope (RegistryClient.openUpload); without it one is opened here. */
  readonly uploadUrl?: string;
}

export interface StoredSignature {
  /** The signature manifest; its digest is the signature's identity in the registry. */
  readonly descriptor: OciDescriptor;
  /** How readers find it: the registry's referrers API, or the `sha256-<hex>` tag index drydock updated. */
  readonly indexedBy: 'referrers-api' | 'referrers-tag';
}

/** Pushes the envelope and its signature manifest next to the signed image. */
export async function storeSignature(options: StoreSignatureOptions): Promise<StoredSignature> {
  const { client, repository } = options;
  const manifest = buildSignatureManifest(options);
  // Both blobs go up side by side; the manifest, which needs them, after both.
  await Promise.all([
    options.emptyConfig ? options.emptyConfig.ensure(repository) : ensureEmptyConfig(client, repository),
    client.uploadBlob(repository, manifest.layer, async () => [options.envelope], options.uploadUrl ? { uploadUrl: options.uploadUrl } : {}),
  ]);
  const pushed = await pushReferrer(client, repository, { mediaType: manifest.mediaType, bytes: manifest.bytes, fresh: true });
  if (pushed.indexedBy === 'referrers-tag') return { descriptor: manifest.descriptor, indexedBy: 'referrers-tag' };
  if (options.forceReferrersTag) {
    await recordInReferrersTag(client, repository, options.subject.digest, manifest.descriptor);
    return { descriptor: manifest.descriptor, indexedBy: 'referrers-tag' };
  }
  return { descriptor: manifest.descriptor, indexedBy: 'referrers-api' };
}

/**
 * force-referrers-tag on a registry with the referrers API: the signature is stored and listed by the API already, so a
 * failure to also record it in the tag index takes nothing back; the error says so, and a rerun finds the signature
 * and records it (ensureInReferrersTag).
 */
async function recordInReferrersTag(client: RegistryClient, repository: string, subjectDigest: string, signature: OciDescriptor): Promise<void> {
  try {
    await addToReferrersIndex(client, repository, subjectDigest, signature);
  } catch (error) {
    throw new Error(
      `${errorMessage(error)}; signature ${shortDigest(signature.digest)} is stored and the registry's referrers API lists it, but the referrers tag does not: run the step again to record it there`,
      { cause: error },
    );
  }
}

/**
 * force-referrers-tag for a signature found already in place: on a registry with the referrers API, it is added to the
 * subject's tag index if that does not list it (a signature from before the flag was set, or from a run whose tag
 * update failed). Without the API the signature was found through the tag index, which lists it already.
 */
export async function ensureInReferrersTag(client: RegistryClient, repository: string, subjectDigest: string, signatureDigest: string): Promise<void> {
  if (!(await client.referrersApiSupported(repository))) return;
  const signature = (await listSignatures(client, repository, subjectDigest)).find((descriptor) => descriptor.digest === signatureDigest);
  if (signature) await recordInReferrersTag(client, repository, subjectDigest, signature);
}

/**
 * The signature manifests that refer to a manifest (listReferrers filtered by the signature artifact type), at least
 * `enough` of them when there are that many (all by default). The legacy form (no artifactType, config.mediaType = the
 * signature type) is listed too: registries and the tag index report a manifest's artifact type as its config media
 * type when it has no artifactType.
 */
export function listSignatures(client: RegistryClient, repository: string, subjectDigest: string, enough?: number): Promise<OciDescriptor[]> {
  return listReferrers(client, repository, subjectDigest, { artifactType: SIGNATURE_ARTIFACT_TYPE, ...(enough === undefined ? {} : { enough }) });
}

/** A signature manifest that cannot be used: too large, malformed, or not a signature. Reported, then skipped. */
export class SignatureReadError extends Error {
  override readonly name = 'SignatureReadError';
}

export interface StoredEnvelope {
  /** The signature manifest's digest. */
  readonly signatureDigest: string;
  readonly envelope: Uint8Array;
  readonly mediaType: string;
  readonly annotations: Readonly<Record<string, string>>;
}

function isSignatureManifest(manifest: ImageManifest): boolean {
  if (manifest.artifactType !== undefined) return manifest.artifactType === SIGNATURE_ARTIFACT_TYPE;
  return manifest.config.mediaType === SIGNATURE_ARTIFACT_TYPE;
}

/**
 * Reads one signature: the manifest (at most 4 MiB, an image manifest of the signature type with exactly one layer)
 * and its envelope blob (at most 32 MiB, digest-checked). Throws SignatureReadError for a signature that cannot be
 * used, so the caller can go on to the next one; registry failures propagate as they are.
 */
export async function readSignature(client: RegistryClient, repository: string, descriptor: OciDescriptor): Promise<StoredEnvelope> {
  const name = `signature ${shortDigest(descriptor.digest)}`;
  if (descriptor.size > MAX_SIGNATURE_MANIFEST_BYTES) {
    throw new SignatureReadError(`${name}: its manifest is ${descriptor.size} bytes, over the ${MAX_SIGNATURE_MANIFEST_BYTES}-byte limit for signature manifests`);
  }
  let found;
  try {
    found = await client.findManifest(repository, descriptor.digest);
  } catch (error) {
    // One unreadable manifest is that signature's failure, not the image's: the next signature may pass.
    if (error instanceof RegistryError && error.cause instanceof InvalidManifestError) {
      throw new SignatureReadError(`${name}: its manifest is not a valid OCI manifest (${error.cause.message})`);
    }
    if (error instanceof RegistryError && error.cause instanceof DigestMismatchError) {
      throw new SignatureReadError(`${name}: the registry sent a manifest that does not match its digest ${descriptor.digest}`);
    }
    throw error;
  }
  if (!found) throw new SignatureReadError(`${name}: the referrers list names it, but the registry has no such manifest`);
  if (found.parsed.kind !== 'image') throw new SignatureReadError(`${name}: it is an image index, not a signature manifest`);
  const manifest = found.parsed.manifest;
  if (!isSignatureManifest(manifest)) {
    throw new SignatureReadError(`${name}: its artifact type is ${manifest.artifactType ?? manifest.config.mediaType}, not ${SIGNATURE_ARTIFACT_TYPE}`);
  }
  if (manifest.layers.length !== 1) {
    throw new SignatureReadError(`${name}: it has ${manifest.layers.length} layers; a signature manifest has exactly one, the envelope`);
  }
  const layer = manifest.layers[0]!;
  if (layer.size > MAX_SIGNATURE_ENVELOPE_BYTES) {
    throw new SignatureReadError(`${name}: its envelope is ${layer.size} bytes, over the ${MAX_SIGNATURE_ENVELOPE_BYTES}-byte limit for signature envelopes`);
  }
  let envelope: Uint8Array;
  try {
    envelope = await client.readBlob(repository, layer, MAX_SIGNATURE_ENVELOPE_BYTES);
  } catch (error) {
    if (error instanceof DigestMismatchError) throw new SignatureReadError(`${name}: the registry sent an envelope that does not match its digest ${layer.digest}`);
    throw error;
  }
  return { signatureDigest: descriptor.digest, envelope, mediaType: layer.mediaType, annotations: manifest.annotations ?? {} };
}
