import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseImageReference, type ImageReference } from '../reference.js';
import type { RegistryClient } from '../registry-client.js';
import { DockerArchiveSource, type DockerArchiveSelector } from './docker-archive-source.js';
import { sourceError, type ImageSource, type SourceInput } from './image-source.js';
import { directoryFiles, tarFiles } from './layout-files.js';
import { OciLayoutSource } from './oci-layout-source.js';
import { RegistrySource } from './registry-source.js';
import { TarArchive, TarFormatError } from './tar-archive.js';

/** A parsed image source: the transport prefixes skopeo users know. */
export type ImageSourceSpec = SourceInput &
  (
    | { readonly transport: 'oci'; readonly path: string; readonly refName?: string }
    | { readonly transport: 'oci-archive'; readonly path: string; readonly refName?: string }
    | { readonly transport: 'docker-archive'; readonly path: string; readonly image?: DockerArchiveSelector }
    | { readonly transport: 'docker'; readonly reference: ImageReference }
  );

const TRANSPORTS_FIX =
  "Start it with a transport: 'oci:<dir>[:<ref-name>]', 'oci-archive:<tar>[:<ref-name>]', 'docker-archive:<tar>[:<repo:tag>]' or 'docker://<reference>'";

type PathKind = 'directory' | 'file' | 'missing';

function pathKind(path: string): PathKind {
  try {
    const info = statSync(path);
    return info.isDirectory() ? 'directory' : 'file';
  } catch {
    return 'missing';
  }
}

/**
 * Parses an image source input and checks that a local path exists and has the right kind (directory or file).
 * Relative paths are resolved against `baseDir` (the workspace). The content itself is checked by `openImageSource`.
 */
export function parseImageSource(value: string, inputName: string, baseDir: string): ImageSourceSpec {
  const input: SourceInput = { inputName, value };
  if (value.trim() === '') throw sourceError(input, 'is empty', TRANSPORTS_FIX);

  if (value.startsWith('docker://')) {
    return { ...input, transport: 'docker', reference: parseImageReference(value.slice('docker://'.length), inputName) };
  }
  const prefix = /^(oci|oci-archive|docker-archive):/.exec(value);
  if (!prefix) {
    const kind = pathKind(resolve(baseDir, value));
    const hint =
      kind === 'directory' ? `; if it is an OCI layout directory, write 'oci:${value}'` : kind === 'file' ? `; if it is a tar, write 'oci-archive:${value}' or 'docker-archive:${value}'` : '';
    throw sourceError(input, `has no transport prefix${hint}`, TRANSPORTS_FIX);
  }
  const transport = prefix[1] as 'oci' | 'oci-archive' | 'docker-archive';
  const rest = value.slice(prefix[0].length);
  // As in containers/image: the path ends at the first colon; what follows names the image inside.
  const colon = rest.indexOf(':');
  const rawPath = colon < 0 ? rest : rest.slice(0, colon);
  const selector = colon < 0 ? undefined : rest.slice(colon + 1);
  if (rawPath === '') throw sourceError(input, 'has no path after the transport', `Write '${transport}:<path>'`);
  if (selector === '') throw sourceError(input, 'has an empty name after the path', "Remove the trailing ':' or add the name");
  const path = resolve(baseDir, rawPath);
  const kind = pathKind(path);
  const wantDirectory = transport === 'oci';
  if (kind === 'missing') {
    throw sourceError(
      input,
      `names ${path}, which does not exist`,
      wantDirectory ? 'Build the image into that directory first, or fix the path' : 'Write the archive first, or fix the path',
    );
  }
  if (wantDirectory && kind !== 'directory') {
    throw sourceError(input, `names ${path}, which is a file, not a directory`, `For a tar, write 'oci-archive:${rawPath}' or 'docker-archive:${rawPath}'`);
  }
  if (!wantDirectory && kind !== 'file') {
    throw sourceError(input, `names ${path}, which is a directory, not a tar file`, `For an OCI layout directory, write 'oci:${rawPath}'`);
  }

  if (transport === 'docker-archive') {
    if (selector === undefined) return { ...input, transport, path };
    if (selector.startsWith('@')) {
      const index = Number(selector.slice(1));
      if (!Number.isInteger(index) || index < 0) throw sourceError(input, `has '${selector}', which is not an image index`, "Write ':@0', ':@1', ...");
      return { ...input, transport, path, image: { index } };
    }
    parseImageReference(selector, inputName);
    return { ...input, transport, path, image: { reference: selector } };
  }
  return { ...input, transport, path, ...(selector === undefined ? {} : { refName: selector }) };
}

export interface OpenImageSourceOptions {
  /** The client for a `docker://` source's registry, with whatever credentials the caller has for it. */
  readonly registryClient?: (registry: string) => RegistryClient;
}

/** Opens a parsed source, reading its index (layouts, archives); malformed content is a ConfigurationError naming the path. */
export async function openImageSource(spec: ImageSourceSpec, options: OpenImageSourceOptions = {}): Promise<ImageSource> {
  switch (spec.transport) {
    case 'oci':
      return OciLayoutSource.open(directoryFiles(spec.path), spec.refName, spec);
    case 'oci-archive':
      return OciLayoutSource.open(tarFiles(await openTar(spec.path, spec)), spec.refName, spec);
    case 'docker-archive':
      return DockerArchiveSource.open(await openTar(spec.path, spec), spec.image, spec);
    case 'docker': {
      if (!options.registryClient) throw new Error('openImageSource: a docker:// source needs a registryClient factory');
      return new RegistrySource(options.registryClient(spec.reference.registry), spec.reference, spec);
    }
  }
}

async function openTar(path: string, input: SourceInput): Promise<TarArchive> {
  try {
    return await TarArchive.open(path);
  } catch (error) {
    if (error instanceof TarFormatError) throw sourceError(input, `cannot be read: ${path}: ${error.message}`, 'Point it at an uncompressed tar');
    throw error;
  }
}
