/**
 * notation-sign cancelled by the workflow (the runner's SIGINT, as the context's aborted signal): images in flight
 * finish, no new image starts, and the step says how far it got. The cancel is played from inside the registry.
 */
import { createNotationSign, type NotationSignClients } from '../../../src/actions/notation-sign/main.js';
import { executeAction } from '../../../src/core/action.js';
import { InputReader } from '../../../src/core/inputs.js';
import { listSignatures } from '../../../src/notation/storage.js';
import { RegistryClient, type RegistryClientOptions } from '../../../src/oci/registry-client.js';
import { testContext } from '../../support/context.js';
import type { InMemoryRegistry } from '../../support/referrers-fake.js';
import { inMemoryRegistry, pushTestImage, REGISTRY, REPOSITORY, signingMaterial } from './support/harness.js';

const material = signingMaterial();
const IMAGE = `${REGISTRY}/${REPOSITORY}`;

/** Signs with the test key; `hook` sees every request drydock sends to the registry and may cancel the run. */
async function signCancelled(registry: InMemoryRegistry, inputs: Record<string, string>, hook: (method: string, path: string, cancel: () => void) => void) {
  const controller = new AbortController();
  const cancel = () => controller.abort(new Error('cancelled by SIGINT'));
  const fetch = (url: string, init: RequestInit & { duplex?: 'half' }) => {
    hook(init.method ?? 'GET', new URL(url).pathname, cancel);
    return registry.fetch(url, init);
  };
  const clients: NotationSignClients = {
    ecr: () => {
      throw new Error('no ECR in these tests');
    },
    registry: (options: RegistryClientOptions) => new RegistryClient({ ...options, fetch, retry: { attempts: 1 } }),
    signer: () => {
      throw new Error('a local-key run must not call AWS Signer');
    },
    awsSignerTrust: async () => {
      throw new Error('a local-key run needs no AWS Signer root');
    },
  };
  const harness = testContext();
  const context = { ...harness.context, signal: controller.signal };
  const reader = new InputReader(new Map(Object.entries({ key: 'signing.key', 'certificate-chain': 'chain.pem', ...inputs })), material.work);
  const code = await executeAction(createNotationSign(clients), reader, context);
  return { code, summary: context.summary.toPlainText(), ...harness };
}

async function signaturesOf(registry: InMemoryRegistry, digest: string) {
  return listSignatures(new RegistryClient({ registry: REGISTRY, fetch: registry.fetch }), REPOSITORY, digest);
}

describe('notation-sign cancelled', () => {
  test('while the first image is signed: it finishes and is output; the other images are not started', async () => {
    const registry = inMemoryRegistry();
    const v1 = await pushTestImage(registry, 'v1');
    const v2 = await pushTestImage(registry, 'v2');
    const v3 = await pushTestImage(registry, 'v3');
    let cancelled = false;
    const run = await signCancelled(registry, { images: `${IMAGE}:v1\n${IMAGE}:v2\n${IMAGE}:v3`, concurrency: '1' }, (method, path, cancel) => {
      // The first manifest written is v1's signature.
      if (!cancelled && method === 'PUT' && path.includes('/manifests/')) {
        cancelled = true;
        cancel();
      }
    });
    expect(run.code).toBe(1);
    expect(run.errors()).toEqual(['cancelled by SIGINT: 1 of 3 image(s) done before the cancel (1 signed); 2 not started']);

    const signatures = JSON.parse(run.outputs.get('signatures')!) as Array<Record<string, string>>;
    expect(signatures.map((s) => [s.image, s.digest])).toEqual([[`${IMAGE}:v1`, v1.digest]]);
    expect(run.outputs.has('signature-digest')).toBe(false);

    expect((await signaturesOf(registry, v1.digest)).map((d) => d.digest)).toEqual([signatures[0]!.signatureDigest]);
    expect(await signaturesOf(registry, v2.digest)).toEqual([]);
    expect(await signaturesOf(registry, v3.digest)).toEqual([]);

    expect(run.summary).toContain(`${IMAGE}:v1  ${v1.digest}  ${signatures[0]!.signatureDigest}  signed; stored under the referrers tag`);
    expect(run.summary).not.toContain(`${IMAGE}:v2  `);
    expect(run.summary).toContain(`Not started (cancelled by SIGINT), so not signed:\n  * ${IMAGE}:v2\n  * ${IMAGE}:v3`);
  });
});
