import { selectorString } from '../../src/kube/diagnostics.js';
import type { KubeObject } from '../../src/kube/objects.js';
import { hasRollout, rolloutState } from '../../src/kube/rollout.js';

const object = (apiVersion: string, kind: string, generation: number, spec: object, status: object): KubeObject => ({
  apiVersion,
  kind,
  metadata: { name: 'x', generation },
  spec,
  status,
});
const deployment = (status: object, generation = 2, replicas = 3) => object('apps/v1', 'Deployment', generation, { replicas }, status);

describe('rollout state, as kubectl rollout status reads it', () => {
  test.each([
    ['controller behind', deployment({ observedGeneration: 1 }), 'progressing', 'waiting for the controller to observe generation 2'],
    ['new pods not all updated', deployment({ observedGeneration: 2, updatedReplicas: 1, replicas: 4, availableReplicas: 3 }), 'progressing', '1 of 3 replicas updated'],
    ['old pods still there', deployment({ observedGeneration: 2, updatedReplicas: 3, replicas: 4, availableReplicas: 3 }), 'progressing', '1 old replicas pending termination'],
    ['updated but not available', deployment({ observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 2 }), 'progressing', '2 of 3 updated replicas available'],
    ['done', deployment({ observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 3 }), 'ready', '3 of 3 replicas available'],
    ['replicas default to 1', object('apps/v1', 'Deployment', 1, {}, { observedGeneration: 1, updatedReplicas: 1, replicas: 1, availableReplicas: 1 }), 'ready', '1 of 1 replicas available'],
    [
      'past its progress deadline',
      deployment({ observedGeneration: 2, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "x-1" has timed out progressing.' }] }),
      'failed',
      'progress deadline exceeded: ReplicaSet "x-1" has timed out progressing.',
    ],
    ['StatefulSet not ready', object('apps/v1', 'StatefulSet', 1, { replicas: 2 }, { observedGeneration: 1, readyReplicas: 1 }), 'progressing', '1 of 2 replicas ready'],
    [
      'StatefulSet between revisions',
      object('apps/v1', 'StatefulSet', 1, { replicas: 2 }, { observedGeneration: 1, readyReplicas: 2, updatedReplicas: 1, currentRevision: 'a', updateRevision: 'b' }),
      'progressing',
      '1 of 2 replicas at revision b',
    ],
    ['StatefulSet done', object('apps/v1', 'StatefulSet', 1, { replicas: 2 }, { observedGeneration: 1, readyReplicas: 2, currentRevision: 'b', updateRevision: 'b' }), 'ready', '2 of 2 replicas ready'],
    [
      'StatefulSet partitioned',
      object('apps/v1', 'StatefulSet', 1, { replicas: 4, updateStrategy: { rollingUpdate: { partition: 2 } } }, { observedGeneration: 1, readyReplicas: 4, updatedReplicas: 2 }),
      'ready',
      'partitioned rollout: 2 replicas updated',
    ],
    ['StatefulSet OnDelete', object('apps/v1', 'StatefulSet', 3, { updateStrategy: { type: 'OnDelete' } }, {}), 'ready', 'updateStrategy OnDelete: pods update when deleted'],
    ['DaemonSet updating', object('apps/v1', 'DaemonSet', 1, {}, { observedGeneration: 1, desiredNumberScheduled: 3, updatedNumberScheduled: 2, numberAvailable: 3 }), 'progressing', '2 of 3 scheduled pods updated'],
    ['DaemonSet done', object('apps/v1', 'DaemonSet', 1, {}, { observedGeneration: 1, desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3 }), 'ready', '3 of 3 pods available'],
    ['Job running', object('batch/v1', 'Job', 1, { completions: 2 }, { succeeded: 1, active: 1 }), 'progressing', '1 of 2 completions, 1 active'],
    ['Job complete', object('batch/v1', 'Job', 1, {}, { succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] }), 'ready', 'complete: 1 of 1 succeeded'],
    [
      'Job failed',
      object('batch/v1', 'Job', 1, {}, { failed: 7, conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }] }),
      'failed',
      'job failed: BackoffLimitExceeded (Job has reached the specified backoff limit)',
    ],
    ['ReplicaSet', object('apps/v1', 'ReplicaSet', 1, { replicas: 2 }, { observedGeneration: 1, availableReplicas: 1 }), 'progressing', '1 of 2 replicas available'],
  ])('%s', (_name, workload, status, detail) => {
    expect(rolloutState(workload)).toEqual({ status, detail });
  });

  test.each([
    ['apps/v1', 'Deployment', true],
    ['batch/v1', 'Job', true],
    ['batch/v1', 'CronJob', false],
    ['v1', 'Service', false],
    ['example.com/v1', 'Deployment', false],
  ])('%s %s is waited for: %s', (apiVersion, kind, expected) => expect(hasRollout({ apiVersion, kind })).toBe(expected));
});

describe('pod selectors for diagnostics', () => {
  test.each([
    [{ matchLabels: { app: 'web', tier: 'front' } }, 'app=web,tier=front'],
    [
      {
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['a', 'b'] },
          { key: 'x', operator: 'NotIn', values: ['c'] },
          { key: 'y', operator: 'Exists' },
          { key: 'z', operator: 'DoesNotExist' },
        ],
      },
      'env in (a,b),x notin (c),y,!z',
    ],
    [{}, undefined],
    [undefined, undefined],
  ])('%j', (selector, expected) => expect(selectorString(selector)).toBe(expected));
});

describe('a StatefulSet or DaemonSet is not ready from stale or partial status', () => {
  test.each([
    [
      'StatefulSet whose status is for an older generation',
      object('apps/v1', 'StatefulSet', 2, { replicas: 2 }, { observedGeneration: 1, readyReplicas: 2, currentRevision: 'a', updateRevision: 'a' }),
      'waiting for the controller to observe generation 2',
    ],
    [
      'DaemonSet whose status is for an older generation',
      object('apps/v1', 'DaemonSet', 2, {}, { observedGeneration: 1, desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3 }),
      'waiting for the controller to observe generation 2',
    ],
    [
      'DaemonSet with every pod updated but not all available',
      object('apps/v1', 'DaemonSet', 1, {}, { observedGeneration: 1, desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 2 }),
      '2 of 3 updated pods available',
    ],
  ])('%s is still progressing', (_name, workload, detail) => {
    expect(rolloutState(workload)).toEqual({ status: 'progressing', detail });
  });
});
