import { ConfigurationError, invalidInput } from '../core/errors.js';
import { formatImageReference, parseImageReference, type ImageReference } from '../oci/reference.js';
import { groupOf, isPlainObject, type KubeObject, type ManifestObject } from './objects.js';

/**
 * Where the pod spec sits in each workload kind. Every container list in it (containers, initContainers,
 * ephemeralContainers) is rewritten; CronJobs nest theirs two levels deeper, which is the case other deploy actions
 * miss (Azure/k8s-deploy #243).
 */
const POD_SPEC_PATHS: Record<string, { group: string; path: readonly string[] }> = {
  Pod: { group: '', path: ['spec'] },
  PodTemplate: { group: '', path: ['template', 'spec'] },
  ReplicationController: { group: '', path: ['spec', 'template', 'spec'] },
  Deployment: { group: 'apps', path: ['spec', 'template', 'spec'] },
  StatefulSet: { group: 'apps', path: ['spec', 'template', 'spec'] },
  DaemonSet: { group: 'apps', path: ['spec', 'template', 'spec'] },
  ReplicaSet: { group: 'apps', path: ['spec', 'template', 'spec'] },
  Job: { group: 'batch', path: ['spec', 'template', 'spec'] },
  CronJob: { group: 'batch', path: ['spec', 'jobTemplate', 'spec', 'template', 'spec'] },
};

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

/** The pod spec of a workload object, or undefined for kinds that run no pods. */
export function podSpecOf(object: KubeObject): Record<string, unknown> | undefined {
  const location = POD_SPEC_PATHS[object.kind];
  if (!location || groupOf(object.apiVersion) !== location.group) return undefined;
  let current: unknown = object;
  for (const key of location.path) current = isPlainObject(current) ? current[key] : undefined;
  return isPlainObject(current) ? current : undefined;
}

export interface ContainerImage {
  /** `containers`, `initContainers` or `ephemeralContainers`. */
  readonly list: (typeof CONTAINER_LISTS)[number];
  readonly container: string;
  readonly image: string;
}

export function containerImages(object: KubeObject): ContainerImage[] {
  const spec = podSpecOf(object);
  if (!spec) return [];
  return CONTAINER_LISTS.flatMap((list) =>
    (Array.isArray(spec[list]) ? (spec[list] as unknown[]) : [])
      .filter(isPlainObject)
      .filter((container) => typeof container['image'] === 'string')
      .map((container) => ({ list, container: String(container['name'] ?? '?'), image: container['image'] as string })),
  );
}

/** A copy of the object with every container image passed through `rewrite`. */
export function rewriteContainerImages(object: KubeObject, rewrite: (image: string, container: ContainerImage) => string): KubeObject {
  const copy = structuredClone(object);
  const spec = podSpecOf(copy);
  if (!spec) return copy;
  for (const list of CONTAINER_LISTS) {
    if (!Array.isArray(spec[list])) continue;
    for (const container of spec[list] as unknown[]) {
      if (!isPlainObject(container) || typeof container['image'] !== 'string') continue;
      container['image'] = rewrite(container['image'], { list, container: String(container['name'] ?? '?'), image: container['image'] });
    }
  }
  return copy;
}

/** `registry/repository`, the identity substitutions match on (`nginx` and `docker.io/library/nginx` are one). */
export const repositoryKey = (reference: ImageReference) => `${reference.registry}/${reference.repository}`;

export interface ImageSubstitution {
  /** The entry as written, for messages. */
  readonly entry: string;
  /** repositoryKey of the images it replaces. */
  readonly matches: string;
  /** The image to put in their place, as written. */
  readonly image: string;
}

const SUBSTITUTION_FIX = "Write repository:tag or repository@sha256:<digest> (replaces that repository's images), or name=repository:tag (replaces the images of 'name').";

/**
 * Parses the `images` input. An entry is either a reference with a tag or digest (`repo:tag`, `repo@sha256:...`), which
 * replaces every container image of that repository, or `name=reference`, which replaces the images of repository
 * `name` with another repository's image.
 */
export function parseImageSubstitutions(entries: readonly string[], inputName = 'images'): ImageSubstitution[] {
  const substitutions: ImageSubstitution[] = [];
  for (const entry of entries) {
    const parts = entry.split('=');
    if (parts.length > 2) throw invalidInput(inputName, entry, "has more than one '='", SUBSTITUTION_FIX);
    const [name, image] = parts.length === 2 ? [parts[0]!.trim(), parts[1]!.trim()] : [undefined, entry];
    if (name === '') throw invalidInput(inputName, entry, "has nothing before '='", SUBSTITUTION_FIX);
    if (image === '') throw invalidInput(inputName, entry, "has nothing after '='", SUBSTITUTION_FIX);
    const reference = parseImageReference(image, inputName);
    if (reference.tag === undefined && reference.digest === undefined) {
      throw invalidInput(inputName, entry, 'names no tag or digest', `Say which image to deploy, such as ${image}:1.2.3 or ${image}@sha256:<digest>.`);
    }
    let matches = repositoryKey(reference);
    if (name !== undefined) {
      const named = parseImageReference(name, inputName);
      if (named.tag !== undefined || named.digest !== undefined) {
        throw invalidInput(inputName, entry, "has a tag or digest before '='", 'Name only the repository to replace, as in app=registry/app:1.2.3.');
      }
      matches = repositoryKey(named);
    }
    const earlier = substitutions.find((s) => s.matches === matches);
    if (earlier) throw invalidInput(inputName, entry, `replaces the same repository as '${earlier.entry}'`, 'Keep one substitution per repository.');
    substitutions.push({ entry, matches, image });
  }
  return substitutions;
}

/** Parses an image as written in a manifest, naming the manifest and container when it is not a valid reference. */
export function parseManifestImage(image: string, where: string, container: string): ImageReference {
  const sentinel = '\u0000';
  try {
    return parseImageReference(image, sentinel);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    const detail = error.message.replace(`Input '${sentinel}': '${image}' `, '');
    throw new ConfigurationError(`Manifest ${where}: container '${container}' has image '${image}', which ${detail}`);
  }
}

const describeSource = (manifest: ManifestObject) => `${manifest.source} (${manifest.object.kind} ${manifest.object.metadata.name})`;

export interface SubstitutionResult {
  readonly manifests: ManifestObject[];
  /** Substitutions that matched no container image: usually a typo, reported as a warning. */
  readonly unused: ImageSubstitution[];
}

/** Applies the substitutions to every container image of every workload; also validates every image reference. */
export function substituteImages(manifests: readonly ManifestObject[], substitutions: readonly ImageSubstitution[]): SubstitutionResult {
  const used = new Set<ImageSubstitution>();
  const rewritten = manifests.map((manifest) => ({
    source: manifest.source,
    object: rewriteContainerImages(manifest.object, (image, container) => {
      const reference = parseManifestImage(image, describeSource(manifest), container.container);
      const substitution = substitutions.find((s) => s.matches === repositoryKey(reference));
      if (!substitution) return image;
      used.add(substitution);
      return substitution.image;
    }),
  }));
  return { manifests: rewritten, unused: substitutions.filter((s) => !used.has(s)) };
}

/** Every distinct container image in the manifests, in order of appearance. */
export function imagesIn(manifests: readonly ManifestObject[]): string[] {
  return [...new Set(manifests.flatMap((m) => containerImages(m.object).map((c) => c.image)))];
}

/** `registry/repository:tag@digest`: the tag kept for people reading it, the digest deciding what runs. */
export function pinnedImage(image: string, digest: string): string {
  const reference = parseImageReference(image, 'images');
  return formatImageReference({ ...reference, digest });
}

/** Replaces each image by its entry in `pinned` (images without one are left as they are). */
export function pinImages(manifests: readonly ManifestObject[], pinned: ReadonlyMap<string, string>): ManifestObject[] {
  return manifests.map((manifest) => ({
    source: manifest.source,
    object: rewriteContainerImages(manifest.object, (image) => pinned.get(image) ?? image),
  }));
}
