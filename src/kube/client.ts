import { RemoteError } from '../core/errors.js';
import { groupOf, type KubeObject, type ObjectRef } from './objects.js';
import { KubeApiError, type KubeTransport } from './transport.js';

/** What discovery says about a kind: its URL segment and whether it lives in namespaces. */
export interface ResourceInfo {
  readonly apiVersion: string;
  readonly kind: string;
  /** Plural, lower case: the URL segment (`deployments`). */
  readonly plural: string;
  readonly namespaced: boolean;
}

interface ApiResourceList {
  resources?: { name: string; kind: string; namespaced: boolean }[];
}

export interface ApplyOptions {
  readonly fieldManager: string;
  readonly force: boolean;
  readonly dryRun: boolean;
}

export interface ApplyResult {
  readonly object: KubeObject;
  /** The server answered 201: the object did not exist before. */
  readonly created: boolean;
}

export interface ListOptions {
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
}

/**
 * The handful of API calls a deploy makes, over a KubeTransport. Discovery results are cached per client, and
 * concurrent lookups of the same API version share one request, so a parallel apply makes no more discovery calls
 * than a sequential one.
 */
export class KubeClient {
  private readonly discovery = new Map<string, Promise<ApiResourceList | undefined>>();

  constructor(readonly transport: KubeTransport) {}

  /** The resource for a kind, or undefined when the server does not serve it (e.g. its CRD is not installed). */
  async resource(apiVersion: string, kind: string): Promise<ResourceInfo | undefined> {
    const found = this.findKind(await this.resourceList(apiVersion), apiVersion, kind);
    if (found) return found;
    // A kind missing from a cached list may have been added since (a CRD applied by this deploy): look once more.
    this.discovery.delete(apiVersion);
    return this.findKind(await this.resourceList(apiVersion), apiVersion, kind);
  }

  private findKind(list: ApiResourceList | undefined, apiVersion: string, kind: string): ResourceInfo | undefined {
    const entry = list?.resources?.find((r) => r.kind === kind && !r.name.includes('/'));
    return entry ? { apiVersion, kind, plural: entry.name, namespaced: entry.namespaced } : undefined;
  }

  private resourceList(apiVersion: string): Promise<ApiResourceList | undefined> {
    let pending = this.discovery.get(apiVersion);
    if (!pending) {
      const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
      pending = this.transport.request({ method: 'GET', path }).then(
        (response) => {
          if (isResourceList(response.body)) return response.body;
          // Not the API server's answer (a proxy's page, a server that is not Kubernetes): saying the kind is not
          // served would send the user looking for a missing CustomResourceDefinition.
          this.discovery.delete(apiVersion);
          throw new RemoteError(
            `GET ${path} on ${this.transport.server} did not answer with a Kubernetes APIResourceList (${typeof response.body === 'string' ? 'not JSON' : 'no resources list'}); check that the kubeconfig's server is the cluster's API server and that no proxy answers in its place`,
          );
        },
        (error: unknown) => {
          this.discovery.delete(apiVersion);
          if (error instanceof KubeApiError && error.status === 404) return undefined;
          throw error;
        },
      );
      this.discovery.set(apiVersion, pending);
    }
    return pending;
  }

  private async path(ref: Pick<ObjectRef, 'apiVersion' | 'kind' | 'namespace'> & { name?: string }): Promise<string> {
    const resource = await this.resource(ref.apiVersion, ref.kind);
    if (!resource) throw new UnknownKindError(ref.apiVersion, ref.kind);
    const base = ref.apiVersion.includes('/') ? `/apis/${ref.apiVersion}` : `/api/${ref.apiVersion}`;
    const namespace = resource.namespaced && ref.namespace ? `/namespaces/${encodeURIComponent(ref.namespace)}` : '';
    const name = ref.name ? `/${encodeURIComponent(ref.name)}` : '';
    return `${base}${namespace}/${resource.plural}${name}`;
  }

  /** Server-side apply. The body is JSON, which is valid apply-patch YAML. */
  async apply(object: KubeObject, options: ApplyOptions): Promise<ApplyResult> {
    const response = await this.transport.request({
      method: 'PATCH',
      path: await this.path({ ...object, name: object.metadata.name, ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}) }),
      query: { fieldManager: options.fieldManager, force: options.force ? 'true' : undefined, dryRun: options.dryRun ? 'All' : undefined },
      contentType: 'application/apply-patch+yaml',
      body: JSON.stringify(object),
    });
    return { object: response.body as KubeObject, created: response.status === 201 };
  }

  /** POST: creates the object; AlreadyExists is the caller's to handle. */
  async create(object: KubeObject, options: Pick<ApplyOptions, 'fieldManager' | 'dryRun'>): Promise<KubeObject> {
    const response = await this.transport.request({
      method: 'POST',
      path: await this.path({ apiVersion: object.apiVersion, kind: object.kind, ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}) }),
      query: { fieldManager: options.fieldManager, dryRun: options.dryRun ? 'All' : undefined },
      body: JSON.stringify(object),
    });
    return response.body as KubeObject;
  }

  /** The object, or undefined when it does not exist. */
  async get(ref: ObjectRef): Promise<KubeObject | undefined> {
    try {
      return (await this.transport.request({ method: 'GET', path: await this.path(ref) })).body as KubeObject;
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** Objects of a kind, in one namespace (or cluster-wide for cluster-scoped kinds). Items carry apiVersion and kind. */
  async list(apiVersion: string, kind: string, namespace: string | undefined, options: ListOptions = {}): Promise<KubeObject[]> {
    const response = await this.transport.request({
      method: 'GET',
      path: await this.path({ apiVersion, kind, ...(namespace ? { namespace } : {}) }),
      query: { labelSelector: options.labelSelector, fieldSelector: options.fieldSelector },
    });
    const items = ((response.body as { items?: KubeObject[] }).items ?? []) as KubeObject[];
    // Lists of built-in kinds leave apiVersion and kind out of their items.
    return items.map((item) => ({ ...item, apiVersion: item.apiVersion ?? apiVersion, kind: item.kind ?? kind }));
  }

  /** Deletes the object; false when it was already gone. Dependents go in the background, as kubectl does. */
  async delete(ref: ObjectRef, options: Pick<ApplyOptions, 'dryRun'>): Promise<boolean> {
    try {
      await this.transport.request({
        method: 'DELETE',
        path: await this.path(ref),
        query: { propagationPolicy: 'Background', dryRun: options.dryRun ? 'All' : undefined },
      });
      return true;
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 404) return false;
      throw error;
    }
  }
}

/** The server does not serve this apiVersion and kind. */
export class UnknownKindError extends Error {
  override readonly name = 'UnknownKindError';
  constructor(
    readonly apiVersion: string,
    readonly kind: string,
  ) {
    super(`the cluster does not serve ${kind} in ${apiVersion}${groupOf(apiVersion) && !groupOf(apiVersion).endsWith('k8s.io') ? ' (is its CustomResourceDefinition installed?)' : ''}`);
  }
}

function isResourceList(body: unknown): body is ApiResourceList {
  return typeof body === 'object' && body !== null && Array.isArray((body as { resources?: unknown }).resources);
}
