import { podSpecOf } from './images.js';
import { isPlainObject, MANAGED_BY_LABEL, MANAGED_BY_VALUE, type KubeObject, type ManifestObject } from './objects.js';

/**
 * The image pull secret for clusters whose nodes cannot pull from ECR with their own IAM role (AKS, any kubeconfig
 * cluster): a `kubernetes.io/dockerconfigjson` Secret made from a fresh ECR token in every namespace deployed to,
 * referenced from the workloads' pod specs or from their service accounts. ECR tokens last 12 hours, so the secret is
 * refreshed on every deploy (and by the scheduled workflow the README describes).
 */
export interface RegistryLogin {
  /** Registry host as images name it: `123456789012.dkr.ecr.eu-west-1.amazonaws.com`. */
  readonly registry: string;
  readonly username: string;
  readonly password: string;
}

/** Hands out logins for registries; the ECR implementation asks GetAuthorizationToken once per region. */
export interface RegistryLoginSource {
  logins(registries: readonly string[]): Promise<RegistryLogin[]>;
}

export type PullSecretScope = 'workloads' | 'service-account';

/** The `.dockerconfigjson` content kubelet reads. */
export function dockerConfigJson(logins: readonly RegistryLogin[]): string {
  const auths: Record<string, { username: string; password: string; auth: string }> = {};
  for (const login of logins) {
    auths[login.registry] = {
      username: login.username,
      password: login.password,
      auth: Buffer.from(`${login.username}:${login.password}`).toString('base64'),
    };
  }
  return JSON.stringify({ auths });
}

/** The Secret for one namespace. Labelled managed-by drydock but with no deployment label, so prune never deletes it. */
export function pullSecretObject(name: string, namespace: string, encodedConfig: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace, labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE } },
    type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': encodedConfig },
  };
}

function addSecretReference(holder: Record<string, unknown>, name: string): void {
  const current = Array.isArray(holder['imagePullSecrets']) ? (holder['imagePullSecrets'] as unknown[]) : [];
  if (current.some((entry) => isPlainObject(entry) && entry['name'] === name)) return;
  holder['imagePullSecrets'] = [...current, { name }];
}

/** A copy of a workload whose pod spec lists the pull secret (unchanged when it already does or runs no pods). */
export function withPodPullSecret(object: KubeObject, name: string): KubeObject {
  const copy = structuredClone(object);
  const spec = podSpecOf(copy);
  if (spec) addSecretReference(spec, name);
  return copy;
}

/** A copy of a ServiceAccount that lists the pull secret. */
export function withServiceAccountPullSecret(object: KubeObject, name: string): KubeObject {
  const copy = structuredClone(object);
  addSecretReference(copy, name);
  return copy;
}

/** The service accounts the workloads run as, per namespace (`default` when a pod spec names none). */
export function serviceAccountsUsed(manifests: readonly ManifestObject[]): Map<string, Set<string>> {
  const used = new Map<string, Set<string>>();
  for (const { object } of manifests) {
    const spec = podSpecOf(object);
    const namespace = object.metadata.namespace;
    if (!spec || !namespace) continue;
    const account = typeof spec['serviceAccountName'] === 'string' && spec['serviceAccountName'] ? spec['serviceAccountName'] : 'default';
    if (!used.has(namespace)) used.set(namespace, new Set());
    used.get(namespace)!.add(account);
  }
  return used;
}
