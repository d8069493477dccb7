/**
 * Every bundle in dist/ run as CodeCatalyst's `aws/github-actions-runner@v1` would run it: `node dist/<action>/index.js`
 * with INPUT_* variables, in a sources folder laid out like /sources/WorkflowSource, and without what only GitHub
 * provides: no GITHUB_* variables at all (no GITHUB_STEP_SUMMARY, GITHUB_TOKEN, GITHUB_OUTPUT, GITHUB_WORKSPACE), no
 * ACTIONS_ID_TOKEN_REQUEST_* (no OIDC), no RUNNER_*. A successful step prints its summary as plain text in the log and
 * its outputs as workflow commands; a failing one prints one error line, without a stack trace.
 *
 * The testbed stands in for AWS: moto answers ECR, STS and SSM, its ECR token opens the TLS registry (which stands in
 * for the ECR registry). push-ecr, notation-sign (local key), verify-signature and deploy-aks-or-eks (against the
 * in-repo fake API server) run end to end; build-harden-ami and rollout-nodegroups, whose services moto lacks or
 * which need clusters, are run into their clean failures.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { inputEnvName } from '../../src/core/inputs.js';
import { FakeKubeApiServer } from '../support/fake-kube-apiserver.js';
import { writeOciLayout } from '../support/oci-image-builder.js';
import { describeWithTestbed, need, testbed, uniqueRepository } from '../oci/integration/testbed.js';
import { signingMaterial } from '../actions/notation-sign/support/harness.js';
import { ROOT } from './support/actions.js';

const run = promisify(execFile);
const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

/** The environment of a CodeCatalyst GitHub Actions action: this process's, less everything GitHub-only. */
function codeCatalystEnvironment(inputs: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(GITHUB_|ACTIONS_|RUNNER_|INPUT_)/.test(name) || name === 'NODE_OPTIONS' || name.startsWith('JEST_')) continue;
    env[name] = value;
  }
  env['CI'] = 'true';
  for (const [name, value] of Object.entries(inputs)) env[inputEnvName(name)] = value;
  return env;
}

interface StepRun {
  readonly code: number;
  readonly log: string;
  /** Outputs as the `::set-output` commands @actions/core prints when there is no GITHUB_OUTPUT file. */
  readonly outputs: Record<string, string>;
  readonly errors: string[];
}

async function runBundle(action: string, inputs: Record<string, string>, sources: string): Promise<StepRun> {
  const bundle = path.join(ROOT, 'dist', action, 'index.js');
  if (!existsSync(bundle)) throw new Error(`dist/${action}/index.js is missing: run npm run bundle`);
  let code = 0;
  let stdout = '';
  let stderr = '';
  try {
    ({ stdout, stderr } = await run(process.execPath, [bundle], { cwd: sources, env: codeCatalystEnvironment(inputs), maxBuffer: 16 * 1024 * 1024, timeout: 120_000 }));
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    code = typeof failed.code === 'number' ? failed.code : -1;
    stdout = failed.stdout ?? '';
    stderr = failed.stderr ?? '';
  }
  const log = stdout + stderr;
  const outputs = Object.fromEntries([...log.matchAll(/^::set-output name=([^:]+)::(.*)$/gm)].map((match) => [match[1]!, match[2]!]));
  const errors = [...log.matchAll(/^::error::(.*)$/gm)].map((match) => match[1]!);
  return { code, log, outputs, errors };
}

/** What every run must show: nothing GitHub-only was needed, no stack trace reached the log. */
function expectCleanRun(step: StepRun): void {
  expect(step.log).not.toMatch(/GITHUB_STEP_SUMMARY|GITHUB_TOKEN|ACTIONS_ID_TOKEN_REQUEST|Unable to find environment variable/);
  expect(step.log).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
}

function expectSuccess(step: StepRun, summaryHeading: string): void {
  expect({ code: step.code, errors: step.errors }).toEqual({ code: 0, errors: [] });
  expectCleanRun(step);
  // No GITHUB_STEP_SUMMARY: the summary is the plain-text form, in the log.
  expect(step.log).toContain(`== ${summaryHeading} ==`);
}

function expectCleanFailure(step: StepRun, message: RegExp): void {
  expect(step.code).toBe(1);
  expect(step.errors).toHaveLength(1);
  expect(step.errors[0]).toMatch(message);
  expectCleanRun(step);
}

describeWithTestbed('the bundles in a CodeCatalyst-like runner environment', () => {
  let work: string;
  let sources: string;
  let repository: string;
  let imageUri: string;
  const material = signingMaterial();

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'drydock-codecatalyst-'));
    sources = path.join(work, 'sources', 'WorkflowSource');
    mkdirSync(sources, { recursive: true });
    await writeOciLayout(path.join(sources, 'image'), [{ layerSizes: [1024, 2048] }]);
    copyFileSync(path.join(material.work, 'signing.key'), path.join(sources, 'signing.key'));
    copyFileSync(path.join(material.work, 'chain.pem'), path.join(sources, 'chain.pem'));
    repository = uniqueRepository('codecatalyst');
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('push-ecr pushes end to end (moto ECR, the TLS registry) and prints its summary and outputs', async () => {
    const step = await runBundle('push-ecr', { repository, image: 'oci:image', tags: 'v1', 'registry-endpoint': `https://${need(testbed).tls}` }, sources);
    expectSuccess(step, 'push-ecr');
    expect(step.outputs['image-uri']).toMatch(new RegExp(`^${ECR}/${repository}@sha256:[0-9a-f]{64}$`));
    imageUri = step.outputs['image-uri']!;
  });

  test('notation-sign signs that digest with a local key from the sources folder', async () => {
    const step = await runBundle(
      'notation-sign',
      { images: imageUri, key: 'signing.key', 'certificate-chain': 'chain.pem', 'registry-endpoint': `https://${need(testbed).tls}` },
      sources,
    );
    expectSuccess(step, 'notation-sign');
    expect(step.outputs['signature-digest']).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  test('verify-signature verifies it against a trust policy and trust store', async () => {
    const step = await runBundle(
      'verify-signature',
      {
        images: imageUri,
        'trust-policy': material.policy('strict', undefined, `${ECR}/${repository}`),
        'trust-store': material.trustStoreDir,
        'registry-endpoint': `https://${need(testbed).tls}`,
      },
      sources,
    );
    expectSuccess(step, 'verify-signature');
    expect(JSON.parse(step.outputs['digests']!)).toEqual([imageUri.slice(imageUri.indexOf('@') + 1)]);
  });

  test('deploy-aks-or-eks deploys the verified digest to a cluster (the in-repo fake API server)', async () => {
    const server = await FakeKubeApiServer.start();
    try {
      writeFileSync(
        path.join(sources, 'app.yaml'),
        JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'app', namespace: 'default' }, spec: { containers: [{ name: 'app', image: imageUri }] } }),
      );
      const step = await runBundle(
        'deploy-aks-or-eks',
        { target: 'kubeconfig', kubeconfig: server.kubeconfig(), manifests: 'app.yaml', 'registry-endpoint': `https://${need(testbed).tls}`, timeout: '0s', 'ecr-pull-secret': 'false' },
        sources,
      );
      expectSuccess(step, 'deploy-aks-or-eks');
      expect(server.object('v1', 'Pod', 'default', 'app')!['spec'].containers[0].image).toBe(imageUri);
    } finally {
      await server.stop();
    }
  });

  test('verify-signature fails closed, cleanly, on an image nobody signed', async () => {
    const unsigned = uniqueRepository('codecatalyst-unsigned');
    const pushed = await runBundle('push-ecr', { repository: unsigned, image: 'oci:image', 'registry-endpoint': `https://${need(testbed).tls}` }, sources);
    expectSuccess(pushed, 'push-ecr');
    const step = await runBundle(
      'verify-signature',
      {
        images: pushed.outputs['image-uri']!,
        'trust-policy': material.policy('strict', undefined, `${ECR}/${unsigned}`),
        'trust-store': material.trustStoreDir,
        'registry-endpoint': `https://${need(testbed).tls}`,
      },
      sources,
    );
    expectCleanFailure(step, /^1 of 1 image\(s\) failed signature verification\. .*: signature check failed: /);
    expect(step.log).toContain('== verify-signature ==');
  });

  test('build-harden-ami check mode fails cleanly where the service is missing (moto has no Image Builder)', async () => {
    const step = await runBundle('build-harden-ami', { mode: 'check', 'kubernetes-version': '1.31' }, sources);
    expect(step.code).toBe(1);
    expect(step.errors).toHaveLength(1);
    expectCleanRun(step);
  });

  test('rollout-nodegroups fails cleanly on a cluster that does not exist, naming the input', async () => {
    const step = await runBundle('rollout-nodegroups', { 'ami-id': 'ami-0123456789abcdef0', clusters: 'no-such-cluster', 'dry-run': 'true' }, sources);
    expectCleanFailure(step, /^Input 'clusters': 'no-such-cluster' matches no EKS cluster in us-east-1/);
  });

  test('a bad input fails before anything remote, with the input named and no stack trace', async () => {
    const step = await runBundle('push-ecr', { repository: 'Team/App', image: 'oci:image' }, sources);
    expectCleanFailure(step, /^Input 'repository': 'Team\/App' is not a valid repository name/);
  });
});
