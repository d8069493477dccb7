import { createHash } from 'node:crypto';
import type { Obj } from './field-manager.js';

/**
 * What the controllers and the kubelet would do, simulated: a workload whose pod template changes starts a rollout
 * that completes after a delay (updated, ready and available counts reach the desired count; Jobs complete), unless
 * one of its images matches a failure rule, in which case its pods stay stuck (ImagePullBackOff or CrashLoopBackOff)
 * with container statuses and kubelet events, Deployments pass their progress deadline and Jobs fail.
 */
export type FailureReason = 'ImagePullBackOff' | 'CrashLoopBackOff';

export interface FailureRule {
  /** A substring of the image reference, or a pattern. */
  image: string | RegExp;
  reason: FailureReason;
}

export interface Rollout {
  generation: number;
  startedAt: number;
  revision: string;
  previousRevision?: string;
  /** Whether an earlier rollout had completed: its pods keep serving while this one progresses. */
  previousComplete: boolean;
  failure?: { reason: FailureReason; image: string; container: string };
}

export const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

export function podTemplateOf(object: Obj): Obj | undefined {
  return object['spec']?.template;
}

export function templateRevision(object: Obj): string {
  return createHash('sha256').update(JSON.stringify(podTemplateOf(object) ?? {})).digest('hex').slice(0, 10);
}

export function findFailure(object: Obj, rules: readonly FailureRule[]): Rollout['failure'] {
  const spec = podTemplateOf(object)?.spec ?? {};
  for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? [])] as Obj[]) {
    const image = String(container['image'] ?? '');
    const rule = rules.find((r) => (typeof r.image === 'string' ? image.includes(r.image) : r.image.test(image)));
    if (rule) return { reason: rule.reason, image, container: String(container['name']) };
  }
  return undefined;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export interface StatusOptions {
  now: number;
  delayMs: number;
  /** Nodes a DaemonSet schedules onto. */
  nodes: number;
}

/** The status a controller would have written by `now`. */
export function workloadStatus(object: Obj, rollout: Rollout, options: StatusOptions): Obj {
  const generation = Number(object['metadata']?.generation ?? 1);
  const elapsed = options.now - rollout.startedAt;
  const done = !rollout.failure && elapsed >= options.delayMs;
  const desired = object['kind'] === 'DaemonSet' ? options.nodes : Number(object['spec']?.replicas ?? 1);
  const serving = done || rollout.previousComplete ? desired : 0;
  // A stuck rollout gets as far as its surge allows (25%, at least one pod) and no further.
  const surge = Math.min(desired, Math.max(1, Math.ceil(desired * 0.25)));
  const at = iso(rollout.startedAt);
  switch (object['kind']) {
    case 'Deployment': {
      const deadlineSeconds = Number(object['spec']?.progressDeadlineSeconds ?? 600);
      // A slow rollout that keeps progressing resets the deadline; only a stuck one (failing pods) runs past it.
      const pastDeadline = Boolean(rollout.failure) && elapsed > deadlineSeconds * 1000;
      const progressing = done
        ? { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${object['metadata'].name}-${rollout.revision}" has successfully progressed.` }
        : pastDeadline
          ? { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${object['metadata'].name}-${rollout.revision}" has timed out progressing.` }
          : { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${object['metadata'].name}-${rollout.revision}" is progressing.` };
      return {
        observedGeneration: generation,
        replicas: done ? desired : (rollout.failure ? surge : 0) + (rollout.previousComplete ? desired : 0),
        updatedReplicas: done ? desired : rollout.failure ? surge : 0,
        readyReplicas: serving,
        availableReplicas: serving,
        ...(serving < desired ? { unavailableReplicas: desired - serving } : {}),
        conditions: [
          { type: 'Available', status: serving >= desired ? 'True' : 'False', reason: serving >= desired ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable', lastUpdateTime: at, lastTransitionTime: at },
          { ...progressing, lastUpdateTime: at, lastTransitionTime: at },
        ],
      };
    }
    case 'StatefulSet':
      return {
        observedGeneration: generation,
        replicas: desired,
        readyReplicas: serving,
        availableReplicas: serving,
        currentReplicas: done ? desired : rollout.previousComplete ? desired : 0,
        updatedReplicas: done ? desired : 0,
        currentRevision: `${object['metadata'].name}-${done ? rollout.revision : (rollout.previousRevision ?? rollout.revision)}`,
        updateRevision: `${object['metadata'].name}-${rollout.revision}`,
      };
    case 'DaemonSet':
      return {
        observedGeneration: generation,
        desiredNumberScheduled: desired,
        currentNumberScheduled: desired,
        numberMisscheduled: 0,
        numberReady: serving,
        numberAvailable: serving,
        updatedNumberScheduled: done ? desired : rollout.failure ? desired : 0,
        ...(serving < desired ? { numberUnavailable: desired - serving } : {}),
      };
    case 'ReplicaSet':
      return { observedGeneration: generation, replicas: desired, readyReplicas: serving, availableReplicas: serving, fullyLabeledReplicas: desired };
    case 'Job': {
      const completions = Number(object['spec']?.completions ?? 1);
      if (done) {
        return {
          startTime: at,
          completionTime: iso(rollout.startedAt + options.delayMs),
          succeeded: completions,
          ready: 0,
          conditions: [
            { type: 'SuccessCriteriaMet', status: 'True', lastTransitionTime: at },
            { type: 'Complete', status: 'True', lastTransitionTime: iso(rollout.startedAt + options.delayMs) },
          ],
        };
      }
      if (rollout.failure && elapsed >= options.delayMs) {
        const backoffLimit = Number(object['spec']?.backoffLimit ?? 6);
        return {
          startTime: at,
          failed: backoffLimit + 1,
          ready: 0,
          conditions: [
            { type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' },
            { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' },
          ],
        };
      }
      return { startTime: at, active: 1, ready: 0 };
    }
    default:
      return {};
  }
}

/** The stuck pods of a failing rollout and the kubelet events about them. */
export function failurePods(object: Obj, rollout: Rollout, now: number): { pods: Obj[]; events: Obj[] } {
  const failure = rollout.failure;
  if (!failure) return { pods: [], events: [] };
  const template = podTemplateOf(object) ?? {};
  const namespace = object['metadata'].namespace;
  const owner = { apiVersion: object['apiVersion'], kind: object['kind'], name: object['metadata'].name, uid: object['metadata'].uid, controller: true };
  const desired = Number(object['spec']?.replicas ?? 1);
  const count = object['kind'] === 'Deployment' ? Math.min(desired, Math.max(1, Math.ceil(desired * 0.25))) : object['kind'] === 'Job' ? 1 : Math.min(desired, 3) || 1;
  const pods: Obj[] = [];
  const events: Obj[] = [];
  const at = iso(now);
  for (let i = 0; i < count; i++) {
    const name = `${object['metadata'].name}-${rollout.revision}-${String.fromCharCode(97 + i)}${'xyzwv'.slice(0, 4)}`;
    const containers = (template.spec?.containers ?? []) as Obj[];
    const statusFor = (container: Obj) => {
      const failing = container['name'] === failure.container;
      const base = { name: container['name'], image: container['image'], imageID: '', ready: false, started: false };
      if (!failing) return { ...base, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } };
      return failure.reason === 'ImagePullBackOff'
        ? { ...base, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${failure.image}"` } } }
        : {
            ...base,
            restartCount: 4,
            state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off 1m20s restarting failed container=${failure.container} pod=${name}` } },
            lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: at, finishedAt: at } },
          };
    };
    pods.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace, labels: { ...(template.metadata?.labels ?? {}) }, ownerReferences: [owner] },
      spec: template.spec ?? {},
      status: {
        phase: failure.reason === 'ImagePullBackOff' ? 'Pending' : 'Running',
        conditions: [
          { type: 'PodScheduled', status: 'True' },
          { type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${failure.container}]` },
        ],
        containerStatuses: containers.map(statusFor),
        startTime: at,
      },
    });
    const involvedObject = { apiVersion: 'v1', kind: 'Pod', name, namespace, fieldPath: `spec.containers{${failure.container}}` };
    const event = (suffix: string, reason: string, message: string, type = 'Warning') => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${name}.${suffix}`, namespace },
      involvedObject,
      reason,
      message,
      type,
      count: 3,
      source: { component: 'kubelet', host: 'node-1' },
      firstTimestamp: at,
      lastTimestamp: at,
    });
    if (failure.reason === 'ImagePullBackOff') {
      events.push(
        event('1', 'Pulling', `Pulling image "${failure.image}"`, 'Normal'),
        event('2', 'Failed', `Failed to pull image "${failure.image}": rpc error: code = NotFound desc = failed to pull and unpack image "${failure.image}": not found`),
        event('3', 'Failed', 'Error: ErrImagePull'),
        event('4', 'BackOff', `Back-off pulling image "${failure.image}"`),
      );
    } else {
      events.push(
        event('1', 'Started', `Started container ${failure.container}`, 'Normal'),
        event('2', 'BackOff', `Back-off restarting failed container ${failure.container} in pod ${name}_${namespace}`),
      );
    }
  }
  return { pods, events };
}
