import { ensurePipeline, FINGERPRINT_TAG } from '../../src/imagebuilder/ensure.js';
import { createRecordingLogger } from '../../src/core/logger.js';
import type { ParentImage } from '../../src/imagebuilder/parent-image.js';
import { FakeClock } from '../support/fake-clock.js';
import { testDefinition } from './definitions.js';
import { FakeImageBuilder } from './fake-image-builder.js';

// Image Builder is not in moto: these run against the in-memory double (fake-image-builder.ts).
const parentA: ParentImage = { amiId: 'ami-0aaaaaaaaaaaaaaaa' };
const parentB: ParentImage = { amiId: 'ami-0bbbbbbbbbbbbbbbb' };

function setup() {
  const fake = new FakeImageBuilder(new FakeClock());
  const logger = createRecordingLogger();
  return { fake, logger };
}

describe('ensurePipeline', () => {
  test('the first run creates the component, recipe, both configurations and the pipeline, all at 1.0.0', async () => {
    const { fake, logger } = setup();
    const ensured = await ensurePipeline(fake.client, testDefinition(), parentA, logger);
    expect(fake.creations()).toEqual([
      'CreateComponent',
      'CreateImageRecipe',
      'CreateInfrastructureConfiguration',
      'CreateDistributionConfiguration',
      'CreateImagePipeline',
    ]);
    expect(ensured.changes.map((change) => [change.kind, change.action, change.version])).toEqual([
      ['component', 'created', '1.0.0'],
      ['image recipe', 'created', '1.0.0'],
      ['infrastructure configuration', 'created', undefined],
      ['distribution configuration', 'created', undefined],
      ['image pipeline', 'created', undefined],
    ]);
    expect(ensured.componentArn).toBe('arn:aws:imagebuilder:us-east-1:123456789012:component/drydock-eks-al2023-1-31-x86_64-cis-hardening/1.0.0/1');
    expect(ensured.recipeArn).toBe('arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/drydock-eks-al2023-1-31-x86_64/1.0.0');
    const pipeline = fake.pipelines.get(ensured.pipelineArn)!;
    expect(pipeline.imageRecipeArn).toBe(ensured.recipeArn);
    expect(pipeline.imageTestsConfiguration).toEqual({ imageTestsEnabled: true, timeoutMinutes: 120 });
    const recipe = fake.recipes.get(ensured.recipeArn)!;
    expect(recipe.parentImage).toBe(parentA.amiId);
    expect(recipe.components).toEqual([{ componentArn: ensured.componentArn }]);
    expect(logger.lines.filter((line) => line.level === 'info').map((line) => line.message)).toContain(
      'Image Builder image recipe drydock-eks-al2023-1-31-x86_64 1.0.0 created',
    );
  });

  test('a second run with the same inputs creates and updates nothing', async () => {
    const { fake, logger } = setup();
    const first = await ensurePipeline(fake.client, testDefinition(), parentA, logger);
    fake.sent.length = 0;
    const second = await ensurePipeline(fake.client, testDefinition(), parentA, logger);
    expect(fake.creations()).toEqual([]);
    expect(second.changes.every((change) => change.action === 'reused')).toBe(true);
    expect(second).toMatchObject({ pipelineArn: first.pipelineArn, recipeArn: first.recipeArn, componentArn: first.componentArn });
  });

  test('every optional input set: a second run creates and updates nothing, lists in another order included; what was set by hand stays', async () => {
    const { fake, logger } = setup();
    const base = testDefinition();
    const everything = (securityGroupIds: string[], launchPermissionAccounts: string[]) => ({
      ...base,
      hardening: { ...base.hardening, auditReportBucket: 'audit-reports' },
      infrastructure: { ...base.infrastructure, instanceTypes: ['m6i.large', 't3.large'], subnetId: 'subnet-0123456789abcdef0', securityGroupIds, terminateOnFailure: false },
      distribution: {
        amiNameTemplate: 'eks-{os}-{kubernetes}-{arch}-cis-{cis}-{date}-{build}',
        regions: ['us-east-1', 'eu-west-1'],
        launchPermissionAccounts,
        amiTags: { team: 'platform', 'cost-center': '42' },
      },
      imageScanning: true,
    });
    const first = await ensurePipeline(fake.client, everything(['sg-0aaaaaaaaaaaaaaaa', 'sg-0bbbbbbbbbbbbbbbb'], ['222233334444', '111122223333']), parentA, logger);
    // Added by hand in the console: drydock does not manage these, so they neither count as a difference nor get lost.
    const infrastructureArn = [...fake.infrastructure.keys()][0]!;
    const byHand = { logging: { s3Logs: { s3BucketName: 'build-logs' } }, keyPair: 'debug-key', snsTopicArn: 'arn:aws:sns:us-east-1:123456789012:builds' };
    fake.infrastructure.set(infrastructureArn, { ...fake.infrastructure.get(infrastructureArn)!, ...byHand });
    const schedule = { scheduleExpression: 'cron(0 4 ? * MON *)' };
    fake.pipelines.set(first.pipelineArn, { ...fake.pipelines.get(first.pipelineArn)!, schedule });
    fake.sent.length = 0;

    const second = await ensurePipeline(fake.client, everything(['sg-0bbbbbbbbbbbbbbbb', 'sg-0aaaaaaaaaaaaaaaa'], ['111122223333', '222233334444']), parentA, logger);
    expect(fake.creations()).toEqual([]);
    expect(second.changes.map((change) => change.action)).toEqual(['reused', 'reused', 'reused', 'reused', 'reused']);

    // A change that does update them carries the hand-set fields over.
    const changed = everything(['sg-0bbbbbbbbbbbbbbbb', 'sg-0aaaaaaaaaaaaaaaa'], ['111122223333', '222233334444']);
    await ensurePipeline(fake.client, { ...changed, infrastructure: { ...changed.infrastructure, instanceTypes: ['m7i.large'] }, imageScanning: false }, parentA, logger);
    expect(fake.creations()).toEqual(['UpdateInfrastructureConfiguration', 'UpdateImagePipeline']);
    expect(fake.infrastructure.get(infrastructureArn)).toMatchObject({ ...byHand, instanceTypes: ['m7i.large'] });
    expect(fake.pipelines.get(first.pipelineArn)).toMatchObject({ schedule, imageScanningConfiguration: { imageScanningEnabled: false } });
  });

  test('a new parent AMI creates exactly one new recipe version and points the pipeline at it', async () => {
    const { fake, logger } = setup();
    await ensurePipeline(fake.client, testDefinition(), parentA, logger);
    fake.sent.length = 0;
    const ensured = await ensurePipeline(fake.client, testDefinition(), parentB, logger);
    // The distribution changes too: every AMI is tagged with the parent it was built from.
    expect(fake.creations()).toEqual(['CreateImageRecipe', 'UpdateDistributionConfiguration', 'UpdateImagePipeline']);
    expect(ensured.recipeArn).toMatch(/image-recipe\/drydock-eks-al2023-1-31-x86_64\/1\.0\.1$/);
    expect(fake.pipelines.get(ensured.pipelineArn)!.imageRecipeArn).toBe(ensured.recipeArn);
    const tags = fake.distributions.get([...fake.distributions.keys()][0]!)!.distributions![0]!.amiDistributionConfiguration!.amiTags!;
    expect(tags['drydock:parent-ami-id']).toBe(parentB.amiId);
  });

  test('a new role version creates one component version and one recipe version', async () => {
    const { fake, logger } = setup();
    await ensurePipeline(fake.client, testDefinition(), parentA, logger);
    fake.sent.length = 0;
    const changed = testDefinition();
    const definition = { ...changed, hardening: { ...changed.hardening, roleVersion: { kind: 'tag' as const, name: '1.0.2' } } };
    const ensured = await ensurePipeline(fake.client, definition, parentA, logger);
    expect(fake.count('CreateComponent')).toBe(1);
    expect(fake.count('CreateImageRecipe')).toBe(1);
    expect(ensured.componentArn).toMatch(/\/1\.0\.1\/1$/);
    expect(ensured.recipeArn).toMatch(/\/1\.0\.1$/);
    expect(fake.recipes.get(ensured.recipeArn)!.components).toEqual([{ componentArn: ensured.componentArn }]);
  });

  test.each([
    ['different ansible-extra-args', (h: ReturnType<typeof testDefinition>['hardening']) => ({ ...h, ansibleArguments: [...h.ansibleArguments, '--skip-tags', 'rule_5.2.1'] })],
    ['a different audit-min-score', (h: ReturnType<typeof testDefinition>['hardening']) => ({ ...h, auditMinScore: 90 })],
  ])('%s: one new component version and one new recipe version, nothing else', async (_title, change) => {
    const { fake, logger } = setup();
    const first = await ensurePipeline(fake.client, testDefinition(), parentA, logger);
    fake.sent.length = 0;
    const base = testDefinition();
    const ensured = await ensurePipeline(fake.client, { ...base, hardening: change(base.hardening) }, parentA, logger);
    expect(fake.creations()).toEqual(['CreateComponent', 'CreateImageRecipe', 'UpdateImagePipeline']);
    expect(ensured.componentArn).toMatch(/\/1\.0\.1\/1$/);
    expect(ensured.recipeArn).toMatch(/\/1\.0\.1$/);
    expect(ensured.pipelineArn).toBe(first.pipelineArn);
    expect(fake.pipelines.get(ensured.pipelineArn)!.imageRecipeArn).toBe(ensured.recipeArn);
    // The same change again is a no-op.
    fake.sent.length = 0;
    await ensurePipeline(fake.client, { ...base, hardening: change(base.hardening) }, parentA, logger);
    expect(fake.creations()).toEqual([]);
  });

  test('the next version follows the newest in semantic order (1.0.10 after 1.0.9, not before), across list pages', async () => {
    const { fake, logger } = setup();
    // Ten earlier recipe versions, listed in an order where a string sort would pick 1.0.9.
    for (const patch of [10, 2, 9, 0, 1, 3, 4, 5, 6, 7, 8]) {
      const arn = `arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/drydock-eks-al2023-1-31-x86_64/1.0.${patch}`;
      fake.recipes.set(arn, { arn, name: 'drydock-eks-al2023-1-31-x86_64', version: `1.0.${patch}`, parentImage: 'ami-0dddddddddddddddd', components: [], tags: {} });
    }
    const ensured = await ensurePipeline(fake.client, testDefinition(), parentA, logger);
    expect(ensured.recipeArn).toMatch(/\/1\.0\.11$/);
    expect(fake.count('ListImageRecipes')).toBeGreaterThan(1);
  });

  describe('when another run creates the same recipe version first (ResourceAlreadyExists)', () => {
    /** Plays the other run: just before our CreateImageRecipe 1.0.1, a recipe 1.0.1 with `fingerprint` appears. */
    async function race(fingerprintOfWinner: (ours: string) => string) {
      const { fake, logger } = setup();
      await ensurePipeline(fake.client, testDefinition(), parentA, logger);
      // What our run will compute for parentB: the same as a fresh pipeline built from parentB.
      const reference = new FakeImageBuilder(new FakeClock());
      const referenceRecipe = (await ensurePipeline(reference.client, testDefinition(), parentB, logger)).recipeArn;
      const ours = reference.recipes.get(referenceRecipe)!.tags![FINGERPRINT_TAG]!;
      fake.beforeCommand = (command, input) => {
        if (command !== 'CreateImageRecipe' || input['semanticVersion'] !== '1.0.1') return;
        const arn = `arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/${String(input['name'])}/1.0.1`;
        if (fake.recipes.has(arn)) return;
        fake.recipes.set(arn, { arn, name: String(input['name']), version: '1.0.1', parentImage: parentB.amiId, components: [], tags: { [FINGERPRINT_TAG]: fingerprintOfWinner(ours) } });
      };
      fake.sent.length = 0;
      const ensured = await ensurePipeline(fake.client, testDefinition(), parentB, logger);
      return { fake, ensured };
    }

    test('with the same content: its version is reused', async () => {
      const { fake, ensured } = await race((ours) => ours);
      expect(ensured.recipeArn).toMatch(/\/1\.0\.1$/);
      expect(ensured.changes.find((change) => change.kind === 'image recipe')!.action).toBe('reused');
      expect(fake.count('CreateImageRecipe')).toBe(1);
    });

    test('with other content: the next version is created', async () => {
      const { fake, ensured } = await race(() => 'someone-else');
      expect(ensured.recipeArn).toMatch(/\/1\.0\.2$/);
      expect(fake.count('CreateImageRecipe')).toBe(2);
    });
  });

  test('changed instance types update the infrastructure configuration in place, keeping its ARN', async () => {
    const { fake, logger } = setup();
    const first = await ensurePipeline(fake.client, testDefinition(), parentA, logger);
    fake.sent.length = 0;
    const base = testDefinition();
    const ensured = await ensurePipeline(fake.client, { ...base, infrastructure: { ...base.infrastructure, instanceTypes: ['m6i.large', 't3.large'] } }, parentA, logger);
    expect(fake.creations()).toEqual(['UpdateInfrastructureConfiguration']);
    expect(ensured.pipelineArn).toBe(first.pipelineArn);
    const infrastructure = [...fake.infrastructure.values()][0]!;
    expect(infrastructure.instanceTypes).toEqual(['m6i.large', 't3.large']);
    expect(infrastructure.instanceMetadataOptions).toEqual({ httpTokens: 'required' });
  });

  test('turning scanning on updates only the pipeline', async () => {
    const { fake, logger } = setup();
    await ensurePipeline(fake.client, testDefinition(), parentA, logger);
    fake.sent.length = 0;
    await ensurePipeline(fake.client, testDefinition({ imageScanning: true }), parentA, logger);
    expect(fake.creations()).toEqual(['UpdateImagePipeline']);
  });

  test('components and recipes carry their fingerprint; the distribution tags every AMI with its origin', async () => {
    const { fake, logger } = setup();
    const base = testDefinition();
    const definition = {
      ...base,
      distribution: { ...base.distribution, regions: ['us-east-1', 'eu-west-1'], launchPermissionAccounts: ['111122223333'], amiTags: { team: 'platform' } },
    };
    const ensured = await ensurePipeline(fake.client, definition, parentA, logger);
    const component = [...fake.components.values()][0]!.builds[0]!;
    expect(component.tags?.[FINGERPRINT_TAG]).toMatch(/^[0-9a-f]{64}$/);
    expect(fake.recipes.get(ensured.recipeArn)!.tags?.[FINGERPRINT_TAG]).toMatch(/^[0-9a-f]{64}$/);
    const distributions = [...fake.distributions.values()][0]!.distributions!;
    expect(distributions.map((item) => item.region)).toEqual(['us-east-1', 'eu-west-1']);
    expect(distributions[1]!.amiDistributionConfiguration).toEqual({
      name: 'drydock-eks-al2023-1.31-x86_64-cis-{{ imagebuilder:buildDate }}',
      description: 'EKS 1.31 node, Amazon Linux 2023, CIS-hardened (AMAZON2023-CIS 1.0.1) from ami-0aaaaaaaaaaaaaaaa',
      amiTags: {
        team: 'platform',
        'drydock:parent-ami-id': 'ami-0aaaaaaaaaaaaaaaa',
        'drydock:cis-benchmark': 'AMAZON2023-CIS',
        'drydock:cis-role-version': '1.0.1',
        'drydock:kubernetes-version': '1.31',
        'drydock:os-family': 'al2023',
        'drydock:pipeline': 'drydock-eks-al2023-1-31-x86_64',
      },
      launchPermission: { userIds: ['111122223333'] },
    });
  });
});
