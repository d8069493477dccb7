import path from 'node:path';
import { InputReader } from '../../../src/core/inputs.js';
import { parsePushEcrInputs } from '../../../src/actions/push-ecr/inputs.js';
import { expectConfigurationError } from '../../support/errors.js';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/push-ecr');
const base = { repository: 'team/app', image: 'oci:oci' };
const parse = (values: Record<string, string>, env: NodeJS.ProcessEnv = { AWS_REGION: 'us-east-1' }) =>
  parsePushEcrInputs(new InputReader(new Map(Object.entries(values)), fixtures), { env });

describe('push-ecr inputs', () => {
  test('defaults', () => {
    expect(parse(base)).toEqual({
      repository: 'team/app',
      image: { inputName: 'image', value: 'oci:oci', transport: 'oci', path: path.join(fixtures, 'oci') },
      tags: [],
      region: 'us-east-1',
      createRepository: true,
      concurrency: 4,
      baseDir: fixtures,
    });
  });

  test('every input set', () => {
    const settings = parse({
      ...base,
      tags: 'v1\nlatest, v1',
      region: 'eu-west-1',
      'registry-id': '123456789012',
      'create-repository': 'false',
      'image-tag-mutability': 'IMMUTABLE',
      'scan-on-push': 'true',
      encryption: 'KMS',
      'kms-key': 'alias/ecr',
      'lifecycle-policy': 'lifecycle.json',
      'repository-policy': '{"Version":"2012-10-17","Statement":[]}',
      'registry-endpoint': 'https://127.0.0.1:5443',
      concurrency: '8',
    });
    expect(settings).toMatchObject({
      tags: ['v1', 'latest'],
      region: 'eu-west-1',
      registryId: '123456789012',
      createRepository: false,
      tagMutability: 'IMMUTABLE',
      scanOnPush: true,
      encryption: { type: 'KMS', kmsKey: 'alias/ecr' },
      repositoryPolicy: '{"Version":"2012-10-17","Statement":[]}',
      concurrency: 8,
    });
    expect(JSON.parse(settings.lifecyclePolicy!).rules[0].rulePriority).toBe(1);
    expect(settings.registryEndpoint?.host).toBe('127.0.0.1:5443');
  });

  test.each<[string, Record<string, string>, string, NodeJS.ProcessEnv?]>([
    ['missing repository', { image: 'oci:x' }, "Input 'repository' is required. Name the ECR repository, such as 'team/app'."],
    ['missing image', { repository: 'app' }, "Input 'image' is required. Name the image source, such as 'oci:./build/oci' or 'docker-archive:image.tar'."],
    [
      'repository with upper case',
      { ...base, repository: 'Team/App' },
      "Input 'repository': 'Team/App' is not a valid repository name: the repository name 'Team/App' must be lower case. Use lower-case path components separated by '/', e.g. 'team/app'.",
    ],
    [
      'repository with the registry host',
      { ...base, repository: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app' },
      "Input 'repository': '123456789012.dkr.ecr.us-east-1.amazonaws.com/app' starts with a registry host. Give only the repository name, such as 'app'.",
    ],
    [
      'source without transport',
      { ...base, image: 'oci' },
      "Input 'image': 'oci' has no transport prefix; if it is an OCI layout directory, write 'oci:oci'. Start it with a transport: 'oci:<dir>[:<ref-name>]', 'oci-archive:<tar>[:<ref-name>]', 'docker-archive:<tar>[:<repo:tag>]' or 'docker://<reference>'.",
    ],
    [
      'nonexistent layout',
      { ...base, image: 'oci:./build/oci' },
      `Input 'image': 'oci:./build/oci' names ${path.join(fixtures, 'build/oci')}, which does not exist. Build the image into that directory first, or fix the path.`,
    ],
    [
      'malformed registry reference',
      { ...base, image: 'docker://Registry.example/App:tag' },
      "Input 'image': 'Registry.example/App:tag' is not a valid image reference: the repository name 'App' must be lower case. Write it as 'registry/repository:tag' or 'registry/repository@sha256:<64 hex digits>', e.g. '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.2.3'.",
    ],
    [
      'tag with illegal characters',
      { ...base, tags: 'v1,feature/x' },
      "Input 'tags': 'feature/x' is not a valid tag. A tag is 1 to 128 letters, digits, underscores, periods and dashes, not starting with a period or dash.",
    ],
    [
      'tag too long',
      { ...base, tags: 'a'.repeat(129) },
      `Input 'tags': '${'a'.repeat(129)}' is not a valid tag. A tag is 1 to 128 letters, digits, underscores, periods and dashes, not starting with a period or dash.`,
    ],
    [
      'bad region',
      { ...base, region: 'us-east' },
      "Input 'region': 'us-east' is not an AWS region name. Use a region code such as us-east-1 or eu-west-2.",
    ],
    [
      'no region anywhere',
      base,
      "Input 'region' is not set and neither is AWS_REGION. Set 'region', or configure credentials with a region first (aws-actions/configure-aws-credentials).",
      {},
    ],
    [
      'registry id not an account',
      { ...base, 'registry-id': '1234' },
      "Input 'registry-id': '1234' is not a 12-digit AWS account id. Give the account id that owns the registry.",
    ],
    [
      'unknown encryption',
      { ...base, encryption: 'aes256' },
      "Input 'encryption': 'aes256' is not one of the allowed values. Use one of: AES256, KMS.",
    ],
    [
      'kms key without KMS encryption',
      { ...base, 'kms-key': 'alias/ecr' },
      "Input 'kms-key' is set but 'encryption' is AES256. Set encryption: KMS, or remove kms-key.",
    ],
    [
      'malformed kms key',
      { ...base, encryption: 'KMS', 'kms-key': 'my key' },
      "Input 'kms-key': 'my key' is not a KMS key id, key ARN or alias. Use a key ARN, a key id or alias/<name>.",
    ],
    [
      'lifecycle policy with broken JSON',
      { ...base, 'lifecycle-policy': 'broken-lifecycle.json' },
      "Input 'lifecycle-policy': file broken-lifecycle.json is not valid JSON (Unexpected end of JSON input). Fix the JSON syntax.",
    ],
    [
      'lifecycle policy without rules',
      { ...base, 'lifecycle-policy': 'not-lifecycle.json' },
      `Input 'lifecycle-policy': ${path.join(fixtures, 'not-lifecycle.json')} is not an ECR lifecycle policy: it needs a 'rules' array.`,
    ],
    [
      'inline lifecycle policy that is not a policy',
      { ...base, 'lifecycle-policy': '[]' },
      "Input 'lifecycle-policy': the JSON is not an ECR lifecycle policy: it needs a 'rules' array.",
    ],
    [
      'lifecycle policy file missing',
      { ...base, 'lifecycle-policy': 'policy.json' },
      "Input 'lifecycle-policy': 'policy.json' is neither inline JSON nor an existing file. Give a JSON document or the path to one.",
    ],
    [
      'repository policy without Statement',
      { ...base, 'repository-policy': '{"Version":"2012-10-17"}' },
      "Input 'repository-policy': the JSON is not an IAM policy document: it needs a 'Statement'.",
    ],
    [
      'repository name of one character',
      { ...base, repository: 'a' },
      "Input 'repository': 'a' is shorter than 2 characters. Use a name of 2 to 255 characters (ECR's minimum, the image reference format's maximum).",
    ],
    [
      'repository name of 256 characters',
      { ...base, repository: 'a'.repeat(256) },
      `Input 'repository': '${'a'.repeat(256)}' is longer than 255 characters. Use a shorter name.`,
    ],
    [
      'registry endpoint not a URL',
      { ...base, 'registry-endpoint': '127.0.0.1:5000' },
      "Input 'registry-endpoint': '127.0.0.1:5000' is not a URL. Write it as https://host[:port].",
    ],
    [
      'registry endpoint with a path',
      { ...base, 'registry-endpoint': 'https://registry.example/v2/' },
      "Input 'registry-endpoint': 'https://registry.example/v2/' is not a registry base URL. Write it as https://host[:port], without a path.",
    ],
    [
      'registry endpoint over plain HTTP to another host (the ECR password would cross the network in clear text)',
      { ...base, 'registry-endpoint': 'http://registry.example.com' },
      "Input 'registry-endpoint': 'http://registry.example.com' uses plain HTTP to a host that is not this machine. Use https://; plain HTTP is only allowed for loopback test registries.",
    ],
    [
      'registry endpoint with credentials, not shown',
      { ...base, 'registry-endpoint': 'https://robot:hunter2pass@registry.example.com' },
      "Input 'registry-endpoint': 'https://***@registry.example.com' has credentials in it. Write it as https://host[:port]; drydock logs in to ECR registries itself and reads other registries anonymously.",
    ],
    [
      'concurrency out of range',
      { ...base, concurrency: '0' },
      "Input 'concurrency': '0' is not a whole number from 1 to 32. Set it to a number in that range.",
    ],
    [
      'boolean that is not one',
      { ...base, 'create-repository': 'yes' },
      "Input 'create-repository': 'yes' is not a boolean. Use true or false.",
    ],
    [
      'unknown tag mutability',
      { ...base, 'image-tag-mutability': 'immutable' },
      "Input 'image-tag-mutability': 'immutable' is not one of the allowed values. Use one of: MUTABLE, IMMUTABLE.",
    ],
  ])('%s', (_name, values, message, env = { AWS_REGION: 'us-east-1' }) => {
    // The default keeps the callback's arity at 3: jest would pass a `done` callback as a fourth parameter.
    expectConfigurationError(() => parse(values, env), message);
  });
});
