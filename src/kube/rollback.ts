import { isDeepStrictEqual } from 'node:util';
import type { AppliedObject } from './apply.js';
import { groupOf, objectKey, type KubeObject } from './objects.js';

/**
 * Rollback of Deployments after a failed rollout. Before applying, the deploy reads every Deployment it is about to
 * apply; afterwards, a Deployment whose pod template changed is "changed". Restoring it re-applies what drydock just
 * applied with the previous pod template in place (and force, since the old template's fields may belong to whoever
 * wrote them): the same thing `kubectl rollout undo` restores, while drydock keeps owning the fields it owns, so the
 * next deploy does not conflict with its own rollback. Deployments this deploy created have no previous state and are
 * left as they are.
 */
export const isDeployment = (object: Pick<KubeObject, 'apiVersion' | 'kind'>) => object.kind === 'Deployment' && groupOf(object.apiVersion) === 'apps';

export interface RollbackPlan {
  /** What to apply to restore each changed Deployment. */
  readonly restore: KubeObject[];
  /** Deployments this deploy created: nothing to go back to. */
  readonly created: KubeObject[];
}

const templateOf = (object: KubeObject) => (object['spec'] as Record<string, unknown> | undefined)?.['template'];

export function planRollback(applied: readonly AppliedObject[], previous: ReadonlyMap<string, KubeObject | undefined>): RollbackPlan {
  const plan: RollbackPlan = { restore: [], created: [] };
  for (const entry of applied) {
    if (!isDeployment(entry.applied)) continue;
    const before = previous.get(objectKey(entry.ref));
    if (!before) {
      if (previous.has(objectKey(entry.ref))) plan.created.push(entry.applied);
      continue;
    }
    if (isDeepStrictEqual(templateOf(before), templateOf(entry.live))) continue;
    const restored = structuredClone(entry.applied);
    restored['spec'] = { ...(restored['spec'] as Record<string, unknown>), template: structuredClone(templateOf(before)) };
    plan.restore.push(restored);
  }
  return plan;
}
