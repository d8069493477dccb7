import { ConfigurationError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { SecretSet } from '../core/secrets.js';
import { parseEcrRegistry, parseImageReference } from '../oci/reference.js';
import { podSpecOf } from './images.js';
import { FIELD_MANAGER, isPlainObject, MANAGED_BY_LABEL, MANAGED_BY_VALUE, type KubeObject, type ManifestObject } from './objects.js';

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

export interface PullSecretSettings {
  readonly name: string;
  readonly scope: PullSecretScope;
  /** Registry hosts to log in to besides the ECR registries the images use. */
  readonly registries: readonly string[];
}

/**
 * The field manager for service accounts drydock only adds the pull secret to: its own, so applying them never drops
 * fields drydock's main field manager owns, and the next deploy without a pull secret leaves the reference alone.
 */
export const PULL_SECRET_FIELD_MANAGER = `${FIELD_MANAGER}-pull-secret`;

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

export interface PullSecretPlan {
  /** The manifests, their pod specs (scope workloads) or service accounts (scope service-account) referencing the secret. */
  readonly manifests: ManifestObject[];
  /** One Secret per namespace. */
  readonly secrets: ManifestObject[];
  /** Service accounts the manifests do not define, to apply with PULL_SECRET_FIELD_MANAGER. */
  readonly serviceAccounts: ManifestObject[];
}

const SOURCE = 'ecr-pull-secret';

/**
 * Everything the pull secret adds to a deploy. The registries are those given plus every ECR registry the images use;
 * the manifests' namespaces are already set.
 */
export async function planPullSecret(
  manifests: readonly ManifestObject[],
  images: readonly string[],
  settings: PullSecretSettings,
  deps: { readonly logins: RegistryLoginSource; readonly secrets: SecretSet; readonly logger: Logger },
): Promise<PullSecretPlan> {
  const inImages = images.map((image) => parseImageReference(image, 'images').registry).filter((host) => parseEcrRegistry(host) !== undefined);
  const registries = [...new Set([...settings.registries, ...inImages])];
  if (registries.length === 0) {
    throw new ConfigurationError(
      `Input 'ecr-pull-secret': no image in the manifests is in an ECR registry, so the pull secret '${settings.name}' would be empty. Name the registries in 'ecr-registries', or set ecr-pull-secret: false.`,
    );
  }
  const clash = manifests.find((m) => m.object.kind === 'Secret' && m.object.apiVersion === 'v1' && m.object.metadata.name === settings.name);
  if (clash) {
    throw new ConfigurationError(`Input 'ecr-pull-secret': the manifests define Secret ${settings.name} too (${clash.source}). Choose another name for the pull secret.`);
  }
  const namespaces = [...new Set(manifests.map((m) => m.object.metadata.namespace).filter((ns): ns is string => ns !== undefined))].sort();
  if (namespaces.length === 0) {
    // Cluster-scoped objects only (a Namespace alone): the secret would be written nowhere, and a refresh do nothing.
    throw new ConfigurationError(
      `Input 'ecr-pull-secret': no object in the manifests is in a namespace, so there is nowhere to create the pull secret '${settings.name}'. ` +
        'Deploy the namespaced objects that pull the images, or the ServiceAccounts that use the secret (with pull-secret-scope: service-account, as action-templates/refresh-ecr-pull-secret.yml does).',
    );
  }
  const encoded = deps.secrets.add(Buffer.from(dockerConfigJson(await deps.logins.logins(registries))).toString('base64'));
  deps.logger.info(`Pull secret ${settings.name} for ${registries.join(', ')} in ${namespaces.length === 1 ? 'namespace' : 'namespaces'} ${namespaces.join(', ')}`);
  const secrets = namespaces.map((namespace) => ({ source: SOURCE, object: pullSecretObject(settings.name, namespace, encoded) }));

  if (settings.scope === 'workloads') {
    return { manifests: manifests.map((m) => ({ source: m.source, object: withPodPullSecret(m.object, settings.name) })), secrets, serviceAccounts: [] };
  }
  const isAccount = (m: ManifestObject, namespace: string, name: string) =>
    m.object.kind === 'ServiceAccount' && m.object.apiVersion === 'v1' && m.object.metadata.namespace === namespace && m.object.metadata.name === name;
  let result = [...manifests];
  const serviceAccounts: ManifestObject[] = [];
  for (const [namespace, accounts] of serviceAccountsUsed(manifests)) {
    for (const account of accounts) {
      const index = result.findIndex((m) => isAccount(m, namespace, account));
      if (index >= 0) {
        result = result.map((m, i) => (i === index ? { source: m.source, object: withServiceAccountPullSecret(m.object, settings.name) } : m));
      } else {
        serviceAccounts.push({ source: SOURCE, object: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: account, namespace }, imagePullSecrets: [{ name: settings.name }] } });
      }
    }
  }
  return { manifests: result, secrets, serviceAccounts };
}
