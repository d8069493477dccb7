/** The node group rollout: what the rollout-nodegroups action, the CLI and the composite actions call. */
export { createRegionClients, type Ec2Api, type EksApi, type RegionClientFactory, type RegionClients } from './aws-clients.js';
export { ExpiredCredentialsError, isExpiredCredentials } from './aws-errors.js';
export { clusterDnsAddress, clusterIdentityOf, type ClusterIdentity } from './cluster-identity.js';
export { detectKubernetesVersion, KUBERNETES_VERSION_TAG } from './kubernetes-version.js';
export { detectOsFamily, OS_FAMILY_TAG, type OsFamily } from './os-family.js';
export type { RolloutEntry, RolloutReport, RolloutResult, UpdateErrorDetail } from './report.js';
export { performRollout, type RolloutDependencies } from './rollout.js';
export type { KeyValue, MaxUnavailable, NodegroupSelection, RolloutSettings } from './settings.js';
export { retargetUserData, type UserDataRewrite } from './userdata/rewrite.js';
