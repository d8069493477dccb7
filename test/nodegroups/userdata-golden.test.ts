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
    if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(expectedFile)) writeFileSync(expectedFile, result.text);
    expect(result.text).toBe(readFixture('userdata', name, 'expected.txt'));
    // Idempotent: retargeting the result again changes nothing, so a re-run creates an identical version.
    const again = retargetUserData(result.text, spec.family, CLUSTERS[spec.cluster]);
    expect(again).toEqual({ kind: 'rewritten', text: result.text, changed: false, generatedBootstrap: false });
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
