import type { ByteSource } from '../digest.js';
import type { Descriptor, ManifestContent } from '../manifest.js';
import { formatImageReference, manifestReferenceOf, type ImageReference } from '../reference.js';
import type { RegistryClient } from '../registry-client.js';
import { sourceError, type ImageSource, type SourceInput } from './image-source.js';

/**
 * An image in a registry (`docker://<reference>`): promotion between registries, accounts or regions without a Docker
 * engine. Blobs stream from the source registry straight into the upload.
 */
export class RegistrySource implements ImageSource {
  readonly description: string;
  readonly registryLocation: { readonly registry: string; readonly repository: string };

  constructor(
    private readonly client: RegistryClient,
    private readonly reference: ImageReference,
    private readonly input: SourceInput,
  ) {
    this.description = `docker://${formatImageReference(reference)}`;
    this.registryLocation = { registry: reference.registry, repository: reference.repository };
  }

  async readRoot(): Promise<ManifestContent> {
    const wanted = manifestReferenceOf(this.reference);
    const found = await this.client.findManifest(this.reference.repository, wanted);
    if (!found) {
      throw sourceError(
        this.input,
        `does not exist: ${this.reference.registry} has no manifest ${wanted} in ${this.reference.repository}`,
        'Check the repository, tag or digest',
      );
    }
    return found;
  }

  readManifest(descriptor: Descriptor): Promise<ManifestContent> {
    return this.client.getManifest(this.reference.repository, descriptor.digest);
  }

  /** Unverified here: the upload verifies the same bytes as they pass through, so they are hashed once, not twice. */
  openBlob(descriptor: Descriptor): Promise<ByteSource> {
    return this.client.openBlob(this.reference.repository, descriptor, { verify: false });
  }
}
