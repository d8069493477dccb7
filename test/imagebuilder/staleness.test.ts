import { ListImagePipelinesCommand } from '@aws-sdk/client-imagebuilder';
import { checkStaleness, findPipelineArn, newestAvailableImage } from '../../src/imagebuilder/staleness.js';
import { ensurePipeline } from '../../src/imagebuilder/ensure.js';
import { createRecordingLogger } from '../../src/core/logger.js';
import type { ParentImage } from '../../src/imagebuilder/parent-image.js';
import { FakeClock } from '../support/fake-clock.js';
import { testDefinition } from './definitions.js';
import { FakeImageBuilder } from './fake-image-builder.js';

// Image Builder is not in moto: the double pages ListImagePipelineImages two images at a time.
const NAME = 'drydock-eks-al2023-1-31-x86_64';
const OLD = 'ami-0aaaaaaaaaaaaaaaa';
const NEW = 'ami-0bbbbbbbbbbbbbbbb';
const current = (amiId: string): ParentImage => ({ amiId, parameter: '/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard/recommended/image_id' });

async function pipelineWith(images: { version: string; build: number; status: string; parent: string; ami?: string }[]) {
  const fake = new FakeImageBuilder(new FakeClock());
  const { pipelineArn } = await ensurePipeline(fake.client, testDefinition(), { amiId: OLD }, createRecordingLogger());
  for (const image of images) {
    fake.seedImage({ pipelineArn, name: NAME, version: image.version, build: image.build, status: image.status, parentImage: image.parent, amiId: image.ami ?? `ami-0${image.version.replaceAll('.', '')}${image.build}`.padEnd(21, '0') });
  }
  fake.sent.length = 0;
  return { fake, pipelineArn };
}

describe('checkStaleness', () => {
  test('a newer recommended parent makes the pipeline stale', async () => {
    const { fake, pipelineArn } = await pipelineWith([{ version: '1.0.0', build: 1, status: 'AVAILABLE', parent: OLD, ami: 'ami-0111111111111111a' }]);
    const report = await checkStaleness(fake.client, { arn: pipelineArn, name: NAME }, current(NEW), 'us-east-1');
    expect(report).toMatchObject({ stale: true, builtFromParent: OLD, latestImage: { version: '1.0.0/1', amiId: 'ami-0111111111111111a' } });
    expect(report.explanation).toBe(`The recommended parent AMI is now ${NEW}, but the newest image 1.0.0/1 was built from ${OLD}.`);
  });

  test('the same parent is current', async () => {
    const { fake, pipelineArn } = await pipelineWith([{ version: '1.0.0', build: 1, status: 'AVAILABLE', parent: OLD }]);
    const report = await checkStaleness(fake.client, { arn: pipelineArn, name: NAME }, current(OLD), 'us-east-1');
    expect(report.stale).toBe(false);
    expect(report.explanation).toBe(`The newest image 1.0.0/1 was built from the recommended parent AMI ${OLD}; nothing to rebuild.`);
  });

  test('latest-ami-id is the AMI of this region only; an image without one is still judged by its parent', async () => {
    const { fake, pipelineArn } = await pipelineWith([{ version: '1.0.0', build: 1, status: 'AVAILABLE', parent: OLD }]);
    const record = [...fake.images.values()][0]!;
    record.plan = { ...record.plan, amis: { 'eu-west-1': 'ami-0e0e0e0e0e0e0e0e0' } };
    const report = await checkStaleness(fake.client, { arn: pipelineArn, name: NAME }, current(OLD), 'us-east-1');
    expect(report).toMatchObject({ stale: false, builtFromParent: OLD, latestImage: { version: '1.0.0/1' } });
    expect(report.latestImage).not.toHaveProperty('amiId');
    const stale = await checkStaleness(fake.client, { arn: pipelineArn, name: NAME }, current(NEW), 'us-east-1');
    expect(stale).toMatchObject({ stale: true, builtFromParent: OLD });
    expect(stale.latestImage).not.toHaveProperty('amiId');
    // In the region that has one, it is that region's.
    expect((await checkStaleness(fake.client, { arn: pipelineArn, name: NAME }, current(OLD), 'eu-west-1')).latestImage?.amiId).toBe('ami-0e0e0e0e0e0e0e0e0');
  });

  test('no images yet is stale', async () => {
    const { fake, pipelineArn } = await pipelineWith([]);
    const report = await checkStaleness(fake.client, { arn: pipelineArn, name: NAME }, current(OLD), 'us-east-1');
    expect(report).toEqual({ stale: true, currentParent: current(OLD), explanation: `The pipeline ${NAME} has no available image yet.` });
  });

  test('the pipeline is the one of exactly that name, not the first the name filter lists', async () => {
    const fake = new FakeImageBuilder(new FakeClock());
    const arnOf = (name: string) => `arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/${name}`;
    fake.mock.on(ListImagePipelinesCommand).resolves({ imagePipelineList: [{ name: `${NAME}-old`, arn: arnOf(`${NAME}-old`) }, { name: NAME, arn: arnOf(NAME) }] });
    expect(await findPipelineArn(fake.client, NAME)).toBe(arnOf(NAME));
    fake.mock.on(ListImagePipelinesCommand).resolves({ imagePipelineList: [{ name: `${NAME}-old`, arn: arnOf(`${NAME}-old`) }] });
    expect(await findPipelineArn(fake.client, NAME)).toBeUndefined();
  });

  test('no pipeline yet is stale', async () => {
    const fake = new FakeImageBuilder(new FakeClock());
    expect(await findPipelineArn(fake.client, NAME)).toBeUndefined();
    const report = await checkStaleness(fake.client, { name: NAME }, current(OLD), 'us-east-1');
    expect(report.stale).toBe(true);
    expect(report.explanation).toBe(`The pipeline ${NAME} does not exist yet; a build creates it from ${OLD}.`);
  });

  test('a pipeline that does not exist is an input mistake only when the user named it', async () => {
    const fake = new FakeImageBuilder(new FakeClock());
    const arn = `arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/${NAME}`;
    await expect(checkStaleness(fake.client, { arn, name: NAME, userGiven: true }, current(OLD), 'us-east-1')).rejects.toMatchObject({
      name: 'ConfigurationError',
      message: `Input 'pipeline-arn': '${arn}' does not exist in us-east-1. Check the ARN, or remove pipeline-arn to let drydock create the pipeline.`,
    });
    // Found by name a moment ago and gone now: not something the user wrote.
    await expect(checkStaleness(fake.client, { arn, name: NAME }, current(OLD), 'us-east-1')).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  test('only AVAILABLE images count: a newer FAILED build from the new parent does not make it current', async () => {
    const { fake, pipelineArn } = await pipelineWith([
      { version: '1.0.0', build: 1, status: 'AVAILABLE', parent: OLD },
      { version: '1.0.1', build: 1, status: 'FAILED', parent: NEW },
    ]);
    const report = await checkStaleness(fake.client, { arn: pipelineArn, name: NAME }, current(NEW), 'us-east-1');
    expect(report).toMatchObject({ stale: true, builtFromParent: OLD });
  });

  test('looks through every page and picks the newest by semantic version and build number', async () => {
    // Seven images over four pages; string order would pick 1.0.9, and the newest sits on the first page.
    const { fake, pipelineArn } = await pipelineWith([
      { version: '1.0.10', build: 2, status: 'AVAILABLE', parent: NEW, ami: 'ami-0newest000000000' },
      { version: '1.0.2', build: 1, status: 'AVAILABLE', parent: OLD },
      { version: '1.0.9', build: 7, status: 'AVAILABLE', parent: OLD },
      { version: '1.0.10', build: 1, status: 'AVAILABLE', parent: OLD },
      { version: '1.0.3', build: 1, status: 'AVAILABLE', parent: OLD },
      { version: '1.0.11', build: 1, status: 'BUILDING', parent: NEW },
      { version: '1.0.1', build: 1, status: 'AVAILABLE', parent: OLD },
    ]);
    expect((await newestAvailableImage(fake.client, pipelineArn))?.arn).toMatch(/\/1\.0\.10\/2$/);
    expect(fake.count('ListImagePipelineImages')).toBe(4);
    const report = await checkStaleness(fake.client, { arn: pipelineArn, name: NAME }, current(NEW), 'us-east-1');
    expect(report).toMatchObject({ stale: false, builtFromParent: NEW, latestImage: { version: '1.0.10/2', amiId: 'ami-0newest000000000' } });
  });

  test('an image whose recipe names no AMI id is treated as stale, and says why', async () => {
    const { fake, pipelineArn } = await pipelineWith([
      { version: '1.0.0', build: 1, status: 'AVAILABLE', parent: 'arn:aws:imagebuilder:us-east-1:aws:image/amazon-linux-2023-x86/x.x.x' },
    ]);
    const report = await checkStaleness(fake.client, { arn: pipelineArn, name: NAME }, current(OLD), 'us-east-1');
    expect(report.stale).toBe(true);
    expect(report.builtFromParent).toBeUndefined();
    expect(report.explanation).toMatch(/^The newest image 1\.0\.0\/1 was built from 'arn:aws:imagebuilder:.*', not a fixed AMI id/);
  });
});
