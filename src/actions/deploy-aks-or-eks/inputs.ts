import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { resolveRegion } from '../../aws/client-config.js';
import { parseSdkAuthJson, type AzureLogin } from '../../azure/credentials.js';
import type { ActionContext } from '../../core/action.js';
import { ConfigurationError, invalidInput } from '../../core/errors.js';
import { InputReader, parseBoolean, parseRegion, readInputFile } from '../../core/inputs.js';
import type { SecretSet } from '../../core/secrets.js';
import type { DeploySettings } from '../../kube/deploy.js';
import { parseImageSubstitutions } from '../../kube/images.js';
import type { KubeConfigSource } from '../../kube/kubeconfig.js';
import { loadManifests, NAMESPACE_NAME } from '../../kube/manifests.js';
import type { PullSecretScope } from '../../kube/pull-secret.js';
import { parseRegistryBaseUrl } from '../../oci/endpoint.js';
import { parseEcrRegistry } from '../../oci/reference.js';
import { parseVerifySignatureInputs, type VerifySignatureSettings } from '../verify-signature/inputs.js';

/** Which cluster to deploy to and how to reach it. */
export type ClusterTarget =
  | { readonly kind: 'eks'; readonly clusterName: string; readonly region: string }
  | {
      readonly kind: 'aks';
      readonly clusterName: string;
      readonly resourceGroup: string;
      readonly subscriptionId: string;
      readonly login: AzureLogin;
    }
  | { readonly kind: 'kubeconfig'; readonly source: KubeConfigSource; readonly context?: string };

/** verify-signature's trust settings, for the verification gate (`verify-images: true`). */
export type VerificationSettings = Pick<VerifySignatureSettings, 'trustPolicy' | 'trustStore' | 'revocationCheck'>;

/** The ECR pull secret as asked: `auto` makes one on AKS and kubeconfig targets when images come from ECR. */
export type PullSecretRequest =
  | { readonly mode: 'off' }
  | { readonly mode: 'auto' | 'on'; readonly name: string; readonly scope: PullSecretScope; readonly registries: readonly string[] };

export interface DeployAksOrEksSettings {
  readonly target: ClusterTarget;
  /** The `namespace` input; without it the kubeconfig context's namespace, then `default`. */
  readonly namespace?: string;
  /** Everything the deploy itself needs except the default namespace (known once connected) and the pull secret. */
  readonly deploy: Omit<DeploySettings, 'defaultNamespace' | 'pullSecret'>;
  readonly pullSecret: PullSecretRequest;
  readonly verification?: VerificationSettings;
  /** Registry to contact instead of ECR's own host when resolving digests (private endpoints, local testing). */
  readonly registryEndpoint?: URL;
}

export const TARGETS = ['eks', 'aks', 'kubeconfig'] as const;
export const DEFAULT_PULL_SECRET_NAME = 'ecr-pull-secret';
const POLL_INTERVAL_MS = 2000;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** AKS cluster names: 1-63 letters, digits, '-' and '_', starting and ending with a letter or digit. */
const AKS_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?$/;
/** EKS cluster names: 1-100 letters, digits, '-' and '_', starting with a letter or digit. */
const EKS_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;
const RESOURCE_GROUP = /^[-\w._()]{1,90}$/u;
/** A label value: up to 63 characters, alphanumeric at both ends, '-', '_' and '.' between. */
const LABEL_VALUE = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/;
/** A Secret name: an RFC 1123 subdomain. */
const SECRET_NAME = /^[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?$/;

const CLUSTER_INPUTS: Record<(typeof TARGETS)[number], readonly string[]> = {
  eks: ['cluster-name'],
  aks: ['cluster-name', 'resource-group', 'subscription', 'azure-credentials', 'client-id', 'tenant-id'],
  kubeconfig: ['kubeconfig', 'context'],
};

/** Inputs that belong to another target are an error: silently ignoring them would hide a wrong `target`. */
function rejectForeignInputs(inputs: InputReader, target: (typeof TARGETS)[number]): void {
  const foreign = [...new Set(Object.values(CLUSTER_INPUTS).flat())].filter((name) => !CLUSTER_INPUTS[target].includes(name));
  for (const name of foreign) {
    if (inputs.isSet(name)) {
      const owners = TARGETS.filter((t) => CLUSTER_INPUTS[t].includes(name)).join(' or ');
      throw new ConfigurationError(`Input '${name}' applies to target ${owners}, not to target ${target}. Remove it, or change 'target'.`);
    }
  }
}

function parseEksTarget(inputs: InputReader, env: NodeJS.ProcessEnv, region: string | undefined): ClusterTarget {
  const clusterName = inputs.required('cluster-name', 'Name the EKS cluster to deploy to.');
  if (!EKS_NAME.test(clusterName)) {
    throw invalidInput('cluster-name', clusterName, 'is not a valid EKS cluster name', "Use up to 100 letters, digits, '-' and '_', starting with a letter or digit.");
  }
  return { kind: 'eks', clusterName, region: resolveRegion(region, env) };
}

function parseAksTarget(inputs: InputReader, context: Pick<ActionContext, 'secrets'>): ClusterTarget {
  const clusterName = inputs.required('cluster-name', 'Name the AKS cluster to deploy to.');
  if (!AKS_NAME.test(clusterName)) {
    throw invalidInput('cluster-name', clusterName, 'is not a valid AKS cluster name', "Use 1 to 63 letters, digits, '-' and '_', starting and ending with a letter or digit.");
  }
  const resourceGroup = inputs.required('resource-group', "Name the AKS cluster's resource group.");
  if (!RESOURCE_GROUP.test(resourceGroup) || resourceGroup.endsWith('.')) {
    throw invalidInput('resource-group', resourceGroup, 'is not a valid resource group name', "Use up to 90 letters, digits, '-', '_', '.', '(' and ')', not ending with '.'.");
  }
  const secret = inputs.secret('azure-credentials');
  const clientId = inputs.optional('client-id');
  const tenantId = inputs.optional('tenant-id');
  let login: AzureLogin;
  if (secret !== undefined) {
    if (clientId !== undefined || tenantId !== undefined) {
      throw new ConfigurationError(
        `Input '${clientId !== undefined ? 'client-id' : 'tenant-id'}' is set together with 'azure-credentials'. Use either azure-credentials (a service principal secret) or client-id and tenant-id (workload identity federation), not both.`,
      );
    }
    login = { kind: 'service-principal', credentials: parseSdkAuthJson(secret, context.secrets) };
  } else if (clientId !== undefined || tenantId !== undefined) {
    for (const [name, value] of [['client-id', clientId], ['tenant-id', tenantId]] as const) {
      if (value === undefined) {
        throw new ConfigurationError(`Input '${name}' is required with ${name === 'client-id' ? 'tenant-id' : 'client-id'}. Give both the app registration's client id and its tenant id for workload identity federation.`);
      }
      if (!GUID.test(value)) throw invalidInput(name, value, 'is not a GUID', 'Copy it from the app registration (or managed identity) overview in the Azure portal.');
    }
    login = { kind: 'federated', clientId: clientId!, tenantId: tenantId! };
  } else {
    throw new ConfigurationError(
      "Input 'azure-credentials' is required with target: aks, unless client-id and tenant-id are set. Pass the service principal JSON from a secret, or set client-id and tenant-id for workload identity federation (and permissions: id-token: write).",
    );
  }
  const subscriptionInput = inputs.optional('subscription');
  const subscriptionId = subscriptionInput ?? (login.kind === 'service-principal' ? login.credentials.subscriptionId : undefined);
  if (subscriptionId === undefined) {
    throw new ConfigurationError("Input 'subscription' is required with target: aks here. Give the id of the subscription that holds the cluster.");
  }
  if (!GUID.test(subscriptionId)) throw invalidInput('subscription', subscriptionId, 'is not a subscription id (a GUID)', 'Copy it from the cluster overview in the Azure portal.');
  return { kind: 'aks', clusterName, resourceGroup, subscriptionId, login };
}

/** How a kubeconfig's text starts, YAML or JSON: a value starting so is content, not a path. */
const KUBECONFIG_START = /^\s*(apiVersion|kind|clusters|\{)/;
/** Only the base64 alphabet, long enough to hold more than a file name. */
const BASE64 = /^[A-Za-z0-9+/]{40,}={0,2}$/;
/** How a whole kubeconfig file starts: comments, blank lines and a document marker may come before its first key. */
const KUBECONFIG_FILE_START = /^(?:[ \t]*(?:#.*|---[ \t]*)?\r?\n)*[ \t]*(?:(?:apiVersion|kind|clusters|contexts|current-context|preferences|users)[ \t]*:|\{)/;

/**
 * A base64-encoded kubeconfig (as stored in KUBE_CONFIG_DATA, say, on one line or wrapped as `base64` prints it). It
 * is recognised only to say so, never decoded and used: the input takes a kubeconfig, and guessing at encodings would
 * blur that contract (and turn some typo of a path into a cluster login).
 */
function isBase64Kubeconfig(value: string): boolean {
  const compact = value.replace(/\s+/g, '');
  if (!BASE64.test(compact)) return false;
  const decoded = Buffer.from(compact, 'base64').toString('utf8');
  return !decoded.includes('\uFFFD') && KUBECONFIG_FILE_START.test(decoded);
}

/**
 * The error for a `kubeconfig` value that is neither content nor an existing file. The value is not shown: it is most
 * likely a secret in the wrong form (base64-encoded, or a token), not a mistyped path.
 */
function notKubeconfig(value: string, baseDir: string): ConfigurationError {
  const fix = isBase64Kubeconfig(value)
    ? 'It looks like a base64-encoded kubeconfig, which must be decoded first: store the decoded kubeconfig in the secret, or decode it in an earlier step (for example echo "$KUBE_CONFIG_DATA" | base64 -d > "$RUNNER_TEMP/kubeconfig") and give that file\'s path.'
    : `Give the kubeconfig's content (for example from a secret) or the path of a kubeconfig file (relative paths start at ${baseDir}).`;
  return new ConfigurationError(`Input 'kubeconfig' is neither kubeconfig content nor the path of an existing file (the value is not shown, since it may be a secret). ${fix}`);
}

const isFile = (file: string): boolean => existsSync(file) && !statSync(file).isDirectory();

/** A kubeconfig file; relative certificate and key paths in it start at its folder, as in kubectl. */
function kubeconfigFile(readAs: string, file: string, resolved: string): KubeConfigSource {
  return { text: readInputFile(readAs, resolved, file), origin: `kubeconfig file ${file}`, inputName: 'kubeconfig', baseDir: path.dirname(resolved) };
}

/**
 * The kubeconfig as a path or as content (anything with a newline, or starting like YAML or JSON, is content). A value
 * that is neither is masked before the error: it is probably a secret. The path of an existing file is not masked: it
 * is no secret, and masking a short path such as `kubeconfig` would blank that word out of every log line.
 */
function parseKubeconfigTarget(inputs: InputReader, env: NodeJS.ProcessEnv, secrets: SecretSet): ClusterTarget {
  const value = inputs.secret('kubeconfig');
  const context = inputs.optional('context');
  if (value !== undefined && isBase64Kubeconfig(value)) throw notKubeconfig(secrets.add(value), inputs.baseDir);
  let source: KubeConfigSource;
  if (value !== undefined && (value.includes('\n') || KUBECONFIG_START.test(value))) {
    source = { text: value, origin: "the kubeconfig in input 'kubeconfig'", inputName: 'kubeconfig' };
  } else if (value !== undefined) {
    const file = value.trim();
    const resolved = path.resolve(inputs.baseDir, file);
    if (!isFile(resolved)) throw notKubeconfig(secrets.add(value), inputs.baseDir);
    source = kubeconfigFile('kubeconfig', file, resolved);
  } else {
    // KUBECONFIG is a list of paths, never content: it may be shown.
    const file = env['KUBECONFIG']?.split(path.delimiter).find((p) => p !== '');
    if (file === undefined) {
      throw new ConfigurationError(
        "Input 'kubeconfig' is required with target: kubeconfig, and KUBECONFIG is not set. Give the kubeconfig's path or content (for example from a secret), or set KUBECONFIG in an earlier step.",
      );
    }
    const resolved = path.resolve(inputs.baseDir, file);
    if (!isFile(resolved)) {
      throw new ConfigurationError(`KUBECONFIG: '${file}' is not a file. Give the kubeconfig's path (relative paths start at ${inputs.baseDir}) or its content.`);
    }
    source = kubeconfigFile('kubeconfig (from KUBECONFIG)', file, resolved);
  }
  return { kind: 'kubeconfig', source, ...(context ? { context } : {}) };
}

/** The inputs verify-images shares with verify-signature. */
const VERIFICATION_INPUTS = ['trust-policy', 'trust-store', 'trusted-identities', 'verification-level', 'revocation-check'] as const;

/**
 * The verification inputs, read by verify-signature's own parser so both actions apply the same rules with the same
 * messages. That parser also requires its `images` input, which a deploy does not have (it verifies the images of its
 * manifests): a placeholder stands in. (verify-signature could export its trust-input parsing to make this direct.)
 */
function parseVerification(inputs: InputReader, verify: boolean, pinDigests: boolean): VerificationSettings | undefined {
  if (!verify) {
    const set = VERIFICATION_INPUTS.find((name) => inputs.isSet(name));
    if (set) throw new ConfigurationError(`Input '${set}' is set but verify-images is false. Set verify-images: true to verify signatures, or remove '${set}'.`);
    return undefined;
  }
  if (!pinDigests) {
    throw new ConfigurationError("Input 'verify-images' is true but 'pin-digests' is false. Verification checks a digest; set pin-digests: true so the verified digest is what gets deployed.");
  }
  const trust = inputs.subset(VERIFICATION_INPUTS, new Map([['images', 'placeholder.invalid/verify-images:placeholder']]));
  const { trustPolicy, trustStore, revocationCheck } = parseVerifySignatureInputs(trust);
  return { trustPolicy, trustStore, revocationCheck };
}

/**
 * `ecr-pull-secret` as a boolean, for the spellings every boolean input accepts (true, True, TRUE and the same for
 * false); undefined for anything else, which is a Secret name. parseBoolean is the one list of those spellings.
 */
function pullSecretSwitch(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  try {
    return parseBoolean('ecr-pull-secret', value);
  } catch {
    return undefined;
  }
}

function parsePullSecret(inputs: InputReader, target: ClusterTarget, region: string | undefined, env: NodeJS.ProcessEnv): PullSecretRequest {
  const input = inputs.optional('ecr-pull-secret');
  const scope = inputs.oneOf('pull-secret-scope', ['workloads', 'service-account'] as const, 'workloads');
  const entries = inputs.list('ecr-registries');
  const enabled = pullSecretSwitch(input);
  // Before the entries are checked: with the secret off, fixing an entry (adding a region, say) would be wasted work.
  if (enabled === false) {
    if (entries.length > 0) throw new ConfigurationError("Input 'ecr-registries' is set but ecr-pull-secret is false. Remove ecr-registries, or name the pull secret.");
    return { mode: 'off' };
  }
  const registries = entries.map((entry) => {
    if (parseEcrRegistry(entry)) return entry.toLowerCase();
    if (/^\d{12}$/.test(entry)) {
      const ecrRegion = region ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
      if (!ecrRegion) throw invalidInput('ecr-registries', entry, 'is an account id, and no region is set', "Set 'region', or give the full registry host such as 123456789012.dkr.ecr.eu-west-1.amazonaws.com.");
      return `${entry}.dkr.ecr.${ecrRegion}.amazonaws.com`;
    }
    throw invalidInput('ecr-registries', entry, 'is neither an ECR registry host nor a 12-digit account id', 'Write it as 123456789012.dkr.ecr.eu-west-1.amazonaws.com, or as the account id.');
  });
  // `true` asks for the secret by its default name; it is not a name itself.
  const value = enabled === true ? DEFAULT_PULL_SECRET_NAME : input;
  if (value !== undefined && !SECRET_NAME.test(value)) {
    throw invalidInput('ecr-pull-secret', value, 'is not a valid Secret name', "Use lower-case letters, digits, '-' and '.', starting and ending with a letter or digit; or false to make no pull secret.");
  }
  if (value === undefined) {
    // On EKS the nodes pull with their own IAM role; a secret would only add a token that expires.
    if (target.kind === 'eks' && entries.length === 0) return { mode: 'off' };
    return { mode: entries.length > 0 ? 'on' : 'auto', name: DEFAULT_PULL_SECRET_NAME, scope, registries };
  }
  return { mode: 'on', name: value, scope, registries };
}

export function parseDeployAksOrEksInputs(inputs: InputReader, context: Pick<ActionContext, 'env' | 'secrets'>): DeployAksOrEksSettings {
  const targetName = inputs.oneOf('target', TARGETS);
  if (targetName === undefined) throw new ConfigurationError("Input 'target' is required. Set it to eks, aks or kubeconfig.");
  rejectForeignInputs(inputs, targetName);
  const regionInput = inputs.optional('region');
  const region = regionInput === undefined ? undefined : parseRegion('region', regionInput);
  const target =
    targetName === 'eks'
      ? parseEksTarget(inputs, context.env, region)
      : targetName === 'aks'
        ? parseAksTarget(inputs, context)
        : parseKubeconfigTarget(inputs, context.env, context.secrets);

  const manifestEntries = inputs.list('manifests');
  if (manifestEntries.length === 0) {
    throw new ConfigurationError("Input 'manifests' is required. List the manifest files, directories or globs to deploy, such as k8s/ or k8s/**/*.yaml.");
  }
  const manifests = loadManifests(manifestEntries, inputs.baseDir);
  const namespace = inputs.optional('namespace');
  if (namespace !== undefined && !NAMESPACE_NAME.test(namespace)) {
    throw invalidInput('namespace', namespace, 'is not a valid namespace name', "Use up to 63 lower-case letters, digits and '-', starting and ending with a letter or digit.");
  }
  const substitutions = parseImageSubstitutions(inputs.list('images'));
  const pinDigests = inputs.boolean('pin-digests', true);
  const verifyImages = inputs.boolean('verify-images', false);
  const verification = parseVerification(inputs, verifyImages, pinDigests);
  const pullSecret = parsePullSecret(inputs, target, region, context.env);
  const timeoutMs = inputs.duration('timeout', '5m');
  const rollbackOnFailure = inputs.boolean('rollback-on-failure', false);
  if (rollbackOnFailure && timeoutMs === 0) {
    throw new ConfigurationError("Input 'rollback-on-failure' is true but 'timeout' is 0s, so no rollout is waited for and none can fail. Give a timeout such as 5m, or set rollback-on-failure: false.");
  }
  const prune = inputs.boolean('prune', false);
  const deploymentName = inputs.optional('deployment-name');
  if (deploymentName !== undefined && !LABEL_VALUE.test(deploymentName)) {
    throw invalidInput('deployment-name', deploymentName, 'is not a valid label value', "Use up to 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit.");
  }
  if (prune && deploymentName === undefined) {
    throw new ConfigurationError("Input 'deployment-name' is required with prune: true. Name the deployment; prune deletes only objects labelled with that name by earlier runs.");
  }
  const endpoint = inputs.optional('registry-endpoint');
  const registryEndpoint = endpoint === undefined ? undefined : parseRegistryBaseUrl('registry-endpoint', endpoint);
  return {
    target,
    ...(namespace ? { namespace } : {}),
    deploy: {
      manifests,
      createNamespace: inputs.boolean('create-namespace', false),
      substitutions,
      pinDigests,
      verifyImages,
      forceConflicts: inputs.boolean('force-conflicts', false),
      timeoutMs,
      rollbackOnFailure,
      prune,
      ...(deploymentName ? { deploymentName } : {}),
      dryRun: inputs.boolean('dry-run', false),
      concurrency: inputs.integer('concurrency', 8, 1, 64),
      pollIntervalMs: POLL_INTERVAL_MS,
    },
    pullSecret,
    ...(verification ? { verification } : {}),
    ...(registryEndpoint ? { registryEndpoint } : {}),
  };
}
