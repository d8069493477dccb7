import { settleConcurrent } from '../core/pool.js';
import type { KubeClient } from './client.js';
import { describeRef, FIELD_MANAGER, groupOf, refOf, type KubeObject, type ManifestObject, type ObjectRef } from './objects.js';
import { KubeApiError } from './transport.js';
import { errorMessage } from '../core/errors.js';

/**
 * Server-side apply of many objects at once. Objects other objects live in (Namespaces) or give meaning to other
 * objects (CustomResourceDefinitions and other cluster-wide definitions) are applied first, as one phase; the rest
 * follow in parallel, at most `concurrency` requests in flight, configuration before workloads within the phase so
 * pods find their ConfigMaps and Secrets. A failure in the first phase stops the deploy before the second starts.
 */
export type ApplyAction = 'created' | 'configured';

export interface AppliedObject {
  readonly ref: ObjectRef;
  readonly source: string;
  readonly action: ApplyAction;
  /** What the server returned (the live object; in a dry run, what it would be). */
  readonly live: KubeObject;
  /** What drydock sent. */
  readonly applied: KubeObject;
}

export interface SkippedObject {
  readonly ref: ObjectRef;
  readonly source: string;
  readonly reason: string;
}

export interface ApplyFailure {
  readonly ref: ObjectRef;
  readonly source: string;
  readonly message: string;
}

export interface ApplyOptions {
  readonly force: boolean;
  readonly dryRun: boolean;
  readonly concurrency: number;
  readonly fieldManager?: string;
  /** Says why an object is not sent (a dry run cannot validate objects in a namespace it would create). */
  readonly skip?: (object: KubeObject) => string | undefined;
}

export interface ApplyOutcome {
  readonly applied: AppliedObject[];
  readonly skipped: SkippedObject[];
  readonly failures: ApplyFailure[];
}

const DEFINITIONS = new Set([
  '/Namespace',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'storage.k8s.io/StorageClass',
  'scheduling.k8s.io/PriorityClass',
  'networking.k8s.io/IngressClass',
  'node.k8s.io/RuntimeClass',
]);

/** Within the second phase, what starts first (lower first); workloads and everything unknown last. */
const START_ORDER: Record<string, number> = {
  '/ServiceAccount': 0,
  '/Secret': 0,
  '/ConfigMap': 0,
  '/PersistentVolume': 0,
  '/PersistentVolumeClaim': 0,
  '/LimitRange': 0,
  '/ResourceQuota': 0,
  'rbac.authorization.k8s.io/ClusterRole': 1,
  'rbac.authorization.k8s.io/ClusterRoleBinding': 1,
  'rbac.authorization.k8s.io/Role': 1,
  'rbac.authorization.k8s.io/RoleBinding': 1,
  '/Service': 2,
};

const kindKey = (object: Pick<KubeObject, 'apiVersion' | 'kind'>) => `${groupOf(object.apiVersion)}/${object.kind}`;

export function isDefinition(object: Pick<KubeObject, 'apiVersion' | 'kind'>): boolean {
  return DEFINITIONS.has(kindKey(object));
}

/** Explains an API error in terms of what to change. */
export function describeApplyError(ref: ObjectRef, error: unknown): string {
  if (!(error instanceof KubeApiError)) return `${describeRef(ref)}: ${errorMessage(error)}`;
  let fix = '';
  if (error.status === 409 && error.reason === 'Conflict') {
    fix = ' Another field manager owns these fields: remove them from the manifest, or set force-conflicts: true to take them over.';
  } else if (error.status === 404 && /namespaces? "[^"]+" not found/.test(error.message)) {
    fix = ' Add the Namespace to the manifests, or set create-namespace: true.';
  } else if (error.status === 403) {
    fix = ' Grant the deploying identity this permission (a Role or ClusterRole binding).';
  }
  // The server's own message seldom ends a sentence; the fix starts a new one.
  const message = fix && !/[.!?]$/.test(error.message) ? `${error.message}.` : error.message;
  return `${describeRef(ref)}: ${message}${fix}`;
}

export async function applyObjects(client: KubeClient, manifests: readonly ManifestObject[], options: ApplyOptions): Promise<ApplyOutcome> {
  const outcome: ApplyOutcome = { applied: [], skipped: [], failures: [] };
  const first = manifests.filter((m) => isDefinition(m.object));
  const rest = manifests
    .filter((m) => !isDefinition(m.object))
    .map((manifest, index) => ({ manifest, index }))
    .sort((a, b) => (START_ORDER[kindKey(a.manifest.object)] ?? 9) - (START_ORDER[kindKey(b.manifest.object)] ?? 9) || a.index - b.index)
    .map(({ manifest }) => manifest);

  for (const phase of [first, rest]) {
    const results = await settleConcurrent(phase, options.concurrency, async (manifest) => {
      const reason = options.skip?.(manifest.object);
      if (reason) return { kind: 'skipped' as const, reason };
      return { kind: 'applied' as const, result: await client.apply(manifest.object, { fieldManager: options.fieldManager ?? FIELD_MANAGER, force: options.force, dryRun: options.dryRun }) };
    });
    results.forEach((result, index) => {
      const manifest = phase[index]!;
      const ref = refOf(manifest.object);
      if (result.status === 'rejected') outcome.failures.push({ ref, source: manifest.source, message: describeApplyError(ref, result.reason) });
      else if (result.value.kind === 'skipped') outcome.skipped.push({ ref, source: manifest.source, reason: result.value.reason });
      else {
        outcome.applied.push({
          ref,
          source: manifest.source,
          action: result.value.result.created ? 'created' : 'configured',
          live: result.value.result.object,
          applied: manifest.object,
        });
      }
    });
    if (outcome.failures.length > 0) break;
  }
  return outcome;
}
