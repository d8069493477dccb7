import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  GetLifecyclePolicyCommand,
  GetRepositoryPolicyCommand,
  PutLifecyclePolicyCommand,
  SetRepositoryPolicyCommand,
} from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import { createRecordingLogger } from '../../src/core/logger.js';
import { ensureRepository, isTagImmutable, loginToRegistry, type RepositorySettings } from '../../src/aws/ecr.js';
import { SecretSet } from '../../src/core/secrets.js';
import { awsError } from '../support/errors.js';

/** ECR doubled with aws-sdk-client-mock: the race below cannot be staged against moto on demand. */
const ecr = mockClient(ECRClient);
afterEach(() => ecr.reset());

const settings: RepositorySettings = { name: 'team/app', create: true, tagMutability: 'MUTABLE', scanOnPush: true, encryption: { type: 'AES256' } };
const theirs = {
  repositoryName: 'team/app',
  registryId: '123456789012',
  repositoryUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app',
  imageTagMutability: 'IMMUTABLE' as const,
  imageScanningConfiguration: { scanOnPush: true },
  encryptionConfiguration: { encryptionType: 'AES256' as const },
};

describe('isTagImmutable: ECR tag immutability, with exclusion filters', () => {
  const filters = [{ filterType: 'WILDCARD' as const, filter: 'latest' }, { filterType: 'WILDCARD' as const, filter: 'dev-*' }];
  test.each([
    ['IMMUTABLE', 'v1', true],
    ['MUTABLE', 'v1', false],
    ['IMMUTABLE_WITH_EXCLUSION', 'v1', true],
    ['IMMUTABLE_WITH_EXCLUSION', 'latest', false],
    ['IMMUTABLE_WITH_EXCLUSION', 'dev-42', false],
    ['IMMUTABLE_WITH_EXCLUSION', 'dev', true], // the wildcard needs the dash
    ['IMMUTABLE_WITH_EXCLUSION', 'latest-rc', true], // filters match whole tags
    ['MUTABLE_WITH_EXCLUSION', 'v1', false],
    ['MUTABLE_WITH_EXCLUSION', 'dev-42', true],
  ])('%s, tag %s: immutable %s', (mutability, tag, immutable) => {
    expect(isTagImmutable(mutability, filters, tag)).toBe(immutable);
  });

  test('a filter is matched literally but for its wildcards', () => {
    expect(isTagImmutable('MUTABLE_WITH_EXCLUSION', [{ filter: 'v1.0' }], 'v1x0')).toBe(false);
    expect(isTagImmutable('MUTABLE_WITH_EXCLUSION', [{ filter: 'v1.0' }], 'v1.0')).toBe(true);
  });

  test("ensureRepository answers for the repository's own setting and filters", async () => {
    ecr.on(DescribeRepositoriesCommand).resolves({ repositories: [{ ...theirs, imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION', imageTagMutabilityExclusionFilters: filters }] });
    ecr.on(GetLifecyclePolicyCommand).rejects(awsError('LifecyclePolicyNotFoundException'));
    ecr.on(GetRepositoryPolicyCommand).rejects(awsError('RepositoryPolicyNotFoundException'));
    const ensured = await ensureRepository(new ECRClient({ region: 'us-east-1' }), settings, createRecordingLogger());
    expect([ensured.isTagImmutable('v1'), ensured.isTagImmutable('latest')]).toEqual([true, false]);
  });
});

describe('repository drift', () => {
  const existing = {
    ...theirs,
    imageTagMutability: 'IMMUTABLE' as const,
    imageScanningConfiguration: { scanOnPush: true },
    encryptionConfiguration: { encryptionType: 'KMS' as const, kmsKey: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
  };
  const ensure = async (asked: Partial<RepositorySettings>) => {
    ecr.on(DescribeRepositoriesCommand).resolves({ repositories: [existing] });
    ecr.on(GetLifecyclePolicyCommand).rejects(awsError('LifecyclePolicyNotFoundException'));
    ecr.on(GetRepositoryPolicyCommand).rejects(awsError('RepositoryPolicyNotFoundException'));
    return (await ensureRepository(new ECRClient({ region: 'us-east-1' }), { name: 'team/app', create: true, ...asked }, createRecordingLogger())).drift;
  };

  test('settings not asked for are not compared: an IMMUTABLE, scanned, KMS repository gets no warning', async () => {
    expect(await ensure({})).toEqual([]);
  });

  test('a setting asked for that differs is reported', async () => {
    expect(await ensure({ tagMutability: 'MUTABLE', scanOnPush: false, encryption: { type: 'AES256' } })).toEqual([
      'image-tag-mutability is IMMUTABLE, requested MUTABLE (not changed)',
      'scan-on-push is true, requested false (not changed)',
      'encryption is KMS, requested AES256 (ECR cannot change it after creation)',
    ]);
  });

  test.each([
    ['the same key ARN', 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab', false],
    ['its bare key id', '1234abcd-12ab-34cd-56ef-1234567890ab', false],
    ['an alias (only KMS knows its key)', 'alias/ecr', false],
    ['another key id', '99999999-12ab-34cd-56ef-1234567890ab', true],
    ['another key ARN', 'arn:aws:kms:us-east-1:123456789012:key/99999999-12ab-34cd-56ef-1234567890ab', true],
  ])('kms-key given as %s: reported as differing %s', async (_name, kmsKey, differs) => {
    expect((await ensure({ encryption: { type: 'KMS', kmsKey } })).length).toBe(differs ? 1 : 0);
  });
});

describe('ensureRepository', () => {
  test('a repository another run creates between our look and our create is used, with its drift reported', async () => {
    ecr.on(DescribeRepositoriesCommand).rejectsOnce(awsError('RepositoryNotFoundException')).resolves({ repositories: [theirs] });
    ecr.on(CreateRepositoryCommand).rejects(awsError('RepositoryAlreadyExistsException'));
    ecr.on(GetLifecyclePolicyCommand).rejects(awsError('LifecyclePolicyNotFoundException'));
    ecr.on(GetRepositoryPolicyCommand).rejects(awsError('RepositoryPolicyNotFoundException'));
    const logger = createRecordingLogger();
    const changes: string[] = [];
    const ensured = await ensureRepository(new ECRClient({ region: 'us-east-1' }), settings, logger, (change) => changes.push(change));
    expect(ensured).toMatchObject({ uri: theirs.repositoryUri, created: false, tagMutability: 'IMMUTABLE' });
    expect(changes).toEqual([]); // the other run created it
    expect(ensured.drift).toEqual([expect.stringContaining('IMMUTABLE')]);
    expect(ecr.commandCalls(CreateRepositoryCommand)).toHaveLength(1);
    expect(logger.lines).toContainEqual({ level: 'info', message: 'ECR repository team/app was created by another run meanwhile; using it' });
  });

  test('reports each write it makes once it is made: the repository created, each policy that differed set', async () => {
    const lifecycle = JSON.stringify({ rules: [{ rulePriority: 1, selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 }, action: { type: 'expire' } }] });
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [] });
    ecr.on(DescribeRepositoriesCommand).rejects(awsError('RepositoryNotFoundException'));
    ecr.on(CreateRepositoryCommand).resolves({ repository: theirs });
    ecr.on(GetLifecyclePolicyCommand).rejects(awsError('LifecyclePolicyNotFoundException'));
    ecr.on(GetRepositoryPolicyCommand).rejects(awsError('RepositoryPolicyNotFoundException'));
    ecr.on(PutLifecyclePolicyCommand).resolves({});
    ecr.on(SetRepositoryPolicyCommand).resolves({});
    const changes: string[] = [];
    const ensured = await ensureRepository(
      new ECRClient({ region: 'us-east-1' }),
      { ...settings, lifecyclePolicy: lifecycle, repositoryPolicy: policy },
      createRecordingLogger(),
      (change) => changes.push(change),
    );
    expect(ensured).toMatchObject({ created: true, policiesApplied: ['lifecycle policy', 'repository policy'] });
    expect(changes).toEqual(['ECR repository team/app created', 'ECR repository team/app: lifecycle policy set', 'ECR repository team/app: repository policy set']);

    // The same policies on an existing repository: nothing is written, nothing reported.
    ecr.reset();
    ecr.on(DescribeRepositoriesCommand).resolves({ repositories: [{ ...theirs, imageTagMutability: 'MUTABLE' }] });
    ecr.on(GetLifecyclePolicyCommand).resolves({ lifecyclePolicyText: lifecycle });
    ecr.on(GetRepositoryPolicyCommand).resolves({ policyText: policy });
    changes.length = 0;
    await ensureRepository(new ECRClient({ region: 'us-east-1' }), { ...settings, lifecyclePolicy: lifecycle, repositoryPolicy: policy }, createRecordingLogger(), (change) => changes.push(change));
    expect(changes).toEqual([]);
    expect(ecr.commandCalls(PutLifecyclePolicyCommand)).toHaveLength(0);
    expect(ecr.commandCalls(SetRepositoryPolicyCommand)).toHaveLength(0);
  });

  test('any other failure to create is reported as it is', async () => {
    ecr.on(DescribeRepositoriesCommand).rejects(awsError('RepositoryNotFoundException'));
    ecr.on(CreateRepositoryCommand).rejects(awsError('AccessDeniedException'));
    await expect(ensureRepository(new ECRClient({ region: 'us-east-1' }), settings, createRecordingLogger())).rejects.toThrow('AccessDeniedException from the test');
  });
});

describe('loginToRegistry', () => {
  test('the token and the password inside it are registered as secrets, so the runner masks both', async () => {
    const token = Buffer.from('AWS:eyJwYXlsb2FkIjoic2VjcmV0In0').toString('base64');
    ecr.on(GetAuthorizationTokenCommand).resolves({ authorizationData: [{ authorizationToken: token, proxyEndpoint: 'https://123456789012.dkr.ecr.us-east-1.amazonaws.com' }] });
    const announced: string[] = [];
    const secrets = new SecretSet((value) => announced.push(value));
    const login = await loginToRegistry(new ECRClient({ region: 'us-east-1' }), undefined, secrets);
    expect(login).toMatchObject({ username: 'AWS', basicToken: token, endpoint: 'https://123456789012.dkr.ecr.us-east-1.amazonaws.com' });
    expect(announced).toEqual([token, 'eyJwYXlsb2FkIjoic2VjcmV0In0']);
    expect(secrets.redact(`Authorization: Basic ${token}`)).not.toContain(token);
  });

  test('a token that is not user:password is refused, and still masked', async () => {
    const token = Buffer.from('no-separator-here').toString('base64');
    ecr.on(GetAuthorizationTokenCommand).resolves({ authorizationData: [{ authorizationToken: token, proxyEndpoint: 'https://r.example' }] });
    const secrets = new SecretSet();
    await expect(loginToRegistry(new ECRClient({ region: 'us-east-1' }), undefined, secrets)).rejects.toThrow('ECR GetAuthorizationToken returned a token that is not user:password');
    expect(secrets.appearsIn(`token ${token}`)).toBe(true);
  });
});
