/** What a rollout does, decided before anything remote happens; built by the action's input parser or by the CLI. */

export interface KeyValue {
  readonly key: string;
  readonly value: string;
}

/** Which node groups a rollout considers. Name patterns are names or globs (`*`, `?`); every given filter must match. */
export interface NodegroupSelection {
  readonly clusters: readonly string[];
  readonly clusterTags: readonly KeyValue[];
  readonly nodegroups: readonly string[];
  /** Kubernetes labels of the node group (its `labels`), not AWS tags. */
  readonly nodegroupLabels: readonly KeyValue[];
  readonly nodegroupTags: readonly KeyValue[];
  /** Without it, a selection that matches no node group is an error (usually a typo in a name or tag). */
  readonly allowEmpty: boolean;
}

/** EKS's `updateConfig`: how many nodes may be unavailable at once during the update. */
export type MaxUnavailable = { readonly count: number } | { readonly percentage: number };

export interface RolloutSettings {
  /** Target AMI per region; the rollout covers exactly these regions. */
  readonly amis: ReadonlyMap<string, string>;
  readonly selection: NodegroupSelection;
  /** UpdateNodegroupVersion `force`: replace nodes even when pod disruption budgets block draining. */
  readonly force: boolean;
  /** Applied with UpdateNodegroupConfig before the version update, when it differs from the node group's. */
  readonly maxUnavailable?: MaxUnavailable;
  readonly maxParallel: number;
  readonly maxParallelPerCluster: number;
  readonly wait: boolean;
  /** How long to wait for one update before reporting it timed out (it keeps running in EKS). */
  readonly timeoutMs: number;
  /** After a failure, start no further updates (those in flight are still awaited). */
  readonly failFast: boolean;
  readonly dryRun: boolean;
  /** Names the run in the launch template version descriptions, such as `run 1234.1`. */
  readonly runLabel: string;
}
