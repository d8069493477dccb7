/**
 * verify-signature cancelled by the workflow (the runner's SIGINT, as the context's aborted signal): images in flight
 * finish, no new image starts, and only images that passed are output as verified.
 */
import { createVerifySignature } from '../../../src/actions/verify-signature/main.js';
import { executeAction } from '../../../src/core/action.js';
import { InputReader } from '../../../src/core/inputs.js';
import { createLocalSigner, signDescriptor } from '../../../src/notation/sign.js';
import { storeSignature } from '../../../src/notation/storage.js';
import type { Descriptor } from '../../../src/notation/payload.js';
import { RegistryClient, type RegistryClientOptions } from '../../../src/oci/registry-client.js';
import { testContext } from '../../support/context.js';
import type { InMemoryRegistry } from '../../support/referrers-fake.js';
import { inMemoryRegistry, mockedSignerClient, pushTestImage, REGISTRY, REPOSITORY, signingMaterial } from '../notation-sign/support/harness.js';

const NOW = new Date('2026-01-01T00:00:00Z'); // the FakeClock's start
const IMAGE = `${REGISTRY}/${REPOSITORY}`;
const material = signingMaterial();
const localSigner = createLocalSigner({ privateKeyPem: material.keyPem, certificateChainPem: material.chainPem });

async function signLocally(registry: InMemoryRegistry, subject: Descriptor) {
  const signed = await signDescriptor({ signer: localSigner, descriptor: subject, signingTime: NOW });
  const client = new RegistryClient({ registry: REGISTRY, fetch: registry.fetch });
  return storeSignature({
    client,
    repository: REPOSITORY,
    subject,
    envelope: signed.envelope,
    envelopeMediaType: 'application/jose+json',
    certificateThumbprints: localSigner.chain.map((c) => c.sha256),
    created: NOW,
  });
}

/** Verifies against the test policy; `hook` sees every request drydock sends to the registry and may cancel the run. */
async function verifyCancelled(registry: InMemoryRegistry, inputs: Record<string, string>, hook: (method: string, path: string, cancel: () => void) => void) {
  const controller = new AbortController();
  const cancel = () => controller.abort(new Error('cancelled by SIGINT'));
  const fetch = (url: string, init: RequestInit & { duplex?: 'half' }) => {
    hook(init.method ?? 'GET', new URL(url).pathname, cancel);
    return registry.fetch(url, init);
  };
  const clients = {
    ecr: () => {
      throw new Error('no ECR in these tests');
    },
    registry: (options: RegistryClientOptions) => new RegistryClient({ ...options, fetch, retry: { attempts: 1 } }),
    signer: mockedSignerClient,
  };
  const harness = testContext();
  const context = { ...harness.context, signal: controller.signal };
  const reader = new InputReader(
    new Map(Object.entries({ 'trust-policy': material.policy('strict'), 'trust-store': 'truststore', 'revocation-check': 'skip', ...inputs })),
    material.work,
  );
  const code = await executeAction(createVerifySignature(clients), reader, context);
  return { code, summary: context.summary.toPlainText(), ...harness };
}

describe('verify-signature cancelled', () => {
  test('while two images are verified: both finish, the third is not started, only the one that passed is output', async () => {
    const registry = inMemoryRegistry();
    const v1 = await pushTestImage(registry, 'v1');
    const v2 = await pushTestImage(registry, 'v2'); // not signed: fails
    const v3 = await pushTestImage(registry, 'v3');
    await signLocally(registry, v1);
    await signLocally(registry, v3);
    let cancelled = false;
    // Concurrency 2: v1 and v2 both start before the first request; the cancel comes with that request.
    const run = await verifyCancelled(registry, { images: `${IMAGE}:v1\n${IMAGE}:v2\n${IMAGE}:v3`, concurrency: '2' }, (_method, path, cancel) => {
      if (!cancelled && path.includes('/manifests/')) {
        cancelled = true;
        cancel();
      }
    });
    expect(run.code).toBe(1);
    expect(run.errors()).toEqual([
      `cancelled by SIGINT: 2 of 3 image(s) done before the cancel (1 verified, 1 failed: ${IMAGE}:v2: signature check failed: no signature is associated with "${IMAGE}@${v2.digest}", make sure the artifact was signed successfully. Sign the image (notation-sign) and check that the signature was pushed to the same repository as the image.); 1 not started`,
    ]);
    expect(JSON.parse(run.outputs.get('verified')!)).toEqual([
      {
        image: `${IMAGE}:v1`,
        reference: `${IMAGE}@${v1.digest}`,
        digest: v1.digest,
        identity: 'CN=Drydock Test Signer,O=Drydock,L=Seattle,ST=WA,C=US',
        signingTime: NOW.toISOString(),
        level: 'strict',
      },
    ]);
    // v3 is signed and would pass, but it was not verified: it must not be output as verified.
    expect(JSON.parse(run.outputs.get('digests')!)).toEqual([v1.digest]);
    expect(run.summary).toContain(`${IMAGE}:v1  ${v1.digest}  verified (strict)`);
    expect(run.summary).toContain(`${IMAGE}:v2  ${v2.digest}  failed: signature`);
    expect(run.summary).not.toContain(`${IMAGE}:v3  `);
    expect(run.summary).toContain(`Not started (cancelled by SIGINT), so not verified:\n  * ${IMAGE}:v3`);
    expect(run.lines.filter((l) => l.message.includes(v3.digest))).toEqual([]);
  });
});
