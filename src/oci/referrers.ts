import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { remembered } from '../core/lru.js';
import { parseDigest, shortDigest } from './digest.js';
import {
  annotationsOf,
  artifactTypeOf,
  emptyIndex,
  manifestContent,
  subjectOf,
  type Descriptor,
  type ImageIndex,
} from './manifest.js';
import { MediaType } from './media-types.js';
import type { RegistryClient } from './registry-client.js';
import { RegistryError } from './registry-errors.js';

/**
 * The referrers tag schema's tag for a subject: `<alg>-<ref>`, where `<ref>` is the digest's hex cut to its first 64
 * characters (OCI distribution spec 1.1, "Referrers Tag Schema"), so a sha512 subject gets `sha512-` and 64 hex digits.
 * Registries without the referrers API keep an image index of a manifest's referrers under this tag.
 */
export function referrersTag(subjectDigest: string): string {
  const parsed = parseDigest(subjectDigest);
  if (!parsed) throw new TypeError(`'${subjectDigest}' is not a digest`);
  return `${parsed.algorithm}-${parsed.hex.slice(0, 64)}`;
}

/**
 * The referrers of a manifest: from the referrers API when the registry has one (probed once per repository and
 * client, as oras-go does, rather than asked and refused with a 404 for every subject), else from the referrers tag
 * index (none when that tag does not exist). Filtered by artifact type when one is given; a manifest without
 * artifactType is listed under its config media type, as registries and the tag index report it. With `enough`, the
 * API's further pages are not read once that many are listed (the tag index is one document, read whole).
 */
export async function listReferrers(
  client: RegistryClient,
  repository: string,
  subjectDigest: string,
  options: { artifactType?: string; enough?: number } = {},
): Promise<Descriptor[]> {
  if (await client.referrersApiSupported(repository)) {
    const fromApi = await client.fetchReferrers(repository, subjectDigest, options);
    if (fromApi !== undefined) return fromApi;
  }
  const index = await readReferrersIndex(client, repository, subjectDigest);
  return index.manifests.filter((d) => !options.artifactType || d.artifactType === options.artifactType);
}

/** The subject's tag index; an empty one when the tag does not exist. A tag holding anything else is refused. */
async function readReferrersIndex(client: RegistryClient, repository: string, subjectDigest: string): Promise<ImageIndex> {
  const tag = referrersTag(subjectDigest);
  const found = await client.findManifest(repository, tag);
  if (!found) return emptyIndex();
  if (found.parsed.kind !== 'index') {
    throw new RegistryError(`reading referrers of ${shortDigest(subjectDigest)} in ${repository} failed: tag ${tag} is not an image index`, {
      operation: { description: `reading the referrers tag ${tag}`, repository },
      transient: false,
    });
  }
  return found.parsed.index;
}

/**
 * Adds a referrer to its subject's tag index (read unless `index` is the one just read, add when absent, write).
 * pushReferrer does this for registries without the referrers API; callers that want the tag schema kept on the
 * others too (force-referrers-tag) call it directly. A tag that is not an index is refused, never overwritten.
 */
export async function addToReferrersIndex(
  client: RegistryClient,
  repository: string,
  subjectDigest: string,
  referrer: Descriptor,
  index?: ImageIndex,
): Promise<void> {
  const current = index ?? (await readReferrersIndex(client, repository, subjectDigest));
  if (current.manifests.some((d) => d.digest === referrer.digest)) return;
  const updated: ImageIndex = { ...current, schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [...current.manifests, referrer] };
  await client.putManifest(repository, referrersTag(subjectDigest), {
    mediaType: MediaType.ociIndex,
    bytes: new TextEncoder().encode(JSON.stringify(updated)),
  });
}

export interface ReferrerBlob {
  readonly descriptor: Descriptor;
  readonly bytes: Uint8Array;
  /** Bytes made for this push (a new signature envelope): uploaded without first asking whether the registry has them. */
  readonly fresh?: boolean;
}

export interface PushedReferrer {
  readonly descriptor: Descriptor;
  /** `registry`: the registry indexes it (OCI-Subject or a referrers API); `referrers-tag`: drydock updated the tag index. */
  readonly indexedBy: 'registry' | 'referrers-tag';
}

/**
 * Pushes a manifest that refers to another one through `subject` (a signature, an SBOM), with its small blobs first
 * (side by side).
 * When the registry neither answers with OCI-Subject nor has a referrers API, the referrers tag index is updated
 * (read, add if absent, write), so clients of either kind find the referrer. If that fails, the manifest is deleted
 * again where nothing can list it (see withdrawnAfter).
 *
 * The read-modify-write is not atomic: two writers racing on one subject can lose an entry. Registries offer no
 * conditional PUT for manifests, so this is the best the tag schema allows; registries with the API are not affected.
 */
export async function pushReferrer(
  client: RegistryClient,
  repository: string,
  manifest: {
    readonly mediaType: string;
    readonly bytes: Uint8Array;
    /** Made for this push (a new signature): no index can list it yet, so a failed index update always takes it back. */
    readonly fresh?: boolean;
  },
  blobs: readonly ReferrerBlob[] = [],
): Promise<PushedReferrer> {
  const content = manifestContent(manifest.bytes, manifest.mediaType);
  const subject = subjectOf(content.parsed);
  if (!subject) throw new TypeError('pushReferrer: the manifest has no subject');

  await Promise.all(
    blobs.map(async (blob) => {
      if (!blob.fresh && (await client.hasBlob(repository, blob.descriptor.digest))) return;
      await client.uploadBlob(repository, blob.descriptor, async () => [blob.bytes]);
    }),
  );
  // On a repository already probed and found without the API, the tag index is read while the manifest is written:
  // the read does not depend on the write, and a signing batch waits one round trip less per image. Otherwise the
  // probe waits for the manifest's answer, which may make it unnecessary (OCI-Subject).
  const probed = client.probedReferrersApiSupport(repository);
  const earlyIndex = probed?.then((supported) => (supported ? undefined : readReferrersIndex(client, repository, subject.digest)));
  earlyIndex?.catch(() => undefined);
  const result = await client.putManifest(repository, content.descriptor.digest, manifest);

  const artifactType = artifactTypeOf(content.parsed);
  const annotations = annotationsOf(content.parsed);
  const descriptor: Descriptor = {
    mediaType: content.descriptor.mediaType,
    digest: content.descriptor.digest,
    size: content.descriptor.size,
    ...(artifactType ? { artifactType } : {}),
    ...(annotations ? { annotations } : {}),
  };
  if (result.subject || (await client.referrersApiSupported(repository))) return { descriptor, indexedBy: 'registry' };

  let index: ImageIndex | undefined;
  try {
    index = (await earlyIndex) ?? (await readReferrersIndex(client, repository, subject.digest));
    await addToReferrersIndex(client, repository, subject.digest, descriptor, index);
  } catch (error) {
    // Made for this push, or missing from the index just read: the manifest is listed nowhere, so it is taken back.
    if (manifest.fresh || index !== undefined) throw await withdrawnAfter(error, client, repository, descriptor.digest);
    throw error;
  }
  return { descriptor, indexedBy: 'referrers-tag' };
}

/**
 * Without the referrers API a manifest its tag index does not list is unreachable: nothing finds it. When the index
 * update fails, the manifest just pushed is deleted again, so the failed push leaves nothing behind, and the error
 * says whether that worked (a registry may refuse deletes) and which manifest is left if not.
 */
async function withdrawnAfter(error: unknown, client: RegistryClient, repository: string, digest: string): Promise<Error> {
  let outcome: string;
  try {
    await client.deleteManifest(repository, digest);
    outcome = `the manifest ${shortDigest(digest)}, pushed before it, was deleted again`;
  } catch (deleteError) {
    outcome = `the manifest ${digest}, pushed before it, is left in ${repository} with nothing referring to it (deleting it failed: ${errorMessage(deleteError)})`;
  }
  return new Error(`${errorMessage(error)}; ${outcome}`, { cause: error });
}

/** The tag page asked for and the bytes read of it: beyond either, the listing is not worth it (see below). */
const LISTING_PAGE_SIZE = 1000;
const LISTING_LIMIT_BYTES = 512 * 1024;

/**
 * Which subjects of a repository have no referrers at all, from one tag listing per repository instead of one tag
 * index read per subject. On a registry without the referrers API a subject has referrers only if its referrers tag
 * exists, so a batch looking for existing signatures of many images of one repository lists the tags once and reads
 * only the indexes that exist. It answers "none" only when it knows: the registry has no referrers API and one page
 * (of at most 1000 tags and 512 KiB) held every tag of the repository. Otherwise, or when listing fails, it answers
 * "unknown" and the caller reads the tag index as before. The listing is as of its time: a referrer another writer adds
 * later is not seen, as it would not be by a read made just before that writer's. A registry that cut the list short
 * without a Link would, at worst, have an image signed a second time: the index itself is still read before a
 * signature is added to it, so no entry is lost.
 */
export class ReferrersTagListing {
  private readonly listings = new Map<string, Promise<ReadonlySet<string> | undefined>>();
  private readonly pageSize: number;
  private readonly bytes: number;
  private readonly logger: Pick<Logger, 'debug'> | undefined;

  /** `logger`: told (debug) why a repository's listing could not answer, which means a tag index read per subject. */
  constructor(
    private readonly client: RegistryClient,
    options: { readonly pageSize?: number; readonly bytes?: number; readonly logger?: Pick<Logger, 'debug'> } = {},
  ) {
    this.pageSize = options.pageSize ?? LISTING_PAGE_SIZE;
    this.bytes = options.bytes ?? LISTING_LIMIT_BYTES;
    this.logger = options.logger;
  }

  /** Starts the repository's listing (and its referrers API probe) now, ahead of the first question. */
  prefetch(repository: string): void {
    void this.listing(repository);
  }

  /** True when the subject certainly has no referrers in the repository; false when it has or when that is unknown. */
  async knownWithoutReferrers(repository: string, subjectDigest: string): Promise<boolean> {
    const tags = await this.listing(repository);
    return tags !== undefined && !tags.has(referrersTag(subjectDigest));
  }

  /** The repository's listing, started once; a failed one is "unknown" (undefined), not an error. */
  private listing(repository: string): Promise<ReadonlySet<string> | undefined> {
    return remembered(this.listings, repository, () =>
      this.list(repository).catch((error: unknown) => this.unknown(errorMessage(error))),
    );
  }

  private async list(repository: string): Promise<ReadonlySet<string> | undefined> {
    if (await this.client.referrersApiSupported(repository)) return undefined;
    const page = await this.client.firstTagPage(repository, this.pageSize, this.bytes);
    return page.complete ? new Set(page.tags) : this.unknown(`${repository} has more tags than one page of ${this.pageSize}`);
  }

  private unknown(why: string): undefined {
    this.logger?.debug(`${why}; each image's referrers tag index is read instead`);
    return undefined;
  }
}
