/**
 * A small in-memory registry that speaks enough of the OCI distribution spec 1.1 for drydock's client, INCLUDING the
 * referrers API that the Debian docker-registry lacks. Two ways to use it:
 *  - `createInMemoryRegistry().fetch` as the client's injected transport (unit tests, no sockets);
 *  - `startReferrersFake()` on 127.0.0.1 for integration tests.
 * It is deliberately strict where drydock must behave (monolithic uploads only: PATCH is refused; digests verified).
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { listenOnLoopback } from './loopback.js';

export interface InMemoryRegistryOptions {
  /** Serve GET /v2/<name>/referrers/<digest>; without it the route is a 404 like docker-registry 2.8. */
  readonly referrersApi?: boolean;
  /** Filter by artifactType server-side and say so in OCI-Filters-Applied. */
  readonly applyArtifactTypeFilter?: boolean;
  /** Referrers per page; more are linked with `Link: <...>; rel="next"`. */
  readonly referrersPageSize?: number;
  /** Answer a manifest PUT carrying `subject` with OCI-Subject (what a registry with the API does). */
  readonly sendSubjectHeader?: boolean;
  /** Leave Docker-Content-Digest out of manifest responses, as ECR sometimes does. */
  readonly omitManifestDigest?: boolean;
  /** Credentials for Basic authentication; without them the registry is open. */
  readonly basicAuth?: { readonly username: string; readonly password: string };
  /**
   * Refuse a manifest whose config or layers, or an index whose child manifests, are not in the repository yet (400
   * MANIFEST_BLOB_UNKNOWN, as docker-registry and ECR do). A missing `subject` is allowed, as the spec says.
   */
  readonly checkReferences?: boolean;
}

interface StoredManifest {
  readonly bytes: Uint8Array;
  readonly mediaType: string;
}

interface Repository {
  readonly manifests: Map<string, StoredManifest>;
  readonly tags: Map<string, string>;
  readonly blobs: Set<string>;
}

export interface RequestLogEntry {
  readonly method: string;
  readonly path: string;
  readonly status: number;
}

function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function errorResponse(status: number, code: string, message: string): Response {
  return new Response(JSON.stringify({ errors: [{ code, message }] }), { status, headers: { 'content-type': 'application/json' } });
}

export class InMemoryRegistry {
  readonly log: RequestLogEntry[] = [];
  private readonly repositories = new Map<string, Repository>();
  private readonly blobs = new Map<string, Uint8Array>();
  private readonly uploads = new Map<string, string>();

  constructor(readonly options: InMemoryRegistryOptions = {}) {}

  /** A fetch-like transport for RegistryClient. */
  readonly fetch = async (url: string, init: RequestInit & { duplex?: 'half' }): Promise<Response> => {
    const request = new Request(url, init.body === undefined || init.body === null ? init : { ...init, duplex: 'half' });
    return this.handle(request);
  };

  repository(name: string): Repository {
    let repository = this.repositories.get(name);
    if (!repository) {
      repository = { manifests: new Map(), tags: new Map(), blobs: new Set() };
      this.repositories.set(name, repository);
    }
    return repository;
  }

  tags(name: string): string[] {
    return [...(this.repositories.get(name)?.tags.keys() ?? [])].sort();
  }

  hasBlob(name: string, digest: string): boolean {
    return this.repositories.get(name)?.blobs.has(digest) ?? false;
  }

  manifest(name: string, reference: string): StoredManifest | undefined {
    const repository = this.repositories.get(name);
    const digest = repository?.tags.get(reference) ?? reference;
    return repository?.manifests.get(digest);
  }

  /** Seeds a blob directly (for tests that need content to already be there). */
  putBlob(name: string, bytes: Uint8Array): string {
    const digest = sha256(bytes);
    this.blobs.set(digest, bytes);
    this.repository(name).blobs.add(digest);
    return digest;
  }

  async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const response = await this.route(request, url);
    this.log.push({ method: request.method, path: `${url.pathname}${url.search}`, status: response.status });
    return response;
  }

  private authorized(request: Request): boolean {
    const auth = this.options.basicAuth;
    if (!auth) return true;
    const expected = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    return request.headers.get('authorization') === expected;
  }

  private async route(request: Request, url: URL): Promise<Response> {
    const path = url.pathname;
    if (!this.authorized(request)) {
      return new Response(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }), {
        status: 401,
        headers: { 'www-authenticate': 'Basic realm="fake"', 'content-type': 'application/json' },
      });
    }
    if (path === '/v2/' || path === '/v2') return Response.json({});
    let match: RegExpExecArray | null;
    if ((match = /^\/v2\/(.+)\/blobs\/uploads\/?$/.exec(path)) && request.method === 'POST') return this.startUpload(match[1] as string, url);
    if ((match = /^\/v2\/(.+)\/blobs\/uploads\/([^/]+)$/.exec(path))) {
      if (request.method === 'PUT') return this.finishUpload(match[1] as string, match[2] as string, url, request);
      if (request.method === 'DELETE') return this.cancelUpload(match[1] as string, match[2] as string);
      return errorResponse(405, 'UNSUPPORTED', `${request.method} on an upload session: only monolithic PUT (or DELETE) is supported here`);
    }
    if ((match = /^\/v2\/(.+)\/blobs\/(sha256:[0-9a-f]{64})$/.exec(path))) return this.blob(match[1] as string, match[2] as string, request.method);
    if ((match = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(path))) return this.manifestRoute(match[1] as string, match[2] as string, request);
    if ((match = /^\/v2\/(.+)\/tags\/list$/.exec(path)) && request.method === 'GET') return this.tagList(match[1] as string, url);
    if ((match = /^\/v2\/(.+)\/referrers\/(sha256:[0-9a-f]{64})$/.exec(path)) && request.method === 'GET' && this.options.referrersApi) {
      return this.referrers(match[1] as string, match[2] as string, url);
    }
    return new Response('404 page not found\n', { status: 404, headers: { 'content-type': 'text/plain' } });
  }

  private startUpload(name: string, url: URL): Response {
    const mount = url.searchParams.get('mount');
    const from = url.searchParams.get('from');
    if (mount && from && this.hasBlob(from, mount)) {
      this.repository(name).blobs.add(mount);
      return new Response(null, { status: 201, headers: { location: `/v2/${name}/blobs/${mount}`, 'docker-content-digest': mount } });
    }
    const id = randomUUID();
    this.uploads.set(id, name);
    return new Response(null, { status: 202, headers: { location: `/v2/${name}/blobs/uploads/${id}?_state=opaque`, 'docker-upload-uuid': id } });
  }

  /** Upload sessions opened and neither finished nor cancelled. */
  get openUploads(): number {
    return this.uploads.size;
  }

  private cancelUpload(name: string, id: string): Response {
    if (this.uploads.get(id) !== name) return errorResponse(404, 'BLOB_UPLOAD_UNKNOWN', 'blob upload unknown to registry');
    this.uploads.delete(id);
    return new Response(null, { status: 204 });
  }

  private async finishUpload(name: string, id: string, url: URL, request: Request): Promise<Response> {
    if (this.uploads.get(id) !== name) return errorResponse(404, 'BLOB_UPLOAD_UNKNOWN', 'blob upload unknown to registry');
    const digest = url.searchParams.get('digest');
    if (!digest) return errorResponse(400, 'DIGEST_INVALID', 'digest missing');
    const bytes = new Uint8Array(await request.arrayBuffer());
    this.uploads.delete(id);
    if (sha256(bytes) !== digest) return errorResponse(400, 'DIGEST_INVALID', 'provided digest did not match uploaded content');
    this.blobs.set(digest, bytes);
    this.repository(name).blobs.add(digest);
    return new Response(null, { status: 201, headers: { location: `/v2/${name}/blobs/${digest}`, 'docker-content-digest': digest } });
  }

  private blob(name: string, digest: string, method: string): Response {
    const bytes = this.hasBlob(name, digest) ? this.blobs.get(digest) : undefined;
    if (!bytes) return errorResponse(404, 'BLOB_UNKNOWN', 'blob unknown to registry');
    const headers = { 'content-length': String(bytes.byteLength), 'docker-content-digest': digest, 'content-type': 'application/octet-stream' };
    return new Response(method === 'HEAD' ? null : bytes, { status: 200, headers });
  }

  private async manifestRoute(name: string, reference: string, request: Request): Promise<Response> {
    const repository = this.repository(name);
    if (request.method === 'PUT') {
      const bytes = new Uint8Array(await request.arrayBuffer());
      const digest = sha256(bytes);
      if (reference.startsWith('sha256:') && reference !== digest) return errorResponse(400, 'DIGEST_INVALID', 'manifest digest did not match');
      let document: {
        subject?: { digest?: string };
        mediaType?: string;
        config?: { digest?: string };
        layers?: { digest?: string }[];
        manifests?: { digest?: string }[];
      };
      try {
        document = JSON.parse(Buffer.from(bytes).toString('utf8')) as typeof document;
      } catch {
        return errorResponse(400, 'MANIFEST_INVALID', 'manifest invalid');
      }
      const mediaType = document.mediaType ?? request.headers.get('content-type') ?? 'application/vnd.oci.image.manifest.v1+json';
      if (this.options.checkReferences) {
        const blobs = [document.config, ...(document.layers ?? [])].filter((d) => d?.digest).map((d) => d!.digest!);
        const missing = [
          ...blobs.filter((d) => !repository.blobs.has(d)),
          ...(document.manifests ?? []).map((d) => d.digest ?? '').filter((d) => !repository.manifests.has(d)),
        ];
        if (missing.length > 0) return errorResponse(400, 'MANIFEST_BLOB_UNKNOWN', `blob unknown to registry: ${missing[0]}`);
      }
      repository.manifests.set(digest, { bytes, mediaType });
      if (!reference.startsWith('sha256:')) repository.tags.set(reference, digest);
      const headers: Record<string, string> = { location: `/v2/${name}/manifests/${digest}`, 'docker-content-digest': digest };
      if (document.subject?.digest && this.options.sendSubjectHeader) headers['oci-subject'] = document.subject.digest;
      return new Response(null, { status: 201, headers });
    }
    const stored = this.manifest(name, reference);
    if (!stored) return errorResponse(404, 'MANIFEST_UNKNOWN', `manifest unknown: ${reference}`);
    const headers: Record<string, string> = { 'content-type': stored.mediaType, 'content-length': String(stored.bytes.byteLength) };
    if (!this.options.omitManifestDigest) headers['docker-content-digest'] = sha256(stored.bytes);
    if (request.method === 'DELETE') {
      repository.manifests.delete(sha256(stored.bytes));
      return new Response(null, { status: 202 });
    }
    return new Response(request.method === 'HEAD' ? null : stored.bytes, { status: 200, headers });
  }

  private tagList(name: string, url: URL): Response {
    const all = this.tags(name);
    if (!this.repositories.has(name)) return errorResponse(404, 'NAME_UNKNOWN', 'repository name not known to registry');
    const n = Number(url.searchParams.get('n') ?? all.length);
    const last = url.searchParams.get('last');
    const start = last ? all.findIndex((t) => t > last) : 0;
    const page = start < 0 ? [] : all.slice(start, start + n);
    const headers: Record<string, string> = {};
    if (start >= 0 && start + n < all.length) headers.link = `</v2/${name}/tags/list?n=${n}&last=${page[page.length - 1]}>; rel="next"`;
    return Response.json({ name, tags: page }, { headers });
  }

  private referrers(name: string, subject: string, url: URL): Response {
    const artifactType = url.searchParams.get('artifactType');
    const all = [...this.repository(name).manifests.entries()].flatMap(([digest, stored]) => {
      const document = JSON.parse(Buffer.from(stored.bytes).toString('utf8')) as {
        subject?: { digest?: string };
        artifactType?: string;
        config?: { mediaType?: string };
        annotations?: Record<string, string>;
      };
      if (document.subject?.digest !== subject) return [];
      const type = document.artifactType ?? document.config?.mediaType;
      return [{ mediaType: stored.mediaType, digest, size: stored.bytes.byteLength, ...(type ? { artifactType: type } : {}), ...(document.annotations ? { annotations: document.annotations } : {}) }];
    });
    const filtered = artifactType && this.options.applyArtifactTypeFilter ? all.filter((d) => d.artifactType === artifactType) : all;
    const size = this.options.referrersPageSize ?? 1000;
    const page = Number(url.searchParams.get('page') ?? 0);
    const headers: Record<string, string> = { 'content-type': 'application/vnd.oci.image.index.v1+json' };
    if (artifactType && this.options.applyArtifactTypeFilter) headers['oci-filters-applied'] = 'artifactType';
    if ((page + 1) * size < filtered.length) {
      const next = new URL(url);
      next.searchParams.set('page', String(page + 1));
      headers.link = `<${next.pathname}${next.search}>; rel="next"`;
    }
    const body = { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: filtered.slice(page * size, (page + 1) * size) };
    return new Response(JSON.stringify(body), { status: 200, headers });
  }
}

export function createInMemoryRegistry(options: InMemoryRegistryOptions = {}): InMemoryRegistry {
  return new InMemoryRegistry(options);
}

export interface ReferrersFake {
  /** `127.0.0.1:<port>`: the registry name to use in references and RegistryClient. */
  readonly host: string;
  readonly registry: InMemoryRegistry;
  close(): Promise<void>;
}

/** Serves an InMemoryRegistry over plain HTTP on 127.0.0.1 (an ephemeral port). */
export async function startReferrersFake(options: InMemoryRegistryOptions = { referrersApi: true, sendSubjectHeader: true }): Promise<ReferrersFake> {
  const registry = createInMemoryRegistry(options);
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const request = new Request(`http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`, {
      method: req.method ?? 'GET',
      headers: Object.entries(req.headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, Array.isArray(v) ? v.join(', ') : v] as [string, string]])),
      ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
    } as RequestInit);
    registry
      .handle(request)
      .then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
        res.end(response.body ? Buffer.from(await response.arrayBuffer()) : undefined);
      })
      .catch((error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      });
  });
  const port = await listenOnLoopback(server);
  return {
    host: `127.0.0.1:${port}`,
    registry,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
