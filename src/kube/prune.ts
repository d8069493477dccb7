import { mapConcurrent } from '../core/pool.js';
import type { KubeClient } from './client.js';
import { DEPLOYMENT_LABEL, groupOf, MANAGED_BY_LABEL, MANAGED_BY_VALUE, objectKey, refOf, type ObjectRef } from './objects.js';

/**
 * Prune: delete what an earlier run of the same deployment applied and the manifests no longer hold. Only objects
 * carrying both `app.kubernetes.io/managed-by: drydock` and `drydock.dev/deployment: <name>` are candidates (the
 * server filters on the selector, and every candidate's labels are checked again before deleting). Namespaces and
 * CustomResourceDefinitions are never pruned: deleting one deletes everything in it.
 */
export const PRUNE_KINDS: readonly { apiVersion: string; kind: string }[] = [
  { apiVersion: 'v1', kind: 'ConfigMap' },
  { apiVersion: 'v1', kind: 'Secret' },
  { apiVersion: 'v1', kind: 'Service' },
  { apiVersion: 'v1', kind: 'ServiceAccount' },
  { apiVersion: 'v1', kind: 'PersistentVolumeClaim' },
  { apiVersion: 'v1', kind: 'Pod' },
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'apps/v1', kind: 'StatefulSet' },
  { apiVersion: 'apps/v1', kind: 'DaemonSet' },
  { apiVersion: 'batch/v1', kind: 'Job' },
  { apiVersion: 'batch/v1', kind: 'CronJob' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' },
  { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding' },
];

const NEVER_PRUNED = new Set(['/Namespace', 'apiextensions.k8s.io/CustomResourceDefinition']);

export function pruneSelector(deploymentName: string): string {
  return `${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE},${DEPLOYMENT_LABEL}=${deploymentName}`;
}

export interface PruneOptions {
  readonly deploymentName: string;
  /** Namespaces to look in (the ones this deploy applies to). */
  readonly namespaces: readonly string[];
  /** Kinds in the manifests, looked at besides PRUNE_KINDS. */
  readonly kinds: readonly { apiVersion: string; kind: string }[];
  /** objectKey of everything the manifests hold. */
  readonly keep: ReadonlySet<string>;
  readonly concurrency: number;
}

/** Objects of this deployment that the manifests no longer hold. */
export async function findPrunable(client: KubeClient, options: PruneOptions): Promise<ObjectRef[]> {
  const kinds = new Map<string, { apiVersion: string; kind: string }>();
  for (const kind of [...PRUNE_KINDS, ...options.kinds]) {
    const key = `${groupOf(kind.apiVersion)}/${kind.kind}`;
    if (!NEVER_PRUNED.has(key) && !kinds.has(key)) kinds.set(key, kind);
  }
  const selector = pruneSelector(options.deploymentName);
  const lookups: { apiVersion: string; kind: string; namespace?: string }[] = [];
  for (const kind of kinds.values()) {
    const resource = await client.resource(kind.apiVersion, kind.kind);
    if (!resource) continue;
    if (resource.namespaced) for (const namespace of options.namespaces) lookups.push({ ...kind, namespace });
    else lookups.push(kind);
  }
  const found = await mapConcurrent(lookups, options.concurrency, (lookup) =>
    client.list(lookup.apiVersion, lookup.kind, lookup.namespace, { labelSelector: selector }),
  );
  return found
    .flat()
    .filter((object) => {
      const labels = object.metadata.labels ?? {};
      return labels[MANAGED_BY_LABEL] === MANAGED_BY_VALUE && labels[DEPLOYMENT_LABEL] === options.deploymentName;
    })
    .map(refOf)
    .filter((ref) => !options.keep.has(objectKey(ref)));
}
