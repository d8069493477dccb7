/**
 * The verification gate through the action: images signed with the signature library (local key, test PKI) in the
 * in-memory registry the notation actions' tests use, a Notation trust policy and trust store, the cluster a fake.
 * A verified image deploys pinned to the digest that was verified; one without a passing signature stops the deploy
 * before anything is applied, with verify-signature's reason.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DeployAksOrEksClients } from '../../../src/actions/deploy-aks-or-eks/clients.js';
import { createDeployAksOrEks } from '../../../src/actions/deploy-aks-or-eks/main.js';
import { createLocalSigner, signDescriptor } from '../../../src/notation/sign.js';
import { storeSignature } from '../../../src/notation/storage.js';
import { RegistryClient } from '../../../src/oci/registry-client.js';
import type { Descriptor } from '../../../src/notation/payload.js';
import { FakeKubeApiServer } from '../../support/fake-kube-apiserver.js';
import { LEAF_SUBJECT } from '../../notation/support/standard-pki.js';
import { codeSigningLeaf, issueCrl, keyPem } from '../../notation/support/test-pki.js';
import { startOpensslOcspResponder, type OcspIndexEntry, type OpensslOcspResponder } from '../../support/openssl-ocsp.js';
import { startStaticServer } from '../../support/static-http.js';
import { tempDir } from '../../support/temp-dir.js';
import { registryOnlyDeployClients } from './support/registry-only-clients.js';
import { inMemoryRegistry, pushTestImage, REGISTRY, REPOSITORY, runAction, signingMaterial } from '../notation-sign/support/harness.js';

const NOW = new Date('2026-01-01T00:00:00Z'); // the FakeClock's start
const material = signingMaterial();
const signer = createLocalSigner({ privateKeyPem: material.keyPem, certificateChainPem: material.chainPem });
const registry = inMemoryRegistry();
let signed: Descriptor;
let server: FakeKubeApiServer;

beforeAll(async () => {
  signed = await pushTestImage(registry, 'v1');
  await pushTestImage(registry, 'v2'); // never signed
  const envelope = await signDescriptor({ signer, descriptor: signed, signingTime: NOW });
  const client = new RegistryClient({ registry: REGISTRY, fetch: registry.fetch });
  await storeSignature({ client, repository: REPOSITORY, subject: signed, envelope: envelope.envelope, envelopeMediaType: 'application/jose+json', certificateThumbprints: signer.chain.map((c) => c.sha256), created: NOW });
  writeFileSync(
    path.join(material.work, 'app.yaml'),
    JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'app', namespace: 'default' }, spec: { containers: [{ name: 'app', image: `${REGISTRY}/${REPOSITORY}:v1` }] } }),
  );
});
beforeEach(async () => {
  server = await FakeKubeApiServer.start();
});
afterEach(async () => server.stop());

const clients = (): DeployAksOrEksClients => registryOnlyDeployClients(registry);

const inputs = (extra: Record<string, string> = {}) => ({
  target: 'kubeconfig',
  kubeconfig: server.kubeconfig(),
  manifests: 'app.yaml',
  'verify-images': 'true',
  'trust-policy': material.policy(),
  'trust-store': 'truststore',
  timeout: '0s',
  ...extra,
});

test('a verified image deploys, pinned to the digest that was verified', async () => {
  const result = await runAction(createDeployAksOrEks(clients()), inputs(), material.work);
  expect(result.errors()).toEqual([]);
  expect(result.code).toBe(0);
  const image = `${REGISTRY}/${REPOSITORY}:v1@${signed.digest}`;
  expect(JSON.parse(result.outputs.get('images')!)).toEqual([image]);
  expect(server.object('v1', 'Pod', 'default', 'app')!['spec'].containers[0].image).toBe(image);
  expect(result.context.summary.toMarkdown()).toContain(`| ${image} | verified | signed by CN=Drydock Test Signer,O=Drydock,L=Seattle,ST=WA,C=US (strict) |`);
});

test('an image without a passing signature stops the deploy before anything is applied', async () => {
  const result = await runAction(createDeployAksOrEks(clients()), inputs({ images: `${REGISTRY}/${REPOSITORY}:v2` }), material.work);
  expect(result.code).toBe(1);
  expect(result.errors().at(-1)).toMatch(
    /^DeployFailedError: Signature verification failed for 1 image, so nothing was applied: registry\.example\/team\/app:v2@sha256:[0-9a-f]{64}: signature check failed: no signature is associated with "registry\.example\/team\/app@sha256:[0-9a-f]{64}", make sure the artifact was signed successfully\. Sign the image \(notation-sign\)/,
  );
  expect(server.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  expect(server.object('v1', 'Pod', 'default', 'app')).toBeUndefined();
  expect(result.context.summary.toMarkdown()).toContain('| FAILED |');
});

test('a trust store that cannot be used stops the deploy as one trust-store mistake, before anything is applied', async () => {
  const store = tempDir('deploy-empty-store');
  mkdirSync(path.join(store, 'x509', 'ca', 'drydock-test'), { recursive: true });
  const result = await runAction(createDeployAksOrEks(clients()), inputs({ 'trust-store': store }), material.work);
  expect(result.code).toBe(1);
  expect(result.errors()).toEqual([
    `Input 'trust-store': Trust store ca:drydock-test: ${path.join(store, 'x509', 'ca', 'drydock-test')} has no certificates. Add the trusted root certificate(s) as PEM or DER files.`,
  ]);
  expect(server.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  expect(server.object('v1', 'Pod', 'default', 'app')).toBeUndefined();
});

describe('a signing certificate that names a CRL (served from loopback)', () => {
  const crls = new Map<string, Buffer>();
  let crlServer: Awaited<ReturnType<typeof startStaticServer>>;
  let revoked: Descriptor;
  let good: Descriptor;

  beforeAll(async () => {
    crlServer = await startStaticServer(crls);
    const base = crlServer.url;
    const sign = async (tag: string, file: string, listed: boolean) => {
      // A leaf of the trusted chain's intermediate, naming its CRL.
      const { intermediate, root } = material.chain;
      const leaf = codeSigningLeaf(LEAF_SUBJECT, 'leaf-p384', intermediate, { crlDistributionPoint: `${base}${file}` });
      crls.set(file, issueCrl({ issuer: intermediate, thisUpdate: new Date(NOW.getTime() - 3_600_000), entries: listed ? [{ serialNumber: leaf.serialNumber, reasonCode: 1 }] : [] }));
      const crlSigner = createLocalSigner({ privateKeyPem: keyPem(leaf.key), certificateChainPem: [leaf, intermediate, root].map((c) => c.pem).join('') });
      const subject = await pushTestImage(registry, tag);
      const envelope = await signDescriptor({ signer: crlSigner, descriptor: subject, signingTime: NOW });
      const client = new RegistryClient({ registry: REGISTRY, fetch: registry.fetch });
      await storeSignature({ client, repository: REPOSITORY, subject, envelope: envelope.envelope, envelopeMediaType: 'application/jose+json', certificateThumbprints: crlSigner.chain.map((c) => c.sha256), created: NOW });
      return subject;
    };
    revoked = await sign('revoked', '/revoking.crl', true);
    good = await sign('good', '/good.crl', false);
  });
  afterAll(() => crlServer.close());

  test('deploys when the CRL does not list it', async () => {
    const result = await runAction(createDeployAksOrEks(clients()), inputs({ images: `${REGISTRY}/${REPOSITORY}:good` }), material.work);
    expect(result.errors()).toEqual([]);
    expect(JSON.parse(result.outputs.get('images')!)).toEqual([`${REGISTRY}/${REPOSITORY}:good@${good.digest}`]);
  });

  test('a later step of the job (RUNNER_TEMP set) uses the CRL the first one downloaded, while it is current', async () => {
    const runnerTemp = tempDir('deploy-crl-cache');
    const before = crlServer.requests.length;
    for (let step = 0; step < 2; step++) {
      const result = await runAction(createDeployAksOrEks(clients()), inputs({ images: `${REGISTRY}/${REPOSITORY}:good` }), material.work, { RUNNER_TEMP: runnerTemp });
      expect(result.errors()).toEqual([]);
    }
    expect(crlServer.requests.slice(before)).toEqual(['/good.crl']);
  });

  test('stops the deploy when the CRL lists it as revoked', async () => {
    const result = await runAction(createDeployAksOrEks(clients()), inputs({ images: `${REGISTRY}/${REPOSITORY}:revoked` }), material.work);
    expect(result.code).toBe(1);
    expect(result.errors().at(-1)).toContain(`${REGISTRY}/${REPOSITORY}:revoked@${revoked.digest}: revocation check failed: certificate "CN=Drydock Test Signer,O=Drydock,L=Seattle,ST=WA,C=US" is revoked: CRL http://127.0.0.1:`);
    expect(server.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });
});

describe('a signing certificate that names an OCSP responder (OpenSSL’s, on loopback)', () => {
  const index: OcspIndexEntry[] = [];
  let responder: OpensslOcspResponder;

  beforeAll(async () => {
    const { intermediate } = material.chain;
    responder = await startOpensslOcspResponder({ issuerPem: intermediate.pem, signerPem: intermediate.pem, signerKeyPem: keyPem(intermediate.key), index, days: 1, noCerts: true });
  });
  afterAll(() => responder.close());

  test('stops the deploy when the responder answers that it is revoked', async () => {
    const { intermediate, root } = material.chain;
    const leaf = codeSigningLeaf(LEAF_SUBJECT, 'leaf-p384', intermediate, { ocspResponder: responder.url });
    index.push({ serialNumber: leaf.serialNumber, revoked: { at: new Date('2025-12-01T00:00:00Z'), reason: 'keyCompromise' } });
    const ocspSigner = createLocalSigner({ privateKeyPem: keyPem(leaf.key), certificateChainPem: [leaf, intermediate, root].map((c) => c.pem).join('') });
    const subject = await pushTestImage(registry, 'ocsp-revoked');
    const envelope = await signDescriptor({ signer: ocspSigner, descriptor: subject, signingTime: NOW });
    const client = new RegistryClient({ registry: REGISTRY, fetch: registry.fetch });
    await storeSignature({ client, repository: REPOSITORY, subject, envelope: envelope.envelope, envelopeMediaType: 'application/jose+json', certificateThumbprints: ocspSigner.chain.map((c) => c.sha256), created: NOW });

    const result = await runAction(createDeployAksOrEks(clients()), inputs({ images: `${REGISTRY}/${REPOSITORY}:ocsp-revoked` }), material.work);
    expect(result.code).toBe(1);
    expect(result.errors().at(-1)).toContain(`revocation check failed: certificate "${LEAF_SUBJECT}" is revoked: OCSP responder ${responder.url} answers that it was revoked on 2025-12-01T00:00:00.000Z, reason keyCompromise`);
    expect(responder.requests.length).toBeGreaterThan(0);
  });
});
