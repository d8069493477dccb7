import { CreateRepositoryCommand, DescribeRepositoriesCommand, ECRClient, GetLifecyclePolicyCommand, GetRepositoryPolicyCommand } from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import { createRecordingLogger } from '../../src/core/logger.js';
import { ensureRepository, type RepositorySettings } from '../../src/aws/ecr.js';

/** ECR doubled with aws-sdk-client-mock: the race below cannot be staged against moto on demand. */
const ecr = mockClient(ECRClient);
afterEach(() => ecr.reset());

const settings: RepositorySettings = { name: 'team/app', create: true, tagMutability: 'MUTABLE', scanOnPush: true, encryption: { type: 'AES256' } };
const awsError = (name: string) => Object.assign(new Error(`${name} from the test`), { name });
const theirs = {
  repositoryName: 'team/app',
  registryId: '123456789012',
  repositoryUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app',
  imageTagMutability: 'IMMUTABLE' as const,
  imageScanningConfiguration: { scanOnPush: true },
  encryptionConfiguration: { encryptionType: 'AES256' as const },
};

describe('ensureRepository', () => {
  test('a repository another run creates between our look and our create is used, with its drift reported', async () => {
    ecr.on(DescribeRepositoriesCommand).rejectsOnce(awsError('RepositoryNotFoundException')).resolves({ repositories: [theirs] });
    ecr.on(CreateRepositoryCommand).rejects(awsError('RepositoryAlreadyExistsException'));
    ecr.on(GetLifecyclePolicyCommand).rejects(awsError('LifecyclePolicyNotFoundException'));
    ecr.on(GetRepositoryPolicyCommand).rejects(awsError('RepositoryPolicyNotFoundException'));
    const logger = createRecordingLogger();
    const ensured = await ensureRepository(new ECRClient({ region: 'us-east-1' }), settings, logger);
    expect(ensured).toMatchObject({ uri: theirs.repositoryUri, created: false, tagMutability: 'IMMUTABLE' });
    expect(ensured.drift).toEqual([expect.stringContaining('IMMUTABLE')]);
    expect(ecr.commandCalls(CreateRepositoryCommand)).toHaveLength(1);
    expect(logger.lines).toContainEqual({ level: 'info', message: 'ECR repository team/app was created by another run meanwhile; using it' });
  });

  test('any other failure to create is reported as it is', async () => {
    ecr.on(DescribeRepositoriesCommand).rejects(awsError('RepositoryNotFoundException'));
    ecr.on(CreateRepositoryCommand).rejects(awsError('AccessDeniedException'));
    await expect(ensureRepository(new ECRClient({ region: 'us-east-1' }), settings, createRecordingLogger())).rejects.toThrow('AccessDeniedException from the test');
  });
});
