import { errorMessage } from '../core/errors.js';
import type { KubeClient } from './client.js';
import { describeRef, isPlainObject, type KubeObject, type ObjectRef } from './objects.js';

/**
 * Why a rollout did not finish, in the terms a user acts on: the pods that are not ready, each container's state
 * (ImagePullBackOff with the image, CrashLoopBackOff with the last exit code, ...), and the latest events about them
 * and about the workload itself (quota, admission, scheduling).
 */
export interface ContainerDiagnosis {
  readonly name: string;
  readonly state: string;
  readonly restarts: number;
  readonly lastTermination?: string;
}

export interface PodDiagnosis {
  readonly name: string;
  readonly phase: string;
  readonly containers: readonly ContainerDiagnosis[];
  readonly events: readonly string[];
}

export interface WorkloadDiagnosis {
  readonly ref: ObjectRef;
  readonly pods: readonly PodDiagnosis[];
  readonly events: readonly string[];
}

type Json = Record<string, any>;

/** matchLabels and matchExpressions as a label selector string. */
export function selectorString(selector: unknown): string | undefined {
  if (!isPlainObject(selector)) return undefined;
  const parts: string[] = [];
  for (const [key, value] of Object.entries((selector['matchLabels'] ?? {}) as Record<string, string>)) parts.push(`${key}=${value}`);
  for (const expression of (Array.isArray(selector['matchExpressions']) ? selector['matchExpressions'] : []) as Json[]) {
    const values = ((expression['values'] ?? []) as string[]).join(',');
    switch (expression['operator']) {
      case 'In':
        parts.push(`${expression['key']} in (${values})`);
        break;
      case 'NotIn':
        parts.push(`${expression['key']} notin (${values})`);
        break;
      case 'Exists':
        parts.push(String(expression['key']));
        break;
      case 'DoesNotExist':
        parts.push(`!${expression['key']}`);
        break;
    }
  }
  return parts.length > 0 ? parts.join(',') : undefined;
}

function podSelector(workload: KubeObject): string | undefined {
  const spec = (workload['spec'] ?? {}) as Json;
  const selector = selectorString(spec['selector']);
  if (selector) return selector;
  // Jobs without an explicit selector get one from the controller; their pods carry the job name.
  return workload.kind === 'Job' ? `batch.kubernetes.io/job-name=${workload.metadata.name}` : undefined;
}

function describeContainer(status: Json): ContainerDiagnosis {
  const state = (status['state'] ?? {}) as Json;
  let text = 'unknown';
  if (state['waiting']) text = `waiting: ${state['waiting'].reason ?? ''}${state['waiting'].message ? ` (${state['waiting'].message})` : ''}`;
  else if (state['terminated']) text = `terminated: ${state['terminated'].reason ?? ''} (exit code ${state['terminated'].exitCode})`;
  else if (state['running']) text = status['ready'] ? 'running, ready' : 'running, not ready';
  const last = status['lastState']?.terminated as Json | undefined;
  return {
    name: String(status['name']),
    state: text,
    restarts: Number(status['restartCount'] ?? 0),
    ...(last ? { lastTermination: `${last['reason'] ?? 'terminated'} (exit code ${last['exitCode']})` } : {}),
  };
}

const eventTime = (event: Json) => String(event['lastTimestamp'] ?? event['eventTime'] ?? event['firstTimestamp'] ?? '');
const describeEvent = (event: Json) => `${event['type'] ?? 'Normal'} ${event['reason'] ?? ''}: ${event['message'] ?? ''}${Number(event['count'] ?? 1) > 1 ? ` (x${event['count']})` : ''}`;

/** The latest events of an object; when this identity may not list events, one line that says so instead. */
async function latestEvents(client: KubeClient, namespace: string, name: string, limit: number): Promise<string[]> {
  let events: KubeObject[];
  try {
    events = await client.list('v1', 'Event', namespace, { fieldSelector: `involvedObject.name=${name}` });
  } catch (error) {
    return [`(events could not be read: ${errorMessage(error)})`];
  }
  return events
    .sort((a, b) => eventTime(a).localeCompare(eventTime(b)))
    .slice(-limit)
    .map(describeEvent);
}

const isReady = (pod: Json) =>
  ((pod['status']?.conditions ?? []) as Json[]).some((c) => c['type'] === 'Ready' && c['status'] === 'True') || pod['status']?.phase === 'Succeeded';

/** Reads the failing pods of a workload and the latest events; at most `maxPods` pods, `maxEvents` events each. */
export async function diagnoseWorkload(client: KubeClient, workload: KubeObject, options: { maxPods?: number; maxEvents?: number } = {}): Promise<WorkloadDiagnosis> {
  const namespace = workload.metadata.namespace ?? 'default';
  const maxEvents = options.maxEvents ?? 4;
  const selector = podSelector(workload);
  const pods = selector ? await client.list('v1', 'Pod', namespace, { labelSelector: selector }) : [];
  const unready = pods.filter((pod) => !isReady(pod)).slice(0, options.maxPods ?? 3);
  const podDiagnoses = await Promise.all(
    unready.map(async (pod) => {
      const status = (pod['status'] ?? {}) as Json;
      const statuses = [...((status['initContainerStatuses'] ?? []) as Json[]), ...((status['containerStatuses'] ?? []) as Json[])];
      return {
        name: pod.metadata.name,
        phase: String(status['phase'] ?? 'Unknown'),
        containers: statuses.filter((s) => !s['ready']).map(describeContainer),
        events: await latestEvents(client, namespace, pod.metadata.name, maxEvents),
      };
    }),
  );
  return {
    ref: { apiVersion: workload.apiVersion, kind: workload.kind, namespace, name: workload.metadata.name },
    pods: podDiagnoses,
    events: await latestEvents(client, namespace, workload.metadata.name, maxEvents),
  };
}

/** The diagnosis as log lines. */
export function formatDiagnosis(diagnosis: WorkloadDiagnosis): string[] {
  const lines = [`${describeRef(diagnosis.ref)}:`];
  if (diagnosis.pods.length === 0) lines.push('  no unready pods found (the controller may not have created any: see the events)');
  for (const pod of diagnosis.pods) {
    lines.push(`  pod ${pod.name} (${pod.phase})`);
    for (const container of pod.containers) {
      lines.push(
        `    container ${container.name}: ${container.state}${container.restarts ? `, ${container.restarts} restarts` : ''}${container.lastTermination ? `, last ${container.lastTermination}` : ''}`,
      );
    }
    for (const event of pod.events) lines.push(`    event: ${event}`);
  }
  for (const event of diagnosis.events) lines.push(`  event: ${event}`);
  return lines;
}

/** One line for a summary table cell: the first failing container state, else the last event. */
export function diagnosisSummary(diagnosis: WorkloadDiagnosis): string {
  for (const pod of diagnosis.pods) {
    const container = pod.containers.find((c) => c.state.startsWith('waiting') || c.state.startsWith('terminated'));
    if (container) return `pod ${pod.name}: container ${container.name} ${container.state}`;
  }
  const event = diagnosis.pods.flatMap((p) => p.events).at(-1) ?? diagnosis.events.at(-1);
  return event ?? 'no pod or event explains it';
}
