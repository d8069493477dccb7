import type { Clock } from '../core/clock.js';
import { ConfigurationError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { mapConcurrent, settleConcurrent } from '../core/pool.js';
import type { SecretSet } from '../core/secrets.js';
import { parseEcrRegistry, parseImageReference } from '../oci/reference.js';
import { applyObjects, describeApplyError, isDefinition, type AppliedObject, type ApplyFailure } from './apply.js';
import type { KubeClient } from './client.js';
import { diagnoseWorkload, formatDiagnosis, type WorkloadDiagnosis } from './diagnostics.js';
import { imagesIn, pinImages, pinnedImage, substituteImages, type ImageSubstitution } from './images.js';
import {
  DEPLOYMENT_LABEL,
  describeRef,
  FIELD_MANAGER,
  groupOf,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  objectKey,
  refOf,
  type KubeObject,
  type ManifestObject,
  type ObjectRef,
} from './objects.js';
import { findPrunable } from './prune.js';
import {
  dockerConfigJson,
  pullSecretObject,
  serviceAccountsUsed,
  withPodPullSecret,
  withServiceAccountPullSecret,
  type PullSecretScope,
  type RegistryLoginSource,
} from './pull-secret.js';
import { isDeployment, planRollback } from './rollback.js';
import { hasRollout, waitForRollouts, type RolloutOutcome, type RolloutState } from './rollout.js';
import { KubeApiError } from './transport.js';

/** Resolves a tag to the digest the registry serves for it; undefined when the registry has no such image. */
export interface DigestResolver {
  digestOf(image: string): Promise<string | undefined>;
}

export interface ImageVerification {
  readonly image: string;
  readonly verified: boolean;
  /** The signing identity when verified, the failing check and why when not. */
  readonly detail: string;
}

/** Verifies image signatures (the signature verification library, with verify-signature's settings). */
export interface ImageVerifier {
  verify(images: readonly string[]): Promise<ImageVerification[]>;
}

export interface PullSecretSettings {
  readonly name: string;
  readonly scope: PullSecretScope;
  /** Registry hosts to log in to besides the ECR registries the images use. */
  readonly registries: readonly string[];
}

/** Everything a deploy does, decided before it starts (the action's inputs, parsed). */
export interface DeploySettings {
  readonly manifests: readonly ManifestObject[];
  /** For namespaced objects that name no namespace. */
  readonly defaultNamespace: string;
  readonly createNamespace: boolean;
  readonly substitutions: readonly ImageSubstitution[];
  readonly pinDigests: boolean;
  readonly verifyImages: boolean;
  readonly pullSecret?: PullSecretSettings;
  readonly forceConflicts: boolean;
  /** How long to wait for rollouts; 0 applies without waiting. */
  readonly timeoutMs: number;
  readonly rollbackOnFailure: boolean;
  readonly prune: boolean;
  /** Labels every object (with managed-by: drydock) so a later run can prune; required for prune. */
  readonly deploymentName?: string;
  readonly dryRun: boolean;
  readonly concurrency: number;
  readonly pollIntervalMs: number;
}

export interface DeployDependencies {
  readonly client: KubeClient;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly secrets: SecretSet;
  readonly signal?: AbortSignal;
  /** Needed with pinDigests. */
  readonly digests?: DigestResolver;
  /** Needed with verifyImages. */
  readonly verifier?: ImageVerifier;
  /** Needed with a pull secret. */
  readonly registryLogins?: RegistryLoginSource;
}

export type ObjectAction = 'created' | 'configured' | 'pruned' | 'would-create' | 'would-configure' | 'would-prune' | 'failed';

export interface ObjectReport {
  readonly ref: ObjectRef;
  readonly action: ObjectAction;
  /** Rollout result for workloads (`ready: 3 of 3 replicas available`), a note for others. */
  readonly detail?: string;
}

export interface DeployReport {
  /** Every container image as deployed (digest-pinned when pin-digests is on). */
  readonly images: readonly string[];
  readonly verification: readonly ImageVerification[];
  readonly objects: readonly ObjectReport[];
  readonly diagnoses: readonly WorkloadDiagnosis[];
  readonly rolledBack: readonly ObjectRef[];
  /** Set when the deploy failed: what went wrong, in one paragraph. */
  readonly failure?: string;
}

const pluralize = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Pins every image without a digest to the digest its tag points at now. */
async function pinDigests(images: readonly string[], settings: DeploySettings, deps: DeployDependencies): Promise<Map<string, string>> {
  if (!deps.digests) throw new Error('pin-digests needs a digest resolver');
  const resolver = deps.digests;
  const unpinned = images.filter((image) => parseImageReference(image, 'images').digest === undefined);
  const digests = await mapConcurrent(unpinned, settings.concurrency, async (image) => {
    const digest = await resolver.digestOf(image);
    if (!digest) throw new ConfigurationError(`Image '${image}' does not exist in its registry. Push it first, or fix the tag in the manifests or in 'images'.`);
    return digest;
  });
  const pinned = new Map<string, string>();
  unpinned.forEach((image, index) => pinned.set(image, pinnedImage(image, digests[index]!)));
  for (const [image, reference] of pinned) deps.logger.info(`Pinned ${image} to ${reference.slice(reference.indexOf('@') + 1)}`);
  return pinned;
}

interface Scope {
  namespaced: boolean;
  /** Defined by a CustomResourceDefinition in these manifests that the cluster does not have yet. */
  pendingCrd: boolean;
}

/** Whether each kind is namespaced, from discovery, or from a CRD in the manifests for kinds the cluster lacks yet. */
async function resolveScopes(manifests: readonly ManifestObject[], deps: DeployDependencies, concurrency: number): Promise<Map<string, Scope>> {
  const kinds = new Map<string, ManifestObject>();
  for (const manifest of manifests) kinds.set(`${manifest.object.apiVersion}|${manifest.object.kind}`, kinds.get(`${manifest.object.apiVersion}|${manifest.object.kind}`) ?? manifest);
  const crds = manifests.map((m) => m.object).filter((o) => o.kind === 'CustomResourceDefinition' && groupOf(o.apiVersion) === 'apiextensions.k8s.io');
  const entries = [...kinds.values()];
  const resources = await mapConcurrent(entries, concurrency, (m) => deps.client.resource(m.object.apiVersion, m.object.kind));
  const scopes = new Map<string, Scope>();
  const unknown: string[] = [];
  entries.forEach((manifest, index) => {
    const { apiVersion, kind } = manifest.object;
    const resource = resources[index];
    if (resource) {
      scopes.set(`${apiVersion}|${kind}`, { namespaced: resource.namespaced, pendingCrd: false });
      return;
    }
    const crd = crds.find((c) => {
      const spec = (c['spec'] ?? {}) as Record<string, any>;
      return spec['group'] === groupOf(apiVersion) && spec['names']?.kind === kind && (spec['versions'] ?? []).some((v: { name?: string }) => `${spec['group']}/${v.name}` === apiVersion);
    });
    if (crd) {
      scopes.set(`${apiVersion}|${kind}`, { namespaced: (crd['spec'] as Record<string, unknown>)['scope'] !== 'Cluster', pendingCrd: true });
      return;
    }
    unknown.push(`Manifest ${manifest.source}: the cluster does not serve ${kind} in ${apiVersion}`);
  });
  if (unknown.length > 0) {
    throw new ConfigurationError(
      `${unknown.join('; ')}. Check apiVersion and kind (API versions are removed in new Kubernetes releases), or install the CustomResourceDefinition first.`,
    );
  }
  return scopes;
}

function setNamespaces(manifests: readonly ManifestObject[], scopes: Map<string, Scope>, defaultNamespace: string, logger: Logger): ManifestObject[] {
  const seen = new Map<string, string>();
  return manifests.map((manifest) => {
    const object = structuredClone(manifest.object);
    const scope = scopes.get(`${object.apiVersion}|${object.kind}`)!;
    if (scope.namespaced) object.metadata.namespace ??= defaultNamespace;
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

function withDeploymentLabels(manifests: readonly ManifestObject[], deploymentName: string, logger: Logger): ManifestObject[] {
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

/** Adds the pull Secret per namespace and the references to it; returns the new manifest list. */
async function addPullSecrets(manifests: ManifestObject[], images: readonly string[], settings: PullSecretSettings, deps: DeployDependencies): Promise<ManifestObject[]> {
  if (!deps.registryLogins) throw new Error('ecr-pull-secret needs a registry login source');
  const registries = [...new Set([...settings.registries, ...images.map((image) => parseImageReference(image, 'images').registry).filter((host) => parseEcrRegistry(host))])];
  if (registries.length === 0) {
    throw new ConfigurationError(
      `Input 'ecr-pull-secret': no image in the manifests is in an ECR registry, so the pull secret '${settings.name}' would be empty. Name the registries in 'ecr-registries', or set ecr-pull-secret: false.`,
    );
  }
  const namespaces = [...new Set(manifests.map((m) => m.object.metadata.namespace).filter((ns): ns is string => ns !== undefined))].sort();
  const clash = manifests.find((m) => m.object.kind === 'Secret' && m.object.apiVersion === 'v1' && m.object.metadata.name === settings.name);
  if (clash) {
    throw new ConfigurationError(`Input 'ecr-pull-secret': the manifests define Secret ${settings.name} too (${clash.source}). Choose another name for the pull secret.`);
  }
  const logins = await deps.registryLogins.logins(registries);
  const encoded = deps.secrets.add(Buffer.from(dockerConfigJson(logins)).toString('base64'));
  deps.logger.info(`Pull secret ${settings.name} for ${registries.join(', ')} in ${pluralize(namespaces.length, 'namespace')}: ${namespaces.join(', ')}`);

  let result = manifests;
  const extra: ManifestObject[] = namespaces.map((namespace) => ({ source: `ecr-pull-secret`, object: pullSecretObject(settings.name, namespace, encoded) }));
  if (settings.scope === 'workloads') {
    result = result.map((m) => ({ source: m.source, object: withPodPullSecret(m.object, settings.name) }));
  } else {
    for (const [namespace, accounts] of serviceAccountsUsed(result)) {
      for (const account of accounts) {
        const index = result.findIndex((m) => m.object.kind === 'ServiceAccount' && m.object.metadata.name === account && m.object.metadata.namespace === namespace);
        if (index >= 0) {
          result = result.map((m, i) => (i === index ? { source: m.source, object: withServiceAccountPullSecret(m.object, settings.name) } : m));
        } else {
          const patch: KubeObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: account, namespace }, imagePullSecrets: [{ name: settings.name }] };
          extra.push({ source: 'ecr-pull-secret', object: patch });
        }
      }
    }
  }
  return [...result, ...extra];
}

/**
 * Whether a namespace exists. Identities allowed to deploy into a namespace are often not allowed to read Namespace
 * objects (cluster-scoped): a 403 counts as "exists", and applying into a missing one still fails with a clear error.
 */
async function namespaceExists(client: KubeClient, name: string, logger: Logger): Promise<boolean> {
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

/** The field manager for service accounts drydock only adds the pull secret to: its own, so applying it never drops fields. */
const PULL_SECRET_FIELD_MANAGER = `${FIELD_MANAGER}-pull-secret`;

function workloadLine(state: RolloutState, timedOut: boolean): string {
  if (state.status === 'progressing') return timedOut ? `timed out: ${state.detail}` : state.detail;
  return `${state.status}: ${state.detail}`;
}

const formatDuration = (ms: number) => (ms % 60_000 === 0 ? `${ms / 60_000}m` : `${Math.round(ms / 1000)}s`);

export async function deploy(settings: DeploySettings, deps: DeployDependencies): Promise<DeployReport> {
  const { client, logger } = deps;
  const objects: ObjectReport[] = [];

  // 1. Images: substitutions, then digests, then signatures. Nothing touches the cluster before these pass.
  const substituted = substituteImages(settings.manifests, settings.substitutions);
  for (const unused of substituted.unused) logger.warning(`Image substitution '${unused.entry}' matches no container image in the manifests.`);
  let manifests = substituted.manifests;
  if (settings.pinDigests) manifests = pinImages(manifests, await pinDigests(imagesIn(manifests), settings, deps));
  const images = imagesIn(manifests);
  let verification: ImageVerification[] = [];
  if (settings.verifyImages) {
    if (!deps.verifier) throw new Error('verify-images needs an image verifier');
    verification = images.length > 0 ? await deps.verifier.verify(images) : [];
    const failed = verification.filter((v) => !v.verified);
    if (failed.length > 0) {
      return {
        images,
        verification,
        objects,
        diagnoses: [],
        rolledBack: [],
        failure: `Signature verification failed for ${pluralize(failed.length, 'image')}, so nothing was applied: ${failed.map((f) => `${f.image}: ${f.detail}`).join('; ')}`,
      };
    }
  }

  // 2. Where every object goes.
  const scopes = await resolveScopes(manifests, deps, settings.concurrency);
  manifests = setNamespaces(manifests, scopes, settings.defaultNamespace, logger);
  if (settings.deploymentName) manifests = withDeploymentLabels(manifests, settings.deploymentName, logger);
  const keep = new Set(manifests.map((m) => objectKey(refOf(m.object))));
  if (settings.pullSecret) manifests = await addPullSecrets(manifests, images, settings.pullSecret, deps);

  // 3. Namespaces: the ones the manifests do not create must exist, or be created when asked.
  const declared = new Set(manifests.filter((m) => m.object.kind === 'Namespace' && m.object.apiVersion === 'v1').map((m) => m.object.metadata.name));
  const used = [...new Set(manifests.map((m) => m.object.metadata.namespace).filter((ns): ns is string => ns !== undefined))].sort();
  const namespaces = new Set([...used, ...declared]);
  const needed = used.filter((ns) => !declared.has(ns));
  const existing = await mapConcurrent(needed, settings.concurrency, (name) => namespaceExists(client, name, logger));
  const missing = needed.filter((_, index) => !existing[index]);
  const newNamespaces = new Set<string>();
  if (missing.length > 0 && !settings.createNamespace) {
    const users = missing.map((ns) => `${ns} (${manifests.find((m) => m.object.metadata.namespace === ns)!.source})`);
    throw new ConfigurationError(`Namespace ${users.join(', ')} does not exist. Add the Namespace to the manifests, or set create-namespace: true.`);
  }
  for (const name of missing) {
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, { fieldManager: FIELD_MANAGER, dryRun: settings.dryRun });
    newNamespaces.add(name);
    objects.push({ ref: { apiVersion: 'v1', kind: 'Namespace', name }, action: settings.dryRun ? 'would-create' : 'created', detail: 'create-namespace' });
    logger.info(`${settings.dryRun ? 'Would create' : 'Created'} namespace ${name}`);
  }

  // 4. What the Deployments look like now, to restore them if the rollout fails.
  const previous = new Map<string, KubeObject | undefined>();
  if (settings.rollbackOnFailure && !settings.dryRun) {
    const deployments = manifests.filter((m) => isDeployment(m.object)).map((m) => refOf(m.object));
    const found = await mapConcurrent(deployments, settings.concurrency, (ref) => client.get(ref));
    deployments.forEach((ref, index) => previous.set(objectKey(ref), found[index]));
  }

  // 5. Apply.
  if (settings.dryRun) {
    for (const name of declared) if (!(await namespaceExists(client, name, logger))) newNamespaces.add(name);
  }
  const skip = (object: KubeObject): string | undefined => {
    if (!settings.dryRun) return undefined;
    if (object.metadata.namespace && newNamespaces.has(object.metadata.namespace)) return `namespace ${object.metadata.namespace} is created by this deploy; the server cannot validate objects in it yet`;
    if (scopes.get(`${object.apiVersion}|${object.kind}`)?.pendingCrd) return `its CustomResourceDefinition is created by this deploy; the server cannot validate it yet`;
    return undefined;
  };
  const regular = manifests.filter((m) => !(m.source === 'ecr-pull-secret' && m.object.kind === 'ServiceAccount'));
  const pullSecretAccounts = manifests.filter((m) => m.source === 'ecr-pull-secret' && m.object.kind === 'ServiceAccount');
  const outcome = await logger.group(`${settings.dryRun ? 'Dry run: applying' : 'Applying'} ${pluralize(regular.length, 'object')} (server-side apply, field manager ${FIELD_MANAGER})`, async () => {
    const result = await applyObjects(client, regular, { force: settings.forceConflicts, dryRun: settings.dryRun, concurrency: settings.concurrency, skip });
    if (result.failures.length === 0 && pullSecretAccounts.length > 0) {
      const accounts = await applyObjects(client, pullSecretAccounts, { force: false, dryRun: settings.dryRun, concurrency: settings.concurrency, skip, fieldManager: PULL_SECRET_FIELD_MANAGER });
      result.applied.push(...accounts.applied);
      result.skipped.push(...accounts.skipped);
      result.failures.push(...accounts.failures);
    }
    for (const entry of result.applied) logger.info(`${describeRef(entry.ref)} ${settings.dryRun ? `would be ${entry.action}` : entry.action}`);
    for (const entry of result.skipped) logger.info(`${describeRef(entry.ref)} not validated: ${entry.reason}`);
    return result;
  });
  // Reported in manifest order (apply order depends on kinds and on which request finished first).
  const reports = new Map<string, ObjectReport>(manifests.map((m) => [objectKey(refOf(m.object)), { ref: refOf(m.object), action: 'failed' }]));
  for (const entry of outcome.applied) {
    const action: ObjectAction = settings.dryRun ? (entry.action === 'created' ? 'would-create' : 'would-configure') : entry.action;
    reports.set(objectKey(entry.ref), { ref: entry.ref, action });
  }
  for (const entry of outcome.skipped) reports.set(objectKey(entry.ref), { ref: entry.ref, action: 'would-create', detail: `not validated: ${entry.reason}` });
  for (const failure of outcome.failures) reports.set(objectKey(failure.ref), { ref: failure.ref, action: 'failed', detail: failure.message });
  // Objects a failed phase left unapplied have no report.
  for (const manifest of manifests) {
    const key = objectKey(refOf(manifest.object));
    const known = outcome.applied.some((a) => objectKey(a.ref) === key) || outcome.skipped.some((a) => objectKey(a.ref) === key) || outcome.failures.some((a) => objectKey(a.ref) === key);
    if (!known) reports.delete(key);
  }
  const finish = (extra: Partial<DeployReport>): DeployReport => ({
    images,
    verification,
    objects: [...objects, ...reports.values(), ...(extra.objects ?? [])],
    diagnoses: extra.diagnoses ?? [],
    rolledBack: extra.rolledBack ?? [],
    ...(extra.failure ? { failure: extra.failure } : {}),
  });
  if (outcome.failures.length > 0) {
    return finish({ failure: `${pluralize(outcome.failures.length, 'object')} could not be applied: ${outcome.failures.map((f: ApplyFailure) => f.message).join('; ')}` });
  }
  if (settings.dryRun) return finish(await dryRunPrune(settings, manifests, namespaces, keep, deps));

  // 6. Wait for the rollouts.
  const workloads = outcome.applied.filter((entry) => hasRollout(entry.ref));
  if (workloads.length === 0 || settings.timeoutMs === 0) {
    for (const entry of workloads) reports.set(objectKey(entry.ref), { ...reports.get(objectKey(entry.ref))!, detail: 'not waited for (timeout 0s)' });
    return finish(await pruneStep(settings, manifests, namespaces, keep, deps));
  }
  const rollouts = await logger.group(`Waiting up to ${formatDuration(settings.timeoutMs)} for ${pluralize(workloads.length, 'rollout')}`, () =>
    waitForRollouts(client, workloads.map((w) => w.ref), {
      timeoutMs: settings.timeoutMs,
      pollIntervalMs: settings.pollIntervalMs,
      clock: deps.clock,
      ...(deps.signal ? { signal: deps.signal } : {}),
      onChange: (ref, state) => logger.info(`${describeRef(ref)}: ${state.detail}`),
    }),
  );
  const unfinished = rollouts.filter((r) => r.state.status !== 'ready');
  for (const rollout of rollouts) {
    reports.set(objectKey(rollout.ref), { ...reports.get(objectKey(rollout.ref))!, detail: workloadLine(rollout.state, rollout.state.status === 'progressing') });
  }
  if (unfinished.length === 0) return finish(await pruneStep(settings, manifests, namespaces, keep, deps));

  // 7. Say why, and roll back when asked.
  const diagnoses = await diagnose(unfinished, deps);
  const failure = `Rollout did not finish: ${unfinished
    .map((r) => `${describeRef(r.ref)} ${r.state.status === 'failed' ? r.state.detail : `timed out after ${formatDuration(settings.timeoutMs)} (${r.state.detail})`}`)
    .join('; ')}`;
  if (!settings.rollbackOnFailure) return finish({ diagnoses, failure });
  const rolledBack = await rollBack(outcome.applied, previous, settings, deps, reports);
  return finish({ diagnoses, failure, rolledBack });
}

async function diagnose(unfinished: readonly RolloutOutcome[], deps: DeployDependencies): Promise<WorkloadDiagnosis[]> {
  return deps.logger.group('Why the rollout did not finish', async () => {
    const diagnoses: WorkloadDiagnosis[] = [];
    for (const rollout of unfinished) {
      const workload = rollout.object ?? (await deps.client.get(rollout.ref));
      if (!workload) continue;
      const diagnosis = await diagnoseWorkload(deps.client, workload);
      for (const line of formatDiagnosis(diagnosis)) deps.logger.error(line);
      diagnoses.push(diagnosis);
    }
    return diagnoses;
  });
}

async function rollBack(
  applied: readonly AppliedObject[],
  previous: ReadonlyMap<string, KubeObject | undefined>,
  settings: DeploySettings,
  deps: DeployDependencies,
  reports: Map<string, ObjectReport>,
): Promise<ObjectRef[]> {
  const plan = planRollback(applied, previous);
  for (const created of plan.created) deps.logger.warning(`${describeRef(refOf(created))} was created by this deploy; there is no earlier state to roll back to`);
  if (plan.restore.length === 0) {
    deps.logger.warning('rollback-on-failure: no Deployment had an earlier pod template to restore');
    return [];
  }
  return deps.logger.group(`Rolling back ${pluralize(plan.restore.length, 'Deployment')}`, async () => {
    const results = await settleConcurrent(plan.restore, settings.concurrency, (object) =>
      deps.client.apply(object, { fieldManager: FIELD_MANAGER, force: true, dryRun: false }),
    );
    const restored: ObjectRef[] = [];
    results.forEach((result, index) => {
      const ref = refOf(plan.restore[index]!);
      if (result.status === 'rejected') {
        deps.logger.error(`Rollback of ${describeApplyError(ref, result.reason)}`);
        reports.set(objectKey(ref), { ...reports.get(objectKey(ref))!, detail: `rollback failed: ${describeApplyError(ref, result.reason)}` });
      } else restored.push(ref);
    });
    const rollouts = await waitForRollouts(deps.client, restored, {
      timeoutMs: settings.timeoutMs,
      pollIntervalMs: settings.pollIntervalMs,
      clock: deps.clock,
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
    for (const rollout of rollouts) {
      const line = rollout.state.status === 'ready' ? 'rolled back to the previous pod template (ready)' : `rolled back to the previous pod template (${workloadLine(rollout.state, true)})`;
      deps.logger.info(`${describeRef(rollout.ref)}: ${line}`);
      const report = reports.get(objectKey(rollout.ref))!;
      reports.set(objectKey(rollout.ref), { ...report, detail: `${report.detail ?? ''}; ${line}`.replace(/^; /, '') });
    }
    return restored;
  });
}

function pruneOptions(settings: DeploySettings, manifests: readonly ManifestObject[], namespaces: ReadonlySet<string>, keep: ReadonlySet<string>) {
  const kinds = [...new Map(manifests.filter((m) => !isDefinition(m.object)).map((m) => [`${m.object.apiVersion}|${m.object.kind}`, { apiVersion: m.object.apiVersion, kind: m.object.kind }])).values()];
  return { deploymentName: settings.deploymentName!, namespaces: [...namespaces].sort(), kinds, keep, concurrency: settings.concurrency };
}

async function pruneStep(
  settings: DeploySettings,
  manifests: readonly ManifestObject[],
  namespaces: ReadonlySet<string>,
  keep: ReadonlySet<string>,
  deps: DeployDependencies,
): Promise<Partial<DeployReport>> {
  if (!settings.prune) return {};
  const prunable = await findPrunable(deps.client, pruneOptions(settings, manifests, namespaces, keep));
  const objects: ObjectReport[] = [];
  await deps.logger.group(`Pruning ${pluralize(prunable.length, 'object')} of deployment ${settings.deploymentName} no longer in the manifests`, async () => {
    const results = await settleConcurrent(prunable, settings.concurrency, (ref) => deps.client.delete(ref, { dryRun: false }));
    results.forEach((result, index) => {
      const ref = prunable[index]!;
      if (result.status === 'fulfilled') {
        deps.logger.info(`${describeRef(ref)} pruned`);
        objects.push({ ref, action: 'pruned' });
      } else {
        deps.logger.warning(`Could not prune ${describeApplyError(ref, result.reason)}`);
        objects.push({ ref, action: 'failed', detail: `prune failed: ${describeApplyError(ref, result.reason)}` });
      }
    });
  });
  const failed = objects.filter((o) => o.action === 'failed');
  return { objects, ...(failed.length > 0 ? { failure: `${pluralize(failed.length, 'object')} could not be pruned: ${failed.map((f) => f.detail).join('; ')}` } : {}) };
}

async function dryRunPrune(
  settings: DeploySettings,
  manifests: readonly ManifestObject[],
  namespaces: ReadonlySet<string>,
  keep: ReadonlySet<string>,
  deps: DeployDependencies,
): Promise<Partial<DeployReport>> {
  if (!settings.prune) return {};
  const prunable = await findPrunable(deps.client, pruneOptions(settings, manifests, namespaces, keep));
  for (const ref of prunable) deps.logger.info(`${describeRef(ref)} would be pruned`);
  return { objects: prunable.map((ref) => ({ ref, action: 'would-prune' as const })) };
}
