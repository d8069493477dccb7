import { ConfigurationError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { mapConcurrent } from '../core/pool.js';
import type { KubeClient } from './client.js';
import {
  DEPLOYMENT_LABEL,
  describeRef,
  FIELD_MANAGER,
  groupOf,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  objectKey,
  refOf,
  type ManifestObject,
} from './objects.js';
import { KubeApiError } from './transport.js';

/**
 * Where each object goes: whether its kind is namespaced (discovery, or the CRD in the same manifests), the namespace
 * of objects that name none, the deployment labels, and the namespaces that must exist before anything is applied.
 */
export interface Scope {
  readonly namespaced: boolean;
  /** Defined by a CustomResourceDefinition in these manifests that the cluster does not have yet. */
  readonly pendingCrd: boolean;
}

export const kindKey = (object: { apiVersion: string; kind: string }) => `${object.apiVersion}|${object.kind}`;

/** Scopes by kindKey. Kinds the cluster does not serve (and no CRD in the manifests defines) are one error, up front. */
export async function resolveScopes(manifests: readonly ManifestObject[], client: KubeClient, concurrency: number): Promise<Map<string, Scope>> {
  const firstOfKind = new Map<string, ManifestObject>();
  for (const manifest of manifests) if (!firstOfKind.has(kindKey(manifest.object))) firstOfKind.set(kindKey(manifest.object), manifest);
  const crds = manifests.map((m) => m.object).filter((o) => o.kind === 'CustomResourceDefinition' && groupOf(o.apiVersion) === 'apiextensions.k8s.io');
  const entries = [...firstOfKind.values()];
  const resources = await mapConcurrent(entries, concurrency, (m) => client.resource(m.object.apiVersion, m.object.kind));
  const scopes = new Map<string, Scope>();
  const unknown: string[] = [];
  entries.forEach((manifest, index) => {
    const { apiVersion, kind } = manifest.object;
    const resource = resources[index];
    if (resource) {
      scopes.set(kindKey(manifest.object), { namespaced: resource.namespaced, pendingCrd: false });
      return;
    }
    const crd = crds.find((c) => {
      const spec = (c['spec'] ?? {}) as { group?: string; names?: { kind?: string }; versions?: { name?: string }[] };
      return spec.group === groupOf(apiVersion) && spec.names?.kind === kind && (spec.versions ?? []).some((v) => `${spec.group}/${v.name}` === apiVersion);
    });
    if (crd) scopes.set(kindKey(manifest.object), { namespaced: (crd['spec'] as { scope?: string }).scope !== 'Cluster', pendingCrd: true });
    else unknown.push(`Manifest ${manifest.source}: the cluster does not serve ${kind} in ${apiVersion}`);
  });
  if (unknown.length > 0) {
    throw new ConfigurationError(
      `${unknown.join('; ')}. Check apiVersion and kind (API versions are removed in new Kubernetes releases), or install the CustomResourceDefinition first.`,
    );
  }
  return scopes;
}

/**
 * Gives namespaced objects without a namespace the default one, drops the namespace of cluster-scoped objects (as
 * kubectl ignores it), and refuses two definitions of one object.
 */
export function placeObjects(manifests: readonly ManifestObject[], scopes: ReadonlyMap<string, Scope>, defaultNamespace: string, logger: Logger): ManifestObject[] {
  const seen = new Map<string, string>();
  return manifests.map((manifest) => {
    const object = structuredClone(manifest.object);
    if (scopes.get(kindKey(object))!.namespaced) object.metadata.namespace ??= defaultNamespace;
    else if (object.metadata.namespace !== undefined) {
      logger.debug(`${manifest.source}: ${object.kind} is cluster-scoped; its metadata.namespace is ignored`);
      delete object.metadata.namespace;
    }
    const key = objectKey(refOf(object));
    const earlier = seen.get(key);
    if (earlier) {
      throw new ConfigurationError(`Manifest ${manifest.source}: ${describeRef(refOf(object))} is already defined in ${earlier}. Keep one definition of each object.`);
    }
    seen.set(key, manifest.source);
    return { source: manifest.source, object };
  });
}

/** The labels prune selects on, on every object. */
export function withDeploymentLabels(manifests: readonly ManifestObject[], deploymentName: string, logger: Logger): ManifestObject[] {
  return manifests.map((manifest) => {
    const object = structuredClone(manifest.object);
    const labels = { ...(object.metadata.labels ?? {}) };
    if (labels[MANAGED_BY_LABEL] !== undefined && labels[MANAGED_BY_LABEL] !== MANAGED_BY_VALUE) {
      logger.warning(`${describeRef(refOf(object))}: label ${MANAGED_BY_LABEL}=${labels[MANAGED_BY_LABEL]} is replaced by ${MANAGED_BY_VALUE}, since deployment-name is set`);
    }
    labels[MANAGED_BY_LABEL] = MANAGED_BY_VALUE;
    labels[DEPLOYMENT_LABEL] = deploymentName;
    object.metadata.labels = labels;
    return { source: manifest.source, object };
  });
}

/**
 * Whether a namespace exists. Identities allowed to deploy into a namespace are often not allowed to read Namespace
 * objects (cluster-scoped): a 403 counts as "exists", and applying into a missing one still fails with a clear error.
 */
export async function namespaceExists(client: KubeClient, name: string, logger: Logger): Promise<boolean> {
  try {
    return (await client.get({ apiVersion: 'v1', kind: 'Namespace', name })) !== undefined;
  } catch (error) {
    if (error instanceof KubeApiError && error.status === 403) {
      logger.debug(`Not allowed to read namespace ${name}; assuming it exists`);
      return true;
    }
    throw error;
  }
}

export interface NamespacePlan {
  /** Every namespace the deploy touches (used by objects or declared by the manifests). */
  readonly all: ReadonlySet<string>;
  /** Namespaces that did not exist: created here (create-namespace) or by the manifests. A dry run cannot validate objects in them. */
  readonly fresh: ReadonlySet<string>;
  /** Namespaces created here because of create-namespace. */
  readonly created: readonly string[];
}

/**
 * The namespaces objects live in must exist before they are applied: the manifests may declare them, otherwise they
 * must be there already or be created (create-namespace; an existing namespace is never written to, so a deployer
 * without rights on namespaces is not refused, Azure/k8s-deploy #149).
 */
export async function prepareNamespaces(
  client: KubeClient,
  manifests: readonly ManifestObject[],
  options: { readonly createNamespace: boolean; readonly dryRun: boolean; readonly concurrency: number },
  logger: Logger,
  onChange?: (change: string) => void,
): Promise<NamespacePlan> {
  const declared = new Set(manifests.filter((m) => m.object.kind === 'Namespace' && m.object.apiVersion === 'v1').map((m) => m.object.metadata.name));
  const used = [...new Set(manifests.map((m) => m.object.metadata.namespace).filter((ns): ns is string => ns !== undefined))].sort();
  const needed = used.filter((ns) => !declared.has(ns));
  const exists = await mapConcurrent(needed, options.concurrency, (name) => namespaceExists(client, name, logger));
  const missing = needed.filter((_, index) => !exists[index]);
  if (missing.length > 0 && !options.createNamespace) {
    const users = missing.map((ns) => `${ns} (${manifests.find((m) => m.object.metadata.namespace === ns)!.source})`);
    throw new ConfigurationError(`Namespace ${users.join(', ')} does not exist. Add the Namespace to the manifests, or set create-namespace: true.`);
  }
  const fresh = new Set<string>();
  for (const name of missing) {
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, { fieldManager: FIELD_MANAGER, dryRun: options.dryRun });
    fresh.add(name);
    logger.info(`${options.dryRun ? 'Would create' : 'Created'} namespace ${name}`);
    if (!options.dryRun) onChange?.(`${describeRef({ apiVersion: 'v1', kind: 'Namespace', name })} created`);
  }
  // Only a dry run needs to know which declared namespaces are new (it cannot validate what goes into them).
  if (options.dryRun) for (const name of declared) if (!(await namespaceExists(client, name, logger))) fresh.add(name);
  return { all: new Set([...used, ...declared]), fresh, created: missing };
}
