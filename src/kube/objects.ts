/**
 * Kubernetes objects as drydock handles them: plain JSON, never run through a typed model (client-node's models drop
 * fields they do not know, which would silently lose newer API fields from a user's manifests).
 */
export interface KubeMetadata {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [field: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: KubeMetadata;
  [field: string]: unknown;
}

/** What identifies an object on the server. `namespace` is set exactly when the kind is namespaced. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/** An object from the manifests, with where it came from for error messages (`k8s/app.yaml, document 2`). */
export interface ManifestObject {
  readonly object: KubeObject;
  readonly source: string;
}

export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'drydock';
/** Which drydock deployment applied an object; with MANAGED_BY_LABEL it is what prune selects on. */
export const DEPLOYMENT_LABEL = 'drydock.dev/deployment';
export const FIELD_MANAGER = 'drydock';

export function refOf(object: KubeObject): ObjectRef {
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    name: object.metadata.name,
    ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
  };
}

/** The API group of an apiVersion (`apps/v1` -> `apps`, `v1` -> ``). Objects are the same across versions of a group. */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Identity of an object independent of the API version it was written in. */
export function objectKey(ref: ObjectRef): string {
  return `${groupOf(ref.apiVersion)}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}

/** `Deployment shop/web`, `Namespace shop`: how objects are named in logs, errors and the summary. */
export function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
