import { resolveRegion } from '../../aws/client-config.js';
import type { ActionContext } from '../../core/action.js';
import { ConfigurationError, invalidInput } from '../../core/errors.js';
import { parseRegion, type InputReader } from '../../core/inputs.js';
import type { KeyValue, MaxUnavailable, RolloutSettings } from '../../nodegroups/settings.js';

/** rollout-nodegroups runs exactly the domain rollout; its settings are the domain's. */
export type RolloutNodegroupsSettings = RolloutSettings;

export const DEFAULT_MAX_PARALLEL = 5;
export const DEFAULT_MAX_PARALLEL_PER_CLUSTER = 1;
export const DEFAULT_TIMEOUT = '90m';
/** A GitHub-hosted job ends after 6 hours; a longer wait could never finish. */
const MAX_TIMEOUT_MS = 6 * 3_600_000;

const AMI_ID = /^ami-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
// EKS names: a letter or digit, then letters, digits, - and _ (clusters up to 100 characters, node groups 63).
const CLUSTER_PATTERN = /^[A-Za-z0-9*?][A-Za-z0-9_*?-]{0,99}$/;
const NODEGROUP_PATTERN = /^[A-Za-z0-9*?][A-Za-z0-9_*?-]{0,62}$/;

export function parseAmiId(input: string, value: string): string {
  if (!AMI_ID.test(value)) {
    throw invalidInput(input, value, 'is not an AMI id', 'Use the form ami- followed by 8 or 17 lower-case hexadecimal digits, as build-harden-ami outputs it.');
  }
  return value;
}

/** `key=value` pairs, one per list entry; the value may be empty, the key may not. */
export function parseKeyValues(input: string, entries: readonly string[]): KeyValue[] {
  return entries.map((entry) => {
    const equals = entry.indexOf('=');
    if (equals <= 0) throw invalidInput(input, entry, 'is not a key=value pair', 'Write each pair as key=value, one per line or comma separated.');
    return { key: entry.slice(0, equals).trim(), value: entry.slice(equals + 1).trim() };
  });
}

function parsePatterns(input: string, entries: readonly string[], pattern: RegExp, what: string): string[] {
  for (const entry of entries) {
    if (!pattern.test(entry)) {
      throw invalidInput(input, entry, `is not ${what} name or glob`, 'Use letters, digits, - and _, with * and ? as wildcards.');
    }
  }
  return [...new Set(entries)];
}

/** Target AMI per region, from ami-id (one region) or ami-ids (JSON object region -> AMI), narrowed by regions. */
function parseAmis(inputs: InputReader, env: NodeJS.ProcessEnv): Map<string, string> {
  const amiId = inputs.optional('ami-id');
  const amiIds = inputs.json('ami-ids');
  const regions = inputs.list('regions').map((region) => parseRegion('regions', region));
  if (amiId !== undefined && amiIds !== undefined) {
    throw new ConfigurationError("Inputs 'ami-id' and 'ami-ids' are both set. Set only one: ami-id for one region, ami-ids for several.");
  }
  if (amiId === undefined && amiIds === undefined) {
    throw new ConfigurationError(
      "Input 'ami-id' is required when 'ami-ids' is not set. Give the AMI to roll out: ami-id for one region, or ami-ids (the JSON object build-harden-ami outputs) for several.",
    );
  }
  if (amiId !== undefined) {
    const ami = parseAmiId('ami-id', amiId);
    if (regions.length > 1) {
      throw invalidInput(
        'regions',
        regions.join(', '),
        `names ${regions.length} regions but 'ami-id' is one AMI, and an AMI id belongs to one region`,
        'Give one region, or give ami-ids with an AMI per region.',
      );
    }
    return new Map([[regions[0] ?? resolveRegion(undefined, env, 'regions'), ami]]);
  }
  const value = amiIds!.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.keys(value).length === 0) {
    throw new ConfigurationError(`Input 'ami-ids': the JSON is not an object of region to AMI id. Write it as {"us-east-1": "ami-0123456789abcdef0"}.`);
  }
  const all = new Map<string, string>();
  for (const [region, ami] of Object.entries(value as Record<string, unknown>)) {
    parseRegion('ami-ids', region);
    if (typeof ami !== 'string') throw invalidInput('ami-ids', region, 'maps to something other than an AMI id string', 'Map each region to its AMI id.');
    all.set(region, parseAmiId('ami-ids', ami));
  }
  if (regions.length === 0) return all;
  const missing = regions.filter((region) => !all.has(region));
  if (missing.length > 0) {
    throw invalidInput('regions', missing.join(', '), "has no AMI in 'ami-ids'", `Add it to ami-ids or remove it from regions; ami-ids covers ${[...all.keys()].join(', ')}.`);
  }
  return new Map(regions.map((region) => [region, all.get(region)!]));
}

function parseMaxUnavailable(inputs: InputReader): MaxUnavailable | undefined {
  const count = inputs.optional('max-unavailable') === undefined ? undefined : inputs.integer('max-unavailable', 1, 1, 100);
  const percentage =
    inputs.optional('max-unavailable-percentage') === undefined ? undefined : inputs.integer('max-unavailable-percentage', 1, 1, 100);
  if (count !== undefined && percentage !== undefined) {
    throw new ConfigurationError(
      "Inputs 'max-unavailable' and 'max-unavailable-percentage' are both set; EKS takes one or the other. Remove one of them.",
    );
  }
  if (count !== undefined) return { count };
  if (percentage !== undefined) return { percentage };
  return undefined;
}

/** `run 1234.2 of owner/repo` in a workflow; the start time elsewhere (the CLI). */
function runLabelOf(context: Pick<ActionContext, 'env' | 'clock'>): string {
  const { env } = context;
  const runId = env['GITHUB_RUN_ID'];
  if (runId) {
    const repository = env['GITHUB_REPOSITORY'] ? ` of ${env['GITHUB_REPOSITORY']}` : '';
    return `run ${runId}.${env['GITHUB_RUN_ATTEMPT'] ?? '1'}${repository}`;
  }
  return `run at ${new Date(context.clock.now()).toISOString()}`;
}

export function parseRolloutNodegroupsInputs(inputs: InputReader, context: Pick<ActionContext, 'env' | 'clock'>): RolloutNodegroupsSettings {
  const amis = parseAmis(inputs, context.env);
  const clusters = parsePatterns('clusters', inputs.list('clusters'), CLUSTER_PATTERN, 'an EKS cluster');
  const clusterTags = parseKeyValues('cluster-tags', inputs.list('cluster-tags'));
  if (clusters.length === 0 && clusterTags.length === 0) {
    throw new ConfigurationError(
      "Input 'clusters' is required when 'cluster-tags' is not set. Name the clusters (names or globs such as prod-*), or select them by tag with cluster-tags: key=value.",
    );
  }
  const nodegroups = parsePatterns('nodegroups', inputs.list('nodegroups'), NODEGROUP_PATTERN, 'a node group');
  const nodegroupLabels = parseKeyValues('nodegroup-labels', inputs.list('nodegroup-labels'));
  const nodegroupTags = parseKeyValues('nodegroup-tags', inputs.list('nodegroup-tags'));
  const allowEmpty = inputs.boolean('allow-empty', false);
  const force = inputs.boolean('force', false);
  const maxUnavailable = parseMaxUnavailable(inputs);
  const maxParallel = inputs.integer('max-parallel', DEFAULT_MAX_PARALLEL, 1, 50);
  const maxParallelPerCluster = inputs.integer('max-parallel-per-cluster', DEFAULT_MAX_PARALLEL_PER_CLUSTER, 1, 50);
  if (maxParallelPerCluster > maxParallel) {
    throw invalidInput(
      'max-parallel-per-cluster',
      String(maxParallelPerCluster),
      `is more than max-parallel (${maxParallel})`,
      'Lower it, or raise max-parallel: no more updates run at once than max-parallel allows.',
    );
  }
  const wait = inputs.boolean('wait', true);
  const timeoutText = inputs.string('timeout', DEFAULT_TIMEOUT);
  const timeoutMs = inputs.duration('timeout', DEFAULT_TIMEOUT);
  if (timeoutMs < 60_000 || timeoutMs > MAX_TIMEOUT_MS) {
    throw invalidInput('timeout', timeoutText, 'is not between 1m and 6h', 'A node group update takes 10 to 60 minutes; the default is 90m.');
  }
  const failFast = inputs.boolean('fail-fast', true);
  const dryRun = inputs.boolean('dry-run', false);
  return {
    amis,
    selection: { clusters, clusterTags, nodegroups, nodegroupLabels, nodegroupTags, allowEmpty },
    force,
    ...(maxUnavailable ? { maxUnavailable } : {}),
    maxParallel,
    maxParallelPerCluster,
    wait,
    timeoutMs,
    failFast,
    dryRun,
    runLabel: runLabelOf(context),
  };
}
