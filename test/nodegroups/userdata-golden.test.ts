// Golden files: each folder under test/fixtures/nodegroups/userdata holds a node group's current user data (input.txt),
// the target OS family and cluster (case.json) and the exact user data of the new launch template version
// (expected.txt). Regenerate after an intended change with UPDATE_GOLDEN=1 and review the diff of expected.txt.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { hasBootstrapInvocation } from '../../src/nodegroups/userdata/al2-bootstrap.js';
import { parseMultipart } from '../../src/nodegroups/userdata/mime.js';
import { retargetUserData } from '../../src/nodegroups/userdata/rewrite.js';
import type { OsFamily } from '../../src/nodegroups/os-family.js';
import { CLUSTERS, fixturePath, readFixture } from './support/fixtures.js';

interface GoldenCase {
  family: OsFamily;
  cluster: 'ipv4' | 'ipv6';
}

const cases = readdirSync(fixturePath('userdata')).sort();

describe('user data golden files', () => {
  test.each(cases)('%s', (name) => {
    const spec = JSON.parse(readFixture('userdata', name, 'case.json')) as GoldenCase;
    const input = readFixture('userdata', name, 'input.txt');
    const result = retargetUserData(input, spec.family, CLUSTERS[spec.cluster]);
    if (result.kind !== 'rewritten') throw new Error(`unexpected: ${result.reason}`);
    const expectedFile = fixturePath('userdata', name, 'expected.txt');
    // A new case's expected.txt is written only on request (UPDATE_GOLDEN=1), to be read before it is committed: a file
    // written by the run that compares against it could never fail.
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(expectedFile, result.text);
    if (!existsSync(expectedFile)) throw new Error(`${name} has no expected.txt: run with UPDATE_GOLDEN=1, then review the file it writes`);
    expect(result.text).toBe(readFixture('userdata', name, 'expected.txt'));
    // Idempotent: retargeting the result again changes nothing, so a re-run creates an identical version.
    const again = retargetUserData(result.text, spec.family, CLUSTERS[spec.cluster]);
    expect(again).toEqual({ kind: 'rewritten', text: result.text, changed: false, generatedBootstrap: false, bootstrapChanged: false });
  });

  // Every MIME part that holds no bootstrap comes through byte for byte, in its place.
  test.each(cases.filter((name) => parseMultipart(readFixture('userdata', name, 'input.txt'))))('%s keeps its other parts', (name) => {
    const before = parseMultipart(readFixture('userdata', name, 'input.txt'))!;
    const after = parseMultipart(readFixture('userdata', name, 'expected.txt'))!;
    expect(after.head).toBe(before.head);
    expect(after.parts.length).toBeGreaterThanOrEqual(before.parts.length);
    before.parts.forEach((part, index) => {
      const owned = hasBootstrapInvocation(part.rawBody) || part.contentType === 'application/node.eks.aws' || part.transferEncoding === 'base64';
      if (!owned) expect(after.parts[index]).toEqual(part);
      else expect(after.parts[index]!.headerBlock).toBe(part.headerBlock);
    });
  });
});

// The node label eks.amazonaws.com/nodegroup-image, pinned in kubelet --node-labels to the node group's current AMI,
// names the new AMI afterwards; only that exact key=value changes. (Inline rather than under test/fixtures: each case
// also names the current and the new AMI.)
describe('nodegroup-image label golden cases', () => {
  const FROM = 'ami-0aaaaaaaaaaaaaaa1';
  const TO = 'ami-0bbbbbbbbbbbbbbb2';
  const { ipv4 } = CLUSTERS;
  const al2Script = (labels: string) =>
    [
      '#!/bin/bash',
      'set -o xtrace',
      '/etc/eks/bootstrap.sh payments-prod \\',
      `  --apiserver-endpoint '${ipv4.endpoint}' \\`,
      `  --b64-cluster-ca '${ipv4.certificateAuthority}' \\`,
      '  --dns-cluster-ip 10.100.0.10 \\',
      `  --kubelet-extra-args '--max-pods=110 --node-labels=${labels}'`,
      '',
    ].join('\n');
  const al2023Mime = (labels: string) =>
    [
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="//"',
      '',
      '--//',
      'Content-Type: text/x-shellscript',
      '',
      '#!/bin/bash',
      `echo eks.amazonaws.com/nodegroup-image=${FROM} > /etc/motd`,
      '',
      '--//',
      'Content-Type: application/node.eks.aws',
      '',
      'apiVersion: node.eks.aws/v1alpha1',
      'kind: NodeConfig',
      'spec:',
      '  cluster:',
      '    name: payments-prod',
      `    apiServerEndpoint: ${ipv4.endpoint}`,
      `    certificateAuthority: ${ipv4.certificateAuthority}`,
      '    cidr: 10.100.0.0/16',
      '  kubelet:',
      '    flags:',
      `      - "--node-labels=${labels}"`,
      '',
      '--//--',
      '',
    ].join('\n');

  test.each([
    [
      'AL2 --kubelet-extra-args, label first',
      'al2',
      al2Script(`eks.amazonaws.com/nodegroup-image=${FROM},eks.amazonaws.com/capacityType=ON_DEMAND`),
      al2Script(`eks.amazonaws.com/nodegroup-image=${TO},eks.amazonaws.com/capacityType=ON_DEMAND`),
    ],
    [
      'AL2 --kubelet-extra-args, label last',
      'al2',
      al2Script(`pool=general,eks.amazonaws.com/nodegroup-image=${FROM}`),
      al2Script(`pool=general,eks.amazonaws.com/nodegroup-image=${TO}`),
    ],
    [
      'AL2023 NodeConfig kubelet.flags; the shell part without a bootstrap is not drydock\'s and keeps its text',
      'al2023',
      al2023Mime(`pool=general,eks.amazonaws.com/nodegroup-image=${FROM},team=payments`),
      al2023Mime(`pool=general,eks.amazonaws.com/nodegroup-image=${TO},team=payments`),
    ],
    [
      'another AMI id, a longer id and another key stay as written',
      'al2023',
      al2023Mime(`eks.amazonaws.com/nodegroup-image=ami-0cccccccccccccccc3,x.eks.amazonaws.com/nodegroup-image=${FROM},img=eks.amazonaws.com/nodegroup-image=${FROM}0`),
      al2023Mime(`eks.amazonaws.com/nodegroup-image=ami-0cccccccccccccccc3,x.eks.amazonaws.com/nodegroup-image=${FROM},img=eks.amazonaws.com/nodegroup-image=${FROM}0`),
    ],
  ] as const)('%s', (_name, family, input, expected) => {
    const result = retargetUserData(input, family, ipv4, { from: FROM, to: TO });
    expect(result).toEqual({
      kind: 'rewritten',
      text: expected,
      changed: expected !== input,
      generatedBootstrap: false,
      bootstrapChanged: false,
      ...(expected !== input ? { imageLabel: { from: FROM, to: TO } } : {}),
    });
    // Idempotent: the new version's user data no longer names the current AMI.
    expect(retargetUserData(result.kind === 'rewritten' ? result.text : '', family, ipv4, { from: FROM, to: TO })).toMatchObject({ changed: false });
  });

  test('the label is set alongside a cluster change, and the two are told apart', () => {
    const input = al2Script(`eks.amazonaws.com/nodegroup-image=${FROM}`).replace("'payments-prod' ", '').replace('bootstrap.sh payments-prod', 'bootstrap.sh orders-staging');
    const result = retargetUserData(input, 'al2', ipv4, { from: FROM, to: TO });
    expect(result).toEqual({
      kind: 'rewritten',
      text: al2Script(`eks.amazonaws.com/nodegroup-image=${TO}`),
      changed: true,
      generatedBootstrap: false,
      bootstrapChanged: true,
      imageLabel: { from: FROM, to: TO },
    });
  });
});
