import type { Image } from '@aws-sdk/client-ec2';

/**
 * Set on an AMI to state the Kubernetes minor version its kubelet is built for. build-harden-ami tags every AMI it
 * distributes with it (src/imagebuilder/ensure.ts, drydockAmiTags; a test in test/nodegroups keeps the two names equal).
 */
export const KUBERNETES_VERSION_TAG = 'drydock:kubernetes-version';

export type KubernetesVersionDetection = { readonly version: string; readonly evidence: string } | { readonly unknown: string };

const MAJOR_MINOR = /^(\d+)\.(\d+)(?:\.\d+)?$/;
/**
 * EKS-optimized AMI names: amazon-eks-node-1.31-v20241115, amazon-eks-arm64-node-1.31-v..., amazon-eks-gpu-node-1.31-v...,
 * amazon-eks-node-al2023-x86_64-standard-1.31-v..., amazon-eks-node-al2023-arm64-nvidia-1.31-v...
 */
const EKS_OPTIMIZED_NAME = /^amazon-eks-(?:[a-z0-9]+-)?node-(?:al2023-[a-z0-9_]+-[a-z0-9]+-)?(\d+\.\d+)-v\d+/;

/**
 * Reads the Kubernetes version an AMI is for. With a custom AMI in a launch template EKS does not check it, so a
 * mismatch would surface only as nodes that fail to join or misbehave. Evidence: the `drydock:kubernetes-version`
 * tag, then the EKS-optimized AMI naming scheme; a name that merely contains a version number is not evidence.
 */
export function detectKubernetesVersion(image: Image): KubernetesVersionDetection {
  const tag = image.Tags?.find((each) => each.Key === KUBERNETES_VERSION_TAG)?.Value?.trim();
  if (tag !== undefined) {
    const match = MAJOR_MINOR.exec(tag);
    if (!match) return { unknown: `its ${KUBERNETES_VERSION_TAG} tag is '${tag}', not a version such as 1.31` };
    return { version: `${match[1]}.${match[2]}`, evidence: `tag ${KUBERNETES_VERSION_TAG}=${tag}` };
  }
  const named = image.Name ? EKS_OPTIMIZED_NAME.exec(image.Name) : null;
  if (named) return { version: named[1]!, evidence: `its name '${image.Name}'` };
  return { unknown: `it has no ${KUBERNETES_VERSION_TAG} tag and its name is not an EKS-optimized AMI name, which would say` };
}

function parseMinor(version: string | undefined): { major: number; minor: number } | undefined {
  const match = version === undefined ? null : MAJOR_MINOR.exec(version.trim());
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : undefined;
}

/**
 * Why nodes from this AMI must not join this cluster, by the Kubernetes version-skew policy: kubelet must not be newer
 * than the API server, and may be at most three minor versions older (two for API servers before 1.28). Undefined when
 * they fit, or when the cluster's version cannot be read (then there is nothing to check against).
 */
export function kubeletSkewProblem(
  image: { readonly ami: string; readonly version: string },
  cluster: { readonly name: string; readonly version: string | undefined },
): string | undefined {
  const kubelet = parseMinor(image.version);
  const server = parseMinor(cluster.version);
  if (!kubelet || !server) return undefined;
  const of = `AMI ${image.ami} is for Kubernetes ${image.version}`;
  const target = `cluster ${cluster.name} (${cluster.version})`;
  if (kubelet.major > server.major || (kubelet.major === server.major && kubelet.minor > server.minor)) {
    return (
      `${of}, newer than ${target}: kubelet must not be newer than the API server; ` +
      `upgrade the cluster first or roll an AMI built for ${cluster.version}`
    );
  }
  const allowed = server.major === 1 && server.minor < 28 ? 2 : 3;
  const behind = kubelet.major === server.major ? server.minor - kubelet.minor : Number.POSITIVE_INFINITY;
  if (behind <= allowed) return undefined;
  const distance = Number.isFinite(behind) ? `${behind} minor versions older than` : 'a major version older than';
  return (
    `${of}, ${distance} ${target}: kubelet may be at most ${allowed} minor versions older than the API server; ` +
    `roll an AMI built for ${cluster.version}`
  );
}
