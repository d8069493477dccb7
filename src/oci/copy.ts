import { errorMessage } from '../core/errors.js';
import { formatBytes } from '../core/format.js';
import type { Logger } from '../core/logger.js';
import { mapConcurrent } from '../core/pool.js';
import { shortDigest } from './digest.js';
import type { ImageSource } from './image-sources/image-source.js';
import { attestedDigest, blobsOf, formatPlatform, type Descriptor, type ManifestContent } from './manifest.js';
import { isManifestMediaType } from './media-types.js';
import type { RegistryClient } from './registry-client.js';

export interface CopyTarget {
  readonly client: RegistryClient;
  readonly repository: string;
}

export interface CopyImageOptions {
  readonly source: ImageSource;
  readonly target: CopyTarget;
  /** Written last, once everything the image needs is confirmed in the repository. */
  readonly tags?: readonly string[];
  /** Blob transfers in flight at once. Default 4. */
  readonly concurrency?: number;
  readonly logger?: Logger;
  /**
   * Aborted when the workflow is cancelled. Checked at every boundary between writes, never passed to a request: what
   * is in flight finishes (a request cut off mid-way may still take effect, unrecorded), nothing new starts.
   */
  readonly signal?: AbortSignal;
  /**
   * Told each change to the repository a user may need to know of once it is made: the root manifest pushed (not one
   * the repository had), each tag moved. Blobs and an index's children are left out: nothing refers to them until the
   * root is in.
   */
  readonly onChange?: (change: string) => void;
}

export interface CopiedManifest {
  readonly digest: string;
  readonly mediaType: string;
  readonly size: number;
  /** `linux/arm64/v8`, for the children of an index (not for attestation manifests: theirs is `unknown/unknown`). */
  readonly platform?: string;
  /** For a BuildKit attestation manifest (provenance, SBOM): the digest of the image manifest it describes. */
  readonly attests?: string;
  /** False when the repository already had it. */
  readonly pushed: boolean;
}

export interface CopyResult {
  /** The root's digest: what `<registry>/<repository>@<digest>` pins. */
  readonly digest: string;
  readonly mediaType: string;
  readonly size: number;
  readonly blobsUploaded: number;
  /** Blobs the repository already had, or got by a cross-repository mount. */
  readonly blobsReused: number;
  readonly blobsMounted: number;
  readonly bytesUploaded: number;
  /** Bytes of every blob the image refers to (its size in the registry, manifests aside). */
  readonly totalBytes: number;
  /** Every manifest of the image, children before the index that lists them; the root is last. */
  readonly manifests: readonly CopiedManifest[];
  readonly tags: readonly string[];
}

/** How far a copy got when it stopped part-way: what is in the repository because of it. */
export interface CopyProgress {
  /** `<registry>/<repository>` */
  readonly target: string;
  /** Blobs in the repository: uploaded, mounted, or found there already. */
  readonly blobsDone: number;
  readonly blobsTotal: number;
  /** Manifests in the repository (pushed or found there), the root included. */
  readonly manifestsDone: number;
  readonly manifestsTotal: number;
  /** The root's digest, once the root is in the repository (pullable by digest). */
  readonly digest?: string;
  /** Tags that point at the root because of this copy (moved, or found there already), in the order given. */
  readonly tags: readonly string[];
}

/**
 * A copy that stopped part-way: cancelled at a boundary, or a failure while moving tags (the one phase whose partial
 * state the user cannot tell from the error alone). The message is one line that ends with the facts of `progress`.
 */
export class CopyInterruptedError extends Error {
  constructor(
    message: string,
    readonly progress: CopyProgress,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** `the push to <target> stopped <where> (<n> of <m> blobs uploaded, manifest ..., tags moved: ...)` */
export function describeCopyProgress(progress: CopyProgress, where: string): string {
  const manifest = progress.digest ? `manifest pushed as ${progress.digest}` : 'manifest not pushed';
  const tags = progress.tags.length ? progress.tags.join(', ') : 'none';
  return `the push to ${progress.target} stopped ${where} (${progress.blobsDone} of ${progress.blobsTotal} blobs uploaded, ${manifest}, tags moved: ${tags})`;
}

const DEFAULT_CONCURRENCY = 4;
/** An index of indexes is legal; a deeper chain than this is a loop or a mistake. */
const MAX_INDEX_DEPTH = 4;

interface ImageGraph {
  /** Post-order: every manifest after the ones it lists. */
  readonly manifests: ManifestContent[];
  readonly blobs: Descriptor[];
}

async function readGraph(source: ImageSource, root: ManifestContent): Promise<ImageGraph> {
  const manifests = new Map<string, ManifestContent>();
  const blobs = new Map<string, Descriptor>();
  const visit = async (content: ManifestContent, depth: number): Promise<void> => {
    if (manifests.has(content.descriptor.digest)) return;
    if (content.parsed.kind === 'index') {
      if (depth >= MAX_INDEX_DEPTH) throw new Error(`${source.description}: indexes nest deeper than ${MAX_INDEX_DEPTH} levels`);
      for (const child of content.parsed.index.manifests) {
        if (!isManifestMediaType(child.mediaType)) {
          throw new Error(`${source.description}: the index lists ${child.digest} of type ${child.mediaType}, which is not a manifest drydock can copy`);
        }
        const childContent = await source.readManifest(child);
        // Keep the index entry's platform and annotations with the child, for the result.
        const entry = { ...(child.platform ? { platform: child.platform } : {}), ...(child.annotations ? { annotations: child.annotations } : {}) };
        await visit({ ...childContent, descriptor: { ...childContent.descriptor, ...entry } }, depth + 1);
      }
    }
    for (const blob of blobsOf(content.parsed)) if (!blobs.has(blob.digest)) blobs.set(blob.digest, blob);
    manifests.set(content.descriptor.digest, content);
  };
  await visit(root, 0);
  return { manifests: [...manifests.values()], blobs: [...blobs.values()] };
}

/**
 * The manifests grouped by how many index levels sit below them: image manifests (level 0), indexes of images, indexes
 * of those, and so on up to the root. `manifests` lists children before parents, as readGraph returns them.
 */
function manifestLevels(manifests: readonly ManifestContent[]): ManifestContent[][] {
  const levelOf = new Map<string, number>();
  const levels: ManifestContent[][] = [];
  for (const content of manifests) {
    const children = content.parsed.kind === 'index' ? content.parsed.index.manifests : [];
    const level = children.length === 0 ? 0 : 1 + Math.max(...children.map((child) => levelOf.get(child.digest) ?? 0));
    levelOf.set(content.descriptor.digest, level);
    (levels[level] ??= []).push(content);
  }
  return levels.filter((level) => level !== undefined);
}

/**
 * Copies an image, or a multi-platform index whole, from a source into a repository.
 *
 * Order matters for safety: first every blob (checked with HEAD, mounted when source and target share a registry,
 * otherwise uploaded in parallel with digest verification while streaming), then every child manifest, then the root
 * by digest, and only then the tags. A push that fails anywhere therefore never leaves a tag pointing at content the
 * repository does not have. Blobs the repository already has are not uploaded again, so a repeated push uploads nothing.
 *
 * A cancel (`signal`) is checked at each of those boundaries and before each tag; the copy then throws a
 * CopyInterruptedError saying what is in the repository (so does a failure while moving tags, where a bare registry
 * error would not say which tags had moved). A cancel after the last write has nothing left to stop: the copy succeeds.
 */
export async function copyImage(options: CopyImageOptions): Promise<CopyResult> {
  const { source, target, logger, signal } = options;
  const { client, repository } = target;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const tags = [...new Set(options.tags ?? [])];

  const root = await source.readRoot();
  const graph = await readGraph(source, root);
  const totalBytes = graph.blobs.reduce((sum, b) => sum + b.size, 0);
  const images = graph.manifests.filter((m) => m.parsed.kind === 'image');
  const attestations = images.filter((m) => attestedDigest(m.descriptor) !== undefined).length;
  const platforms = images.length - attestations;
  logger?.info(
    `Pushing ${source.description} to ${client.registry}/${repository}: ${platforms} image manifest${platforms === 1 ? '' : 's'}, ` +
      `${attestations ? `${attestations} attestation manifest${attestations === 1 ? '' : 's'}, ` : ''}` +
      `${graph.blobs.length} blob${graph.blobs.length === 1 ? '' : 's'} (${formatBytes(totalBytes)})`,
  );

  const mountFrom =
    source.registryLocation && source.registryLocation.registry === client.registry && source.registryLocation.repository !== repository
      ? source.registryLocation.repository
      : undefined;

  let blobsUploaded = 0;
  let blobsReused = 0;
  let blobsMounted = 0;
  let bytesUploaded = 0;
  const pushed = new Map<string, CopiedManifest>();
  const tagsDone: string[] = [];
  const progress = (): CopyProgress => ({
    target: `${client.registry}/${repository}`,
    blobsDone: blobsUploaded + blobsReused,
    blobsTotal: graph.blobs.length,
    manifestsDone: pushed.size,
    manifestsTotal: graph.manifests.length,
    ...(pushed.has(root.descriptor.digest) ? { digest: root.descriptor.digest } : {}),
    tags: [...tagsDone],
  });
  // A cancel stops the copy where a write would start: the pools start no blob or manifest after it (see `pool`), and
  // these checks end each phase and precede each tag. Work already in flight finishes first (the pools wait for it), so
  // the progress reported is what the repository really holds.
  const stopIfCancelled = (where: string): void => {
    if (signal?.aborted) throw new CopyInterruptedError(`${errorMessage(signal.reason)}: ${describeCopyProgress(progress(), where)}`, progress());
  };

  stopIfCancelled('before the blob uploads');
  // The pool starts no blob after a cancel; the check below turns the ones left out into the interruption.
  const pool = signal ? { signal } : {};
  await mapConcurrent(graph.blobs, concurrency, async (blob) => {
    if (await client.hasBlob(repository, blob.digest)) {
      blobsReused++;
      logger?.debug(`blob ${shortDigest(blob.digest)} is already in ${repository}`);
      return;
    }
    let uploadUrl: string | undefined;
    if (mountFrom) {
      const mount = await client.mountBlob(repository, blob.digest, mountFrom);
      if (mount.mounted) {
        blobsReused++;
        blobsMounted++;
        logger?.debug(`blob ${shortDigest(blob.digest)} mounted from ${mountFrom}`);
        return;
      }
      uploadUrl = mount.uploadUrl;
    }
    await client.uploadBlob(repository, blob, () => source.openBlob(blob), uploadUrl === undefined ? {} : { uploadUrl });
    blobsUploaded++;
    bytesUploaded += blob.size;
    logger?.debug(`blob ${shortDigest(blob.digest)} uploaded (${formatBytes(blob.size)})`);
  }, pool);
  if (blobsUploaded + blobsReused < graph.blobs.length) stopIfCancelled('during the blob uploads');

  // A manifest goes up only after everything it lists (registries refuse an index whose children are missing): image
  // manifests first, in parallel, then each level of indexes above them, and the root last.
  const pushManifest = async (content: ManifestContent): Promise<void> => {
    const { digest, mediaType, size } = content.descriptor;
    const existing = await client.headManifest(repository, digest);
    if (!existing) {
      await client.putManifest(repository, digest, { mediaType, bytes: content.bytes });
      if (digest === root.descriptor.digest) options.onChange?.(`${client.registry}/${repository}: manifest ${digest} pushed`);
    }
    const attests = attestedDigest(content.descriptor);
    const platform = attests === undefined ? formatPlatform(content.descriptor.platform) : undefined;
    pushed.set(digest, { digest, mediaType, size, ...(platform ? { platform } : {}), ...(attests ? { attests } : {}), pushed: !existing });
  };
  for (const level of manifestLevels(graph.manifests)) {
    stopIfCancelled(pushed.size === 0 ? 'after the blobs' : `after ${pushed.size} of ${graph.manifests.length} manifests`);
    await mapConcurrent(level, concurrency, pushManifest, pool);
  }
  const manifests = graph.manifests.map((content) => pushed.get(content.descriptor.digest)!);

  // A tag write that fails may still have landed: its answer was lost and the retry was refused (ECR answers
  // TAG_INVALID to any rewrite of an immutable tag, even to the same digest), or another push of this very image set it
  // meanwhile. When the tag points at this image after all, the write is done.
  const writeTag = async (tag: string): Promise<void> => {
    try {
      await client.putManifest(repository, tag, { mediaType: root.descriptor.mediaType, bytes: root.bytes });
    } catch (error) {
      const now = await client.headManifest(repository, tag).catch(() => undefined);
      if (now?.digest !== root.descriptor.digest) throw error;
      logger?.debug(`tag ${tag}: the write failed (${errorMessage(error)}), but the tag points at ${shortDigest(root.descriptor.digest)}`);
    }
  };
  // All or nothing as far as drydock decides: a cancel before the first tag moves none; once the loop runs, the tag in
  // flight finishes and the loop stops. A failure here is the one a bare error would leave ambiguous (which tags
  // moved?), so it carries the progress too.
  for (const [index, tag] of tags.entries()) {
    stopIfCancelled(index === 0 ? 'before the tags' : `before tag ${tag}`);
    try {
      const current = await client.headManifest(repository, tag);
      if (current?.digest === root.descriptor.digest) {
        logger?.debug(`tag ${tag} already points at ${shortDigest(root.descriptor.digest)}`);
      } else {
        await writeTag(tag);
        options.onChange?.(`${client.registry}/${repository}: tag ${tag} moved to ${root.descriptor.digest}`);
      }
    } catch (error) {
      throw new CopyInterruptedError(`${errorMessage(error)}; ${describeCopyProgress(progress(), `at tag ${tag}`)}`, progress(), { cause: error });
    }
    tagsDone.push(tag);
  }

  logger?.info(
    `Pushed ${client.registry}/${repository}@${root.descriptor.digest}: ${blobsUploaded} blob${blobsUploaded === 1 ? '' : 's'} uploaded ` +
      `(${formatBytes(bytesUploaded)}), ${blobsReused} reused${blobsMounted ? ` (${blobsMounted} mounted)` : ''}` +
      `${tags.length ? `; tags ${tags.join(', ')}` : ''}`,
  );
  return {
    digest: root.descriptor.digest,
    mediaType: root.descriptor.mediaType,
    size: root.descriptor.size,
    blobsUploaded,
    blobsReused,
    blobsMounted,
    bytesUploaded,
    totalBytes,
    manifests,
    tags,
  };
}
