/**
 * push-ecr through executeAction, stopped part-way: ECR answered by aws-sdk-client-mock, the registry by the in-memory
 * registry, and the workflow's cancel (SIGINT) played by aborting the context's signal from inside the registry.
 */
import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  GetLifecyclePolicyCommand,
  PutLifecyclePolicyCommand,
} from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPushEcr } from '../../../src/actions/push-ecr/main.js';
import { executeAction, reportStopped } from '../../../src/core/action.js';
import { InputReader } from '../../../src/core/inputs.js';
import { RegistryClient } from '../../../src/oci/registry-client.js';
import { testContext } from '../../support/context.js';
import { writeOciLayout, type BuiltImage } from '../../support/oci-image-builder.js';
import { createInMemoryRegistry, type InMemoryRegistry } from '../../support/referrers-fake.js';
import { awsError } from '../../support/errors.js';

const ACCOUNT = '123456789012';
const REGISTRY = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com`;
const REPOSITORY = 'team/app';

const ecr = mockClient(ECRClient);
beforeEach(() => {
  ecr.reset();
  ecr.on(DescribeRepositoriesCommand).resolves({
    repositories: [{ repositoryName: REPOSITORY, registryId: ACCOUNT, repositoryUri: `${REGISTRY}/${REPOSITORY}`, imageTagMutability: 'MUTABLE' }],
  });
  ecr.on(GetAuthorizationTokenCommand).resolves({
    authorizationData: [{ authorizationToken: Buffer.from('AWS:secret-password').toString('base64'), proxyEndpoint: `https://${REGISTRY}` }],
  });
});
afterAll(() => ecr.restore());

/** ECR without the repository, which CreateRepository then makes: a run that creates it. */
function repositoryMissingUntilCreated(): void {
  ecr.on(DescribeRepositoriesCommand).rejects(awsError('RepositoryNotFoundException'));
  ecr.on(CreateRepositoryCommand).resolves({ repository: { repositoryName: REPOSITORY, registryId: ACCOUNT, repositoryUri: `${REGISTRY}/${REPOSITORY}` } });
}

let work: string;
let image: BuiltImage;
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'drydock-push-ecr-main-'));
  [image] = await writeOciLayout(join(work, 'oci'), [{ layerSizes: [3000, 7000, 10] }]);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Seen {
  readonly method: string;
  readonly path: string;
}

/**
 * Runs push-ecr against `registry`. `hook` sees each registry request before the registry does, and may abort the
 * run's signal (the cancel arrives while that request is in flight), play the runner's second signal (`stop`: what
 * cancellationSignal does before it exits) or answer the request itself.
 */
async function push(
  registry: InMemoryRegistry,
  inputs: Record<string, string>,
  hook: (request: Seen, cancel: () => void, stop: () => void) => Response | undefined = () => undefined,
) {
  const controller = new AbortController();
  const cancel = () => controller.abort(new Error('cancelled by SIGINT'));
  const harness = testContext();
  const context = { ...harness.context, signal: controller.signal };
  const stop = () => reportStopped(context, 'SIGTERM');
  const fetch = async (url: string, init: RequestInit) => {
    const answer = hook({ method: init.method ?? 'GET', path: new URL(url).pathname }, cancel, stop);
    return answer ?? registry.fetch(url, init);
  };
  const clients = {
    ecr: (region: string) => new ECRClient({ region, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' } }),
    registry: (options: ConstructorParameters<typeof RegistryClient>[0]) => new RegistryClient({ ...options, fetch, retry: { attempts: 1 } }),
  };
  const reader = new InputReader(new Map(Object.entries({ repository: REPOSITORY, image: 'oci:oci', region: 'us-east-1', concurrency: '1', ...inputs })), work);
  const code = await executeAction(createPushEcr(clients), reader, context);
  return { code, summary: context.summary.toPlainText(), ...harness };
}

const isBlobUpload = (r: Seen) => r.method === 'PUT' && r.path.includes('/blobs/uploads/');
const isManifestPut = (reference: string) => (r: Seen) => r.method === 'PUT' && r.path === `/v2/${REPOSITORY}/manifests/${reference}`;

describe('push-ecr with an image input that is not an image', () => {
  test('fails before the repository is created or changed', async () => {
    repositoryMissingUntilCreated();
    mkdirSync(join(work, 'empty-layout'), { recursive: true });
    writeFileSync(join(work, 'empty-layout', 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
    writeFileSync(join(work, 'empty-layout', 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [] }));
    const run = await push(createInMemoryRegistry(), { image: 'oci:empty-layout', 'create-repository': 'true' });
    expect(run.code).toBe(1);
    expect(run.errors()).toEqual([expect.stringMatching(/^Input 'image': 'oci:empty-layout' holds no image/)]);
    expect(ecr.commandCalls(CreateRepositoryCommand)).toEqual([]);
    expect(ecr.commandCalls(DescribeRepositoriesCommand)).toEqual([]);
  });

  test('a push that fails after creating the repository names it in the summary', async () => {
    repositoryMissingUntilCreated();
    const run = await push(createInMemoryRegistry(), { tags: 'v1', 'create-repository': 'true' }, (request) =>
      isBlobUpload(request) ? new Response('boom', { status: 403 }) : undefined,
    );
    expect(run.code).toBe(1);
    expect(run.summary.split('\n').slice(-2)).toEqual(['== Changed before it failed ==', `  * ECR repository ${REPOSITORY} created`]);
  });
});

describe('push-ecr cancelled by the workflow', () => {
  test('during the blob uploads: no manifest, no tag; fails with one line; outputs only the repository', async () => {
    const registry = createInMemoryRegistry({ checkReferences: true });
    let uploads = 0;
    const run = await push(registry, { tags: 'v1,latest' }, (request, cancel) => {
      if (isBlobUpload(request) && ++uploads === 2) cancel();
      return undefined;
    });
    const line = `cancelled by SIGINT: the push to ${REGISTRY}/${REPOSITORY} stopped during the blob uploads (2 of 4 blobs uploaded, manifest not pushed, tags moved: none)`;
    expect(run.code).toBe(1);
    expect(run.errors()).toEqual([line]);
    expect(Object.fromEntries(run.outputs)).toEqual({ registry: REGISTRY, 'repository-uri': `${REGISTRY}/${REPOSITORY}`, tags: '[]' });
    expect(run.summary).toBe(
      [
        '== push-ecr ==',
        'image                blobs uploaded  manifest    tags moved',
        '-------------------  --------------  ----------  ----------',
        `${REPOSITORY}:v1, latest  2 of 4          not pushed  none`,
        `**Failed:** ${line}`,
      ].join('\n'),
    );
    expect(image.blobs.filter((b) => registry.hasBlob(REPOSITORY, b.digest))).toHaveLength(2);
    expect(registry.manifest(REPOSITORY, image.root.digest)).toBeUndefined();
    expect(registry.tags(REPOSITORY)).toEqual([]);
  });

  test('into a repository it created: the summary says so beside what the push got to', async () => {
    repositoryMissingUntilCreated();
    const run = await push(createInMemoryRegistry({ checkReferences: true }), { tags: 'v1' }, (request, cancel) => {
      if (isBlobUpload(request)) cancel();
      return undefined;
    });
    expect(run.code).toBe(1);
    expect(run.summary.split('\n').slice(-3)).toEqual([`**Failed:** ${run.errors()[0]}`, '== Changed before it failed ==', `  * ECR repository ${REPOSITORY} created`]);
  });

  test('while the manifest goes up: it is pushed by digest, no tag moves, digest and image-uri are set, tags is empty', async () => {
    const registry = createInMemoryRegistry({ checkReferences: true });
    const run = await push(registry, { tags: 'v1,latest' }, (request, cancel) => {
      if (isManifestPut(image.root.digest)(request)) cancel();
      return undefined;
    });
    const digest = image.root.digest;
    const line = `cancelled by SIGINT: the push to ${REGISTRY}/${REPOSITORY} stopped before the tags (4 of 4 blobs uploaded, manifest pushed as ${digest}, tags moved: none)`;
    expect(run.code).toBe(1);
    expect(run.errors()).toEqual([line]);
    expect(Object.fromEntries(run.outputs)).toEqual({
      registry: REGISTRY,
      'repository-uri': `${REGISTRY}/${REPOSITORY}`,
      digest,
      'image-uri': `${REGISTRY}/${REPOSITORY}@${digest}`,
      tags: '[]',
    });
    expect(run.summary).toContain(`${REPOSITORY}:v1, latest  4 of 4          ${digest}  none`);
    expect(run.summary).toContain(`**Failed:** ${line}`);
    expect(run.summary).toContain(`Pinned reference: \`${REGISTRY}/${REPOSITORY}@${digest}\``);
    expect(registry.manifest(REPOSITORY, digest)).toBeDefined();
    expect(registry.tags(REPOSITORY)).toEqual([]);
  });

  test('while a tag moves: that tag finishes and is the only one output; the others stay where they were', async () => {
    const registry = createInMemoryRegistry({ checkReferences: true });
    const run = await push(registry, { tags: 'a,b,c' }, (request, cancel) => {
      if (isManifestPut('a')(request)) cancel();
      return undefined;
    });
    const digest = image.root.digest;
    const line = `cancelled by SIGINT: the push to ${REGISTRY}/${REPOSITORY} stopped before tag b (4 of 4 blobs uploaded, manifest pushed as ${digest}, tags moved: a)`;
    expect(run.code).toBe(1);
    expect(run.errors()).toEqual([line]);
    expect(run.outputs.get('tags')).toBe('["a"]');
    expect(run.outputs.get('digest')).toBe(digest);
    expect(run.summary).toContain(`${REPOSITORY}:a, b, c  4 of 4          ${digest}  a`);
    expect(registry.tags(REPOSITORY)).toEqual(['a']);
  });
});

describe('push-ecr failing while moving tags', () => {
  test('a registry error on the 2nd of 3 tags names the tags moved before it, in the error, the summary and the outputs', async () => {
    const registry = createInMemoryRegistry({ checkReferences: true });
    const run = await push(registry, { tags: 'a,b,c' }, (request) =>
      isManifestPut('b')(request) ? Response.json({ errors: [{ code: 'DENIED', message: 'tag is protected' }] }, { status: 403 }) : undefined,
    );
    const digest = image.root.digest;
    const line = `tagging ${REPOSITORY}:b failed: 403 DENIED: tag is protected; the push to ${REGISTRY}/${REPOSITORY} stopped at tag b (4 of 4 blobs uploaded, manifest pushed as ${digest}, tags moved: a)`;
    expect(run.code).toBe(1);
    expect(run.errors()).toEqual([line]);
    expect(run.outputs.get('tags')).toBe('["a"]');
    expect(run.outputs.get('digest')).toBe(digest);
    expect(run.summary).toContain(`**Failed:** ${line}`);
    expect(registry.tags(REPOSITORY)).toEqual(['a']);
  });
});

describe('push-ecr stopped by a second signal', () => {
  test('the summary lists what changed before the stop: the repository created, the manifest pushed, the tags moved', async () => {
    repositoryMissingUntilCreated();
    const registry = createInMemoryRegistry({ checkReferences: true });
    // The runner gives up while tag b goes up: a moved, b in flight (it may or may not take effect), c not started.
    const run = await push(registry, { tags: 'a,b,c' }, (request, _cancel, stop) => {
      if (isManifestPut('b')(request)) stop();
      return undefined;
    });
    const digest = image.root.digest;
    const stopped = run.lines.find((line) => line.level === 'info' && line.message.startsWith('== Stopped before it finished =='))!.message;
    expect(stopped.slice(stopped.indexOf('== Changed before it stopped ==')).split('\n')).toEqual([
      '== Changed before it stopped ==',
      `  * ECR repository ${REPOSITORY} created`,
      `  * ${REGISTRY}/${REPOSITORY}: manifest ${digest} pushed`,
      `  * ${REGISTRY}/${REPOSITORY}: tag a moved to ${digest}`,
    ]);
    expect(run.errors()[0]).toMatch(/^Stopped by a second SIGTERM: /);
  });
});

describe('push-ecr not cancelled', () => {
  test('pushes and outputs every tag (the cancel checks change nothing on the way)', async () => {
    const registry = createInMemoryRegistry({ checkReferences: true });
    const run = await push(registry, { tags: 'v1,latest' });
    expect(run.errors()).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.outputs.get('tags')).toBe('["v1","latest"]');
    expect(registry.tags(REPOSITORY)).toEqual(['latest', 'v1']);
    expect(run.summary).not.toContain(`Repository ${REPOSITORY}:`); // it existed, and no policy was asked for
  });

  test('an image built with BuildKit attestations: the summary names them, and lists only real platforms', async () => {
    await writeOciLayout(join(work, 'attested'), [{ layerSizes: [10], platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }], attestations: true }]);
    const run = await push(createInMemoryRegistry({ checkReferences: true }), { tags: 'v1', image: 'oci:attested' });
    expect(run.errors()).toEqual([]);
    expect(run.summary).toContain('Platforms: linux/amd64, linux/arm64\n');
    expect(run.summary).toContain('Attestations: 2 manifests (BuildKit provenance or SBOM) in the index, beside the images they describe; ECR lists them as untagged images of platform unknown/unknown.');
  });

  test('a repository it created, and the policies it set, are in the summary', async () => {
    repositoryMissingUntilCreated();
    ecr.on(GetLifecyclePolicyCommand).rejects(awsError('LifecyclePolicyNotFoundException'));
    ecr.on(PutLifecyclePolicyCommand).resolves({});
    const lifecycle = JSON.stringify({ rules: [{ rulePriority: 1, selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 }, action: { type: 'expire' } }] });
    const run = await push(createInMemoryRegistry({ checkReferences: true }), { tags: 'v1', 'lifecycle-policy': lifecycle });
    expect(run.errors()).toEqual([]);
    expect(run.summary).toContain(`Repository ${REPOSITORY}: created, lifecycle policy set`);
  });
});
