/**
 * Shared by the notation-sign and verify-signature tests: an in-memory registry (test/support/referrers-fake.ts)
 * behind the actions' registry factory, test images, the test PKI's signing key and chain as files, and a way to run
 * an action through executeAction exactly as a runner would.
 */
import { SignerClient } from '@aws-sdk/client-signer';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { executeAction, type ActionDefinition } from '../../../../src/core/action.js';
import type { Clock } from '../../../../src/core/clock.js';
import { InputReader } from '../../../../src/core/inputs.js';
import { sha256Digest } from '../../../../src/oci/digest.js';
import { RegistryClient, type RegistryClientOptions } from '../../../../src/oci/registry-client.js';
import { LEAF_SUBJECT, standardChain } from '../../../notation/support/standard-pki.js';
import { keyPem } from '../../../notation/support/test-pki.js';
import { testContext } from '../../../support/context.js';
import { createInMemoryRegistry, type InMemoryRegistry, type InMemoryRegistryOptions } from '../../../support/referrers-fake.js';
import { tempDir } from '../../../support/temp-dir.js';

export const REGISTRY = 'registry.example';
export const REPOSITORY = 'team/app';

export function inMemoryRegistry(options: InMemoryRegistryOptions = { referrersApi: false }): InMemoryRegistry {
  return createInMemoryRegistry(options);
}

/** The registry factory of both actions, pointed at the in-memory registry; ECR is never needed for REGISTRY. */
export function registryClients(registry: InMemoryRegistry) {
  return {
    ecr: () => {
      throw new Error('no ECR in these tests');
    },
    registry: (options: RegistryClientOptions) => new RegistryClient({ ...options, fetch: registry.fetch, retry: { attempts: 1 } }),
  };
}

/** AWS Signer clients whose calls aws-sdk-client-mock answers (mockClient(SignerClient) intercepts every instance). */
export function mockedSignerClient(region: string): SignerClient {
  return new SignerClient({ region, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' } });
}

/** Pushes a small image (config + one layer) under `tag` into the in-memory registry; returns its manifest descriptor. */
export function pushTestImage(registry: InMemoryRegistry, tag: string, seed = tag, repository = REPOSITORY) {
  return pushImageWith(new RegistryClient({ registry: REGISTRY, fetch: registry.fetch }), repository, tag, seed);
}

/** Pushes a small image (config + one layer) under `tag` with any client (the testbed's registries too). */
export async function pushImageWith(client: RegistryClient, repository: string, tag: string, seed = tag) {
  const encoder = new TextEncoder();
  const config = encoder.encode(JSON.stringify({ architecture: 'amd64', os: 'linux', seed }));
  const layer = encoder.encode(`layer of ${seed}`);
  const configDescriptor = { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256Digest(config), size: config.byteLength };
  const layerDescriptor = { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: sha256Digest(layer), size: layer.byteLength };
  await client.uploadBlob(repository, configDescriptor, async () => [config]);
  await client.uploadBlob(repository, layerDescriptor, async () => [layer]);
  const manifest = encoder.encode(
    JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: configDescriptor, layers: [layerDescriptor] }),
  );
  const { digest } = await client.putManifest(repository, tag, { mediaType: 'application/vnd.oci.image.manifest.v1+json', bytes: manifest });
  return { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest, size: manifest.byteLength };
}

/** The test PKI's everyday chain with its leaf key, written as files into a fresh work directory. */
export function signingMaterial() {
  const chain = standardChain();
  const work = tempDir('sign-test');
  const chainPem = chain.chain.map((certificate) => certificate.pem).join('');
  writeFileSync(path.join(work, 'signing.key'), keyPem('leaf-p384'), { mode: 0o600 });
  writeFileSync(path.join(work, 'chain.pem'), chainPem);
  const store = path.join(work, 'truststore', 'x509', 'ca', 'drydock-test');
  mkdirSync(store, { recursive: true });
  writeFileSync(path.join(store, 'root.pem'), chain.root.pem);
  return {
    work,
    chain,
    keyPem: keyPem('leaf-p384'),
    chainPem,
    trustStoreDir: path.join(work, 'truststore'),
    leafSubject: LEAF_SUBJECT,
    /** A trust policy for `scope` (default REGISTRY/REPOSITORY) that trusts the test leaf through the test root. */
    policy: (level = 'strict', identity = 'x509.subject:CN=Drydock Test Signer,O=Drydock,ST=WA,C=US', scope = `${REGISTRY}/${REPOSITORY}`) =>
      JSON.stringify({
        version: '1.0',
        trustPolicies: [
          {
            name: 'test-images',
            registryScopes: [scope],
            signatureVerification: { level },
            trustStores: ['ca:drydock-test'],
            trustedIdentities: [identity],
          },
        ],
      }),
  };
}

/**
 * Runs an action as executeAction runs it for a runner; returns exit code, outputs, log lines and the summary text. The
 * clock is the test context's fixed one unless `clock` is given.
 */
export async function runAction<Settings>(definition: ActionDefinition<Settings>, inputs: Record<string, string>, work: string, env: NodeJS.ProcessEnv = {}, clock?: Clock) {
  const harness = testContext(env);
  const context = clock ? { ...harness.context, clock } : harness.context;
  const code = await executeAction(definition, new InputReader(new Map(Object.entries(inputs)), work), context);
  return { code, summary: harness.context.summary.toPlainText(), ...harness };
}

/**
 * The files the bad-input cases (test/fixtures/notation-actions/bad-inputs.json) refer to, beside the signing
 * material: a key that belongs to no certificate of the chain, a PEM key that does not parse, a trust policy file and
 * notation's configuration directory layout.
 */
export function badInputWork(): string {
  const { work, policy } = signingMaterial();
  writeFileSync(path.join(work, 'other.key'), keyPem('leaf-p256'));
  writeFileSync(path.join(work, 'garbage.key'), '-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n');
  writeFileSync(path.join(work, 'policy.json'), policy());
  mkdirSync(path.join(work, 'notation-config', 'truststore', 'x509'), { recursive: true });
  return work;
}

export interface BadInputCase {
  readonly action: 'notation-sign' | 'verify-signature';
  readonly case: string;
  readonly inputs: Record<string, string>;
  /** `<work>` stands for the work directory. */
  readonly message: string;
}
