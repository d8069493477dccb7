import type { Cluster } from '@aws-sdk/client-eks';
import { clusterDnsAddress, clusterIdentityOf, dnsAddressFits } from '../../src/nodegroups/cluster-identity.js';

describe('cluster identity', () => {
  const base: Cluster = { name: 'prod', endpoint: 'https://X.eks.amazonaws.com', certificateAuthority: { data: 'Q0E=' } };

  test.each([
    [{ kubernetesNetworkConfig: { ipFamily: 'ipv4', serviceIpv4Cidr: '172.20.0.0/16' } }, { ipFamily: 'ipv4', serviceCidr: '172.20.0.0/16' }],
    [{ kubernetesNetworkConfig: { serviceIpv4Cidr: '10.100.0.0/16' } }, { ipFamily: 'ipv4', serviceCidr: '10.100.0.0/16' }],
    [
      { kubernetesNetworkConfig: { ipFamily: 'ipv6', serviceIpv4Cidr: '172.20.0.0/16', serviceIpv6Cidr: 'fd00:ab::/108' } },
      { ipFamily: 'ipv6', serviceCidr: 'fd00:ab::/108' },
    ],
  ] as const)('%j', (network, expected) => {
    expect(clusterIdentityOf({ ...base, ...network } as Cluster)).toEqual({ name: 'prod', endpoint: base.endpoint, certificateAuthority: 'Q0E=', ...expected });
  });

  test.each([
    [{ ...base, endpoint: undefined }, 'cluster prod reports no API endpoint or certificate authority yet'],
    [{ ...base, kubernetesNetworkConfig: { ipFamily: 'ipv6' } }, 'cluster prod is ipv6 but reports no service ipv6 CIDR'],
    [{ ...base, kubernetesNetworkConfig: {} }, 'cluster prod is ipv4 but reports no service ipv4 CIDR'],
  ] as const)('problem: %s', (cluster, problem) => expect(clusterIdentityOf(cluster as Cluster)).toEqual({ problem }));

  test.each([
    ['ipv4', '10.100.0.0/16', '10.100.0.10'],
    ['ipv4', '172.20.0.0/16', '172.20.0.10'],
    ['ipv4', '192.168.250.0/24', '192.168.250.10'],
    ['ipv6', 'fd4e:8d2a:51c0::/108', 'fd4e:8d2a:51c0::a'],
  ] as const)('cluster DNS of %s %s is %s', (ipFamily, serviceCidr, dns) => expect(clusterDnsAddress({ ipFamily, serviceCidr })).toBe(dns));

  test.each([
    ['169.254.20.10', 'ipv4', true],
    ['10.100.0.10', 'ipv6', false],
    ['fd00::a', 'ipv6', true],
    ['fd00::a', 'ipv4', false],
    ['$DNS', 'ipv6', true],
  ] as const)('%s fits %s: %s', (address, family, fits) => expect(dnsAddressFits(address, family)).toBe(fits));
});
