/**
 * deploy-aks-or-eks's verification gate with an AWS Signer signature: revocation goes to AWS Signer's
 * GetRevocationStatus (answered by aws-sdk-client-mock: no AWS Signer runs here), and a revoked profile version stops
 * the deploy. Besides checking the behaviour, this is the run in which the IAM check sees deploy-aks-or-eks call
 * signer:GetRevocationStatus (action-templates/iam/deploy-aks-or-eks.json grants it): the deploy tests elsewhere sign
 * with local keys, whose revocation is not AWS's business.
 */
import { GetRevocationStatusCommand, SignerClient } from '@aws-sdk/client-signer';
import { mockClient } from 'aws-sdk-client-mock';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DeployAksOrEksClients } from '../../../src/actions/deploy-aks-or-eks/clients.js';
import { createDeployAksOrEks } from '../../../src/actions/deploy-aks-or-eks/main.js';
import { storeSignature } from '../../../src/notation/storage.js';
import type { Descriptor } from '../../../src/notation/payload.js';
import { RegistryClient } from '../../../src/oci/registry-client.js';
import { FakeKubeApiServer } from '../../support/fake-kube-apiserver.js';
import { awsSignerEnvelope, PROFILE_ARN, PROFILE_VERSION_ARN, writeSignerTrustStore } from '../../actions/notation-sign/support/aws-signer-double.js';
import { registryOnlyDeployClients } from '../../actions/deploy-aks-or-eks/support/registry-only-clients.js';
import { inMemoryRegistry, mockedSignerClient, pushTestImage, REGISTRY, REPOSITORY, runAction } from '../../actions/notation-sign/support/harness.js';
import { tempDir } from '../../support/temp-dir.js';

const SIGNED_AT = new Date('2025-12-31T00:00:00Z'); // a day before the FakeClock's start
const registry = inMemoryRegistry({ referrersApi: true, sendSubjectHeader: true });
const work = tempDir('iam-deploy');
const awsStore = writeSignerTrustStore(path.join(work, 'aws-store'), 'test-aws-signer');
const signerMock = mockClient(SignerClient);
let image: Descriptor;
let server: FakeKubeApiServer;

beforeAll(async () => {
  image = await pushTestImage(registry, 'v1');
  const envelope = await awsSignerEnvelope(image, SIGNED_AT);
  const client = new RegistryClient({ registry: REGISTRY, fetch: registry.fetch });
  await storeSignature({ client, repository: REPOSITORY, subject: image, envelope, envelopeMediaType: 'application/jose+json', certificateThumbprints: [], created: SIGNED_AT });
  writeFileSync(
    path.join(work, 'app.yaml'),
    JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'app', namespace: 'default' }, spec: { containers: [{ name: 'app', image: `${REGISTRY}/${REPOSITORY}:v1` }] } }),
  );
});
beforeEach(async () => {
  signerMock.reset();
  server = await FakeKubeApiServer.start();
});
afterEach(async () => server.stop());
afterAll(() => signerMock.restore());

function clients(): DeployAksOrEksClients {
  return registryOnlyDeployClients(registry, { signer: mockedSignerClient });
}

const deploy = () =>
  runAction(
    createDeployAksOrEks(clients()),
    {
      target: 'kubeconfig',
      kubeconfig: server.kubeconfig(),
      manifests: 'app.yaml',
      'verify-images': 'true',
      'trusted-identities': PROFILE_ARN,
      'trust-store': awsStore.trustStoreDir,
      timeout: '0s',
    },
    work,
  );

test('an image signed by the trusted AWS Signer profile deploys after AWS Signer says nothing is revoked', async () => {
  signerMock.on(GetRevocationStatusCommand).resolves({ revokedEntities: [] });
  const result = await deploy();
  expect(result.errors()).toEqual([]);
  expect(result.code).toBe(0);
  expect(server.object('v1', 'Pod', 'default', 'app')!['spec'].containers[0].image).toBe(`${REGISTRY}/${REPOSITORY}:v1@${image.digest}`);
  expect(signerMock.commandCalls(GetRevocationStatusCommand)).toHaveLength(1);
  expect(signerMock.commandCalls(GetRevocationStatusCommand)[0]!.args[0].input).toMatchObject({ profileVersionArn: PROFILE_VERSION_ARN });
});

test('a revoked signing profile version stops the deploy before anything is applied', async () => {
  signerMock.on(GetRevocationStatusCommand).resolves({ revokedEntities: [PROFILE_VERSION_ARN] });
  const result = await deploy();
  expect(result.code).toBe(1);
  expect(result.errors().at(-1)).toContain(`revocation check failed: the signature is revoked: Resource(s) ${PROFILE_VERSION_ARN} have been revoked.`);
  expect(server.object('v1', 'Pod', 'default', 'app')).toBeUndefined();
});
