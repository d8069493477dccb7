import type { Clock } from '../core/clock.js';
import { ConfigurationError, errorMessage, RemoteError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { mapConcurrent, settleConcurrent } from '../core/pool.js';
import type { SecretSet } from '../core/secrets.js';
import { parseImageReference } from '../oci/reference.js';
import { applyObjects, describeApplyError, isDefinition, type AppliedObject, type ApplyOutcome } from './apply.js';
import type { KubeClient } from './client.js';
import { diagnoseWorkload, formatDiagnosis, type WorkloadDiagnosis } from './diagnostics.js';
import { imagesIn, pinImages, pinnedImage, substituteImages, type ImageSubstitution } from './images.js';
import { describeRef, FIELD_MANAGER, objectKey, refOf, type KubeObject, type ManifestObject, type ObjectRef } from './objects.js';
import { kindKey, placeObjects, prepareNamespaces, resolveScopes, withDeploymentLabels } from './placement.js';
import { findPrunable } from './prune.js';
import { planPullSecret, PULL_SECRET_FIELD_MANAGER, type PullSecretSettings, type RegistryLoginSource } from './pull-secret.js';
import { isDeployment, planRollback } from './rollback.js';
import { hasRollout, waitForRollouts, type RolloutOutcome, type RolloutState, type RolloutWait, type WaitInterruption } from './rollout.js';

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
  /**
   * A client whose requests answer to `signal` instead of the run's. After a cancel the run's signal is aborted and
   * every request through `client` fails at once, yet diagnosis and rollback still need the API for a moment. Without
   * it, they use `client`.
   */
  readonly clientBoundTo?: (signal: AbortSignal) => KubeClient;
  /** Needed with pinDigests. */
  readonly digests?: DigestResolver;
  /** Needed with verifyImages. */
  readonly verifier?: ImageVerifier;
  /** Needed with a pull secret. */
  readonly registryLogins?: RegistryLoginSource;
  /** Told of the objects as soon as they are applied (not in a dry run), in words: `Deployment shop/cart configured`. */
  readonly onChange?: (change: string) => void;
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
    let digest: string | undefined;
    try {
      digest = await resolver.digestOf(image);
    } catch (error) {
      // drydock signs in to ECR only: another private registry (ACR, GHCR, ...) refuses the anonymous read.
      if (error instanceof RemoteError && (error.status === 401 || error.status === 403)) {
        throw new ConfigurationError(
          `Image '${image}': pin-digests could not read its digest (${errorMessage(error)}). drydock signs in to ECR registries only: give this image by digest (name@sha256:...) in 'images' or the manifests, or set pin-digests: false.`,
        );
      }
      throw error;
    }
    if (!digest) throw new ConfigurationError(`Image '${image}' does not exist in its registry. Push it first, or fix the tag in the manifests or in 'images'.`);
    return digest;
  });
  const pinned = new Map<string, string>();
  unpinned.forEach((image, index) => pinned.set(image, pinnedImage(image, digests[index]!)));
  for (const [image, reference] of pinned) deps.logger.info(`Pinned ${image} to ${reference.slice(reference.indexOf('@') + 1)}`);
  return pinned;
}

/**
 * Why waiting ended for the workloads still progressing: the run was cancelled, their status could not be read, another
 * one failed ('stopped': the wait ends at the first failure), or, only when none of these, time ran out.
 */
type WaitEnding = 'timed-out' | 'stopped' | WaitInterruption['kind'];

const waitEnding = (wait: RolloutWait): WaitEnding =>
  wait.interruption?.kind ?? (wait.outcomes.some((rollout) => rollout.state.status === 'failed') ? 'stopped' : 'timed-out');

/** How a workload the wait ended early for is described, for every ending but a timeout. */
const NOT_FINISHED: Record<Exclude<WaitEnding, 'timed-out'>, string> = {
  stopped: 'not finished when the wait stopped at a failure',
  cancelled: 'not finished when the wait was cancelled',
  unreadable: 'not finished when rollout status could not be read',
};

/** A workload's summary line. */
function workloadLine(state: RolloutState, ending: WaitEnding): string {
  if (state.status !== 'progressing') return `${state.status}: ${state.detail}`;
  return ending === 'timed-out' ? `timed out: ${state.detail}` : `${NOT_FINISHED[ending]}: ${state.detail}`;
}

/** What stopped a wait, as the failure message opens with it (the next item follows a semicolon: no full stop). */
const interruptionLine = (interruption: WaitInterruption) =>
  interruption.kind === 'cancelled' ? `the wait was cancelled (${interruption.reason})` : `could not read rollout status: ${interruption.error.replace(/\.$/, '')}`;

/**
 * After a cancel, diagnosis and rollback get a client and a signal of their own with a short deadline. Runners send
 * SIGTERM about 7.5 s after SIGINT, and a second signal ends the process at once (cancellationSignal), so the cleanup
 * must end well before then to leave time for the outputs and the summary: 5 s.
 */
const CLEANUP_AFTER_CANCEL_MS = 5_000;

function cleanupDependencies(interruption: WaitInterruption | undefined, deps: DeployDependencies): DeployDependencies {
  if (interruption?.kind !== 'cancelled') return deps;
  const signal = AbortSignal.timeout(CLEANUP_AFTER_CANCEL_MS);
  return { ...deps, signal, ...(deps.clientBoundTo ? { client: deps.clientBoundTo(signal) } : {}) };
}

const formatDuration = (ms: number) => (ms % 60_000 === 0 ? `${ms / 60_000}m` : `${Math.round(ms / 1000)}s`);

/** One report per object that was applied, listed or failed, in manifest order (not the order requests finished in). */
function reportApplied(manifests: readonly ManifestObject[], outcome: ApplyOutcome, dryRun: boolean): Map<string, ObjectReport> {
  const byKey = new Map<string, ObjectReport>();
  for (const entry of outcome.applied) {
    const action: ObjectAction = dryRun ? (entry.action === 'created' ? 'would-create' : 'would-configure') : entry.action;
    byKey.set(objectKey(entry.ref), { ref: entry.ref, action });
  }
  for (const entry of outcome.skipped) byKey.set(objectKey(entry.ref), { ref: entry.ref, action: 'would-create', detail: `not validated: ${entry.reason}` });
  for (const failure of outcome.failures) byKey.set(objectKey(failure.ref), { ref: failure.ref, action: 'failed', detail: failure.message });
  const reports = new Map<string, ObjectReport>();
  for (const manifest of manifests) {
    const key = objectKey(refOf(manifest.object));
    const report = byKey.get(key);
    // Objects a failed phase never got to have no report.
    if (report) reports.set(key, report);
  }
  return reports;
}

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

  // 2. Where every object goes, and what the pull secret adds.
  const scopes = await resolveScopes(manifests, client, settings.concurrency);
  manifests = placeObjects(manifests, scopes, settings.defaultNamespace, logger);
  if (settings.deploymentName) manifests = withDeploymentLabels(manifests, settings.deploymentName, logger);
  const keep = new Set(manifests.map((m) => objectKey(refOf(m.object))));
  let serviceAccounts: ManifestObject[] = [];
  if (settings.pullSecret) {
    if (!deps.registryLogins) throw new Error('ecr-pull-secret needs a registry login source');
    const plan = await planPullSecret(manifests, images, settings.pullSecret, { logins: deps.registryLogins, secrets: deps.secrets, logger });
    manifests = [...plan.manifests, ...plan.secrets];
    serviceAccounts = plan.serviceAccounts;
  }

  // 3. Namespaces: the ones the manifests do not create must exist, or be created when asked.
  const namespaces = await prepareNamespaces(client, manifests, settings, logger, deps.onChange);
  for (const name of namespaces.created) {
    objects.push({ ref: { apiVersion: 'v1', kind: 'Namespace', name }, action: settings.dryRun ? 'would-create' : 'created', detail: 'create-namespace' });
  }

  // 4. What the Deployments look like now, to restore them if the rollout fails.
  const previous = new Map<string, KubeObject | undefined>();
  if (settings.rollbackOnFailure && !settings.dryRun) {
    const deployments = manifests.filter((m) => isDeployment(m.object)).map((m) => refOf(m.object));
    const found = await mapConcurrent(deployments, settings.concurrency, (ref) => client.get(ref));
    deployments.forEach((ref, index) => previous.set(objectKey(ref), found[index]));
  }

  // 5. Apply. A dry run cannot validate objects whose namespace or CRD this deploy would create: those are listed.
  const skip = (object: KubeObject): string | undefined => {
    if (!settings.dryRun) return undefined;
    if (object.metadata.namespace && namespaces.fresh.has(object.metadata.namespace)) return `namespace ${object.metadata.namespace} is created by this deploy; the server cannot validate objects in it yet`;
    if (scopes.get(kindKey(object))?.pendingCrd) return `its CustomResourceDefinition is created by this deploy; the server cannot validate it yet`;
    return undefined;
  };
  const outcome = await logger.group(`${settings.dryRun ? 'Dry run: applying' : 'Applying'} ${pluralize(manifests.length + serviceAccounts.length, 'object')} (server-side apply, field manager ${FIELD_MANAGER})`, async () => {
    const result = await applyObjects(client, manifests, { force: settings.forceConflicts, dryRun: settings.dryRun, concurrency: settings.concurrency, skip });
    if (result.failures.length === 0 && serviceAccounts.length > 0) {
      const accounts = await applyObjects(client, serviceAccounts, { force: false, dryRun: settings.dryRun, concurrency: settings.concurrency, skip, fieldManager: PULL_SECRET_FIELD_MANAGER });
      result.applied.push(...accounts.applied);
      result.skipped.push(...accounts.skipped);
      result.failures.push(...accounts.failures);
    }
    for (const entry of result.applied) {
      logger.info(`${describeRef(entry.ref)} ${settings.dryRun ? `would be ${entry.action}` : entry.action}`);
      if (!settings.dryRun) deps.onChange?.(`${describeRef(entry.ref)} ${entry.action}`);
    }
    for (const entry of result.skipped) logger.info(`${describeRef(entry.ref)} not validated: ${entry.reason}`);
    return result;
  });
  const reports = reportApplied([...manifests, ...serviceAccounts], outcome, settings.dryRun);
  const finish = (extra: Partial<DeployReport>): DeployReport => ({
    images,
    verification,
    objects: [...objects, ...reports.values(), ...(extra.objects ?? [])],
    diagnoses: extra.diagnoses ?? [],
    rolledBack: extra.rolledBack ?? [],
    ...(extra.failure ? { failure: extra.failure } : {}),
  });
  if (outcome.failures.length > 0) {
    const failure = `${pluralize(outcome.failures.length, 'object')} could not be applied: ${outcome.failures.map((f) => f.message).join('; ')}`;
    if (!settings.rollbackOnFailure || settings.dryRun) return finish({ failure });
    // Objects of the same phase went out beside the refused one and would roll out unwatched: rolling back means
    // giving those with an earlier pod template that template again.
    return finish({ failure, rolledBack: await rollBack(outcome.applied, previous, settings, deps, reports, true) });
  }
  if (settings.dryRun) return finish(await pruneStep(settings, manifests, namespaces.all, keep, deps));

  // 6. Wait for the rollouts.
  const workloads = outcome.applied.filter((entry) => hasRollout(entry.ref));
  if (workloads.length === 0 || settings.timeoutMs === 0) {
    for (const entry of workloads) reports.set(objectKey(entry.ref), { ...reports.get(objectKey(entry.ref))!, detail: 'not waited for (timeout 0s)' });
    return finish(await pruneStep(settings, manifests, namespaces.all, keep, deps));
  }
  const wait = await logger.group(`Waiting up to ${formatDuration(settings.timeoutMs)} for ${pluralize(workloads.length, 'rollout')}`, () =>
    waitForRollouts(client, workloads.map((w) => w.ref), {
      timeoutMs: settings.timeoutMs,
      pollIntervalMs: settings.pollIntervalMs,
      clock: deps.clock,
      ...(deps.signal ? { signal: deps.signal } : {}),
      onChange: (ref, state) => logger.info(`${describeRef(ref)}: ${state.detail}`),
    }),
  );
  const unfinished = wait.outcomes.filter((r) => r.state.status !== 'ready');
  const how = waitEnding(wait);
  for (const rollout of wait.outcomes) {
    reports.set(objectKey(rollout.ref), { ...reports.get(objectKey(rollout.ref))!, detail: workloadLine(rollout.state, how) });
  }
  if (unfinished.length === 0 && !wait.interruption) return finish(await pruneStep(settings, manifests, namespaces.all, keep, deps));

  // 7. Say why, and roll back when asked. A cancelled or unreadable wait is a failed rollout too: what was applied is
  // reported, and rolled back when asked, as for any other.
  const cleanup = cleanupDependencies(wait.interruption, deps);
  const diagnoses = await diagnose(unfinished, cleanup);
  const unfinishedLine = (state: RolloutState) =>
    state.status === 'failed'
      ? state.detail
      : how === 'stopped'
        ? `not finished when the wait stopped at the failure (${state.detail})`
        : how === 'timed-out'
          ? `timed out after ${formatDuration(settings.timeoutMs)} (${state.detail})`
          : `${NOT_FINISHED[how]} (${state.detail})`;
  const failure = `Rollout did not finish: ${[
    ...(wait.interruption ? [interruptionLine(wait.interruption)] : []),
    ...unfinished.map((r) => `${describeRef(r.ref)} ${unfinishedLine(r.state)}`),
  ].join('; ')}`;
  if (!settings.rollbackOnFailure) return finish({ diagnoses, failure });
  const rolledBack = await rollBack(outcome.applied, previous, settings, cleanup, reports, wait.interruption?.kind !== 'cancelled');
  return finish({ diagnoses, failure, rolledBack });
}

async function diagnose(unfinished: readonly RolloutOutcome[], deps: DeployDependencies): Promise<WorkloadDiagnosis[]> {
  return deps.logger.group('Why the rollout did not finish', async () => {
    const diagnoses: WorkloadDiagnosis[] = [];
    for (const rollout of unfinished) {
      // A diagnosis is a courtesy: one the cluster does not allow (listing pods, say) must not stop the rollback.
      try {
        const workload = rollout.object ?? (await deps.client.get(rollout.ref));
        if (!workload) continue;
        const diagnosis = await diagnoseWorkload(deps.client, workload);
        for (const line of formatDiagnosis(diagnosis)) deps.logger.error(line);
        diagnoses.push(diagnosis);
      } catch (error) {
        deps.logger.warning(`${describeRef(rollout.ref)}: could not read why its rollout did not finish (${errorMessage(error)})`);
      }
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
  /** False after a cancel: the few seconds left go to restoring the templates and reporting, not to waiting. */
  waitForRestored: boolean,
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
    const lines = waitForRestored ? await restoredLines(restored, settings, deps) : restored.map((ref) => ({ ref, line: 'rolled back to the previous pod template (not waited for: the run was cancelled)' }));
    for (const { ref, line } of lines) {
      deps.logger.info(`${describeRef(ref)}: ${line}`);
      const report = reports.get(objectKey(ref))!;
      reports.set(objectKey(ref), { ...report, detail: `${report.detail ?? ''}; ${line}`.replace(/^; /, '') });
    }
    return restored;
  });
}

/** Waits for the restored Deployments and says how each one ended up. */
async function restoredLines(restored: readonly ObjectRef[], settings: DeploySettings, deps: DeployDependencies): Promise<{ ref: ObjectRef; line: string }[]> {
  const wait = await waitForRollouts(deps.client, restored, {
    timeoutMs: settings.timeoutMs,
    pollIntervalMs: settings.pollIntervalMs,
    clock: deps.clock,
    ...(deps.signal ? { signal: deps.signal } : {}),
  });
  const how = waitEnding(wait);
  return wait.outcomes.map(({ ref, state }) => ({
    ref,
    line: state.status === 'ready' ? 'rolled back to the previous pod template (ready)' : `rolled back to the previous pod template (${workloadLine(state, how)})`,
  }));
}

function pruneOptions(settings: DeploySettings, manifests: readonly ManifestObject[], namespaces: ReadonlySet<string>, keep: ReadonlySet<string>) {
  const kinds = [...new Map(manifests.filter((m) => !isDefinition(m.object)).map((m) => [kindKey(m.object), { apiVersion: m.object.apiVersion, kind: m.object.kind }])).values()];
  return { deploymentName: settings.deploymentName!, namespaces: [...namespaces].sort(), kinds, keep, concurrency: settings.concurrency };
}

/** Prunes (or, in a dry run, lists what would be pruned). */
async function pruneStep(
  settings: DeploySettings,
  manifests: readonly ManifestObject[],
  namespaces: ReadonlySet<string>,
  keep: ReadonlySet<string>,
  deps: DeployDependencies,
): Promise<Partial<DeployReport>> {
  if (!settings.prune) return {};
  let prunable: ObjectRef[];
  try {
    prunable = await findPrunable(deps.client, pruneOptions(settings, manifests, namespaces, keep));
  } catch (error) {
    // Everything is applied by now: a list the identity may not make fails the deploy, but the report still goes out.
    return { failure: `Could not list the objects to prune, so nothing was pruned: ${errorMessage(error)}` };
  }
  if (settings.dryRun) {
    for (const ref of prunable) deps.logger.info(`${describeRef(ref)} would be pruned`);
    return { objects: prunable.map((ref) => ({ ref, action: 'would-prune' as const })) };
  }
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
