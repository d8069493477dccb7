import { ConfigurationError } from '../../src/core/errors.js';
import {
  formatImageReference,
  manifestReferenceOf,
  parseEcrRegistry,
  parseImageReference,
  parseRepositoryName,
  parseTag,
  registryApiHost,
  type ImageReference,
} from '../../src/oci/reference.js';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('parseImageReference: valid references are normalised', () => {
  const cases: Array<[string, ImageReference, string]> = [
    ['nginx', { registry: 'docker.io', repository: 'library/nginx' }, 'docker.io/library/nginx'],
    ['nginx:1.27', { registry: 'docker.io', repository: 'library/nginx', tag: '1.27' }, 'docker.io/library/nginx:1.27'],
    ['team/app', { registry: 'docker.io', repository: 'team/app' }, 'docker.io/team/app'],
    ['docker.io/nginx', { registry: 'docker.io', repository: 'library/nginx' }, 'docker.io/library/nginx'],
    ['index.docker.io/nginx:latest', { registry: 'docker.io', repository: 'library/nginx', tag: 'latest' }, 'docker.io/library/nginx:latest'],
    ['index.docker.io/team/app', { registry: 'docker.io', repository: 'team/app' }, 'docker.io/team/app'],
    ['docker.io/library/nginx', { registry: 'docker.io', repository: 'library/nginx' }, 'docker.io/library/nginx'],
    ['localhost/app', { registry: 'localhost', repository: 'app' }, 'localhost/app'],
    ['localhost:5000/app:dev', { registry: 'localhost:5000', repository: 'app', tag: 'dev' }, 'localhost:5000/app:dev'],
    ['127.0.0.1:5000/a/b/c:v1', { registry: '127.0.0.1:5000', repository: 'a/b/c', tag: 'v1' }, '127.0.0.1:5000/a/b/c:v1'],
    ['[::1]:5000/app', { registry: '[::1]:5000', repository: 'app' }, '[::1]:5000/app'],
    ['Registry.Example.COM/app', { registry: 'registry.example.com', repository: 'app' }, 'registry.example.com/app'],
    ['ghcr.io/org/app@' + DIGEST, { registry: 'ghcr.io', repository: 'org/app', digest: DIGEST }, `ghcr.io/org/app@${DIGEST}`],
    ['ghcr.io/org/app:v2@' + DIGEST, { registry: 'ghcr.io', repository: 'org/app', tag: 'v2', digest: DIGEST }, `ghcr.io/org/app:v2@${DIGEST}`],
    ['nginx@' + DIGEST, { registry: 'docker.io', repository: 'library/nginx', digest: DIGEST }, `docker.io/library/nginx@${DIGEST}`],
    ['host:443/a.b_c__d-e--f:T_a.g-1', { registry: 'host:443', repository: 'a.b_c__d-e--f', tag: 'T_a.g-1' }, 'host:443/a.b_c__d-e--f:T_a.g-1'],
    [
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:1.2.3',
      { registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com', repository: 'team/app', tag: '1.2.3' },
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:1.2.3',
    ],
    ['app:' + 'x'.repeat(128), { registry: 'docker.io', repository: 'library/app', tag: 'x'.repeat(128) }, `docker.io/library/app:${'x'.repeat(128)}`],
    ['foo.bar', { registry: 'docker.io', repository: 'library/foo.bar' }, 'docker.io/library/foo.bar'],
    ['localhost:5000', { registry: 'docker.io', repository: 'library/localhost', tag: '5000' }, 'docker.io/library/localhost:5000'],
  ];
  test.each(cases)('%s', (input, expected, formatted) => {
    const parsed = parseImageReference(input, 'image');
    expect(parsed).toEqual(expected);
    expect(formatImageReference(parsed)).toBe(formatted);
    // The canonical form parses back to itself.
    expect(parseImageReference(formatted, 'image')).toEqual(expected);
  });
});

describe('parseImageReference: malformed references are ConfigurationErrors naming the input', () => {
  const cases: Array<[string, string]> = [
    ['', "Input 'source': '' is not a valid image reference: it is empty."],
    ['   ', 'it is empty'],
    ['app :v1', 'it contains whitespace'],
    ['https://ghcr.io/org/app', "a reference has no 'https://' scheme. Remove 'https://'"],
    ['docker://ghcr.io/org/app', "no 'docker://' scheme"],
    ['app:', 'the tag after the colon is empty'],
    ['app:-dash', "'-dash' is not a valid tag"],
    ['app:.dot', "'.dot' is not a valid tag"],
    [`app:${'x'.repeat(129)}`, 'is not a valid tag'],
    ['app:tag:more', "'tag:more' is not a valid tag"],
    ['app@sha256:abc', "'sha256:abc' is not a digest. A digest is 'sha256:' followed by 64 lower-case hex digits"],
    [`app@sha256:${'AB'.repeat(32)}`, 'is not a digest'],
    [`app@md5:${'a'.repeat(32)}`, 'is not a digest'],
    ['app@', "'' is not a digest"],
    ['ghcr.io/Org/App', "the repository name 'Org/App' must be lower case"],
    ['ghcr.io/org//app', 'has an empty path component'],
    ['ghcr.io/', 'the repository name is empty'],
    ['/app', 'has an empty path component'],
    ['app/', 'has an empty path component'],
    ['ghcr.io/-app', "'-app' is not a valid repository path component"],
    ['ghcr.io/app_', "'app_' is not a valid repository path component"],
    ['ghcr.io/a...b', "'a...b' is not a valid repository path component"],
    ['host_name.example/app', "'host_name.example' is not a valid registry host"],
    ['-host.example/app', "'-host.example' is not a valid registry host"],
    ['host.example:99999/app', 'port 99999 is out of range'],
    ['host.example:port/app', "'host.example:port' is not a valid registry host"],
    [`ghcr.io/${'a'.repeat(250)}`, 'the limit is 255. Use a shorter repository name'],
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com', "is a registry host without a repository. Append the repository, e.g. '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:tag'"],
    ['UPPER', "the repository name 'library/UPPER' must be lower case"],
  ];
  test.each(cases)('%p', (input, message) => {
    let caught: unknown;
    try {
      parseImageReference(input, 'source');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigurationError);
    expect((caught as Error).message).toContain(message);
    expect((caught as Error).message).toMatch(/^Input 'source': /);
  });
});

describe('parseEcrRegistry', () => {
  test.each([
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com', { accountId: '123456789012', region: 'us-east-1', fips: false }],
    ['123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com', { accountId: '123456789012', region: 'us-gov-west-1', fips: true }],
    ['123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn', { accountId: '123456789012', region: 'cn-north-1', fips: false }],
    ['123456789012.DKR.ECR.EU-CENTRAL-2.AMAZONAWS.COM', { accountId: '123456789012', region: 'eu-central-2', fips: false }],
    ['123456789012.dkr.ecr.ap-southeast-5.amazonaws.com', { accountId: '123456789012', region: 'ap-southeast-5', fips: false }],
  ])('%s is ECR', (host, expected) => {
    expect(parseEcrRegistry(host)).toEqual(expected);
  });
  test.each([
    ['12345678901.dkr.ecr.us-east-1.amazonaws.com'],
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com:443'],
    ['123456789012.dkr.ecr.amazonaws.com'],
    ['public.ecr.aws'],
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.example'],
    ['docker.io'],
  ])('%s is not ECR', (host) => {
    expect(parseEcrRegistry(host)).toBeUndefined();
  });
});

describe('small helpers', () => {
  test('manifestReferenceOf prefers the digest, then the tag, then latest', () => {
    expect(manifestReferenceOf({ registry: 'r', repository: 'a', tag: 't', digest: DIGEST })).toBe(DIGEST);
    expect(manifestReferenceOf({ registry: 'r', repository: 'a', tag: 't' })).toBe('t');
    expect(manifestReferenceOf({ registry: 'r', repository: 'a' })).toBe('latest');
  });
  test('registryApiHost maps Docker Hub to its API host', () => {
    expect(registryApiHost('docker.io')).toBe('registry-1.docker.io');
    expect(registryApiHost('ghcr.io')).toBe('ghcr.io');
  });
  test.each([['team/app'], ['a'], ['a.b/c-d/e__f']])('parseRepositoryName accepts %s', (name) => {
    expect(parseRepositoryName(name, 'repository')).toBe(name);
  });
  test.each([
    ['', "Input 'repository': '' is not a valid repository name: the repository name is empty. Use lower-case path components separated by '/', e.g. 'team/app'"],
    ['Team/app', "Input 'repository': 'Team/app' is not a valid repository name: the repository name 'Team/app' must be lower case. Use lower-case path components separated by '/', e.g. 'team/app'"],
  ])('parseRepositoryName rejects %p', (name, message) => {
    expect(() => parseRepositoryName(name, 'repository')).toThrow(ConfigurationError);
    expect(() => parseRepositoryName(name, 'repository')).toThrow(message);
  });
  test.each([['v1.2.3'], ['latest'], ['_x']])('parseTag accepts %s', (tag) => expect(parseTag(tag, 'tags')).toBe(tag));
  test.each([['-x'], ['a b'], ['a/b'], ['']])('parseTag rejects %p', (tag) => {
    expect(() => parseTag(tag, 'tags')).toThrow(`Input 'tags': '${tag}' is not a valid tag. A tag is 1 to 128`);
  });
});
