/**
 * verifyImageBatch, the batch verify-signature and deploy-aks-or-eks's verification gate both run: images signed with
 * the test PKI in the in-memory registry, the user's trust store or the bundled AWS Signer roots.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { verifyImageBatch, type ImageVerificationBatch } from '../../../src/actions/shared/image-verification.js';
import { AWS_SIGNER_BUNDLED_TRUST_STORES } from '../../../src/notation/aws-signer-roots.js';
import { createLocalSigner, signDescriptor } from '../../../src/notation/sign.js';
import { storeSignature } from '../../../src/notation/storage.js';
import { parseTrustPolicy } from '../../../src/notation/trust-policy.js';
import type { ImageVerification } from '../../../src/notation/verify-image.js';
import { parseImageReference } from '../../../src/oci/reference.js';
import { RegistryClient } from '../../../src/oci/registry-client.js';
import { testContext } from '../../support/context.js';
import { FakeClock } from '../../support/fake-clock.js';
import type { InMemoryRegistry } from '../../support/referrers-fake.js';
import { inMemoryRegistry, mockedSignerClient, pushTestImage, REGISTRY, REPOSITORY, signingMaterial } from '../notation-sign/support/harness.js';

const material = signingMaterial();
const signer = createLocalSigner({ privateKeyPem: material.keyPem, certificateChainPem: material.chainPem });
const signingTime = new Date(new FakeClock().now());
const images = (...tags: string[]) => tags.map((tag) => ({ reference: parseImageReference(`${REGISTRY}/${REPOSITORY}:${tag}`, 'images') }));

async function signedImages(registry: InMemoryRegistry, ...tags: string[]) {
  const client = new RegistryClient({ registry: REGISTRY, fetch: registry.fetch });
  for (const tag of tags) {
    const subject = await pushTestImage(registry, tag);
    const { envelope } = await signDescriptor({ signer, descriptor: subject, signingTime });
    await storeSignature({ client, repository: REPOSITORY, subject, envelope, envelopeMediaType: 'application/jose+json', certificateThumbprints: signer.chain.map((c) => c.sha256), created: signingTime });
  }
}

function batch(registry: InMemoryRegistry, trustStore: ImageVerificationBatch['settings']['trustStore'], extra: Partial<ImageVerificationBatch> = {}): ImageVerificationBatch {
  const client = new RegistryClient({ registry: REGISTRY, fetch: registry.fetch, retry: { attempts: 1 } });
  return {
    settings: { trustPolicy: parseTrustPolicy(material.policy(), 'trust-policy'), trustStore, revocationCheck: 'skip' },
    clientFor: () => client,
    signer: mockedSignerClient,
    concurrency: 4,
    context: testContext().context,
    ...extra,
  };
}

const verification = (outcome: PromiseSettledResult<ImageVerification> | undefined): ImageVerification => {
  if (outcome?.status !== 'fulfilled') throw new Error(`expected a verification, got ${outcome ? String(outcome.reason) : 'none'}`);
  return outcome.value;
};

test('resolves each tag to its digest and verifies it against the user\'s trust store, outcomes in input order', async () => {
  const registry = inMemoryRegistry();
  await signedImages(registry, 'v1', 'v2');
  await pushTestImage(registry, 'unsigned');
  const outcomes = await verifyImageBatch(images('v2', 'unsigned', 'v1', 'missing'), batch(registry, { kind: 'directory', path: material.trustStoreDir }));
  expect(outcomes.map((outcome) => outcome?.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
  expect(verification(outcomes[0]).artifact.reference).toMatch(/:v2@sha256:[0-9a-f]{64}$|@sha256:[0-9a-f]{64}$/);
  expect([outcomes[0], outcomes[1], outcomes[2]].map((outcome) => verification(outcome).verdict)).toEqual(['pass', 'fail', 'pass']);
  expect((outcomes[3] as PromiseRejectedResult).reason.message).toMatch(/no manifest tagged missing/);
});

test('reads the trust stores once for the batch: images verified after the store left the disk still pass', async () => {
  const registry = inMemoryRegistry();
  await signedImages(registry, 'v1', 'v2');
  const trustStore = mkdtempSync(path.join(tmpdir(), 'drydock-batch-store-'));
  cpSync(material.trustStoreDir, trustStore, { recursive: true });
  const client = new RegistryClient({ registry: REGISTRY, fetch: registry.fetch, retry: { attempts: 1 } });
  // One image at a time: the store is removed when the second image starts, after the first was verified.
  const clientFor = (() => {
    let calls = 0;
    return () => {
      if (++calls === 2) rmSync(trustStore, { recursive: true, force: true });
      return client;
    };
  })();
  const outcomes = await verifyImageBatch(images('v1', 'v2'), batch(registry, { kind: 'directory', path: trustStore }, { clientFor, concurrency: 1 }));
  expect(existsSync(trustStore)).toBe(false);
  expect(outcomes.map((outcome) => verification(outcome).verdict)).toEqual(['pass', 'pass']);
});

describe('the bundled AWS Signer roots', () => {
  let runnerTemp: string;
  beforeEach(() => {
    runnerTemp = mkdtempSync(path.join(tmpdir(), 'drydock-batch-runner-temp-'));
  });
  afterEach(() => rmSync(runnerTemp, { recursive: true, force: true }));
  const context = () => testContext({ RUNNER_TEMP: runnerTemp }).context;

  test('are written to a scratch store under RUNNER_TEMP for the batch, removed afterwards, also when every image failed', async () => {
    const registry = inMemoryRegistry();
    const seen: string[] = [];
    const clientFor = () => {
      const [scratch, ...others] = readdirSync(runnerTemp);
      expect(others).toEqual([]);
      for (const store of AWS_SIGNER_BUNDLED_TRUST_STORES) {
        if (existsSync(path.join(runnerTemp, scratch!, 'x509', 'signingAuthority', store.name, `${store.name}.pem`))) seen.push(store.name);
      }
      throw new Error('the registry is unreachable');
    };
    // A policy over the bundled stores, as inputs build it without trust-store (a store drydock does not bundle is
    // refused before any batch).
    const bundledPolicy = JSON.stringify({
      version: '1.0',
      trustPolicies: [
        {
          name: 'aws-signer',
          registryScopes: ['*'],
          signatureVerification: { level: 'strict' },
          trustStores: AWS_SIGNER_BUNDLED_TRUST_STORES.map((store) => `signingAuthority:${store.name}`),
          trustedIdentities: ['arn:aws:signer:us-west-2:123456789012:/signing-profiles/release'],
        },
      ],
    });
    const settings = { trustPolicy: parseTrustPolicy(bundledPolicy, 'trust-policy'), trustStore: { kind: 'bundled' } as const, revocationCheck: 'skip' as const };
    const outcomes = await verifyImageBatch(images('v1', 'v2'), { ...batch(registry, { kind: 'bundled' }, { clientFor, context: context() }), settings });
    expect(seen).toEqual([...AWS_SIGNER_BUNDLED_TRUST_STORES.map((store) => store.name), ...AWS_SIGNER_BUNDLED_TRUST_STORES.map((store) => store.name)]);
    expect(outcomes.map((outcome) => (outcome as PromiseRejectedResult).reason.message)).toEqual(['the registry is unreachable', 'the registry is unreachable']);
    expect(readdirSync(runnerTemp)).toEqual([]);
  });

  test('a directory store writes nothing', async () => {
    const registry = inMemoryRegistry();
    await signedImages(registry, 'v1');
    const outcomes = await verifyImageBatch(images('v1'), batch(registry, { kind: 'directory', path: material.trustStoreDir }, { context: context() }));
    expect(verification(outcomes[0]).verdict).toBe('pass');
    expect(readdirSync(runnerTemp)).toEqual([]);
  });
});

test('once the signal aborts no image starts; the ones not started have no outcome', async () => {
  const registry = inMemoryRegistry();
  await signedImages(registry, 'v1', 'v2', 'v3');
  const abort = new AbortController();
  const client = new RegistryClient({ registry: REGISTRY, fetch: registry.fetch, retry: { attempts: 1 } });
  const clientFor = () => {
    abort.abort(); // cancelled while the first image is under way
    return client;
  };
  const outcomes = await verifyImageBatch(images('v1', 'v2', 'v3'), batch(registry, { kind: 'directory', path: material.trustStoreDir }, { clientFor, concurrency: 1, signal: abort.signal }));
  expect(verification(outcomes[0]).verdict).toBe('pass');
  expect(outcomes.slice(1)).toEqual([undefined, undefined]);
});
