import {
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  ListClustersCommand,
  ListNodegroupsCommand,
  type Cluster,
  type Nodegroup,
} from '@aws-sdk/client-eks';
import { ConfigurationError, editDistance } from '../core/errors.js';
import { mapConcurrent } from '../core/pool.js';
import type { EksApi } from './aws-clients.js';
import { callAws } from './aws-errors.js';
import { isGlob, matchesAllPairs, matchesAnyPattern } from './selection.js';
import type { NodegroupSelection } from './settings.js';

/** Read calls run this many at a time per region: enough to be quick, few enough to stay clear of EKS throttling. */
const READ_CONCURRENCY = 8;

export interface SelectedCluster {
  readonly cluster: Cluster;
  /** Every managed node group of the cluster, selected or not: updates already running count against its limit. */
  readonly nodegroups: readonly Nodegroup[];
  /** The node groups the selection matched. */
  readonly selected: readonly Nodegroup[];
}

export interface RegionDiscovery {
  readonly region: string;
  /** Names of every cluster in the region, for telling the user which names a literal did not match. */
  readonly clusterNames: readonly string[];
  readonly clusters: readonly SelectedCluster[];
}

async function listAll<T>(fetch: (token: string | undefined) => Promise<{ items?: T[]; nextToken?: string }>): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetch(token);
    all.push(...(page.items ?? []));
    token = page.nextToken;
  } while (token);
  return all;
}

/** The clusters of one region that the selection matches, with their node groups described. */
export async function discoverRegion(
  region: string,
  eks: EksApi,
  selection: NodegroupSelection,
  signal?: AbortSignal,
): Promise<RegionDiscovery> {
  const options = signal ? { abortSignal: signal } : {};
  const clusterNames = await listAll(async (nextToken) => {
    const page = await callAws('ListClusters', () => eks.send(new ListClustersCommand({ nextToken }), options));
    return { items: page.clusters, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
  });
  const named = clusterNames.filter((name) => matchesAnyPattern(selection.clusters, name));
  const described = await mapConcurrent(named, READ_CONCURRENCY, async (name) => {
    const { cluster } = await callAws('DescribeCluster', () => eks.send(new DescribeClusterCommand({ name }), options));
    return cluster ?? { name };
  });
  const matching = described.filter((cluster) => matchesAllPairs(selection.clusterTags, cluster.tags));

  const clusters = await mapConcurrent(matching, 2, async (cluster): Promise<SelectedCluster> => {
    const clusterName = cluster.name!;
    const names = await listAll(async (nextToken) => {
      const page = await callAws('ListNodegroups', () => eks.send(new ListNodegroupsCommand({ clusterName, nextToken }), options));
      return { items: page.nodegroups, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
    });
    const nodegroups = await mapConcurrent(names, READ_CONCURRENCY, async (nodegroupName) => {
      const { nodegroup } = await callAws('DescribeNodegroup', () =>
        eks.send(new DescribeNodegroupCommand({ clusterName, nodegroupName }), options),
      );
      return nodegroup ?? { nodegroupName, clusterName };
    });
    const selected = nodegroups.filter(
      (nodegroup) =>
        matchesAnyPattern(selection.nodegroups, nodegroup.nodegroupName ?? '') &&
        matchesAllPairs(selection.nodegroupLabels, nodegroup.labels) &&
        matchesAllPairs(selection.nodegroupTags, nodegroup.tags),
    );
    return { cluster, nodegroups, selected };
  });
  return { region, clusterNames, clusters };
}

/** At most `limit` of the names, the closest to `wanted` first: a region can hold many clusters. */
export function closestNames(wanted: string, names: readonly string[], limit = 8): string {
  const unique = [...new Set(names)].sort((a, b) => editDistance(wanted, a) - editDistance(wanted, b) || a.localeCompare(b));
  const shown = unique.slice(0, limit).join(', ');
  return unique.length > limit ? `${shown} (and ${unique.length - limit} more)` : shown;
}

/**
 * A name without wildcards that matches nothing in any region is a mistake, not an empty selection: reported with the
 * names that do exist, so a typo is obvious. So is a selection that matches no node group at all, unless allowed.
 */
export function checkSelection(discoveries: readonly RegionDiscovery[], selection: NodegroupSelection): void {
  const regions = discoveries.map((discovery) => discovery.region).join(', ');
  const allClusters = discoveries.flatMap((discovery) => discovery.clusterNames);
  for (const name of selection.clusters.filter((pattern) => !isGlob(pattern))) {
    if (!allClusters.includes(name)) {
      const known = allClusters.length > 0 ? `; clusters there: ${closestNames(name, allClusters)}` : '; there are no clusters there';
      throw new ConfigurationError(
        `Input 'clusters': '${name}' matches no EKS cluster in ${regions}${known}. Check the name and the regions.`,
      );
    }
  }
  const allNodegroups = discoveries.flatMap((discovery) =>
    discovery.clusters.flatMap((each) => each.nodegroups.map((nodegroup) => nodegroup.nodegroupName ?? '')),
  );
  for (const name of selection.nodegroups.filter((pattern) => !isGlob(pattern))) {
    if (!allNodegroups.includes(name)) {
      throw new ConfigurationError(
        `Input 'nodegroups': '${name}' matches no managed node group of the selected clusters in ${regions}. ` +
          'Check the name, or the cluster selection it depends on.',
      );
    }
  }
  const selectedCount = discoveries.reduce((sum, discovery) => sum + discovery.clusters.reduce((n, each) => n + each.selected.length, 0), 0);
  if (selectedCount === 0 && !selection.allowEmpty) {
    throw new ConfigurationError(
      `The selection matches no managed node group in ${regions}. Check clusters, cluster-tags, nodegroups, ` +
        'nodegroup-labels and nodegroup-tags, or set allow-empty: true if an empty selection is expected.',
    );
  }
}
