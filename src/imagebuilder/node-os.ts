/**
 * What drydock knows about each EKS node operating system: where AWS publishes the recommended EKS-optimized AMI, which
 * Ansible Lockdown CIS role and audit match it, and the smallest set of role settings that keeps a hardened node able
 * to join an EKS cluster.
 */
export const NODE_OSES = ['al2023', 'al2'] as const;
export type NodeOs = (typeof NODE_OSES)[number];

export const ARCHITECTURES = ['x86_64', 'arm64'] as const;
export type Architecture = (typeof ARCHITECTURES)[number];

export interface NodeOsProfile {
  readonly os: NodeOs;
  readonly displayName: string;
  /** Ansible Lockdown's name for the benchmark, which is also the role's and the audit's repository name. */
  readonly benchmark: string;
  readonly roleRepository: string;
  readonly auditRepository: string;
  /**
   * ansible-playbook arguments used when `ansible-extra-args` is not given: the minimum the AWS write-up on hardening
   * EKS nodes found necessary. Applying every control breaks the build or stops the node from joining the cluster
   * (a host firewall fights the iptables rules kube-proxy and the VPC CNI own; the account, log and mount controls
   * listed lock out what the EKS bootstrap needs).
   */
  readonly defaultAnsibleArguments: readonly string[];
  /** Bash that installs Ansible from the distribution's own repositories. */
  readonly installAnsible: string;
  /** The package manager command (yum on AL2, dnf on AL2023). */
  readonly packageManager: 'yum' | 'dnf';
  /** Bash that fails when the node can no longer bootstrap into a cluster. */
  readonly bootstrapCheck: string;
  /** The last Kubernetes minor for which AWS publishes an EKS-optimized AMI of this OS, when it has stopped. */
  readonly lastKubernetesVersion?: string;
}

const LOCKDOWN = 'https://github.com/ansible-lockdown';

export const NODE_OS_PROFILES: Readonly<Record<NodeOs, NodeOsProfile>> = {
  al2023: {
    os: 'al2023',
    displayName: 'Amazon Linux 2023',
    benchmark: 'AMAZON2023-CIS',
    roleRepository: `${LOCKDOWN}/AMAZON2023-CIS.git`,
    auditRepository: `${LOCKDOWN}/AMAZON2023-CIS-Audit.git`,
    defaultAnsibleArguments: [
      '--extra-vars',
      '{"amzn2023cis_syslog_service":"external","amzn2023cis_selinux_disable":true}',
      '--skip-tags',
      'rule_1.1.2.3,rule_1.1.4.3,rule_1.2.1,rule_1.3.1,rule_1.3.3,firewalld,accounts,logrotate,rule_6.2.10',
    ],
    installAnsible: 'dnf install -y ansible',
    packageManager: 'dnf',
    // AL2023 nodes join through nodeadm (NodeConfig in user data); /etc/eks/bootstrap.sh is gone.
    bootstrapCheck: 'command -v nodeadm',
  },
  al2: {
    os: 'al2',
    displayName: 'Amazon Linux 2',
    benchmark: 'AMAZON2-CIS',
    roleRepository: `${LOCKDOWN}/AMAZON2-CIS.git`,
    auditRepository: `${LOCKDOWN}/AMAZON2-CIS-Audit.git`,
    defaultAnsibleArguments: [
      '--extra-vars',
      '{"amazon2cis_firewall":"external","amazon2cis_rule_4_5_2_4":false}',
      '--skip-tags',
      'rule_6.2.11,rule_6.2.12,rule_6.2.13,rule_6.2.14,rule_6.2.15,rule_6.2.16,rule_6.2.17,rule_4.5.2.4',
    ],
    // The extras channel is how AL2 ships a supported Ansible; it is what the AWS sample pipeline uses too.
    installAnsible: 'amazon-linux-extras install -y ansible2',
    packageManager: 'yum',
    bootstrapCheck: 'test -x /etc/eks/bootstrap.sh',
    // EKS published its last AL2 AMIs for Kubernetes 1.32 (AL2 EKS AMIs reached end of support in November 2025).
    lastKubernetesVersion: '1.32',
  },
};

/**
 * The public SSM parameter naming the recommended EKS-optimized AMI, the one AWS moves forward with every AMI release:
 *   AL2023: /aws/service/eks/optimized-ami/<k8s>/amazon-linux-2023/<x86_64|arm64>/standard/recommended/image_id
 *   AL2:    /aws/service/eks/optimized-ami/<k8s>/amazon-linux-2[-arm64]/recommended/image_id
 */
export function eksOptimizedAmiParameter(os: NodeOs, kubernetesVersion: string, architecture: Architecture): string {
  const base = `/aws/service/eks/optimized-ami/${kubernetesVersion}`;
  if (os === 'al2023') return `${base}/amazon-linux-2023/${architecture}/standard/recommended/image_id`;
  return `${base}/${architecture === 'arm64' ? 'amazon-linux-2-arm64' : 'amazon-linux-2'}/recommended/image_id`;
}

/** Compares Kubernetes minor versions written `major.minor`. */
export function compareKubernetesVersions(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split('.').map(Number);
  const [bMajor = 0, bMinor = 0] = b.split('.').map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}
