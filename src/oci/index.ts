/**
 * The OCI registry client and image sources: what actions and domain modules import. Everything here takes its
 * dependencies (fetch, clock, logger, registry clients) as arguments; nothing reads action inputs or global state.
 */
export { MediaType, MANIFEST_ACCEPT, isIndexMediaType, isImageManifestMediaType, isManifestMediaType } from './media-types.js';
export {
  DigestMismatchError,
  isDigest,
  parseDigest,
  readAll,
  sha256Digest,
  shortDigest,
  verifyBytes,
  verifyingStream,
  type ByteSource,
  type DigestAlgorithm,
  type ExpectedContent,
  type ParsedDigest,
} from './digest.js';
export {
  annotationsOf,
  artifactTypeOf,
  blobsOf,
  emptyIndex,
  formatPlatform,
  InvalidManifestError,
  manifestContent,
  MAX_MANIFEST_BYTES,
  parseManifest,
  subjectOf,
  type Descriptor,
  type ImageIndex,
  type ImageManifest,
  type ManifestContent,
  type ParsedManifest,
  type Platform,
} from './manifest.js';
export {
  DOCKER_HUB,
  formatImageReference,
  manifestReferenceOf,
  parseEcrRegistry,
  parseImageReference,
  parseRepositoryName,
  parseTag,
  registryApiHost,
  type EcrRegistry,
  type ImageReference,
} from './reference.js';
export { parseWwwAuthenticate, type AuthChallenge, type RegistryCredentials } from './auth.js';
export { DEFAULT_RETRY, type RetrySettings } from './transport.js';
export { defaultHttp, fetchHttp, nodeHttp, wireHttp, type FetchLike, type HttpRequest, type HttpResponse, type HttpSend } from './http.js';
export { classifyRegistryFailure, isTransientNetworkError, RegistryError, type Operation } from './registry-errors.js';
export {
  RegistryClient,
  type MountResult,
  type OpenBlobStream,
  type PutManifestResult,
  type RegistryClientOptions,
} from './registry-client.js';
export { listReferrers, pushReferrer, ReferrersTagListing, referrersTag, type PushedReferrer, type ReferrerBlob } from './referrers.js';
export { copyImage, type CopiedManifest, type CopyImageOptions, type CopyResult, type CopyTarget } from './copy.js';
export type { ImageSource, SourceInput } from './image-sources/image-source.js';
export { openImageSource, parseImageSource, type ImageSourceSpec, type OpenImageSourceOptions } from './image-sources/parse-image-source.js';
export type { DockerArchiveSelector } from './image-sources/docker-archive-source.js';
