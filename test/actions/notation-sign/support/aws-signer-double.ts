/**
 * AWS Signer, doubled (SignPayload and GetRevocationStatus cannot run here: moto has neither). The double answers
 * SignPayload the way AWS Signer does (notes §4): the complete JWS envelope, scheme notary.x509.signingAuthority,
 * ES384, a short-lived leaf "CN=AWS Signer" under a test CA standing in for AWS Signer's, the plugin named in a critical
 * io.cncf.notary.verificationPlugin, and the com.amazonaws.signer attributes. Envelopes are built with the notation
 * tests' own builder (test/notation/support/envelopes.ts).
 */
import { GetRevocationStatusCommand, SignPayloadCommand, SignerClient } from '@aws-sdk/client-signer';
import { mockClient } from 'aws-sdk-client-mock';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Descriptor, ExtendedAttribute } from '../../../../src/notation/index.js';
import { signTestEnvelope } from '../../../notation/support/envelopes.js';
import { codeSigningLeaf, intermediateCa, rootCa, type IssuedCertificate } from '../../../notation/support/test-pki.js';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

export const PROFILE_ARN = 'arn:aws:signer:us-west-2:123456789012:/signing-profiles/DrydockProfile';
export const PROFILE_VERSION_ARN = `${PROFILE_ARN}/a1b2c3d4e5`;
export const OTHER_PROFILE_VERSION_ARN = 'arn:aws:signer:us-west-2:123456789012:/signing-profiles/OtherProfile/f6g7h8';
export const PLUGIN = 'com.amazonaws.signer.notation.plugin';

export const signerRoot = rootCa('CN=Test Signer Code Signing Root CA G1,OU=Cryptography,O=AWS,ST=WA,C=US', 'root-p384');
export const signerIntermediate = intermediateCa('CN=Test Signer Code Signing Int CA G1,OU=Cryptography,O=AWS,ST=WA,C=US', 'intermediate-p384', signerRoot);
/** A root nobody trusts, for "AWS Signer answered with a chain we do not know". */
export const strangerRoot = rootCa('CN=Stranger Root,O=Elsewhere,ST=WA,C=US', 'other-root-p384');

/** The leaf AWS Signer makes per job: valid from an hour before signing for three days. */
export function signerLeaf(signedAt: Date, issuer: IssuedCertificate = signerIntermediate): IssuedCertificate {
  return codeSigningLeaf('CN=AWS Signer,OU=AWS Cryptography,O=AWS,L=Seattle,ST=WA,C=US', 'leaf-p384', issuer, {
    notBefore: new Date(signedAt.getTime() - HOUR),
    notAfter: new Date(signedAt.getTime() + 3 * DAY),
  });
}

export function awsAttributes(profileVersion = PROFILE_VERSION_ARN, job = `arn:aws:signer:us-west-2:123456789012:/signing-jobs/${randomUUID()}`): ExtendedAttribute[] {
  return [
    { key: 'io.cncf.notary.verificationPlugin', value: PLUGIN, critical: true },
    { key: 'com.amazonaws.signer.signingProfileVersion', value: profileVersion, critical: true },
    { key: 'com.amazonaws.signer.signingJob', value: job, critical: true },
  ];
}

/** An envelope as AWS Signer returns it, for `descriptor` (which may carry the signed annotations). */
export function awsSignerEnvelope(descriptor: Descriptor, signedAt: Date, options: { profileVersion?: string; chain?: IssuedCertificate[] } = {}): Promise<Buffer> {
  return signTestEnvelope({
    descriptor,
    chain: options.chain ?? [signerLeaf(signedAt), signerIntermediate, signerRoot],
    scheme: 'notary.x509.signingAuthority',
    signingTime: signedAt,
    expiry: new Date(signedAt.getTime() + 365 * DAY),
    extendedAttributes: awsAttributes(options.profileVersion),
  });
}

/** Writes the test root as a signingAuthority store, the way the bundled AWS Signer roots are laid out. */
export function writeSignerTrustStore(trustStoreDir: string, storeName = 'aws-signer-ts'): { trustStoreDir: string; storeName: string } {
  const directory = path.join(trustStoreDir, 'x509', 'signingAuthority', storeName);
  mkdirSync(directory, { recursive: true });
  writeFileSync(path.join(directory, 'root.pem'), signerRoot.pem);
  return { trustStoreDir, storeName };
}

export interface SignPayloadBehaviour {
  /** Change what gets signed (a registry or service that swaps the descriptor). */
  readonly descriptor?: (sent: Descriptor) => Descriptor;
  readonly profileVersion?: string;
  readonly chain?: (signedAt: Date) => IssuedCertificate[];
}

/**
 * Mocks every SignerClient: SignPayload signs the payload it is sent (at `now()`), GetRevocationStatus says nothing is
 * revoked unless a test says otherwise.
 */
export function mockAwsSigner(now: () => Date, behaviour: SignPayloadBehaviour = {}) {
  const mock = mockClient(SignerClient);
  let jobs = 0;
  mock.on(SignPayloadCommand).callsFake(async (input: { payload: Uint8Array }) => {
    const sent = (JSON.parse(Buffer.from(input.payload).toString('utf8')) as { targetArtifact: Descriptor }).targetArtifact;
    const signedAt = now();
    const chain = behaviour.chain?.(signedAt);
    const signature = await awsSignerEnvelope(behaviour.descriptor ? behaviour.descriptor(sent) : sent, signedAt, {
      ...(behaviour.profileVersion ? { profileVersion: behaviour.profileVersion } : {}),
      ...(chain ? { chain } : {}),
    });
    jobs++;
    return {
      jobId: `job-${jobs}`,
      jobOwner: '123456789012',
      metadata: { 'com.amazonaws.signer.signingJob': `arn:aws:signer:us-west-2:123456789012:/signing-jobs/job-${jobs}` },
      signature,
    };
  });
  mock.on(GetRevocationStatusCommand).resolves({ revokedEntities: [] });
  return mock;
}
