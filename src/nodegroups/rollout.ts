import { UpdateNodegroupConfigCommand, UpdateNodegroupVersionCommand } from '@aws-sdk/client-eks';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { RegionClientFactory, RegionClients } from './aws-clients.js';
import { awsErrorText, callAws, isExpiredCredentials } from './aws-errors.js';
import { checkSelection, discoverRegion } from './discovery.js';
import { createVersion, findEquivalentVersion, LaunchTemplateReader } from './launch-templates.js';
import { runWithinLimits, type SlotRelease } from './limits.js';
import { KUBERNETES_VERSION_TAG } from './kubernetes-version.js';
import { OS_FAMILY_NAMES } from './os-family.js';
import { clusterKeyOf, describeTargetImage, planRegion, type RegionPlan, type RolloutStep, type SkippedNodegroup } from './plan.js';
import { formatElapsed } from '../core/format.js';
import type { RolloutEntry, RolloutReport } from './report.js';
import type { MaxUnavailable, RolloutSettings } from './settings.js';
import { formatUpdateErrors, updateErrors, updateErrorsSuffix, waitForUpdate } from './update-wait.js';
import { errorMessage } from '../core/errors.js';

export interface RolloutDependencies {
  readonly clients: RegionClientFactory;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly signal?: AbortSignal;
  /** Told of each change as it is made (a launch template version created, a node group update started), in words. */
  readonly onChange?: (change: string) => void;
}

/** A max-unavailable update (UpdateNodegroupConfig) that outlived the timeout: it goes on in EKS. */
class ConfigUpdateStillRunning extends Error {
  constructor(
    message: string,
    readonly updateId: string,
  ) {
    super(message);
  }
}

const labelOf = (ref: RolloutStep['ref']) => `${ref.region}/${ref.cluster}/${ref.nodegroup}`;

function describeUpdateConfig(config: MaxUnavailable): string {
  return 'count' in config ? `maxUnavailable ${config.count}` : `maxUnavailablePercentage ${config.percentage}`;
}

function skippedEntry(skip: SkippedNodegroup): RolloutEntry {
  return {
    region: skip.ref.region,
    cluster: skip.ref.cluster,
    nodegroup: skip.ref.nodegroup,
    ...(skip.fromAmi ? { fromAmi: skip.fromAmi } : {}),
    toAmi: skip.toAmi,
    ...(skip.launchTemplateId ? { launchTemplateId: skip.launchTemplateId } : {}),
    ...(skip.launchTemplateVersion ? { launchTemplateVersion: skip.launchTemplateVersion } : {}),
    result: skip.result,
    reason: skip.reason,
  };
}

function stepEntry(step: RolloutStep, fields: Omit<RolloutEntry, 'region' | 'cluster' | 'nodegroup' | 'fromAmi' | 'toAmi' | 'launchTemplateId'>): RolloutEntry {
  return {
    region: step.ref.region,
    cluster: step.ref.cluster,
    nodegroup: step.ref.nodegroup,
    fromAmi: step.fromAmi,
    toAmi: step.toAmi,
    launchTemplateId: step.source.templateId,
    ...fields,
  };
}

const byName = (a: RolloutEntry, b: RolloutEntry) =>
  a.region.localeCompare(b.region) || a.cluster.localeCompare(b.cluster) || a.nodegroup.localeCompare(b.nodegroup);

function sortedReport(updated: RolloutEntry[], skipped: RolloutEntry[], failed: RolloutEntry[]): RolloutReport {
  return { updated: updated.sort(byName), skipped: skipped.sort(byName), failed: failed.sort(byName) };
}

/**
 * Rolls the target AMIs out to the selected managed node groups: discover (read only), plan every node group, then,
 * unless this is a dry run, create one launch template version per (template version, cluster) and update the node
 * groups within the concurrency limits, waiting for each update when asked to.
 */
export async function performRollout(settings: RolloutSettings, deps: RolloutDependencies): Promise<RolloutReport> {
  const { logger, signal } = deps;
  const regions = [...settings.amis.keys()];
  const clients = new Map(regions.map((region) => [region, deps.clients(region)] as const));
  const clientsOf = (region: string) => clients.get(region) as RegionClients;

  const discoveries = await Promise.all(regions.map((region) => discoverRegion(region, clientsOf(region).eks, settings.selection, signal)));
  checkSelection(discoveries, settings.selection);

  const plans: RegionPlan[] = await Promise.all(
    discoveries.map(async (discovery) => {
      const region = discovery.region;
      if (discovery.clusters.every((each) => each.selected.length === 0)) return { steps: [], skipped: [], clusterCapacity: new Map() };
      const ami = settings.amis.get(region)!;
      const target = await describeTargetImage(clientsOf(region).ec2, region, ami, signal);
      const detection = target.detection;
      logger.info(
        'family' in detection
          ? `${region}: target AMI ${ami} is ${OS_FAMILY_NAMES[detection.family]} (from ${detection.evidence})`
          : `${region}: target AMI ${ami}: ${detection.unsupported}`,
      );
      const kubernetes = target.kubernetes;
      if ('version' in kubernetes) {
        logger.info(`${region}: target AMI ${ami} is for Kubernetes ${kubernetes.version} (from ${kubernetes.evidence})`);
      } else {
        // Once per region, not per node group: it is a property of the AMI, and the plan goes on without the check.
        logger.warning(
          `${region}: target AMI ${ami} is not checked against the clusters' Kubernetes versions: ${kubernetes.unknown}. ` +
            `Tag it ${KUBERNETES_VERSION_TAG}=<major.minor> (such as 1.31) to have it checked.`,
        );
      }
      const { ec2 } = clientsOf(region);
      return planRegion(discovery, target, { templates: new LaunchTemplateReader(ec2, signal), ec2, ...(signal ? { signal } : {}) }, settings);
    }),
  );
  const steps = plans.flatMap((plan) => plan.steps);
  const capacity = new Map(plans.flatMap((plan) => [...plan.clusterCapacity]));
  const skipped = plans.flatMap((plan) => plan.skipped).map(skippedEntry);

  await logger.group(`Plan: ${steps.length} node group(s) to update, ${skipped.length} skipped`, async () => {
    for (const step of steps) {
      const config = step.updateConfig ? `; updateConfig set to ${describeUpdateConfig(step.updateConfig)}` : '';
      logger.info(
        `${labelOf(step.ref)}: ${step.fromAmi} -> ${step.toAmi}, new version of launch template ${step.source.templateId} ` +
          `from version ${step.source.version}; ${step.userDataNote}${config}`,
      );
      for (const warning of step.warnings) logger.warning(`${labelOf(step.ref)}: ${warning}`);
    }
    for (const skip of skipped) logger.info(`${skip.region}/${skip.cluster}/${skip.nodegroup}: skipped, ${skip.reason}`);
  });

  if (settings.dryRun) {
    for (const step of steps.filter((each) => each.userDataDiff !== '')) {
      await logger.group(`User data change for ${labelOf(step.ref)}`, async () => logger.info(step.userDataDiff.trimEnd()));
    }
    const updated = steps.map((step) =>
      stepEntry(step, {
        result: 'DryRun',
        dryRun: true,
        reason:
          `would create a version of ${step.source.templateId} from version ${step.source.version} and update; ${step.userDataNote}` +
          (step.updateConfig ? `; updateConfig set to ${describeUpdateConfig(step.updateConfig)}` : ''),
        userDataDiff: step.userDataDiff,
      }),
    );
    return sortedReport(updated, skipped, []);
  }
  return executeSteps(steps, capacity, skipped, settings, deps, clientsOf);
}

async function executeSteps(
  steps: readonly RolloutStep[],
  capacity: ReadonlyMap<string, number>,
  skipped: RolloutEntry[],
  settings: RolloutSettings,
  deps: RolloutDependencies,
  clientsOf: (region: string) => RegionClients,
): Promise<RolloutReport> {
  const { logger, clock, signal } = deps;
  const updated: RolloutEntry[] = [];
  const failed: RolloutEntry[] = [];
  const versions = new Map<string, Promise<{ version: number; reused: boolean }>>();
  /** Why nothing more starts, once something stopped the rollout. */
  let stopReason: string | undefined;
  /** Per cluster key, what keeps its slot occupied after a job ended (update still running in EKS). */
  const heldBy = new Map<string, string>();
  /** Between writes: a cancelled run starts nothing more (the writes themselves are never cut off mid-flight). */
  const stopIfCancelled = () => {
    if (signal?.aborted) throw signal.reason;
  };

  /** One version per (template version, cluster): node groups of one cluster that share a template share it too. */
  const ensureVersion = (step: RolloutStep) => {
    const key = `${step.ref.region}/${step.source.templateId}@${step.source.version}/${step.ref.cluster}`;
    let pending = versions.get(key);
    if (!pending) {
      const { ec2 } = clientsOf(step.ref.region);
      pending = (async () => {
        const existing = await findEquivalentVersion(ec2, step.source, step.change, signal);
        if (existing) return { version: existing.version, reused: true };
        const version = await createVersion(ec2, step.source, step.change, step.description);
        deps.onChange?.(`${step.ref.region}: launch template ${step.source.templateId} version ${version} created from version ${step.source.version}, for cluster ${step.ref.cluster}`);
        return { version, reused: false };
      })();
      versions.set(key, pending);
    }
    return pending;
  };

  const applyUpdateConfig = async (step: RolloutStep, config: MaxUnavailable, label: string) => {
    const { eks } = clientsOf(step.ref.region);
    const startedAt = clock.now();
    const { update } = await callAws('UpdateNodegroupConfig', () =>
      eks.send(
        new UpdateNodegroupConfigCommand({
          clusterName: step.ref.cluster,
          nodegroupName: step.ref.nodegroup,
          updateConfig: 'count' in config ? { maxUnavailable: config.count } : { maxUnavailablePercentage: config.percentage },
        }),
        // No abort signal on a write: cut off mid-flight, it may still take effect, unrecorded.
      ),
    );
    logger.info(`${label}: updateConfig set to ${describeUpdateConfig(config)} (update ${update?.id ?? 'unknown'}: ${update?.status ?? 'InProgress'})`);
    deps.onChange?.(`${label}: updateConfig set to ${describeUpdateConfig(config)} (update ${update?.id ?? 'unknown'})`);
    if (update?.status === 'Successful') return;
    if (update?.status === 'Failed' || update?.status === 'Cancelled' || !update?.id) {
      throw new Error(`UpdateNodegroupConfig ${update?.status ?? 'returned no update'}${updateErrorsSuffix(updateErrors(update))}`);
    }
    const outcome = await waitForUpdate(
      eks,
      { clusterName: step.ref.cluster, nodegroupName: step.ref.nodegroup, updateId: update.id, startedAt },
      { clock, logger, timeoutMs: settings.timeoutMs, label: `${label} (updateConfig)`, ...(signal ? { signal } : {}) },
    );
    // Past the timeout the config update goes on in EKS, and the node group's slot stays taken (see rollStep).
    if (outcome.status === 'TimedOut') throw new ConfigUpdateStillRunning(`UpdateNodegroupConfig ${update.id} did not finish within ${formatElapsed(settings.timeoutMs)}`, update.id);
    if (outcome.status !== 'Successful') throw new Error(`UpdateNodegroupConfig ${update.id} ended ${outcome.status}${updateErrorsSuffix(outcome.errors)}`);
  };

  const rollStep = async (step: RolloutStep): Promise<SlotRelease> => {
    const label = labelOf(step.ref);
    const key = clusterKeyOf(step.ref);
    let version: number | undefined;
    let updateId: string | undefined;
    const startedAt = clock.now();
    const fail = (result: RolloutEntry['result'], reason: string, extra: Partial<RolloutEntry> = {}) =>
      failed.push(
        stepEntry(step, {
          ...(version !== undefined ? { launchTemplateVersion: String(version) } : {}),
          ...(updateId ? { updateId } : {}),
          result,
          reason,
          elapsedSeconds: Math.round((clock.now() - startedAt) / 1000),
          ...extra,
        }),
      );
    const stopAfterFailure = (result: string) => {
      if (settings.failFast) stopReason ??= `not started: fail-fast stopped the rollout after ${label} ${result}`;
    };
    try {
      const created = await ensureVersion(step);
      version = created.version;
      logger.info(
        `${label}: launch template ${step.source.templateId} version ${version} ` +
          `(${created.reused ? 'reused, created by an earlier run' : `created from version ${step.source.version}`}); ${step.userDataNote}`,
      );
      stopIfCancelled();
      if (step.updateConfig) {
        await applyUpdateConfig(step, step.updateConfig, label);
        stopIfCancelled();
      }
      const { eks } = clientsOf(step.ref.region);
      const updateStartedAt = clock.now();
      const { update } = await callAws('UpdateNodegroupVersion', () =>
        eks.send(
          new UpdateNodegroupVersionCommand({
            clusterName: step.ref.cluster,
            nodegroupName: step.ref.nodegroup,
            launchTemplate: { id: step.source.templateId, version: String(version) },
            force: settings.force,
          }),
          // No abort signal on a write: cut off mid-flight, it may still take effect, unrecorded.
        ),
      );
      updateId = update?.id;
      if (!updateId) throw new Error('UpdateNodegroupVersion returned no update id');
      const started = `${label}: update ${updateId} started (${step.fromAmi} -> ${step.toAmi}, launch template version ${version})`;
      logger.info(started);
      deps.onChange?.(started);
      const done = (fields: Partial<RolloutEntry> & Pick<RolloutEntry, 'result'>) =>
        updated.push(stepEntry(step, { launchTemplateVersion: String(version), updateId, ...fields }));
      if (!settings.wait) {
        done({ result: 'InProgress' });
        heldBy.set(key, `wait is false, so this run starts at most max-parallel-per-cluster (${settings.maxParallelPerCluster}) update(s) per cluster; run again after ${label} finishes`);
        return 'hold';
      }
      const outcome = await waitForUpdate(
        eks,
        { clusterName: step.ref.cluster, nodegroupName: step.ref.nodegroup, updateId, startedAt: updateStartedAt },
        { clock, logger, timeoutMs: settings.timeoutMs, label, ...(signal ? { signal } : {}) },
      );
      const elapsedSeconds = Math.round(outcome.elapsedMs / 1000);
      if (outcome.status === 'Successful') {
        done({ result: 'Successful', elapsedSeconds });
        return 'release';
      }
      if (outcome.status === 'TimedOut') {
        fail('TimedOut', `did not finish within ${formatElapsed(settings.timeoutMs)}; update ${updateId} continues in EKS`, { elapsedSeconds });
        heldBy.set(key, `the update of ${label} outlived the timeout and is still running in this cluster`);
        stopAfterFailure('timed out');
        return 'hold';
      }
      fail(outcome.status, outcome.errors.length > 0 ? formatUpdateErrors(outcome.errors) : `update ${outcome.status} without details`, {
        errors: outcome.errors,
        elapsedSeconds,
      });
      stopAfterFailure(outcome.status.toLowerCase());
      return 'release';
    } catch (error) {
      // An update that was started keeps going in EKS whatever happened here; the reason says so.
      const running = updateId ?? (error instanceof ConfigUpdateStillRunning ? error.updateId : undefined);
      const withRunning = (text: string) => (running ? `${text.replace(/\.$/, '')}; update ${running} continues in EKS` : text);
      if (signal?.aborted) {
        fail('Error', withRunning(`cancelled while ${updateId ? 'waiting' : 'starting'}`));
        stopReason ??= 'not started: the run was cancelled';
      } else if (isExpiredCredentials(error)) {
        fail('Error', withRunning(errorMessage(error)));
        stopReason ??= `not started: AWS credentials expired (${label})`;
      } else {
        fail('Error', withRunning(awsErrorText(error)));
        stopAfterFailure('failed');
      }
      if (!running) return 'release';
      heldBy.set(key, updateId ? `the update of ${label} may still be running in this cluster` : `the updateConfig of ${label} outlived the timeout and is still running in this cluster`);
      return 'hold';
    }
  };

  const notStarted = await runWithinLimits(
    steps,
    {
      overall: settings.maxParallel,
      keyOf: (step) => clusterKeyOf(step.ref),
      capacityOf: (key) => capacity.get(key) ?? settings.maxParallelPerCluster,
      mayStart: () => stopReason === undefined && !signal?.aborted,
    },
    rollStep,
  );
  for (const step of notStarted) {
    const held = heldBy.get(clusterKeyOf(step.ref));
    const reason =
      stopReason ??
      (held
        ? `not started: ${held}`
        : `not started: max-parallel (${settings.maxParallel}) updates are still running (wait: false or timed out); run again after they finish`);
    skipped.push(
      stepEntry(step, { launchTemplateVersion: String(step.source.version), result: 'NotStarted', reason }),
    );
  }
  return sortedReport(updated, skipped, failed);
}
