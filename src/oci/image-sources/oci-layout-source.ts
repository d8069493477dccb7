import { DigestMismatchError, parseDigest, shortDigest, verifyBytes, type ByteSource } from '../digest.js';
import { InvalidManifestError, manifestContent, MAX_MANIFEST_BYTES, type Descriptor, type ManifestContent } from '../manifest.js';
import { isManifestMediaType } from '../media-types.js';
import { sourceError, type ImageSource, type SourceInput } from './image-source.js';
import { TooLargeError, type LayoutFiles } from './layout-files.js';

/** The annotation OCI layouts name images by; containerd (and `docker save` since 25) also write the full name. */
const REF_NAME = 'org.opencontainers.image.ref.name';
const CONTAINERD_NAME = 'io.containerd.image.name';

const LAYOUT_FIX =
  "Point it at an OCI image layout, e.g. what 'docker buildx build --output type=oci,tar=false,dest=<dir>' or 'skopeo copy <image> oci:<dir>' writes";

export function blobPath(digest: string): string | undefined {
  const parsed = parseDigest(digest);
  return parsed ? `blobs/${parsed.algorithm}/${parsed.hex}` : undefined;
}

/**
 * An OCI image layout (a directory or the same inside a tar): `oci-layout`, `index.json`, `blobs/<alg>/<hex>`.
 * The image is the index.json entry whose ref name matches, or the only entry when no ref name is given.
 */
export class OciLayoutSource implements ImageSource {
  private constructor(
    readonly description: string,
    private readonly files: LayoutFiles,
    private readonly input: SourceInput,
    private readonly root: Descriptor,
  ) {}

  static async open(files: LayoutFiles, refName: string | undefined, input: SourceInput): Promise<OciLayoutSource> {
    const where = files.location;
    const layoutFile = await OciLayoutSource.readJson(files, 'oci-layout', input);
    if (layoutFile === undefined) {
      throw sourceError(input, `is not an OCI image layout: ${where} has no oci-layout file`, LAYOUT_FIX);
    }
    const version = (layoutFile as { imageLayoutVersion?: unknown }).imageLayoutVersion;
    if (typeof version !== 'string' || !version.startsWith('1.')) {
      throw sourceError(input, `has an unsupported oci-layout in ${where} (imageLayoutVersion ${JSON.stringify(version)})`, 'drydock reads layout version 1.x');
    }
    const index = await OciLayoutSource.readJson(files, 'index.json', input);
    if (index === undefined) throw sourceError(input, `is not an OCI image layout: ${where} has no index.json`, LAYOUT_FIX);
    const entries = (index as { manifests?: unknown }).manifests;
    if (!Array.isArray(entries)) throw sourceError(input, `has an invalid index.json in ${where}: no manifests array`, LAYOUT_FIX);
    const images = (entries as Descriptor[]).filter((d) => isManifestMediaType(d?.mediaType));

    const names = (d: Descriptor) => [d.annotations?.[REF_NAME], d.annotations?.[CONTAINERD_NAME]].filter((n): n is string => !!n);
    const available = images.flatMap((d) => names(d).slice(0, 1));
    const listed = available.length ? ` (ref names: ${available.map((n) => `'${n}'`).join(', ')})` : '';
    let chosen: Descriptor[];
    if (refName !== undefined) {
      chosen = images.filter((d) => names(d).includes(refName));
      if (chosen.length === 0) {
        throw sourceError(input, `names ref '${refName}', which ${where} does not have${listed || ' (its images have no ref names)'}`, 'Use one of the ref names the layout has');
      }
    } else {
      chosen = images;
      if (chosen.length === 0) throw sourceError(input, `holds no image: index.json in ${where} lists no manifest`, LAYOUT_FIX);
      if (chosen.length > 1) {
        throw sourceError(input, `holds ${chosen.length} images in ${where}${listed}`, `Say which one with '<path>:<ref-name>'`);
      }
    }
    // Several entries under one name are the same image written twice; different digests would be ambiguous.
    const digests = new Set(chosen.map((d) => d.digest));
    if (digests.size > 1) throw sourceError(input, `has ${digests.size} different images named '${refName}' in ${where}`, 'Keep one image per ref name');
    const root = chosen[0] as Descriptor;
    if (!parseDigest(root.digest) || !Number.isSafeInteger(root.size)) {
      throw sourceError(input, `has an invalid descriptor in ${where}/index.json (digest '${root.digest}')`, LAYOUT_FIX);
    }
    const description = `${input.value}`;
    return new OciLayoutSource(description, files, input, root);
  }

  private static async readJson(files: LayoutFiles, path: string, input: SourceInput): Promise<unknown> {
    let bytes: Uint8Array | undefined;
    try {
      bytes = await files.read(path, MAX_MANIFEST_BYTES);
    } catch (error) {
      if (error instanceof TooLargeError) throw sourceError(input, `has an oversized ${path} in ${files.location}`, LAYOUT_FIX);
      throw error;
    }
    if (bytes === undefined) return undefined;
    try {
      return JSON.parse(Buffer.from(bytes).toString('utf8'));
    } catch {
      throw sourceError(input, `has a ${path} in ${files.location} that is not valid JSON`, LAYOUT_FIX);
    }
  }

  readRoot(): Promise<ManifestContent> {
    return this.readManifest(this.root);
  }

  async readManifest(descriptor: Descriptor): Promise<ManifestContent> {
    const path = this.pathOf(descriptor);
    let bytes: Uint8Array | undefined;
    try {
      bytes = await this.files.read(path, MAX_MANIFEST_BYTES);
    } catch (error) {
      if (error instanceof TooLargeError) throw sourceError(this.input, `has a manifest larger than 4 MiB (${descriptor.digest})`, LAYOUT_FIX);
      throw error;
    }
    if (bytes === undefined) throw this.missing(descriptor);
    try {
      verifyBytes(bytes, descriptor, `manifest ${descriptor.digest}`);
      return manifestContent(bytes, descriptor.mediaType, { ...descriptor });
    } catch (error) {
      if (error instanceof DigestMismatchError || error instanceof InvalidManifestError) {
        throw sourceError(this.input, `has a corrupt manifest ${shortDigest(descriptor.digest)} in ${this.files.location}: ${error.message}`, 'Write the layout again');
      }
      throw error;
    }
  }

  async openBlob(descriptor: Descriptor): Promise<ByteSource> {
    const path = this.pathOf(descriptor);
    if ((await this.files.size(path)) === undefined) throw this.missing(descriptor);
    return this.files.stream(path);
  }

  private pathOf(descriptor: Descriptor): string {
    const path = blobPath(descriptor.digest);
    if (!path) throw sourceError(this.input, `refers to '${descriptor.digest}', which is not a digest`, LAYOUT_FIX);
    return path;
  }

  private missing(descriptor: Descriptor) {
    return sourceError(
      this.input,
      `is incomplete: blob ${descriptor.digest} (${descriptor.mediaType}) is missing from ${this.files.location}`,
      'Write the layout again; a layout copied without all of blobs/ cannot be pushed',
    );
  }
}
