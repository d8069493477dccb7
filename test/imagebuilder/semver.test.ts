import {
  compareSemanticVersions,
  newestByVersion,
  nextPatchVersion,
  parseSemanticVersion,
  versionFromArn,
} from '../../src/imagebuilder/semver.js';

const ARN = 'arn:aws:imagebuilder:us-east-1:123456789012';

describe('semantic versions', () => {
  test.each([
    ['1.0.10', '1.0.9', 1],
    ['1.10.0', '1.9.9', 1],
    ['2.0.0', '1.99.99', 1],
    ['1.0.0', '1.0.0', 0],
    ['0.9.0', '1.0.0', -1],
  ])('%s vs %s', (a, b, sign) => {
    expect(Math.sign(compareSemanticVersions(parseSemanticVersion(a)!, parseSemanticVersion(b)!))).toBe(sign);
  });
  test.each(['1.0', '1.0.0.0', 'v1.0.0', '1.0.x', ''])('%p is not a semantic version', (text) => expect(parseSemanticVersion(text)).toBeUndefined());
  test('the next version is a patch bump; the first is 1.0.0', () => {
    expect(nextPatchVersion(undefined)).toEqual({ major: 1, minor: 0, patch: 0 });
    expect(nextPatchVersion({ major: 1, minor: 0, patch: 9 })).toEqual({ major: 1, minor: 0, patch: 10 });
  });
});

describe('versions in ARNs', () => {
  test.each([
    [`${ARN}:image/drydock-eks/1.0.3/7`, { name: 'drydock-eks', version: { major: 1, minor: 0, patch: 3 }, build: 7 }],
    [`${ARN}:image-recipe/drydock-eks/1.2.3`, { name: 'drydock-eks', version: { major: 1, minor: 2, patch: 3 } }],
    [`${ARN}:component/drydock-eks-cis-hardening/1.0.0/1`, { name: 'drydock-eks-cis-hardening', version: { major: 1, minor: 0, patch: 0 }, build: 1 }],
  ])('%s', (arn, expected) => expect(versionFromArn(arn)).toEqual(expected));
  test('a pipeline ARN has no version', () => expect(versionFromArn(`${ARN}:image-pipeline/drydock-eks`)).toBeUndefined());
  test('newestByVersion orders numerically, not as strings, and skips unreadable ARNs', () => {
    const arns = [`${ARN}:image/x/1.0.9/3`, `${ARN}:image/x/1.0.10/1`, `${ARN}:image/x/1.0.10/2`, 'not-an-arn', `${ARN}:image/x/1.0.2/9`];
    expect(newestByVersion(arns, (arn) => arn)).toBe(`${ARN}:image/x/1.0.10/2`);
    expect(newestByVersion([], (arn: string) => arn)).toBeUndefined();
  });
});
