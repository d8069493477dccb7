import { invalidInput, type ConfigurationError } from '../../core/errors.js';
import type { ByteSource } from '../digest.js';
import type { Descriptor, ManifestContent } from '../manifest.js';

/**
 * Where an image comes from. Every source, whatever its transport, answers the same three questions: what is the
 * root (a manifest, or an index of per-platform manifests), what is this child manifest, and what are this blob's bytes.
 */
export interface ImageSource {
  /** The source as the user wrote it, for log lines and messages (`oci:./build/oci`). */
  readonly description: string;
  /** Set for registry sources: a copy to another repository of the same registry can then mount instead of upload. */
  readonly registryLocation?: { readonly registry: string; readonly repository: string };
  /** The manifest or index the source names; its digest is verified. */
  readRoot(): Promise<ManifestContent>;
  /** A manifest an index of this source refers to; its digest is verified. */
  readManifest(descriptor: Descriptor): Promise<ManifestContent>;
  /**
   * A blob's bytes from the start, as a stream. Not verified here: the consumer (the upload) checks them against the
   * descriptor while they stream, so each blob is hashed once.
   */
  openBlob(descriptor: Descriptor): Promise<ByteSource>;
}

/** What every source-related message needs to name: the input and the value the user gave it. */
export interface SourceInput {
  readonly inputName: string;
  readonly value: string;
}

/** A ConfigurationError about a source: `Input 'image': 'oci:./x' <problem>. <fix>`. */
export function sourceError(input: SourceInput, problem: string, fix: string): ConfigurationError {
  return invalidInput(input.inputName, input.value, problem, fix);
}
