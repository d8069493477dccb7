import type { PipelineDefinition } from '../../src/imagebuilder/pipeline-definition.js';
import { NODE_OS_PROFILES } from '../../src/imagebuilder/node-os.js';

/** A complete pipeline definition as the input parser would build it; tests override what they vary. */
export function testDefinition(overrides: Partial<PipelineDefinition> = {}): PipelineDefinition {
  const os = overrides.os ?? 'al2023';
  return {
    name: 'drydock-eks-al2023-1-31-x86_64',
    os,
    architecture: 'x86_64',
    kubernetesVersion: '1.31',
    hardening: {
      roleVersion: { kind: 'tag', name: '1.0.1' },
      auditVersion: { kind: 'commit', sha: '4c6ad09037a879818e857806504ab6670d99fc75' },
      ansibleArguments: NODE_OS_PROFILES[os].defaultAnsibleArguments,
      auditMinScore: 80,
    },
    infrastructure: { instanceTypes: ['t3.large'], instanceProfile: 'drydock-image-builder', securityGroupIds: [], terminateOnFailure: true },
    distribution: { amiNameTemplate: 'drydock-eks-{os}-{kubernetes}-{arch}-cis-{date}', regions: ['us-east-1'], launchPermissionAccounts: [], amiTags: {} },
    imageScanning: false,
    ...overrides,
  };
}
