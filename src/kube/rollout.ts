import type { Clock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import type { KubeClient } from './client.js';
import { describeRef, isPlainObject, objectKey, refOf, type KubeObject, type ObjectRef } from './objects.js';

/**
 * Rollout state of a workload, read from its status the way `kubectl rollout status` reads it: the controller must
 * have observed the current generation, then the updated, ready and available counts must reach the desired count
 * (Deployments, StatefulSets, DaemonSets, ReplicaSets), or the Job must report Complete. A Deployment past its
 * progress deadline and a Job that reports Failed are failures; everything else is still progressing.
 */
export type RolloutState =
  | { readonly status: 'ready'; readonly detail: string }
  | { readonly status: 'progressing'; readonly detail: string }
  | { readonly status: 'failed'; readonly detail: string };

type Json = Record<string, any>;
const num = (value: unknown, fallback = 0) => (typeof value === 'number' ? value : fallback);
const condition = (status: Json, type: string): Json | undefined =>
  (Array.isArray(status['conditions']) ? (status['conditions'] as Json[]) : []).find((c) => isPlainObject(c) && c['type'] === type);

/** Kinds drydock waits for; everything else is ready once applied. */
export const ROLLOUT_KINDS = new Set(['apps/Deployment', 'apps/StatefulSet', 'apps/DaemonSet', 'apps/ReplicaSet', 'batch/Job']);

export function hasRollout(ref: Pick<ObjectRef, 'apiVersion' | 'kind'>): boolean {
  const group = ref.apiVersion.includes('/') ? ref.apiVersion.slice(0, ref.apiVersion.indexOf('/')) : '';
  return ROLLOUT_KINDS.has(`${group}/${ref.kind}`);
}

export function rolloutState(object: KubeObject): RolloutState {
  const spec = (object['spec'] ?? {}) as Json;
  const status = (object['status'] ?? {}) as Json;
  const generation = num(object.metadata['generation'], 0);
  const observed = num(status['observedGeneration'], -1);
  const waitingForController = { status: 'progressing', detail: `waiting for the controller to observe generation ${generation}` } as const;
  switch (object.kind) {
    case 'Deployment': {
      if (generation > observed) return waitingForController;
      const progressing = condition(status, 'Progressing');
      if (progressing?.['reason'] === 'ProgressDeadlineExceeded') {
        return { status: 'failed', detail: `progress deadline exceeded: ${progressing['message'] ?? 'the rollout made no progress'}` };
      }
      const desired = num(spec['replicas'], 1);
      const updated = num(status['updatedReplicas']);
      const total = num(status['replicas']);
      const available = num(status['availableReplicas']);
      if (updated < desired) return { status: 'progressing', detail: `${updated} of ${desired} replicas updated` };
      if (total > updated) return { status: 'progressing', detail: `${total - updated} old replicas pending termination` };
      if (available < updated) return { status: 'progressing', detail: `${available} of ${updated} updated replicas available` };
      return { status: 'ready', detail: `${available} of ${desired} replicas available` };
    }
    case 'StatefulSet': {
      const strategy = (spec['updateStrategy'] ?? {}) as Json;
      if (strategy['type'] === 'OnDelete') return { status: 'ready', detail: 'updateStrategy OnDelete: pods update when deleted' };
      if (generation > observed) return waitingForController;
      const desired = num(spec['replicas'], 1);
      const ready = num(status['readyReplicas']);
      if (ready < desired) return { status: 'progressing', detail: `${ready} of ${desired} replicas ready` };
      const partition = num(strategy['rollingUpdate']?.['partition'], 0);
      if (partition > 0) {
        const updated = num(status['updatedReplicas']);
        if (updated < desired - partition) return { status: 'progressing', detail: `${updated} of ${desired - partition} replicas above the partition updated` };
        return { status: 'ready', detail: `partitioned rollout: ${updated} replicas updated` };
      }
      if (status['updateRevision'] !== status['currentRevision']) {
        return { status: 'progressing', detail: `${num(status['updatedReplicas'])} of ${desired} replicas at revision ${status['updateRevision']}` };
      }
      return { status: 'ready', detail: `${ready} of ${desired} replicas ready` };
    }
    case 'DaemonSet': {
      const strategy = (spec['updateStrategy'] ?? {}) as Json;
      if (strategy['type'] === 'OnDelete') return { status: 'ready', detail: 'updateStrategy OnDelete: pods update when deleted' };
      if (generation > observed) return waitingForController;
      const desired = num(status['desiredNumberScheduled']);
      const updated = num(status['updatedNumberScheduled']);
      const available = num(status['numberAvailable']);
      if (updated < desired) return { status: 'progressing', detail: `${updated} of ${desired} scheduled pods updated` };
      if (available < desired) return { status: 'progressing', detail: `${available} of ${desired} updated pods available` };
      return { status: 'ready', detail: `${available} of ${desired} pods available` };
    }
    case 'ReplicaSet': {
      if (generation > observed) return waitingForController;
      const desired = num(spec['replicas'], 1);
      const available = num(status['availableReplicas']);
      if (available < desired) return { status: 'progressing', detail: `${available} of ${desired} replicas available` };
      return { status: 'ready', detail: `${available} of ${desired} replicas available` };
    }
    case 'Job': {
      const failed = condition(status, 'Failed');
      if (failed?.['status'] === 'True') return { status: 'failed', detail: `job failed: ${failed['reason'] ?? ''}${failed['message'] ? ` (${failed['message']})` : ''}`.trim() };
      const complete = condition(status, 'Complete');
      const completions = num(spec['completions'], 1);
      if (complete?.['status'] === 'True') return { status: 'ready', detail: `complete: ${num(status['succeeded'])} of ${completions} succeeded` };
      return { status: 'progressing', detail: `${num(status['succeeded'])} of ${completions} completions, ${num(status['active'])} active` };
    }
    default:
      return { status: 'ready', detail: 'applied' };
  }
}

export interface RolloutWaitOptions {
  readonly timeoutMs: number;
  readonly pollIntervalMs: number;
  readonly clock: Clock;
  readonly signal?: AbortSignal;
  /** Called when a workload's state changes, for progress logging. */
  readonly onChange?: (ref: ObjectRef, state: RolloutState) => void;
}

export interface RolloutOutcome {
  readonly ref: ObjectRef;
  /** The last state seen; `progressing` after the wait means it timed out (or the wait was interrupted). */
  readonly state: RolloutState;
  readonly object?: KubeObject;
}

/** Why a wait stopped before its workloads were decided: the run was cancelled, or a read failed after its retries. */
export type WaitInterruption = { readonly kind: 'cancelled'; readonly reason: string } | { readonly kind: 'unreadable'; readonly error: string };

export interface RolloutWait {
  readonly outcomes: RolloutOutcome[];
  /** Set when the wait stopped early; the outcomes are then the last states read. */
  readonly interruption?: WaitInterruption;
}

/**
 * Polls the workloads until every one is ready, one fails, or the timeout passes. Each round reads every pending
 * workload once: one LIST per kind and namespace when several share them, a GET otherwise. A cancel or a read that
 * fails is not thrown: the caller still has objects to report and maybe to roll back, so it gets the last states seen
 * and what stopped the wait.
 */
export async function waitForRollouts(client: KubeClient, refs: readonly ObjectRef[], options: RolloutWaitOptions): Promise<RolloutWait> {
  const outcomes = new Map<string, RolloutOutcome>(refs.map((ref) => [objectKey(ref), { ref, state: { status: 'progressing', detail: 'not read yet' } }]));
  const lastSeen = () => refs.map((ref) => outcomes.get(objectKey(ref))!);
  const deadline = options.clock.now() + options.timeoutMs;
  try {
    for (;;) {
      await readPending(client, outcomes, options);
      const states = [...outcomes.values()].map((o) => o.state.status);
      if (states.includes('failed') || states.every((s) => s === 'ready')) break;
      const remaining = deadline - options.clock.now();
      if (remaining <= 0) break;
      await options.clock.sleep(Math.min(options.pollIntervalMs, remaining), options.signal);
    }
  } catch (error) {
    // A request stopped by the run's signal fails like any other; the aborted signal is what says it was a cancel.
    const interruption: WaitInterruption = options.signal?.aborted
      ? { kind: 'cancelled', reason: errorMessage(options.signal.reason) }
      : { kind: 'unreadable', error: errorMessage(error) };
    return { outcomes: lastSeen(), interruption };
  }
  return { outcomes: lastSeen() };
}

/** One polling round. Every read finishes before a failure is thrown, so no state changes after the wait returns. */
async function readPending(client: KubeClient, outcomes: Map<string, RolloutOutcome>, options: RolloutWaitOptions): Promise<void> {
  const pending = [...outcomes.values()].filter((o) => o.state.status === 'progressing').map((o) => o.ref);
  const groups = new Map<string, ObjectRef[]>();
  for (const ref of pending) {
    const key = `${ref.apiVersion}|${ref.kind}|${ref.namespace ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), ref]);
  }
  const results = await Promise.allSettled(
    [...groups.values()].map(async (group) => {
      const first = group[0]!;
      const objects =
        group.length === 1
          ? [await client.get(first)].filter((o): o is KubeObject => o !== undefined)
          : await client.list(first.apiVersion, first.kind, first.namespace);
      const byKey = new Map(objects.map((o) => [objectKey(refOf(o)), o]));
      for (const ref of group) {
        const object = byKey.get(objectKey(ref));
        const state: RolloutState = object ? rolloutState(object) : { status: 'failed', detail: `${describeRef(ref)} no longer exists` };
        const previous = outcomes.get(objectKey(ref))!.state;
        if (previous.status !== state.status || previous.detail !== state.detail) options.onChange?.(ref, state);
        outcomes.set(objectKey(ref), { ref, state, ...(object ? { object } : {}) });
      }
    }),
  );
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
}
