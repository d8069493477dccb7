import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { GetRevocationStatusCommand, SignerClient } from '@aws-sdk/client-signer';
import { mockClient } from 'aws-sdk-client-mock';
import {
  awsSignerCertificateHashes,
  awsSignerRevocationChecker,
  parseCertificate,
  parseSignerArn,
  type ExtendedAttribute,
  type RevocationChecker,
} from '../../src/notation/index.js';
import { describeRevokedEntities } from '../../src/notation/aws-signer.js';
import { checkNamed, failedCheck, policyFor, signTestEnvelope, summarize, verifyTest } from './support/envelopes.js';
import { peerVectorsDir } from './support/paths.js';
import { codeSigningLeaf, createTrustStoreDir, intermediateCa, rootCa, type IssuedCertificate } from './support/test-pki.js';

/**
 * AWS Signer signatures, built like the real ones (notes §4): notary.x509.signingAuthority, ES384, a leaf valid about
 * three days, the plugin named in a critical io.cncf.notary.verificationPlugin, and the com.amazonaws.signer
 * attributes. Signed by a test CA standing in for AWS Signer's; GetRevocationStatus answered by aws-sdk-client-mock.
 */
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const SIGNED_AT = new Date('2025-06-01T10:00:00Z');
const VERIFY_AT = new Date(SIGNED_AT.getTime() + 10 * DAY); // leaf and intermediate have expired by then

const PROFILE_ARN = 'arn:aws:signer:us-west-2:123456789012:/signing-profiles/DrydockProfile';
const PROFILE_VERSION_ARN = `${PROFILE_ARN}/a1b2c3d4e5`;
const JOB_ARN = 'arn:aws:signer:us-west-2:123456789012:/signing-jobs/5f5a1c1e-1111-2222-3333-444455556666';
const PLUGIN = 'com.amazonaws.signer.notation.plugin';

const root = rootCa('CN=Test Signer Code Signing Root CA G1,OU=Cryptography,O=AWS,ST=WA,C=US', 'root-p384');
const intermediate = intermediateCa('CN=Test Signer Code Signing Int CA G1,OU=Cryptography,O=AWS,ST=WA,C=US', 'intermediate-p384', root, {
  notBefore: new Date(SIGNED_AT.getTime() - 30 * DAY),
  notAfter: new Date(SIGNED_AT.getTime() + 2 * DAY),
  basicConstraints: { ca: true, pathLength: 0 },
});
const leaf = codeSigningLeaf('CN=AWS Signer,OU=AWS Cryptography,O=AWS,L=Seattle,ST=WA,C=US', 'leaf-p384', intermediate, {
  notBefore: new Date(SIGNED_AT.getTime() - HOUR),
  notAfter: new Date(SIGNED_AT.getTime() + 3 * DAY),
});
const chain = [leaf, intermediate, root];

const awsAttributes = (overrides: Partial<Record<string, unknown>> = {}, extra: ExtendedAttribute[] = []): ExtendedAttribute[] => [
  { key: 'io.cncf.notary.verificationPlugin', value: PLUGIN, critical: true },
  { key: 'com.amazonaws.signer.signingProfileVersion', value: overrides['profileVersion'] ?? PROFILE_VERSION_ARN, critical: true },
  { key: 'com.amazonaws.signer.signingJob', value: overrides['job'] ?? JOB_ARN, critical: true },
  ...extra,
];

function awsEnvelope(options: { attributes?: ExtendedAttribute[]; chain?: IssuedCertificate[]; scheme?: 'notary.x509' | 'notary.x509.signingAuthority' } = {}) {
  return signTestEnvelope({
    chain: options.chain ?? chain,
    scheme: options.scheme ?? 'notary.x509.signingAuthority',
    signingTime: SIGNED_AT,
    expiry: new Date(SIGNED_AT.getTime() + 365 * DAY),
    extendedAttributes: options.attributes ?? awsAttributes(),
  });
}

const stores = createTrustStoreDir({
  signingAuthority: {
    'aws-signer-ts': { 'root.pem': root.pem },
    'real-aws-signer-ts': { 'aws-signer-notation-root.pem': readFileSync(path.join(peerVectorsDir, 'aws-signer/aws-signer-notation-root.pem')) },
  },
  ca: { 'aws-signer-ts': { 'root.pem': root.pem } },
});

const signerMock = mockClient(SignerClient);
afterEach(() => {
  signerMock.reset();
});

/** A checker backed by a SignerClient whose GetRevocationStatus is mocked. */
function mockedChecker(): RevocationChecker {
  return awsSignerRevocationChecker(new SignerClient({ region: 'us-west-2', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } }));
}

function verifyAws(envelope: Buffer, options: { level?: string; identities?: string[]; stores?: string[]; override?: Record<string, string>; revocation?: RevocationChecker | null } = {}) {
  return verifyTest(envelope, {
    policy: policyFor({
      level: options.level ?? 'strict',
      trustStores: options.stores ?? ['signingAuthority:aws-signer-ts'],
      trustedIdentities: options.identities ?? [PROFILE_ARN],
      override: options.override,
    }),
    trustStoreDir: stores,
    verifyAt: VERIFY_AT,
    revocation: options.revocation === null ? undefined : (options.revocation ?? mockedChecker()),
  });
}

/** certificateHashes computed independently of the implementation: the TBS bytes come from @peculiar's parser. */
function expectedCertificateHashes(certificates: IssuedCertificate[]): string[] {
  const hashes = certificates.map((certificate) =>
    createHash('sha384').update(Buffer.from(AsnConvert.parse(certificate.der, Certificate).tbsCertificateRaw!)).digest('hex'),
  );
  return hashes.map((hash, index) => hash + (hashes[index + 1] ?? hash));
}

describe('AWS Signer signatures', () => {
  it('pass at strict with a profile ARN identity, and send GetRevocationStatus as the plugin does', async () => {
    signerMock.on(GetRevocationStatusCommand).resolves({ revokedEntities: [] });
    const outcome = await verifyAws(await awsEnvelope());
    expect(outcome.checks.map((check) => `${check.name}:${check.result}`)).toEqual([
      'integrity:pass',
      'verificationPlugin:pass',
      'authenticity:pass',
      'trustedIdentity:pass',
      'expiry:pass',
      'authenticTimestamp:pass',
      'revocation:pass',
      'descriptor:pass',
    ]);
    expect(checkNamed(outcome, 'revocation').message).toBe('Signature is not revoked.');
    expect(outcome.signature?.signingProfileVersionArn).toBe(PROFILE_VERSION_ARN);
    const calls = signerMock.commandCalls(GetRevocationStatusCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({
      signatureTimestamp: SIGNED_AT,
      platformId: 'Notation-OCI-SHA384-ECDSA',
      profileVersionArn: PROFILE_VERSION_ARN,
      jobArn: JOB_ARN,
      certificateHashes: expectedCertificateHashes(chain),
    });
    expect(calls[0]!.args[0].input.certificateHashes![2]).toMatch(/^([0-9a-f]{96})\1$/);
  });

  const revocationCases: Array<[string, () => void, RegExp]> = [
    ['a revoked signing job', () => signerMock.on(GetRevocationStatusCommand).resolves({ revokedEntities: [JOB_ARN] }), /the signature is revoked: Resource\(s\) arn:aws:signer:.*signing-jobs.* have been revoked\./],
    [
      'a revoked certificate',
      () => signerMock.on(GetRevocationStatusCommand).resolves({ revokedEntities: [expectedCertificateHashes(chain)[0]!] }),
      /the signature is revoked: Certificate\(s\) have been revoked\./,
    ],
    [
      'a GetRevocationStatus API error',
      () => signerMock.on(GetRevocationStatusCommand).rejects(new Error('User is not authorized to perform signer:GetRevocationStatus')),
      /GetRevocationStatus call failed with error: AWS Signer GetRevocationStatus failed: User is not authorized/,
    ],
  ];
  const revocationByLevel = {
    strict: { verdict: 'fail', failedCheck: 'revocation', revocation: 'fail' },
    permissive: { verdict: 'pass', failedCheck: undefined, revocation: 'logged' },
    audit: { verdict: 'pass', failedCheck: undefined, revocation: 'logged' },
  };
  it.each(revocationCases)('%s: fails at strict, is logged at permissive and audit', async (_name, arrange, message) => {
    arrange();
    const envelope = await awsEnvelope();
    for (const level of ['strict', 'permissive', 'audit'] as const) {
      const outcome = await verifyAws(envelope, { level });
      expect({ level, ...summarize(outcome, 'revocation') }).toEqual({ level, ...revocationByLevel[level] });
      expect(checkNamed(outcome, 'revocation').message).toMatch(message);
    }
  });

  it('skips GetRevocationStatus when the policy overrides revocation to skip', async () => {
    signerMock.on(GetRevocationStatusCommand).rejects(new Error('must not be called'));
    const outcome = await verifyAws(await awsEnvelope(), { override: { revocation: 'skip' } });
    expect(summarize(outcome, 'revocation')).toEqual({ verdict: 'pass', failedCheck: undefined, revocation: 'skipped' });
    expect(signerMock.commandCalls(GetRevocationStatusCommand)).toHaveLength(0);
  });

  it('without a revocation checker (offline) fails revocation at strict and logs it at permissive', async () => {
    const envelope = await awsEnvelope();
    const strict = await verifyAws(envelope, { revocation: null });
    expect(summarize(strict, 'revocation')).toEqual({ verdict: 'fail', failedCheck: 'revocation', revocation: 'fail' });
    expect(checkNamed(strict, 'revocation').message).toMatch(/this verification ran offline \(no revocation checker\)/);
    const permissive = await verifyAws(envelope, { revocation: null, level: 'permissive' });
    expect(summarize(permissive, 'revocation')).toEqual({ verdict: 'pass', failedCheck: undefined, revocation: 'logged' });
  });

  it.each(['strict', 'permissive', 'audit'])('rejects the wildcard identity at %s', async (level) => {
    signerMock.on(GetRevocationStatusCommand).resolves({ revokedEntities: [] });
    const outcome = await verifyAws(await awsEnvelope(), { level, identities: ['*'] });
    expect(summarize(outcome, 'trustedIdentity')).toEqual({ verdict: 'fail', failedCheck: 'trustedIdentity', trustedIdentity: 'fail' });
    expect(checkNamed(outcome, 'trustedIdentity').message).toMatch(/^The AWSSigner plugin does not support wildcard identity in the trust policy\./);
  });

  const identityCases: Array<[string, string[], boolean]> = [
    ['the signing profile ARN', [PROFILE_ARN], true],
    ['the signing profile ARN in other letter case', [PROFILE_ARN.replace('DrydockProfile', 'drydockprofile')], true],
    ['the exact signing profile version ARN', [PROFILE_VERSION_ARN], true],
    ['a second identity that matches', ['arn:aws:signer:us-west-2:123456789012:/signing-profiles/Other', PROFILE_ARN], true],
    ['another version of the same profile', [`${PROFILE_ARN}/zzzz999999`], false],
    ['another profile', ['arn:aws:signer:us-west-2:123456789012:/signing-profiles/DrydockProfile2'], false],
    // Matching is exact: an ARN that is only a prefix of the signature's profile or profile version is another one.
    ['a profile whose name is a prefix of the signer\'s', ['arn:aws:signer:us-west-2:123456789012:/signing-profiles/Drydock'], false],
    ['a profile version ARN cut short', [PROFILE_VERSION_ARN.slice(0, -2)], false],
    ['the same profile name in another account', ['arn:aws:signer:us-west-2:210987654321:/signing-profiles/DrydockProfile'], false],
    ['an x509.subject identity (AWS Signer signatures are matched by profile)', ['x509.subject:CN=AWS Signer,O=AWS,ST=WA,C=US'], false],
  ];
  it.each(identityCases)('trusted identity: %s', async (_name, identities, matches) => {
    signerMock.on(GetRevocationStatusCommand).resolves({ revokedEntities: [] });
    const envelope = await awsEnvelope();
    const strict = await verifyAws(envelope, { identities });
    const audit = await verifyAws(envelope, { identities, level: 'audit' });
    if (matches) {
      expect(summarize(strict, 'trustedIdentity')).toEqual({ verdict: 'pass', failedCheck: undefined, trustedIdentity: 'pass' });
    } else {
      expect(summarize(strict, 'trustedIdentity')).toEqual({ verdict: 'fail', failedCheck: 'trustedIdentity', trustedIdentity: 'fail' });
      expect(checkNamed(strict, 'trustedIdentity').message).toMatch(/^Signature publisher doesn't match any trusted identities\. The signature was made by arn:/);
      expect(summarize(audit, 'trustedIdentity')).toEqual({ verdict: 'pass', failedCheck: undefined, trustedIdentity: 'logged' });
    }
  });

  it('matches a signing profile alias ARN against com.amazonaws.signer.signingProfileAlias', async () => {
    signerMock.on(GetRevocationStatusCommand).resolves({ revokedEntities: [] });
    const alias = 'arn:aws:signer:us-west-2:123456789012:/aliases/release';
    const envelope = await awsEnvelope({ attributes: awsAttributes({}, [{ key: 'com.amazonaws.signer.signingProfileAlias', value: alias, critical: true }]) });
    expect((await verifyAws(envelope, { identities: [alias] })).verdict).toBe('pass');
  });

  it('fails authenticity against the real AWS Signer root, and through a ca store', async () => {
    signerMock.on(GetRevocationStatusCommand).resolves({ revokedEntities: [] });
    const envelope = await awsEnvelope();
    const realRoot = await verifyAws(envelope, { stores: ['signingAuthority:real-aws-signer-ts'] });
    expect(failedCheck(realRoot)).toBe('authenticity');
    expect(checkNamed(realRoot, 'authenticity').message).toMatch(/signingAuthority:real-aws-signer-ts/);
    const caStore = await verifyAws(envelope, { stores: ['ca:aws-signer-ts'] });
    expect(failedCheck(caStore)).toBe('authenticity');
  });

  const pluginCases: Array<[string, () => Promise<Buffer>, RegExp | undefined]> = [
    [
      'an attribute the plugin does not process',
      () => awsEnvelope({ attributes: awsAttributes({}, [{ key: 'com.amazonaws.signer.somethingNew', value: 'x', critical: false }]) }),
      /"com.amazonaws.signer.somethingNew" are not processed by the verification plugin/,
    ],
    ['the notary.x509 scheme', () => awsEnvelope({ scheme: 'notary.x509' }), /AWS Signer signatures use the notary.x509.signingAuthority scheme; this one uses notary.x509/],
    [
      'a minimum plugin version above the emulated one',
      () => awsEnvelope({ attributes: awsAttributes({}, [{ key: 'io.cncf.notary.verificationPluginMinVersion', value: '2.0.0', critical: true }]) }),
      /needs AWS Signer plugin version 2.0.0 or later/,
    ],
    [
      'a minimum plugin version the emulation satisfies',
      () => awsEnvelope({ attributes: awsAttributes({}, [{ key: 'io.cncf.notary.verificationPluginMinVersion', value: '1.0.0-rc.1', critical: true }]) }),
      undefined,
    ],
  ];
  it.each(pluginCases)('verification plugin: %s', async (_name, build, message) => {
    signerMock.on(GetRevocationStatusCommand).resolves({ revokedEntities: [] });
    const outcome = await verifyAws(await build(), { level: 'audit' });
    if (message) {
      expect(summarize(outcome, 'verificationPlugin')).toEqual({ verdict: 'fail', failedCheck: 'verificationPlugin', verificationPlugin: 'fail' });
      expect(checkNamed(outcome, 'verificationPlugin').message).toMatch(message);
    } else {
      expect(outcome.verdict).toBe('pass');
    }
  });

  it('a failed verificationPlugin check ends verification: no AWS Signer profile is reported, later checks are not evaluated', async () => {
    signerMock.on(GetRevocationStatusCommand).resolves({ revokedEntities: [] });
    // Everything else about this signature would pass; only the attribute the plugin does not process is wrong.
    const unprocessed = awsAttributes({}, [{ key: 'com.amazonaws.signer.somethingNew', value: 'x', critical: false }]);
    const outcome = await verifyAws(await awsEnvelope({ attributes: unprocessed }), { level: 'audit' });
    expect(outcome.verdict).toBe('fail');
    expect(outcome.checks.map((check) => `${check.name}:${check.result}`)).toEqual([
      'integrity:pass',
      'verificationPlugin:fail',
      'authenticity:skipped',
      'trustedIdentity:skipped',
      'expiry:skipped',
      'authenticTimestamp:skipped',
      'revocation:skipped',
      'descriptor:skipped',
    ]);
    for (const check of outcome.checks.slice(2)) expect(check.message).toBe('not evaluated: the verificationPlugin check failed');
    expect(signerMock.commandCalls(GetRevocationStatusCommand)).toHaveLength(0);
    // The signature is still described, but its com.amazonaws.signer claims were not vouched for by the plugin check.
    expect(outcome.signature?.signer).toBe('CN=AWS Signer,OU=AWS Cryptography,O=AWS,L=Seattle,ST=WA,C=US');
    expect(outcome.signature?.signingProfileVersionArn).toBeUndefined();
  });

  it('fails when the signing job attribute is missing, whatever the level', async () => {
    const attributes = awsAttributes().filter((attribute) => attribute.key !== 'com.amazonaws.signer.signingJob');
    const outcome = await verifyAws(await awsEnvelope({ attributes }), { level: 'audit' });
    expect(summarize(outcome, 'revocation')).toEqual({ verdict: 'fail', failedCheck: 'revocation', revocation: 'fail' });
    expect(checkNamed(outcome, 'revocation').message).toMatch(/unable to parse attribute "com.amazonaws.signer.signingJob"/);
  });

  // Without the profile version the plugin cannot match identities at all and answers with an error, not a result:
  // trusted identity fails at every level, audit included (where it would otherwise only be logged).
  it.each(['strict', 'permissive', 'audit'])('fails trusted identity when the signing profile version attribute is missing, at %s', async (level) => {
    signerMock.on(GetRevocationStatusCommand).resolves({ revokedEntities: [] });
    const attributes = awsAttributes().filter((attribute) => attribute.key !== 'com.amazonaws.signer.signingProfileVersion');
    const outcome = await verifyAws(await awsEnvelope({ attributes }), { level });
    expect(summarize(outcome, 'trustedIdentity')).toEqual({ verdict: 'fail', failedCheck: 'trustedIdentity', trustedIdentity: 'fail' });
    expect(checkNamed(outcome, 'trustedIdentity').message).toBe('unable to parse attribute "com.amazonaws.signer.signingProfileVersion" of the AWS Signer signature');
    expect(signerMock.commandCalls(GetRevocationStatusCommand)).toHaveLength(0);
  });
});

describe('AWS Signer helpers', () => {
  it('computes certificateHashes as SHA-384(TBS) of each certificate and of its issuer; the root repeats itself', () => {
    const parsed = chain.map((certificate) => parseCertificate(certificate.der));
    expect(awsSignerCertificateHashes(parsed)).toEqual(expectedCertificateHashes(chain));
    const single = awsSignerCertificateHashes([parsed[2]!]);
    expect(single).toEqual([expectedCertificateHashes([root])[0]]);
  });

  it('words revoked entities as the plugin does', () => {
    expect(describeRevokedEntities([JOB_ARN, PROFILE_VERSION_ARN, 'abc123'])).toBe(
      `Resource(s) ${JOB_ARN}, ${PROFILE_VERSION_ARN} have been revoked.Certificate(s) have been revoked.`,
    );
  });

  it.each([
    [PROFILE_ARN, { kind: 'signingProfile', name: 'DrydockProfile', account: '123456789012', region: 'us-west-2', version: undefined }],
    [PROFILE_VERSION_ARN, { kind: 'signingProfileVersion', name: 'DrydockProfile', version: 'a1b2c3d4e5' }],
    ['arn:aws-us-gov:signer:us-gov-west-1:123456789012:/signing-profiles/Gov', { partition: 'aws-us-gov', kind: 'signingProfile' }],
    ['arn:aws:signer:us-west-2:123456789012:/aliases/release', { kind: 'alias', name: 'release' }],
  ])('parses %s', (arn, expected) => {
    expect(parseSignerArn(arn)).toMatchObject(expected);
  });

  it.each([
    'arn:aws:signer:us-west-2:123456789012:signing-profiles/NoLeadingSlash',
    'arn:aws:signer:us-west-2:1234:/signing-profiles/ShortAccount',
    'arn:aws:ecr:us-west-2:123456789012:/signing-profiles/WrongService',
    'arn:aws:signer:us-west-2:123456789012:/signing-profiles/A/B/C',
    'arn:aws:signer:us-west-2:123456789012:/signing-jobs/abc',
    'DrydockProfile',
  ])('refuses %s', (arn) => {
    expect(parseSignerArn(arn)).toBeUndefined();
  });
});
