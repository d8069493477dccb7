import type { Image } from '@aws-sdk/client-ec2';
import { drydockAmiTags } from '../../src/imagebuilder/ensure.js';
import { detectOsFamily, OS_FAMILY_TAG } from '../../src/nodegroups/os-family.js';
import { testDefinition } from '../imagebuilder/definitions.js';

const image = (fields: Partial<Image>): Image => ({ ImageId: 'ami-0abc', ...fields });

describe('OS family from the AMI', () => {
  test.each<[Partial<Image>, object]>([
    [{ Name: 'amazon-eks-node-al2023-x86_64-standard-1.31-v20241115' }, { family: 'al2023', evidence: "its name 'amazon-eks-node-al2023-x86_64-standard-1.31-v20241115'" }],
    [{ Name: 'amazon-eks-node-1.31-v20241115' }, { family: 'al2', evidence: "its name 'amazon-eks-node-1.31-v20241115'" }],
    [{ Name: 'amazon-eks-arm64-node-1.30-v20241115' }, { family: 'al2', evidence: "its name 'amazon-eks-arm64-node-1.30-v20241115'" }],
    [{ Name: 'hardened-node-7', Description: 'EKS Kubernetes Worker AMI with AmazonLinux2 image' }, { unsupported: expect.stringContaining('cannot tell') }],
    [{ Name: 'hardened-node-7', Description: 'CIS hardened Amazon Linux 2023 for EKS 1.31' }, { family: 'al2023', evidence: "its description 'CIS hardened Amazon Linux 2023 for EKS 1.31'" }],
    [{ Name: 'hardened-node-7', Description: 'Amazon Linux 2 EKS node' }, { family: 'al2', evidence: "its description 'Amazon Linux 2 EKS node'" }],
    [{ Name: 'x', Tags: [{ Key: 'drydock:os-family', Value: 'AL2023' }] }, { family: 'al2023', evidence: 'tag drydock:os-family=al2023' }],
    // The tag wins over a misleading name.
    [{ Name: 'amazon-eks-node-1.31-v1', Tags: [{ Key: 'drydock:os-family', Value: 'al2023' }] }, { family: 'al2023', evidence: 'tag drydock:os-family=al2023' }],
    [{ Name: 'x', Tags: [{ Key: 'drydock:os-family', Value: 'bottlerocket' }] }, { unsupported: 'ami-0abc is tagged drydock:os-family=bottlerocket; drydock writes user data only for al2 and al2023' }],
    [{ Name: 'bottlerocket-aws-k8s-1.31-x86_64-v1.26.0' }, { unsupported: 'ami-0abc is Bottlerocket (its name says so), which takes TOML settings, not bootstrap user data' }],
    [{ Name: 'ubuntu-eks/k8s_1.31/images/hvm-ssd/ubuntu-jammy-22.04' }, { unsupported: "ami-0abc is not Amazon Linux (its name is 'ubuntu-eks/k8s_1.31/images/hvm-ssd/ubuntu-jammy-22.04')" }],
    [{ Name: 'Windows_Server-2022-English-Core-EKS_Optimized-1.31', Platform: 'windows' as Image['Platform'] }, { unsupported: 'ami-0abc is a Windows AMI; drydock writes user data only for Amazon Linux 2 and 2023' }],
    [{ Name: 'my-image' }, { unsupported: 'cannot tell the OS family of ami-0abc from its name, description or tags; tag it drydock:os-family=al2 or drydock:os-family=al2023' }],
  ])('%j', (fields, expected) => expect(detectOsFamily(image(fields))).toEqual(expected));
});

describe('the OS family of AMIs build-harden-ami makes', () => {
  test.each(['al2', 'al2023'] as const)('%s: read from the tags build-harden-ami writes, not guessed from the name', (os) => {
    const tags = drydockAmiTags({ ...testDefinition(), os }, { amiId: 'ami-0aaaaaaaaaaaaaaaa' });
    // A name that says nothing about the distribution: the tag alone must tell.
    const image: Image = { ImageId: 'ami-0bbbbbbbbbbbbbbbb', Name: 'drydock-hardened-2026-12-02', Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) };
    expect(detectOsFamily(image)).toEqual({ family: os, evidence: `tag ${OS_FAMILY_TAG}=${os}` });
  });
});
