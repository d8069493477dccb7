/** The outcome of a rollout, one entry per node group, in three lists the next step can consume. */

/** One error of a failed EKS update, as DescribeUpdate gives it (PodEvictionFailure names nodes or pods here). */
export interface UpdateErrorDetail {
  readonly code: string;
  readonly message: string;
  readonly resourceIds: readonly string[];
}

/**
 * updated: Successful (waited for), InProgress (started with wait: false), DryRun (would be updated).
 * skipped: Skipped (not eligible, with the reason), NotStarted (eligible but held back: fail-fast, expired
 * credentials, a busy cluster). failed: Failed and Cancelled (EKS's verdict), TimedOut (still running in EKS), Error
 * (an API call failed).
 */
export type RolloutResult = 'Successful' | 'InProgress' | 'DryRun' | 'Skipped' | 'NotStarted' | 'Failed' | 'Cancelled' | 'TimedOut' | 'Error';

export interface RolloutEntry {
  readonly region: string;
  readonly cluster: string;
  readonly nodegroup: string;
  readonly fromAmi?: string;
  readonly toAmi: string;
  readonly launchTemplateId?: string;
  /** The new version for updated and failed entries, the current one for skipped entries. */
  readonly launchTemplateVersion?: string;
  readonly updateId?: string;
  readonly result: RolloutResult;
  readonly reason?: string;
  readonly errors?: readonly UpdateErrorDetail[];
  readonly elapsedSeconds?: number;
  readonly dryRun?: true;
  /** Dry run only: the user data change as a unified diff ('' when the user data stays as it is). */
  readonly userDataDiff?: string;
}

export interface RolloutReport {
  readonly updated: readonly RolloutEntry[];
  readonly skipped: readonly RolloutEntry[];
  readonly failed: readonly RolloutEntry[];
}

