import { systemClock, type Clock } from '../core/clock.js';
import type { SecretSet } from '../core/secrets.js';
import type { Logger } from '../core/logger.js';
import { rememberedUntilRejected } from '../core/lru.js';
import { withRetry } from '../core/retry.js';
import type { RegistryCredentials } from './auth.js';
import { DigestMismatchError, type ByteSource, isDigest, parseDigest, shortDigest, verifyBytes, verifyingStream } from './digest.js';
import {
  InvalidManifestError,
  manifestContent,
  MAX_MANIFEST_BYTES,
  parseManifest,
  type Descriptor,
  type ImageIndex,
  type ManifestContent,
} from './manifest.js';
import { MANIFEST_ACCEPT, MediaType } from './media-types.js';
import { registryApiHost } from './reference.js';
import { classifyRegistryFailure, findDigestMismatch, RegistryError, type Operation } from './registry-errors.js';
import { defaultHttp, fetchHttp, type FetchLike, type HttpResponse } from './http.js';
import { DEFAULT_RETRY, RegistryHttp, type RegistryRequest, type RetrySettings } from './transport.js';

export interface RegistryClientOptions {
  /** The registry as written in image references: `host[:port]`; `docker.io` is served from registry-1.docker.io. */
  readonly registry: string;
  readonly credentials?: RegistryCredentials;
  /**
   * Talk plain HTTP. Only for loopback test registries and registries the user explicitly declared insecure: credentials
   * and tokens would otherwise cross the network in clear text.
   */
  readonly insecureHttp?: boolean;
  /** A WHATWG fetch to send requests through instead of Node's http module (tests answer from a script this way). */
  readonly fetch?: FetchLike;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly retry?: Partial<RetrySettings>;
  readonly userAgent?: string;
  /** Where bearer tokens from the registry's token server are registered (masked, refused in outputs). */
  readonly secrets?: SecretSet;
}

/** Opens the bytes of a blob from the start; called again for every upload attempt, since a stream is read once. */
export type OpenBlobStream = () => Promise<ByteSource>;

export type MountResult = { readonly mounted: true } | { readonly mounted: false; readonly uploadUrl: string };

export interface PutManifestResult {
  readonly digest: string;
  /** The OCI-Subject header: present when the registry indexed the manifest's subject for the referrers API. */
  readonly subject?: string;
}

/** The all-zero digest oras-go probes the referrers API with: it never has referrers, so a 200 proves the API exists. */
const ZERO_DIGEST = `sha256:${'0'.repeat(64)}`;

/** Configs and referrer indexes are read whole; nothing legitimately that small grows past this. */
const MAX_BUFFERED_BLOB_BYTES = 64 * 1024 * 1024;

function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const match = /<([^>]*)>\s*;(.*)/.exec(part.trim());
    if (match && /(?:^|;)\s*rel="?next"?\s*(?:;|$)/.test(match[2] as string)) return match[1];
  }
  return undefined;
}

/** A Content-Length header's byte count; undefined when it is absent or not a plain decimal number. */
function byteCount(header: string | null): number | undefined {
  if (header === null || !/^\d{1,15}$/.test(header.trim())) return undefined;
  return Number(header.trim());
}

/** A tag list or referrers page; generous, since a page of a busy repository can hold thousands of entries. */
const MAX_LISTING_BYTES = 16 * 1024 * 1024;
/**
 * Referrers pages followed for one subject. A registry that keeps linking a next page (a loop, or a hostile one) must
 * not hold a verification forever; real registries put hundreds of referrers on a page.
 */
export const MAX_REFERRERS_PAGES = 64;

/** One page of a tag listing and the URL of the next one, if the registry linked one. */
interface TagPage {
  readonly tags: string[];
  readonly next: string | undefined;
}

function tagListUrl(repository: string, pageSize: number | undefined): string {
  return `/v2/${repository}/tags/list${pageSize ? `?n=${pageSize}` : ''}`;
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return undefined;
  }
}

function pullScope(repository: string): string {
  return `repository:${repository}:pull`;
}
function pushScope(repository: string): string {
  return `repository:${repository}:pull,push`;
}
function deleteScope(repository: string): string {
  return `repository:${repository}:pull,push,delete`;
}

/**
 * A client for one registry's Distribution API (OCI distribution spec 1.1): manifests, blobs, tags and referrers.
 * Every request is retried on transient failures; uploads are monolithic (one POST, one streaming PUT), because ECR
 * loses data from chunked PATCH uploads.
 */
export class RegistryClient {
  readonly registry: string;
  private readonly http: RegistryHttp;
  private readonly retry: RetrySettings;
  private readonly clock: Clock;
  private readonly logger: Logger | undefined;
  private readonly referrersSupport = new Map<string, Promise<boolean>>();

  constructor(options: RegistryClientOptions) {
    this.registry = options.registry;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger;
    const scheme = options.insecureHttp ? 'http' : 'https';
    this.http = new RegistryHttp({
      registry: options.registry,
      baseUrl: `${scheme}://${registryApiHost(options.registry)}`,
      credentials: options.credentials ?? { kind: 'anonymous' },
      http: options.fetch ? fetchHttp(options.fetch) : defaultHttp,
      clock: this.clock,
      retry: this.retry,
      allowHttp: options.insecureHttp ?? false,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.userAgent ? { userAgent: options.userAgent } : {}),
      ...(options.secrets ? { secrets: options.secrets } : {}),
    });
  }

  /** Checks the registry answers the Distribution API and learns how it authenticates. */
  async ping(): Promise<void> {
    await this.http.ping();
  }

  /** The manifest's descriptor, or undefined when the registry does not have it. */
  async headManifest(repository: string, reference: string): Promise<Descriptor | undefined> {
    const operation = { description: `checking manifest ${shortDigest(reference)} in ${repository}`, repository };
    const response = await this.http.request({
      method: 'HEAD',
      url: `/v2/${repository}/manifests/${reference}`,
      headers: { accept: MANIFEST_ACCEPT },
      scopes: [pullScope(repository)],
      operation,
      expect: [200, 404],
    });
    if (response.status === 404) return undefined;
    const digest = response.headers.get('docker-content-digest');
    const size = byteCount(response.headers.get('content-length'));
    const mediaType = response.headers.get('content-type')?.split(';')[0]?.trim();
    if (digest && isDigest(digest) && size !== undefined && mediaType) return { mediaType, digest, size };
    // ECR may leave Docker-Content-Digest out, and a proxy may drop Content-Length from a HEAD answer (a size of 0
    // would be signed into the subject descriptor); the descriptor then comes from the bytes.
    return (await this.getManifest(repository, reference)).descriptor;
  }

  /** Reads a manifest or index; the digest is checked against the bytes (and against the reference when it is one). */
  async findManifest(repository: string, reference: string): Promise<ManifestContent | undefined> {
    const operation = { description: `reading manifest ${shortDigest(reference)} from ${repository}`, repository };
    const { response, bytes } = await this.http.requestBytes(
      {
        method: 'GET',
        url: `/v2/${repository}/manifests/${reference}`,
        headers: { accept: MANIFEST_ACCEPT },
        scopes: [pullScope(repository)],
        operation,
        expect: [200, 404],
      },
      MAX_MANIFEST_BYTES,
    );
    if (response.status === 404) return undefined;
    const answered = response.headers.get('docker-content-digest');
    return this.checkedManifest(operation, bytes, response.headers.get('content-type') ?? undefined, [
      ...(isDigest(reference) ? [reference] : []),
      ...(answered ? [answered] : []),
    ]);
  }

  async getManifest(repository: string, reference: string): Promise<ManifestContent> {
    const found = await this.findManifest(repository, reference);
    if (!found) {
      throw new RegistryError(`reading manifest ${shortDigest(reference)} from ${repository} failed: 404 MANIFEST_UNKNOWN`, {
        operation: { description: `reading manifest ${reference} from ${repository}`, repository },
        status: 404,
        code: 'MANIFEST_UNKNOWN',
        transient: false,
      });
    }
    return found;
  }

  private checkedManifest(operation: Operation, bytes: Uint8Array, contentType: string | undefined, expectedDigests: string[]): ManifestContent {
    let content: ManifestContent;
    try {
      content = manifestContent(bytes, contentType);
    } catch (error) {
      if (error instanceof InvalidManifestError) {
        throw new RegistryError(`${operation.description} failed: the registry sent an invalid manifest: ${error.message}`, { operation, transient: false, cause: error });
      }
      throw error;
    }
    for (const expected of expectedDigests) {
      // Checked with the expected digest's own algorithm; the content's digest stays its sha256.
      try {
        verifyBytes(bytes, { digest: expected, size: bytes.byteLength }, `${operation.description}`);
      } catch (error) {
        if (error instanceof DigestMismatchError) {
          throw new RegistryError(`${operation.description} failed: the registry sent bytes that do not match ${expected}`, {
            operation,
            transient: false,
            cause: error,
          });
        }
        throw error;
      }
      if (parseDigest(expected)?.algorithm === 'sha256') content = { ...content, descriptor: { ...content.descriptor, digest: expected } };
    }
    return content;
  }

  /** Writes a manifest under a tag or its digest. The bytes are sent verbatim, so the digest is the one the caller computed. */
  async putManifest(repository: string, reference: string, manifest: { readonly mediaType: string; readonly bytes: Uint8Array }): Promise<PutManifestResult> {
    const kind = manifest.mediaType.includes('index') || manifest.mediaType.includes('list') ? 'index' : 'manifest';
    const operation = {
      description: isDigest(reference)
        ? `pushing ${kind} ${shortDigest(reference)} to ${repository}`
        : `tagging ${repository}:${reference}`,
      repository,
    };
    const response = await this.http.request({
      method: 'PUT',
      url: `/v2/${repository}/manifests/${reference}`,
      headers: { 'content-type': manifest.mediaType },
      body: manifest.bytes,
      scopes: [pushScope(repository)],
      operation,
      expect: [200, 201, 204],
    });
    await response.discard();
    const computed = manifestContent(manifest.bytes, manifest.mediaType).descriptor.digest;
    const answered = response.headers.get('docker-content-digest');
    if (answered && parseDigest(answered)?.algorithm === 'sha256' && answered !== computed) {
      throw new RegistryError(`${operation.description} failed: the registry stored digest ${answered}, expected ${computed}`, {
        operation,
        transient: false,
      });
    }
    const subject = response.headers.get('oci-subject');
    return { digest: computed, ...(subject ? { subject } : {}) };
  }

  /**
   * Deletes a manifest by its digest: how a push that failed half-way takes back the manifest it had written. A manifest
   * already gone counts as deleted. Registries that refuse deletes (405, or a token without the delete action) throw.
   */
  async deleteManifest(repository: string, digest: string): Promise<void> {
    const response = await this.http.request({
      method: 'DELETE',
      url: `/v2/${repository}/manifests/${digest}`,
      scopes: [deleteScope(repository)],
      operation: { description: `deleting manifest ${shortDigest(digest)} from ${repository}`, repository },
      expect: [200, 202, 204, 404],
    });
    await response.discard();
  }

  /** Whether the repository has the blob. A redirect counts as yes: the registry is pointing at where it keeps it. */
  async hasBlob(repository: string, digest: string): Promise<boolean> {
    const response = await this.http.request({
      method: 'HEAD',
      url: `/v2/${repository}/blobs/${digest}`,
      scopes: [pullScope(repository)],
      operation: { description: `checking blob ${shortDigest(digest)} in ${repository}`, repository },
      expect: [200, 404, 307, 302],
    });
    await response.discard();
    return response.status !== 404;
  }

  /**
   * Asks the registry to link a blob from another repository instead of uploading it. 201 means done; 202 means the
   * registry declined (ECR mounts only when enabled, same account and encryption) and opened an upload session instead.
   */
  async mountBlob(repository: string, digest: string, fromRepository: string): Promise<MountResult> {
    const response = await this.http.request({
      method: 'POST',
      url: `/v2/${repository}/blobs/uploads/?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(fromRepository)}`,
      headers: { 'content-length': '0' },
      scopes: [pushScope(repository), pullScope(fromRepository)],
      operation: { description: `mounting blob ${shortDigest(digest)} from ${fromRepository} into ${repository}`, repository },
      expect: [201, 202],
    });
    await response.discard();
    if (response.status === 201) return { mounted: true };
    return { mounted: false, uploadUrl: this.uploadLocation(response, repository) };
  }

  private uploadLocation(response: HttpResponse, repository: string): string {
    const location = response.headers.get('location');
    if (!location) {
      throw new RegistryError(`starting an upload to ${repository} failed: the registry sent no Location`, {
        operation: { description: `starting an upload to ${repository}`, repository },
        transient: true,
      });
    }
    return location;
  }

  /**
   * Uploads a blob: POST opens a session, then one PUT streams the whole blob with `?digest=`. The bytes are checked
   * against the descriptor while they stream, so wrong content never completes an upload. Any failure restarts from a
   * fresh POST with a freshly opened stream; `uploadUrl` (from a declined mount) is used for the first attempt only.
   */
  async uploadBlob(repository: string, descriptor: Descriptor, open: OpenBlobStream, options: { uploadUrl?: string } = {}): Promise<void> {
    const operation = { description: `pushing blob ${shortDigest(descriptor.digest)} to ${repository}`, repository };
    let session = options.uploadUrl;
    await withRetry(
      async () => {
        const location = session ?? (await this.startUpload(repository, operation));
        session = undefined;
        const target = new URL(this.http.resolve(location));
        target.searchParams.set('digest', descriptor.digest);
        try {
          const response = await this.http.sendStream({
            method: 'PUT',
            url: target.toString(),
            headers: { 'content-type': 'application/octet-stream' },
            body: verifyingStream(await open(), descriptor, `blob ${descriptor.digest}`),
            contentLength: descriptor.size,
            scopes: [pushScope(repository)],
            operation,
            expect: [201, 204, 200],
          });
          await response.discard();
        } catch (error) {
          throw findDigestMismatch(error) ?? error;
        }
      },
      {
        ...this.retry,
        clock: this.clock,
        classify: classifyRegistryFailure,
        onRetry: (error, attempt, delayMs) =>
          this.logger?.info(`${operation.description}: ${(error as Error).message}; starting the upload again in ${delayMs} ms (attempt ${attempt + 1})`),
      },
    );
  }

  /**
   * Opens an upload session ahead of time (POST, retried on transient failures) and returns its location, for a later
   * `uploadBlob(..., { uploadUrl })`: a caller that will know what to upload only later saves that round trip then.
   * A session that ends up unused should be given to `cancelUpload`.
   */
  openUpload(repository: string): Promise<string> {
    return this.startUpload(repository, { description: `starting an upload to ${repository}`, repository }, { retry: true });
  }

  /**
   * Cancels an unused upload session (DELETE on its location), so it does not linger until the registry purges it.
   * Best effort, one attempt: a registry that cannot cancel sessions (404, 405) expires them itself; failures are ignored.
   */
  async cancelUpload(repository: string, uploadUrl: string): Promise<void> {
    try {
      const response = await this.http.requestOnce({
        method: 'DELETE',
        url: uploadUrl,
        scopes: [pushScope(repository)],
        operation: { description: `cancelling an upload to ${repository}`, repository },
        expect: [204, 200, 202, 404, 405],
      });
      await response.discard();
    } catch {
      // Nothing was written through the session; the registry expires it.
    }
  }

  /**
   * POST to open a session. One attempt unless `retry`: uploadBlob retries the POST and the PUT together, so retrying
   * here too would multiply attempts.
   */
  private async startUpload(repository: string, operation: Operation, options: { retry?: boolean } = {}): Promise<string> {
    const request: RegistryRequest = {
      method: 'POST',
      url: `/v2/${repository}/blobs/uploads/`,
      headers: { 'content-length': '0' },
      scopes: [pushScope(repository)],
      operation,
      expect: [202],
    };
    const response = await (options.retry ? this.http.request(request) : this.http.requestOnce(request));
    await response.discard();
    return this.uploadLocation(response, repository);
  }

  /**
   * Opens a blob for reading, following redirects without Authorization. With `verify` (the default) the stream fails
   * when the bytes do not match the descriptor; a caller that verifies downstream anyway can turn it off.
   */
  async openBlob(repository: string, descriptor: Descriptor, options: { verify?: boolean } = {}): Promise<AsyncIterable<Uint8Array>> {
    const operation = { description: `reading blob ${shortDigest(descriptor.digest)} from ${repository}`, repository };
    const response = await this.http.request({
      method: 'GET',
      url: `/v2/${repository}/blobs/${descriptor.digest}`,
      scopes: [pullScope(repository)],
      operation,
      expect: [200],
      followRedirects: true,
    });
    const length = response.headers.get('content-length');
    if (length !== null && Number(length) !== descriptor.size) {
      await response.discard();
      throw new RegistryError(`${operation.description} failed: the registry sent ${length} bytes, the descriptor says ${descriptor.size}`, {
        operation,
        transient: false,
      });
    }
    const body = response.body();
    return options.verify === false ? body : verifyingStream(body, descriptor, `blob ${descriptor.digest} from ${repository}`);
  }

  /** Reads a small blob (a config, a signature envelope) whole, verified. */
  async readBlob(repository: string, descriptor: Descriptor, limit = MAX_BUFFERED_BLOB_BYTES): Promise<Uint8Array> {
    const operation = { description: `reading blob ${shortDigest(descriptor.digest)} from ${repository}`, repository };
    if (descriptor.size > limit) {
      throw new RegistryError(`${operation.description} failed: ${descriptor.size} bytes is over the ${limit} byte limit`, { operation, transient: false });
    }
    const { bytes } = await this.http.requestBytes(
      { method: 'GET', url: `/v2/${repository}/blobs/${descriptor.digest}`, scopes: [pullScope(repository)], operation, expect: [200], followRedirects: true },
      limit,
    );
    verifyBytes(bytes, descriptor, `blob ${descriptor.digest} from ${repository}`);
    return bytes;
  }

  /** Every tag of a repository, following `Link` pages; an unknown repository has none. */
  async listTags(repository: string, options: { pageSize?: number } = {}): Promise<string[]> {
    const tags: string[] = [];
    let url: string | undefined = tagListUrl(repository, options.pageSize);
    while (url) {
      const page: TagPage = await this.fetchTagPage(repository, url, MAX_LISTING_BYTES);
      tags.push(...page.tags);
      url = page.next;
    }
    return tags;
  }

  /**
   * The first page of a repository's tags (at most `pageSize`, if the registry honours `n`; docker-registry 2.8 sends
   * them all), read only up to `limit` bytes, and whether it is all of them: no `Link` to a next page. For callers
   * that want the listing only when it is cheap; an unknown repository has no tags.
   */
  async firstTagPage(repository: string, pageSize: number, limit: number): Promise<{ tags: string[]; complete: boolean }> {
    const page = await this.fetchTagPage(repository, tagListUrl(repository, pageSize), limit);
    return { tags: page.tags, complete: page.next === undefined };
  }

  private async fetchTagPage(repository: string, url: string, limit: number): Promise<TagPage> {
    const operation = { description: `listing tags of ${repository}`, repository };
    const { response, bytes } = await this.http.requestBytes({ method: 'GET', url, scopes: [pullScope(repository)], operation, expect: [200, 404] }, limit);
    if (response.status === 404) return { tags: [], next: undefined };
    const page = parseJson(bytes) as { tags?: unknown } | undefined;
    const tags = Array.isArray(page?.tags) ? page.tags.filter((t): t is string => typeof t === 'string') : [];
    return { tags, next: this.nextPageUrl(response, url) };
  }

  /** The absolute URL of the page a listing response links as next (`Link: <...>; rel="next"`), if it links one. */
  private nextPageUrl(response: HttpResponse, url: string): string | undefined {
    const next = nextLink(response.headers.get('link'));
    return next === undefined ? undefined : new URL(next, this.http.resolve(url)).toString();
  }

  /**
   * The referrers of a manifest from the OCI 1.1 referrers API, filtered by artifact type (by the server when it says
   * so in OCI-Filters-Applied, else here). Pages are followed until `enough` referrers are collected (all of them by
   * default), at most MAX_REFERRERS_PAGES. Undefined when the registry has no referrers API (404).
   */
  async fetchReferrers(repository: string, subject: string, options: { artifactType?: string; enough?: number } = {}): Promise<Descriptor[] | undefined> {
    const operation = { description: `listing referrers of ${shortDigest(subject)} in ${repository}`, repository };
    const descriptors: Descriptor[] = [];
    const query = options.artifactType ? `?artifactType=${encodeURIComponent(options.artifactType)}` : '';
    const enough = options.enough ?? Infinity;
    let url: string | undefined = `/v2/${repository}/referrers/${subject}${query}`;
    for (let page = 1; url && descriptors.length < enough; page++) {
      if (page > MAX_REFERRERS_PAGES) {
        throw new RegistryError(`${operation.description} failed: the registry links more than ${MAX_REFERRERS_PAGES} pages of referrers; drydock stops there`, {
          operation,
          transient: false,
        });
      }
      const { response, bytes } = await this.http.requestBytes(
        { method: 'GET', url, headers: { accept: MediaType.ociIndex }, scopes: [pullScope(repository)], operation, expect: [200, 404] },
        MAX_LISTING_BYTES,
      );
      if (response.status === 404) {
        if (descriptors.length === 0 && url.startsWith('/v2/')) return undefined;
        throw new RegistryError(`${operation.description} failed: a referrers page disappeared (404)`, { operation, status: 404, transient: false });
      }
      // Checked as strictly as any index: a hostile registry's entry without a digest or size must not reach the reader.
      let index: ImageIndex;
      try {
        const { parsed } = parseManifest(bytes, MediaType.ociIndex);
        if (parsed.kind !== 'index') throw new InvalidManifestError('it is an image manifest');
        index = parsed.index;
      } catch (error) {
        if (!(error instanceof InvalidManifestError)) throw error;
        throw new RegistryError(`${operation.description} failed: the answer is not a valid image index (${error.message})`, { operation, transient: false, cause: error });
      }
      const filtered = (response.headers.get('oci-filters-applied') ?? '').split(',').map((f) => f.trim()).includes('artifactType');
      descriptors.push(
        ...index.manifests.filter((d) => !options.artifactType || filtered || d.artifactType === options.artifactType),
      );
      url = this.nextPageUrl(response, url);
    }
    return descriptors;
  }

  /** What an earlier probe learned (or is learning) about the repository's referrers API; undefined before any. */
  probedReferrersApiSupport(repository: string): Promise<boolean> | undefined {
    return this.referrersSupport.get(repository);
  }

  /**
   * Whether the repository's registry serves the referrers API, probed once per repository the way oras-go does it
   * (the all-zero digest: a 200 with an index proves the API, a 404 disproves it) rather than trusting OCI-Subject.
   */
  referrersApiSupported(repository: string): Promise<boolean> {
    // A probe that failed is made again by the next caller.
    return rememberedUntilRejected(this.referrersSupport, repository, () => this.fetchReferrers(repository, ZERO_DIGEST).then((found) => found !== undefined));
  }
}
