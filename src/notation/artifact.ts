import { formatImageReference, type ImageReference } from '../oci/reference.js';
import type { RegistryClient } from '../oci/registry-client.js';
import type { Descriptor } from './payload.js';

/**
 * The artifact a signature is about: always a digest. A tag is resolved once, here, and everything after (signing,
 * verifying, the outputs later steps deploy) uses the digest, so a tag moving in between cannot swap the image.
 */
export interface ResolvedArtifact {
  /** The image as given (logical registry host, tag and/or digest). */
  readonly image: ImageReference;
  readonly descriptor: Descriptor;
  /** `<registry>/<repository>@<digest>`: what trust policy scopes match and what later steps deploy. */
  readonly reference: string;
  /** The tag the digest was resolved from; undefined when the image was given by digest. */
  readonly resolvedTag: string | undefined;
}

/** The image is not in the registry, or the registry contradicts the digest asked for. Messages do not repeat the image. */
export class ArtifactResolutionError extends Error {
  override readonly name = 'ArtifactResolutionError';
}

export async function resolveArtifact(client: RegistryClient, image: ImageReference): Promise<ResolvedArtifact> {
  const wanted = image.digest ?? image.tag;
  if (wanted === undefined) {
    throw new ArtifactResolutionError(`${formatImageReference(image)} names neither a tag nor a digest; add one`);
  }
  const found = await client.headManifest(image.repository, wanted);
  if (!found) {
    throw new ArtifactResolutionError(
      `the registry has no manifest ${image.digest ? image.digest : `tagged ${image.tag}`} in ${image.repository}; push the image first or fix the reference`,
    );
  }
  if (image.digest && found.digest !== image.digest) {
    throw new ArtifactResolutionError(`the registry answered with digest ${found.digest}, not the digest asked for`);
  }
  return {
    image,
    descriptor: { mediaType: found.mediaType, digest: found.digest, size: found.size },
    reference: `${image.registry}/${image.repository}@${found.digest}`,
    resolvedTag: image.digest ? undefined : image.tag,
  };
}
