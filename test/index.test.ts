/**
 * The package entry (package.json `exports` -> lib/index.js, built from src/index.ts): the documented library API is
 * there, and verifyEnvelope works through it exactly as the documentation shows, on a peer vector.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as drydock from '../src/index.js';
import { peerVectorsDir } from './notation/support/paths.js';

test('exports the documented library API', () => {
  for (const name of [
    'verifyEnvelope',
    'loadTrustPolicyFile',
    'parseTrustPolicy',
    'createLocalSigner',
    'signDescriptor',
    'awsSignerRevocationChecker',
    'verifyImage',
    'resolveAndVerifyImage',
    'listImageSignatures',
    'signImage',
    'storeSignature',
    'readSignature',
    'listSignatures',
    'resolveArtifact',
    'buildTrustedIdentitiesPolicy',
    'signWithAwsSigner',
    'RegistryClient',
    'ReferrersTagListing',
    'ConfigurationError',
  ]) {
    expect(typeof (drydock as Record<string, unknown>)[name]).toBe('function');
  }
  expect(drydock.SIGNATURE_ARTIFACT_TYPE).toBe('application/vnd.cncf.notary.signature');
});

test('verifyEnvelope through the package entry, as documented (peer vector ca-valid-strict)', async () => {
  const cases = JSON.parse(readFileSync(path.join(peerVectorsDir, 'cases.json'), 'utf8')) as Array<{
    id: string;
    envelopeFile: string;
    envelopeMediaType: string;
    targetDescriptor: drydock.Descriptor;
    reference: string;
    trustPolicy: drydock.TrustPolicyDocument;
    trustStoreDir: string;
    verifyAt: string;
  }>;
  const vector = cases.find((c) => c.id === 'ca-valid-strict')!;
  const outcome: drydock.VerificationOutcome = await drydock.verifyEnvelope({
    envelope: readFileSync(path.join(peerVectorsDir, vector.envelopeFile)),
    mediaType: vector.envelopeMediaType,
    descriptor: vector.targetDescriptor,
    reference: vector.reference,
    trustPolicy: vector.trustPolicy,
    trustStoreDir: path.join(peerVectorsDir, vector.trustStoreDir),
    verifyAt: new Date(vector.verifyAt),
  });
  expect(outcome.verdict).toBe('pass');
  expect(outcome.checks.map((check) => check.name)).toEqual([...drydock.CHECK_NAMES]);
});
