import { describe, expect, it } from '@jest/globals';
import { checkNamed, policyFor, signTestEnvelope, TEST_DESCRIPTOR, TEST_REPOSITORY, verifyTest } from './support/envelopes.js';
import { INTERMEDIATE_SUBJECT, LEAF_IDENTITY, LEAF_SUBJECT, ROOT_SUBJECT, standardChain } from './support/standard-pki.js';
import { codeSigningLeaf, createTrustStoreDir, intermediateCa, rootCa } from './support/test-pki.js';
import { ConfigurationError } from '../../src/core/errors.js';
import { verifyEnvelope, type Descriptor } from '../../src/notation/index.js';

/**
 * Level-dependent checks (notes §3, §5.7-5.11): each failure below is run at strict, permissive and audit, and the
 * table says what each level makes of it (the specification's enforce / log table), including overrides.
 */
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const T0 = new Date('2025-06-01T10:00:00Z');

const { root, chain } = standardChain();
const otherRoot = rootCa('CN=Someone Else,O=Other,ST=WA,C=US', 'other-root-p384');
const crlChain = standardChain({ crlDistributionPoint: 'http://crl.example.com/ca.crl' });
// A root that expires a day after T0, under which the intermediate and leaf (default validity, to 2045) outlive it.
const shortLivedRoot = rootCa(ROOT_SUBJECT, 'root-rsa4096', { notAfter: new Date(T0.getTime() + DAY) });
const underShortLivedRoot = intermediateCa(INTERMEDIATE_SUBJECT, 'intermediate-rsa3072', shortLivedRoot);
const shortLivedRootChain = [codeSigningLeaf(LEAF_SUBJECT, 'leaf-p384', underShortLivedRoot), underShortLivedRoot, shortLivedRoot];
const stores = createTrustStoreDir({
  ca: {
    test: { 'root.pem': root.pem },
    other: { 'other.pem': otherRoot.pem },
    crl: { 'root.pem': crlChain.root.pem },
    'short-lived-root': { 'root.pem': shortLivedRoot.pem },
  },
  signingAuthority: { test: { 'root.pem': root.pem }, 'short-lived-root': { 'root.pem': shortLivedRoot.pem } },
});

type Level = 'strict' | 'permissive' | 'audit';
type Expectation = Record<Level, { verdict: 'pass' | 'fail'; result: string }>;

const FAILS_ALWAYS_LOGGED_AT_AUDIT: Expectation = {
  strict: { verdict: 'fail', result: 'fail' },
  permissive: { verdict: 'fail', result: 'fail' },
  audit: { verdict: 'pass', result: 'logged' },
};
const ENFORCED_AT_STRICT_ONLY: Expectation = {
  strict: { verdict: 'fail', result: 'fail' },
  permissive: { verdict: 'pass', result: 'logged' },
  audit: { verdict: 'pass', result: 'logged' },
};
const PASSES_EVERYWHERE: Expectation = {
  strict: { verdict: 'pass', result: 'pass' },
  permissive: { verdict: 'pass', result: 'pass' },
  audit: { verdict: 'pass', result: 'pass' },
};

interface LevelCase {
  readonly name: string;
  readonly envelope: () => Promise<Buffer>;
  readonly check: string;
  readonly expected: Expectation;
  readonly message: RegExp;
  readonly trustStores?: string[];
  readonly trustedIdentities?: string[];
  readonly override?: Record<string, string>;
  readonly verifyAt?: Date;
  readonly descriptor?: Descriptor;
}

// signingAuthority chain whose intermediate expired after the signature was made (like AWS Signer's).
const shortLivedIntermediate = intermediateCa(INTERMEDIATE_SUBJECT, 'intermediate-rsa3072', root, {
  notBefore: new Date(T0.getTime() - DAY),
  notAfter: new Date(T0.getTime() + DAY),
});
const shortLivedLeaf = codeSigningLeaf(LEAF_SUBJECT, 'leaf-p384', shortLivedIntermediate, {
  notBefore: new Date(T0.getTime() - HOUR),
  notAfter: new Date(T0.getTime() + 3 * DAY),
});
const signingAuthorityChain = [shortLivedLeaf, shortLivedIntermediate, root];

// An intermediate valid only from an hour after T0, with a leaf already valid at T0: only the intermediate is invalid then.
const lateIntermediate = intermediateCa(INTERMEDIATE_SUBJECT, 'intermediate-rsa3072', root, { notBefore: new Date(T0.getTime() + HOUR) });
const lateIntermediateChain = [
  codeSigningLeaf(LEAF_SUBJECT, 'leaf-p384', lateIntermediate, { notBefore: new Date(T0.getTime() - HOUR) }),
  lateIntermediate,
  root,
];

const cases: LevelCase[] = [
  {
    name: 'authenticity: the chain does not lead to a trusted certificate',
    envelope: () => signTestEnvelope({ chain }),
    trustStores: ['ca:other'],
    check: 'authenticity',
    expected: FAILS_ALWAYS_LOGGED_AT_AUDIT,
    message: /signature is not produced by a trusted signer: no certificate of its chain .* is in trust store\(s\) ca:other/,
  },
  {
    name: 'authenticity: a signingAuthority signature is not trusted through a ca store',
    envelope: () => signTestEnvelope({ chain: signingAuthorityChain, scheme: 'notary.x509.signingAuthority', signingTime: T0 }),
    trustStores: ['ca:test'],
    verifyAt: new Date(T0.getTime() + HOUR),
    check: 'authenticity',
    expected: FAILS_ALWAYS_LOGGED_AT_AUDIT,
    message: /only trusted through signingAuthority trust stores, and statement "test-statement" lists none/,
  },
  {
    name: 'trusted identity: the leaf subject matches no x509.subject identity',
    envelope: () => signTestEnvelope({ chain }),
    trustedIdentities: ['x509.subject:CN=Someone Else,O=Drydock,ST=WA,C=US'],
    check: 'trustedIdentity',
    expected: FAILS_ALWAYS_LOGGED_AT_AUDIT,
    message: /signing certificate subject "CN=Drydock Test Signer,O=Drydock,L=Seattle,ST=WA,C=US" does not match the trusted identities/,
  },
  {
    name: 'trusted identity: a statement naming only AWS Signer profiles trusts no x509 signer',
    envelope: () => signTestEnvelope({ chain }),
    trustedIdentities: ['arn:aws:signer:us-west-2:123456789012:/signing-profiles/DrydockProfile'],
    check: 'trustedIdentity',
    expected: FAILS_ALWAYS_LOGGED_AT_AUDIT,
    message: /^no x509 trusted identities are configured in the trust policy statement "test-statement"; add "x509\.subject:<DN>" identities$/,
  },
  {
    name: 'trusted identity: a subset DN matches (extra leaf attributes are ignored)',
    envelope: () => signTestEnvelope({ chain }),
    trustedIdentities: ['x509.subject:O=Drydock,ST=WA,C=US'],
    check: 'trustedIdentity',
    expected: PASSES_EVERYWHERE,
    message: /matches trusted identity "x509.subject:O=Drydock,ST=WA,C=US"/,
  },
  {
    name: 'expiry: verification at or after io.cncf.notary.expiry',
    envelope: () => signTestEnvelope({ chain, signingTime: T0, expiry: new Date(T0.getTime() + DAY) }),
    verifyAt: new Date(T0.getTime() + DAY),
    check: 'expiry',
    expected: ENFORCED_AT_STRICT_ONLY,
    message: /digital signature has expired on 2025-06-02T10:00:00.000Z/,
  },
  {
    name: 'expiry: verification one second before expiry passes',
    envelope: () => signTestEnvelope({ chain, signingTime: T0, expiry: new Date(T0.getTime() + DAY) }),
    verifyAt: new Date(T0.getTime() + DAY - 1000),
    check: 'expiry',
    expected: PASSES_EVERYWHERE,
    message: /valid until 2025-06-02T10:00:00.000Z/,
  },
  {
    name: 'authentic timestamp (notary.x509, no tsa store): the leaf has expired at verification time',
    envelope: async () => {
      const leaf = codeSigningLeaf(LEAF_SUBJECT, 'leaf-p384', chain[1], { notBefore: new Date(T0.getTime() - DAY), notAfter: new Date(T0.getTime() + DAY) });
      return signTestEnvelope({ chain: [leaf, ...chain.slice(1)], signingTime: T0 });
    },
    verifyAt: new Date(T0.getTime() + 2 * DAY),
    check: 'authenticTimestamp',
    expected: ENFORCED_AT_STRICT_ONLY,
    message: /certificate "CN=Drydock Test Signer.*" is not valid at verification time 2025-06-03T10:00:00.000Z .* only with a timestamp/,
  },
  {
    name: 'authentic timestamp (notary.x509): a leaf not yet valid at verification time',
    envelope: async () => {
      const leaf = codeSigningLeaf(LEAF_SUBJECT, 'leaf-p384', chain[1], { notBefore: new Date(T0.getTime() + DAY) });
      return signTestEnvelope({ chain: [leaf, ...chain.slice(1)], signingTime: T0 });
    },
    verifyAt: T0,
    check: 'authenticTimestamp',
    expected: ENFORCED_AT_STRICT_ONLY,
    message: /is not valid at verification time/,
  },
  {
    name: 'authentic timestamp (signingAuthority): chain valid at authenticSigningTime, intermediate expired since',
    envelope: () => signTestEnvelope({ chain: signingAuthorityChain, scheme: 'notary.x509.signingAuthority', signingTime: T0 }),
    trustStores: ['signingAuthority:test'],
    verifyAt: new Date(T0.getTime() + 30 * DAY),
    check: 'authenticTimestamp',
    expected: PASSES_EVERYWHERE,
    message: /every certificate of the chain was valid at the authentic signing time 2025-06-01T10:00:00.000Z/,
  },
  {
    name: 'authentic timestamp (signingAuthority): authenticSigningTime before the leaf was valid',
    envelope: () =>
      signTestEnvelope({ chain: signingAuthorityChain, scheme: 'notary.x509.signingAuthority', signingTime: new Date(T0.getTime() - 2 * HOUR) }),
    trustStores: ['signingAuthority:test'],
    verifyAt: T0,
    check: 'authenticTimestamp',
    expected: ENFORCED_AT_STRICT_ONLY,
    message: /certificate "CN=Drydock Test Signer.*" was not valid when the signature was produced at 2025-06-01T08:00:00.000Z/,
  },
  // Every certificate of the chain must be valid at the time that counts, not only the leaf.
  {
    name: 'authentic timestamp (notary.x509, no tsa store): the root has expired at verification time',
    envelope: () => signTestEnvelope({ chain: shortLivedRootChain, signingTime: T0 }),
    trustStores: ['ca:short-lived-root'],
    verifyAt: new Date(T0.getTime() + 2 * DAY),
    check: 'authenticTimestamp',
    expected: ENFORCED_AT_STRICT_ONLY,
    message:
      /^certificate "CN=Drydock Test Root,O=Drydock,ST=WA,C=US" is not valid at verification time 2025-06-03T10:00:00\.000Z \(valid from 2020-01-01T00:00:00\.000Z to 2025-06-02T10:00:00\.000Z\); a notary\.x509 signature outlives its certificates only with a timestamp verified against a tsa trust store$/,
  },
  {
    name: 'authentic timestamp (notary.x509, no tsa store): the intermediate is not yet valid at verification time',
    envelope: () => signTestEnvelope({ chain: lateIntermediateChain, signingTime: T0 }),
    verifyAt: T0,
    check: 'authenticTimestamp',
    expected: ENFORCED_AT_STRICT_ONLY,
    message:
      /^certificate "CN=Drydock Test Intermediate,O=Drydock,ST=WA,C=US" is not valid at verification time 2025-06-01T10:00:00\.000Z \(valid from 2025-06-01T11:00:00\.000Z to 2045-01-01T00:00:00\.000Z\); a notary\.x509 signature outlives its certificates only with a timestamp verified against a tsa trust store$/,
  },
  {
    name: 'authentic timestamp (signingAuthority): the intermediate was not yet valid at authenticSigningTime (though it is at verification time)',
    envelope: () => signTestEnvelope({ chain: lateIntermediateChain, scheme: 'notary.x509.signingAuthority', signingTime: T0 }),
    trustStores: ['signingAuthority:test'],
    verifyAt: new Date(T0.getTime() + 2 * HOUR),
    check: 'authenticTimestamp',
    expected: ENFORCED_AT_STRICT_ONLY,
    message:
      /^certificate "CN=Drydock Test Intermediate,O=Drydock,ST=WA,C=US" was not valid when the signature was produced at 2025-06-01T10:00:00\.000Z \(valid from 2025-06-01T11:00:00\.000Z to 2045-01-01T00:00:00\.000Z\)$/,
  },
  {
    name: 'authentic timestamp (signingAuthority): the root had expired at authenticSigningTime',
    envelope: () => signTestEnvelope({ chain: shortLivedRootChain, scheme: 'notary.x509.signingAuthority', signingTime: new Date(T0.getTime() + 2 * DAY) }),
    trustStores: ['signingAuthority:short-lived-root'],
    verifyAt: new Date(T0.getTime() + 2 * DAY + HOUR),
    check: 'authenticTimestamp',
    expected: ENFORCED_AT_STRICT_ONLY,
    message:
      /^certificate "CN=Drydock Test Root,O=Drydock,ST=WA,C=US" was not valid when the signature was produced at 2025-06-03T10:00:00\.000Z \(valid from 2020-01-01T00:00:00\.000Z to 2025-06-02T10:00:00\.000Z\)$/,
  },
  {
    name: 'revocation: a chain listing a CRL has an unknown status offline',
    envelope: () => signTestEnvelope({ chain: crlChain.chain }),
    trustStores: ['ca:crl'],
    check: 'revocation',
    expected: ENFORCED_AT_STRICT_ONLY,
    message: /revocation status of certificate "CN=Drydock Test Signer.*" is unknown: it names a CRL, and this verification ran offline/,
  },
  {
    name: 'override: revocation "skip" skips the unknown revocation status at every level',
    envelope: () => signTestEnvelope({ chain: crlChain.chain }),
    trustStores: ['ca:crl'],
    override: { revocation: 'skip' },
    check: 'revocation',
    expected: {
      strict: { verdict: 'pass', result: 'skipped' },
      permissive: { verdict: 'pass', result: 'skipped' },
      audit: { verdict: 'pass', result: 'skipped' },
    },
    message: /skipped by the trust policy override/,
  },
  {
    name: 'override: expiry "enforce" makes permissive and audit fail on an expired signature',
    envelope: () => signTestEnvelope({ chain, signingTime: T0, expiry: new Date(T0.getTime() + DAY) }),
    verifyAt: new Date(T0.getTime() + 2 * DAY),
    override: { expiry: 'enforce' },
    check: 'expiry',
    expected: {
      strict: { verdict: 'fail', result: 'fail' },
      permissive: { verdict: 'fail', result: 'fail' },
      audit: { verdict: 'fail', result: 'fail' },
    },
    message: /has expired/,
  },
  {
    name: 'override: authenticity "log" lets strict accept an untrusted chain, logged',
    envelope: () => signTestEnvelope({ chain }),
    trustStores: ['ca:other'],
    override: { authenticity: 'log' },
    check: 'authenticity',
    expected: {
      strict: { verdict: 'pass', result: 'logged' },
      permissive: { verdict: 'pass', result: 'logged' },
      audit: { verdict: 'pass', result: 'logged' },
    },
    message: /not produced by a trusted signer/,
  },
  {
    name: 'descriptor: the signature is for another artifact (fails at every level)',
    envelope: () => signTestEnvelope({ chain }),
    descriptor: { ...TEST_DESCRIPTOR, size: TEST_DESCRIPTOR.size + 1 },
    check: 'descriptor',
    expected: {
      strict: { verdict: 'fail', result: 'fail' },
      permissive: { verdict: 'fail', result: 'fail' },
      audit: { verdict: 'fail', result: 'fail' },
    },
    message: /content descriptor mismatch: the signature is for .* \(1234 bytes\), not for the artifact being verified, .* \(1235 bytes\)/,
  },
];

describe('what each level makes of each check', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, levelCase) => {
    const envelope = await levelCase.envelope();
    for (const level of ['strict', 'permissive', 'audit'] as const) {
      const outcome = await verifyTest(envelope, {
        policy: policyFor({
          level,
          trustStores: levelCase.trustStores ?? ['ca:test'],
          trustedIdentities: levelCase.trustedIdentities ?? [LEAF_IDENTITY],
          override: levelCase.override,
        }),
        trustStoreDir: stores,
        verifyAt: levelCase.verifyAt,
        descriptor: levelCase.descriptor,
      });
      const check = checkNamed(outcome, levelCase.check);
      expect({ level, verdict: outcome.verdict, result: check.result }).toEqual({ level, ...levelCase.expected[level] });
      expect(check.message).toMatch(levelCase.message);
    }
  });
});

describe('level skip', () => {
  it('skips every check, even for an envelope that is not one', async () => {
    const outcome = await verifyTest(Buffer.from('garbage'), {
      policy: { version: '1.0', trustPolicies: [{ name: 'skip-all', registryScopes: ['*'], signatureVerification: { level: 'skip' } }] },
      trustStoreDir: stores,
    });
    expect(outcome.verdict).toBe('pass');
    expect(new Set(outcome.checks.map((check) => check.result))).toEqual(new Set(['skipped']));
    expect(outcome.checks[0]!.message).toBe('trust policy statement "skip-all" sets level skip: signatures are not verified');
  });
});

describe('evaluation stops at the first enforced failure', () => {
  it('reports later checks as not evaluated', async () => {
    const envelope = await signTestEnvelope({ chain });
    const outcome = await verifyTest(envelope, {
      policy: policyFor({ level: 'strict', trustStores: ['ca:other'], trustedIdentities: [LEAF_IDENTITY] }),
      trustStoreDir: stores,
    });
    expect(outcome.checks.map((check) => `${check.name}:${check.result}`)).toEqual([
      'integrity:pass',
      'verificationPlugin:pass',
      'authenticity:fail',
      'trustedIdentity:skipped',
      'expiry:skipped',
      'authenticTimestamp:skipped',
      'revocation:skipped',
      'descriptor:skipped',
    ]);
    expect(checkNamed(outcome, 'expiry').message).toBe('not evaluated: the authenticity check failed');
  });

  it('keeps going after logged failures and reports the signature details', async () => {
    const envelope = await signTestEnvelope({ chain, signingTime: T0 });
    const outcome = await verifyTest(envelope, {
      policy: policyFor({ level: 'audit', trustStores: ['ca:other'], trustedIdentities: ['x509.subject:CN=Nobody,O=X,ST=WA,C=US'] }),
      trustStoreDir: stores,
    });
    expect(outcome.checks.map((check) => `${check.name}:${check.result}`)).toEqual([
      'integrity:pass',
      'verificationPlugin:pass',
      'authenticity:logged',
      'trustedIdentity:logged',
      'expiry:pass',
      'authenticTimestamp:pass',
      'revocation:pass',
      'descriptor:pass',
    ]);
    expect(outcome.signature).toMatchObject({
      signingScheme: 'notary.x509',
      signingTime: T0,
      signer: LEAF_SUBJECT,
      targetArtifact: TEST_DESCRIPTOR,
    });
    expect(outcome.signature?.certificateThumbprints).toHaveLength(3);
  });
});

describe('the reference and the descriptor', () => {
  it('refuses a reference whose digest is not the descriptor\'s, naming both', async () => {
    const envelope = await signTestEnvelope({ chain });
    const other = `sha256:${'d'.repeat(64)}`;
    const reference = `${TEST_REPOSITORY}@${other}`;
    await expect(
      verifyEnvelope({
        envelope,
        mediaType: 'application/jose+json',
        descriptor: TEST_DESCRIPTOR,
        reference,
        trustPolicy: policyFor({ level: 'audit', trustStores: ['ca:test'], trustedIdentities: [LEAF_IDENTITY] }),
        trustStoreDir: stores,
      }),
    ).rejects.toThrow(
      new ConfigurationError(
        `Artifact reference "${reference}" names digest ${other}, but the descriptor being verified has ${TEST_DESCRIPTOR.digest}. Pass the descriptor the reference resolves to.`,
      ),
    );
  });
});
