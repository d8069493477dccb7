import type { Cluster } from '@aws-sdk/client-eks';

/**
 * What a node needs to join its cluster without calling DescribeCluster at boot: the values that AL2's bootstrap.sh
 * takes as arguments and AL2023's NodeConfig holds under `spec.cluster`. Always read from the cluster the node group
 * belongs to, never from the user data being edited (a launch template shared across clusters carries some other
 * cluster's values).
 */
export interface ClusterIdentity {
  readonly name: string;
  readonly endpoint: string;
  /** Base64 PEM bundle, as DescribeCluster returns it. */
  readonly certificateAuthority: string;
  readonly ipFamily: 'ipv4' | 'ipv6';
  /** The Kubernetes service CIDR of the cluster's IP family. */
  readonly serviceCidr: string;
}

/** The identity of an ACTIVE cluster, or why it cannot be had. */
export function clusterIdentityOf(cluster: Cluster): ClusterIdentity | { problem: string } {
  const name = cluster.name ?? '';
  const endpoint = cluster.endpoint;
  const certificateAuthority = cluster.certificateAuthority?.data;
  if (!endpoint || !certificateAuthority) {
    return { problem: `cluster ${name} reports no API endpoint or certificate authority yet` };
  }
  const network = cluster.kubernetesNetworkConfig;
  const ipFamily = network?.ipFamily === 'ipv6' ? 'ipv6' : 'ipv4';
  const serviceCidr = ipFamily === 'ipv6' ? network?.serviceIpv6Cidr : network?.serviceIpv4Cidr;
  if (!serviceCidr) {
    return { problem: `cluster ${name} is ${ipFamily} but reports no service ${ipFamily} CIDR` };
  }
  return { name, endpoint, certificateAuthority, ipFamily, serviceCidr };
}

/**
 * The cluster DNS address a node uses, derived from the service CIDR exactly as the EKS AMIs derive it: the tenth
 * address of an IPv4 service range (10.100.0.0/16 -> 10.100.0.10), and the prefix followed by `a` for IPv6
 * (fd00:10:96::/112 -> fd00:10:96::a).
 */
export function clusterDnsAddress(identity: Pick<ClusterIdentity, 'ipFamily' | 'serviceCidr'>): string {
  const [address = ''] = identity.serviceCidr.split('/');
  if (identity.ipFamily === 'ipv6') return `${address}a`;
  const octets = address.split('.').map(Number);
  const value = (((octets[0] ?? 0) << 24) | ((octets[1] ?? 0) << 16) | ((octets[2] ?? 0) << 8) | (octets[3] ?? 0)) >>> 0;
  const dns = value + 10;
  return [dns >>> 24, (dns >>> 16) & 255, (dns >>> 8) & 255, dns & 255].join('.');
}

/**
 * Whether an explicit DNS address the user gave (bootstrap.sh --dns-cluster-ip, NodeConfig clusterDNS) still fits the
 * cluster: it must be of the cluster's IP family. An expansion ($DNS_IP) cannot be judged and is taken as fitting.
 */
export function dnsAddressFits(address: string, ipFamily: ClusterIdentity['ipFamily']): boolean {
  if (address.includes('$')) return true;
  const first = address.split(',')[0]!.trim();
  return first.includes(':') === (ipFamily === 'ipv6');
}
