/**
 * push-ecr end to end on the loopback testbed: moto answers the ECR API (repository, token, lifecycle), the TLS
 * registry with htpasswd stands in for the ECR registry and accepts moto's token. Nothing is doubled here.
 */
import { DescribeRepositoriesCommand, ECRClient, GetLifecyclePolicyCommand } from '@aws-sdk/client-ecr';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { executeAction } from '../../../src/core/action.js';
import { InputReader } from '../../../src/core/inputs.js';
import { pushEcr } from '../../../src/actions/push-ecr/main.js';
import { testContext } from '../../support/context.js';
import { writeDockerArchive, writeOciLayout } from '../../support/oci-image-builder.js';
import { copyImage } from '../../../src/oci/copy.js';
import { openImageSource, parseImageSource } from '../../../src/oci/image-sources/parse-image-source.js';
import { describeWithTestbed, httpRegistryClient, need, testbed, tlsRegistryClient, uniqueRepository } from '../../oci/integration/testbed.js';
import { tempDir } from '../../support/temp-dir.js';

const root = path.resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);

async function push(values: Record<string, string>, work: string) {
  const bed = need(testbed);
  const harness = testContext({ ...process.env, GITHUB_STEP_SUMMARY: '' });
  const inputs = new InputReader(new Map(Object.entries({ 'registry-endpoint': `https://${bed.tls}`, ...values })), work);
  const code = await executeAction(pushEcr, inputs, harness.context);
  return { code, ...harness };
}

const uploadedLine = (lines: { message: string }[]) => lines.find((l) => l.message.startsWith('Pushed '))?.message ?? '';

describeWithTestbed('push-ecr against moto and the TLS registry', () => {
  let work: string;
  let ecr: ECRClient;
  beforeAll(async () => {
    work = tempDir('push-ecr');
    await writeOciLayout(path.join(work, 'oci'), [{ layerSizes: [2048, 4096], refName: 'v1' }]);
    await writeOciLayout(path.join(work, 'other'), [{ layerSizes: [1024], refName: 'v1' }]);
    await writeOciLayout(path.join(work, 'multi'), [
      {
        layerSizes: [1000, 2000],
        sharedBaseLayer: true,
        platforms: [
          { os: 'linux', architecture: 'amd64' },
          { os: 'linux', architecture: 'arm64', variant: 'v8' },
        ],
      },
    ]);
    await writeDockerArchive(path.join(work, 'image.tar'), [{ layerSizes: [3000], repoTags: ['app:1'] }]);
    ecr = new ECRClient({ region: 'us-east-1' });
  });

  test('creates the repository with the requested settings, pushes, outputs the pinned URI, and applies the lifecycle policy', async () => {
    const repository = uniqueRepository('create');
    const lifecycle = { rules: [{ rulePriority: 1, selection: { tagStatus: 'untagged', countType: 'imageCountMoreThan', countNumber: 5 }, action: { type: 'expire' } }] };
    const result = await push(
      {
        repository,
        image: 'oci:oci',
        tags: 'v1,stable',
        'image-tag-mutability': 'IMMUTABLE',
        'scan-on-push': 'true',
        encryption: 'KMS',
        'lifecycle-policy': JSON.stringify(lifecycle),
      },
      work,
    );
    expect(result.errors()).toEqual([]);
    expect(result.code).toBe(0);
    const digest = result.outputs.get('digest')!;
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(Object.fromEntries(result.outputs)).toEqual({
      registry: '123456789012.dkr.ecr.us-east-1.amazonaws.com',
      'repository-uri': `123456789012.dkr.ecr.us-east-1.amazonaws.com/${repository}`,
      digest,
      'image-uri': `123456789012.dkr.ecr.us-east-1.amazonaws.com/${repository}@${digest}`,
      tags: '["v1","stable"]',
    });
    const described = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [repository] }));
    expect(described.repositories?.[0]).toMatchObject({
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: { encryptionType: 'KMS' },
    });
    const policy = await ecr.send(new GetLifecyclePolicyCommand({ repositoryName: repository }));
    expect(JSON.parse(policy.lifecyclePolicyText!)).toEqual(lifecycle);
    const registry = tlsRegistryClient();
    expect((await registry.headManifest(repository, 'v1'))?.digest).toBe(digest);
    expect((await registry.headManifest(repository, 'stable'))?.digest).toBe(digest);
    expect(uploadedLine(result.lines)).toContain('3 blobs uploaded');
  });

  test('pushing the same image again uploads nothing and reports drift as a warning', async () => {
    const repository = uniqueRepository('repush');
    expect((await push({ repository, image: 'oci:oci', tags: 'v1' }, work)).code).toBe(0);
    const again = await push({ repository, image: 'oci:oci', tags: 'v1', 'scan-on-push': 'true' }, work);
    expect(again.code).toBe(0);
    expect(uploadedLine(again.lines)).toMatch(/: 0 blobs uploaded \(0 B\), 3 reused/);
    expect(again.lines).toContainEqual({ level: 'warning', message: `Repository ${repository}: scan-on-push is false, requested true (not changed)` });
  });

  test('an immutable tag at another digest fails before anything is uploaded', async () => {
    const repository = uniqueRepository('immutable');
    const first = await push({ repository, image: 'oci:oci', tags: 'v1', 'image-tag-mutability': 'IMMUTABLE' }, work);
    expect(first.code).toBe(0);
    // The same image again: an immutable tag that already points at this digest is success, not a refusal.
    const same = await push({ repository, image: 'oci:oci', tags: 'v1' }, work);
    expect(same.errors()).toEqual([]);
    expect([same.code, same.outputs.get('digest'), same.outputs.get('tags')]).toEqual([0, first.outputs.get('digest'), '["v1"]']);
    const otherDigest = JSON.parse(readFileSync(path.join(work, 'other', 'index.json'), 'utf8')).manifests[0].digest;
    const second = await push({ repository, image: 'oci:other', tags: 'v1' }, work);
    expect(second.code).toBe(1);
    expect(second.errors()).toEqual([
      `Input 'tags': tag 'v1' already points at ${first.outputs.get('digest')} in the IMMUTABLE repository ${repository}, not at ${otherDigest}. Push under a new tag.`,
    ]);
    expect(await tlsRegistryClient().headManifest(repository, otherDigest)).toBeUndefined();
  });

  test('a missing repository with create-repository false is a clear error', async () => {
    const repository = uniqueRepository('missing');
    const result = await push({ repository, image: 'oci:oci', 'create-repository': 'false' }, work);
    expect(result.code).toBe(1);
    expect(result.errors()).toEqual([
      `Input 'repository': '${repository}' does not exist in registry of the current account. Create it, or set create-repository: true.`,
    ]);
  });

  test('pushes a docker archive and a multi-platform index whole', async () => {
    const repository = uniqueRepository('sources');
    const archive = await push({ repository, image: 'docker-archive:image.tar', tags: 'archive' }, work);
    expect(archive.code).toBe(0);
    const multi = await push({ repository, image: 'oci:multi', tags: 'multi' }, work);
    expect(multi.code).toBe(0);
    const index = await tlsRegistryClient().getManifest(repository, 'multi');
    expect(index.parsed.kind).toBe('index');
    const summary = multi.lines.find((l) => l.message.startsWith('== push-ecr =='))?.message;
    expect(summary).toContain('Platforms: linux/amd64, linux/arm64/v8');
  });

  test('copies from another registry (docker://) with the same digest', async () => {
    const bed = need(testbed);
    const sourceRepository = uniqueRepository('upstream');
    const upstream = await copyImage({
      source: await openImageSource(parseImageSource('oci:oci', 'image', work)),
      target: { client: httpRegistryClient(), repository: sourceRepository },
      tags: ['1.0'],
    });
    const repository = uniqueRepository('promoted');
    const result = await push({ repository, image: `docker://${bed.http}/${sourceRepository}:1.0`, tags: 'promoted' }, work);
    expect(result.errors()).toEqual([]);
    expect(result.outputs.get('digest')).toBe(upstream.digest);
  });

  test('the bundle runs as a runner runs it: INPUT_ variables in, GITHUB_OUTPUT and the job summary out, token masked', async () => {
    const bed = need(testbed);
    const files = tempDir('runner');
    const outputFile = path.join(files, 'output');
    const summaryFile = path.join(files, 'summary');
    writeFileSync(outputFile, '');
    const repository = uniqueRepository('bundle');
    const { stdout } = await run(process.execPath, [path.join(root, 'dist/push-ecr/index.js')], {
      cwd: work,
      env: {
        ...process.env,
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        GITHUB_WORKSPACE: work,
        INPUT_REPOSITORY: repository,
        INPUT_IMAGE: 'oci:oci',
        INPUT_TAGS: 'v1',
        'INPUT_CREATE-REPOSITORY': 'true',
        'INPUT_REGISTRY-ENDPOINT': `https://${bed.tls}`,
      },
    });
    const outputs = readFileSync(outputFile, 'utf8');
    expect(outputs).toMatch(new RegExp(`image-uri<<ghadelimiter_[0-9a-f-]+\\n123456789012\\.dkr\\.ecr\\.us-east-1\\.amazonaws\\.com/${repository.replace('/', '\\/')}@sha256:[0-9a-f]{64}\\n`));
    expect(readFileSync(summaryFile, 'utf8')).toContain('| image | digest | size | blobs uploaded | blobs reused | time |');
    const token = Buffer.from(`AWS:${bed.password}`).toString('base64');
    expect(stdout).toContain(`::add-mask::${token}`);
    expect(stdout.split(token).length - 1).toBe(1); // only in the mask command itself
    expect(outputs).not.toContain(bed.password);
  });

  test('the bundle fails a bad input with one error line, exit code 1 and no stack trace', async () => {
    const failure = await run(process.execPath, [path.join(root, 'dist/push-ecr/index.js')], {
      cwd: work,
      env: { ...process.env, INPUT_REPOSITORY: 'app', INPUT_IMAGE: 'oci:does-not-exist', GITHUB_WORKSPACE: work },
    }).then(
      () => undefined,
      (error: { code: number; stdout: string }) => error,
    );
    expect(failure?.code).toBe(1);
    const lines = failure!.stdout.trim().split('\n');
    expect(lines).toEqual([
      `::error::Input 'image': 'oci:does-not-exist' names ${path.join(work, 'does-not-exist')}, which does not exist. Build the image into that directory first, or fix the path.`,
    ]);
  });
});
