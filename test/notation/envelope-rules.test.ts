import { constants, sign } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { verifyEnvelope, type JwsAlgorithm } from '../../src/notation/index.js';
import {
  checkNamed,
  failedCheck,
  policyFor,
  signRawEnvelope,
  signTestEnvelope,
  summarize,
  TEST_DESCRIPTOR,
  TEST_REFERENCE,
  verifyTest,
} from './support/envelopes.js';
import { LEAF_IDENTITY, LEAF_SUBJECT, standardChain } from './support/standard-pki.js';
import { codeSigningLeaf, createTrustStoreDir, privateKeyOf, type KeyName } from './support/test-pki.js';

/**
 * Envelope shape and header rules (JWS spec and notes §1, §5.4): each case is a validly signed envelope with one rule
 * broken. They are integrity failures, enforced at every level; the extended-attribute cases fail the
 * verificationPlugin check, which is not level dependent either.
 */
const { root, intermediate, chain } = standardChain();
const trustStoreDir = createTrustStoreDir({ ca: { test: { 'root.pem': root.pem } }, signingAuthority: { test: { 'root.pem': root.pem } } });
const SIGNING_TIME = '2025-06-01T10:00:00Z';
const PAYLOAD_TYPE = 'application/vnd.cncf.notary.payload.v1+json';

const baseHeader = (): Record<string, unknown> => ({
  alg: 'ES384',
  cty: PAYLOAD_TYPE,
  crit: ['io.cncf.notary.signingScheme'],
  'io.cncf.notary.signingScheme': 'notary.x509',
  'io.cncf.notary.signingTime': SIGNING_TIME,
});

const signingAuthorityHeader = (): Record<string, unknown> => ({
  alg: 'ES384',
  cty: PAYLOAD_TYPE,
  crit: ['io.cncf.notary.signingScheme', 'io.cncf.notary.authenticSigningTime'],
  'io.cncf.notary.signingScheme': 'notary.x509.signingAuthority',
  'io.cncf.notary.authenticSigningTime': SIGNING_TIME,
});

function withHeader(change: (header: Record<string, unknown>) => void, base = baseHeader): Buffer {
  const header = base();
  change(header);
  return signRawEnvelope({ protectedHeader: header, chain, algorithm: 'ES384' });
}

const x5c = chain.map((certificate) => certificate.der.toString('base64'));

const integrityCases: Array<[string, () => Buffer, RegExp]> = [
  ['crit is missing', () => withHeader((h) => delete h['crit']), /missing "crit" header/],
  ['crit is empty', () => withHeader((h) => (h['crit'] = [])), /missing "crit" header/],
  [
    'crit does not name the signing scheme',
    () => withHeader((h) => (h['crit'] = ['io.cncf.notary.expiry']) && (h['io.cncf.notary.expiry'] = '2030-01-01T00:00:00Z')),
    /not marked as critical: "io.cncf.notary.signingScheme"/,
  ],
  [
    'crit names a header that is not present',
    () => withHeader((h) => (h['crit'] = ['io.cncf.notary.signingScheme', 'io.cncf.notary.expiry'])),
    /"io.cncf.notary.expiry" header is marked critical but not present/,
  ],
  // Names an object's inherited members have (toString, constructor, __proto__) are not headers either.
  ...['toString', 'constructor', '__proto__', 'hasOwnProperty'].map((name): [string, () => Buffer, RegExp] => [
    `crit names "${name}", which is not present`,
    () => withHeader((h) => (h['crit'] = ['io.cncf.notary.signingScheme', name])),
    new RegExp(`"${name}" header is marked critical but not present`),
  ]),
  [
    'crit names signingTime, which must not be critical',
    () => withHeader((h) => (h['crit'] = ['io.cncf.notary.signingScheme', 'io.cncf.notary.signingTime'])),
    /"io.cncf.notary.signingTime" header must not be marked critical/,
  ],
  [
    'crit names a header twice',
    () => withHeader((h) => (h['crit'] = ['io.cncf.notary.signingScheme', 'io.cncf.notary.signingScheme'])),
    /listed more than once in "crit"/,
  ],
  [
    'expiry is present but not critical',
    () => withHeader((h) => (h['io.cncf.notary.expiry'] = '2030-01-01T00:00:00Z')),
    /not marked as critical: "io.cncf.notary.expiry"/,
  ],
  [
    'signingAuthority without authenticSigningTime',
    () => withHeader((h) => delete h['io.cncf.notary.authenticSigningTime'] && (h['crit'] = ['io.cncf.notary.signingScheme']), signingAuthorityHeader),
    /"io.cncf.notary.authenticSigningTime" header must be present for notary.x509.signingAuthority/,
  ],
  [
    'signingAuthority with signingTime',
    () => withHeader((h) => (h['io.cncf.notary.signingTime'] = SIGNING_TIME), signingAuthorityHeader),
    /"io.cncf.notary.signingTime" header must not be present for notary.x509.signingAuthority/,
  ],
  [
    'authenticSigningTime not critical under signingAuthority',
    () => withHeader((h) => (h['crit'] = ['io.cncf.notary.signingScheme']), signingAuthorityHeader),
    /not marked as critical: "io.cncf.notary.authenticSigningTime"/,
  ],
  [
    'notary.x509 with authenticSigningTime',
    () => withHeader((h) => (h['io.cncf.notary.authenticSigningTime'] = SIGNING_TIME)),
    /"io.cncf.notary.authenticSigningTime" header must not be present for notary.x509/,
  ],
  ['notary.x509 without signingTime', () => withHeader((h) => delete h['io.cncf.notary.signingTime']), /"io.cncf.notary.signingTime" header must be present/],
  [
    'expiry equal to the signing time',
    () =>
      withHeader((h) => {
        h['io.cncf.notary.expiry'] = SIGNING_TIME;
        h['crit'] = ['io.cncf.notary.signingScheme', 'io.cncf.notary.expiry'];
      }),
    /expiry cannot be equal or before the signing time/,
  ],
  ['signing time not RFC 3339', () => withHeader((h) => (h['io.cncf.notary.signingTime'] = '2025-06-01 10:00:00')), /not an RFC 3339 time/],
  // Go's RFC 3339 parser, which notation decodes these headers with, takes only upper-case T and Z and real dates.
  ['signing time with lower-case t and z', () => withHeader((h) => (h['io.cncf.notary.signingTime'] = '2025-06-01t10:00:00z')), /not an RFC 3339 time/],
  ['signing time on February 30', () => withHeader((h) => (h['io.cncf.notary.signingTime'] = '2025-02-30T10:00:00Z')), /"io.cncf.notary.signingTime" is not a valid time/],
  ['signing time at hour 24', () => withHeader((h) => (h['io.cncf.notary.signingTime'] = '2025-06-01T24:00:00Z')), /"io.cncf.notary.signingTime" is not a valid time/],
  ['signing time with offset +24:00', () => withHeader((h) => (h['io.cncf.notary.signingTime'] = '2025-06-01T10:00:00+24:00')), /"io.cncf.notary.signingTime" is not a valid time/],
  [
    'authenticSigningTime on February 29 of a common year',
    () => withHeader((h) => (h['io.cncf.notary.authenticSigningTime'] = '2025-02-29T10:00:00Z'), signingAuthorityHeader),
    /"io.cncf.notary.authenticSigningTime" is not a valid time/,
  ],
  ['unknown signing scheme', () => withHeader((h) => (h['io.cncf.notary.signingScheme'] = 'notary.x509.other')), /unsupported signing scheme "notary.x509.other"/],
  ['unsupported algorithm', () => withHeader((h) => (h['alg'] = 'RS256')), /signature algorithm "RS256" is not supported/],
  ['content type is not the Notary payload', () => withHeader((h) => (h['cty'] = 'application/json')), /payload content type "application\/json" is not supported/],
  [
    'a general (non-flattened) JWS member',
    () => signRawEnvelope({ protectedHeader: baseHeader(), chain, algorithm: 'ES384', extraMembers: { signatures: [] } }),
    /only the flattened JWS JSON serialization/,
  ],
  [
    'x5c entry that is not standard base64',
    () => signRawEnvelope({ protectedHeader: baseHeader(), chain, algorithm: 'ES384', header: { x5c: [`${x5c[0]!.slice(0, 10)}\n${x5c[0]!.slice(10)}`, ...x5c.slice(1)] } }),
    /x5c\[0\] is not standard padded base64/,
  ],
  [
    'x5c missing',
    () => signRawEnvelope({ protectedHeader: baseHeader(), chain, algorithm: 'ES384', header: { 'io.cncf.notary.signingAgent': 'test' } }),
    /certificate chain \(x5c\) is missing/,
  ],
  [
    'x5c leaf is not a certificate',
    () => signRawEnvelope({ protectedHeader: baseHeader(), chain, algorithm: 'ES384', header: { x5c: ['AAAA', ...x5c.slice(1)] } }),
    /x5c\[0\] of the signature envelope is a malformed leaf certificate/,
  ],
  [
    'signature made by another key',
    () => signRawEnvelope({ protectedHeader: baseHeader(), chain: [{ ...chain[0]!, key: 'intermediate-p384' }, ...chain.slice(1)], algorithm: 'ES384' }),
    /the signature does not verify with the signing certificate's key/,
  ],
  [
    'payload is not a Notary payload',
    () => signRawEnvelope({ protectedHeader: baseHeader(), chain, algorithm: 'ES384', payload: Buffer.from('{"subject":{}}') }),
    /the signed payload is invalid: payload has no targetArtifact/,
  ],
  ['envelope is not JSON', () => Buffer.from('not json'), /the envelope is not JSON/],
  // notation-core-go decodes the standard members into a struct, matching keys without regard to case: it would read
  // this past, non-critical expiry as the expiry (and refuse it), so it must not pass here as an extended attribute.
  [
    'a past expiry under a differently cased key',
    () => withHeader((h) => (h['io.cncf.notary.Expiry'] = '2025-06-02T10:00:00Z')),
    /the protected header has the key "io\.cncf\.notary\.Expiry" beside or instead of "io\.cncf\.notary\.expiry"; notation reads these keys without regard to case/,
  ],
  [
    'a second signing time under a differently cased key',
    () => withHeader((h) => (h['io.cncf.notary.SigningTime'] = '2030-01-01T00:00:00Z')),
    /the key "io\.cncf\.notary\.SigningTime" beside or instead of "io\.cncf\.notary\.signingTime"/,
  ],
  ['crit under a differently cased key', () => withHeader((h) => (h['CRIT'] = ['io.cncf.notary.signingScheme'])), /the key "CRIT" beside or instead of "crit"/],
];

describe('envelope shape and header rules (integrity)', () => {
  it('the unmodified base header passes at strict', async () => {
    const outcome = await verifyTest(withHeader(() => undefined), {
      policy: policyFor({ level: 'strict', trustStores: ['ca:test'], trustedIdentities: [LEAF_IDENTITY] }),
      trustStoreDir,
    });
    expect(outcome.verdict).toBe('pass');
  });

  it('an AWS Signer profile claimed by a signature that does not name the AWS Signer plugin is not reported as its signer', async () => {
    const claimed = 'arn:aws:signer:us-east-1:111122223333:/signing-profiles/ProdRelease/abcdef1234';
    const envelope = withHeader((h) => (h['com.amazonaws.signer.signingProfileVersion'] = claimed));
    const outcome = await verifyTest(envelope, {
      policy: policyFor({ level: 'strict', trustStores: ['ca:test'], trustedIdentities: [LEAF_IDENTITY] }),
      trustStoreDir,
    });
    expect(outcome.verdict).toBe('pass');
    expect(outcome.signature?.signingProfileVersionArn).toBeUndefined();
    expect(outcome.signature?.signer).toBe(chain[0]!.subject);
  });

  // Forms drydock does not read, as opposed to broken ones: their failures are marked fault: 'unsupported'.
  const UNSUPPORTED = new Set(['unknown signing scheme', 'unsupported algorithm', 'content type is not the Notary payload']);

  it.each(integrityCases)('%s: integrity fails at strict, permissive and audit', async (name, build, message) => {
    const envelope = build();
    for (const level of ['strict', 'permissive', 'audit']) {
      const outcome = await verifyTest(envelope, { policy: policyFor({ level, trustStores: ['ca:test'], trustedIdentities: ['*'] }), trustStoreDir });
      expect({ level, ...summarize(outcome, 'integrity') }).toEqual({ level, verdict: 'fail', failedCheck: 'integrity', integrity: 'fail' });
      expect(checkNamed(outcome, 'integrity').message).toMatch(message);
      expect(checkNamed(outcome, 'integrity').fault).toBe(UNSUPPORTED.has(name) ? 'unsupported' : undefined);
    }
  });

  it('refuses COSE envelopes by media type', async () => {
    const outcome = await verifyEnvelope({
      envelope: withHeader(() => undefined),
      mediaType: 'application/cose',
      descriptor: TEST_DESCRIPTOR,
      reference: TEST_REFERENCE,
      trustPolicy: policyFor({ level: 'audit', trustStores: ['ca:test'], trustedIdentities: ['*'] }),
      trustStoreDir,
    });
    expect(failedCheck(outcome)).toBe('integrity');
    expect(checkNamed(outcome, 'integrity').message).toMatch(/COSE signature envelopes \(application\/cose\) are not supported/);
    expect(checkNamed(outcome, 'integrity').fault).toBe('unsupported');
  });

  it('ignores unknown and differently cased unprotected header members', async () => {
    const envelope = signRawEnvelope({
      protectedHeader: baseHeader(),
      chain,
      algorithm: 'ES384',
      header: { x5c, 'io.cncf.notary.SigningAgent': 'Other/1.0', 'x-extra': { nested: true } },
    });
    const outcome = await verifyTest(envelope, { policy: policyFor({ level: 'strict', trustStores: ['ca:test'], trustedIdentities: ['*'] }), trustStoreDir });
    expect(outcome.verdict).toBe('pass');
  });
});

/**
 * The signature encodings RFC 7518 and the Notary Project specification fix: PSS with a salt as long as the digest
 * (§3.5), ECDSA as raw r||s (§3.4). Each case re-signs a valid envelope's signing input with the same key in another
 * encoding that node:crypto would also verify if asked; the verifier must not ask.
 */
describe('signature encodings (integrity)', () => {
  const DOES_NOT_VERIFY =
    "the signature does not verify with the signing certificate's key: the envelope was modified after signing, or was not signed by that certificate";

  /** The envelope with its signature replaced by `signInput` over the same signing input. */
  function resigned(envelope: Buffer, signInput: (input: Buffer) => Buffer): Buffer {
    const jws = JSON.parse(envelope.toString()) as Record<string, string>;
    jws['signature'] = signInput(Buffer.from(`${jws['protected']}.${jws['payload']}`)).toString('base64url');
    return Buffer.from(JSON.stringify(jws));
  }

  async function expectIntegrityFailure(envelope: Buffer): Promise<void> {
    for (const level of ['strict', 'permissive', 'audit']) {
      const outcome = await verifyTest(envelope, { policy: policyFor({ level, trustStores: ['ca:test'], trustedIdentities: ['*'] }), trustStoreDir });
      expect({ level, ...summarize(outcome, 'integrity') }).toEqual({ level, verdict: 'fail', failedCheck: 'integrity', integrity: 'fail' });
      expect(checkNamed(outcome, 'integrity').message).toBe(DOES_NOT_VERIFY);
      expect(checkNamed(outcome, 'integrity').fault).toBeUndefined();
    }
  }

  async function expectPass(envelope: Buffer): Promise<void> {
    const outcome = await verifyTest(envelope, { policy: policyFor({ level: 'strict', trustStores: ['ca:test'], trustedIdentities: [LEAF_IDENTITY] }), trustStoreDir });
    expect(outcome.verdict).toBe('pass');
  }

  const pssCases: Array<[JwsAlgorithm, KeyName, string, number]> = [
    ['PS256', 'leaf-rsa2048', 'sha256', 32],
    ['PS384', 'leaf-rsa3072', 'sha384', 48],
    ['PS512', 'leaf-rsa4096', 'sha512', 64],
  ];
  it.each(pssCases)('%s (%s key): a PSS signature with the maximum salt length fails integrity; salt length = digest length verifies', async (_alg, key, hash, digestLength) => {
    const leaf = codeSigningLeaf(LEAF_SUBJECT, key, intermediate);
    const envelope = await signTestEnvelope({ chain: [leaf, intermediate, root] });
    const pss = (saltLength: number) => (input: Buffer) => sign(hash, input, { key: privateKeyOf(key), padding: constants.RSA_PKCS1_PSS_PADDING, saltLength });
    // The re-signing itself is sound: with the digest length as salt length it verifies.
    await expectPass(resigned(envelope, pss(digestLength)));
    await expectIntegrityFailure(resigned(envelope, pss(constants.RSA_PSS_SALTLEN_MAX_SIGN)));
  });

  const ecdsaCases: Array<[JwsAlgorithm, KeyName, string]> = [
    ['ES256', 'leaf-p256', 'sha256'],
    ['ES384', 'leaf-p384', 'sha384'],
    ['ES512', 'leaf-p521', 'sha512'],
  ];
  it.each(ecdsaCases)('%s (%s key): a DER-encoded ECDSA signature fails integrity; raw r||s verifies', async (_alg, key, hash) => {
    const leaf = codeSigningLeaf(LEAF_SUBJECT, key, intermediate);
    const envelope = await signTestEnvelope({ chain: [leaf, intermediate, root] });
    const ecdsa = (dsaEncoding: 'der' | 'ieee-p1363') => (input: Buffer) => sign(hash, input, { key: privateKeyOf(key), dsaEncoding });
    await expectPass(resigned(envelope, ecdsa('ieee-p1363')));
    await expectIntegrityFailure(resigned(envelope, ecdsa('der')));
  });
});

describe('extended attributes (verificationPlugin check, not level dependent)', () => {
  const cases: Array<[string, (h: Record<string, unknown>) => void, RegExp | undefined]> = [
    [
      'an unknown critical attribute fails',
      (h) => {
        h['com.example.policy'] = 'v1';
        h['crit'] = ['io.cncf.notary.signingScheme', 'com.example.policy'];
      },
      /marks attribute\(s\) "com.example.policy" as critical, which no verifier here understands/,
    ],
    ['an unknown non-critical attribute is ignored', (h) => (h['com.example.note'] = 'hello'), undefined],
    [
      'a verification plugin that is not built in fails',
      (h) => {
        h['io.cncf.notary.verificationPlugin'] = 'com.example.plugin';
        h['crit'] = ['io.cncf.notary.signingScheme', 'io.cncf.notary.verificationPlugin'];
      },
      /requires verification plugin "com.example.plugin", which is not available/,
    ],
    [
      'a verification plugin attribute that is not critical fails',
      (h) => (h['io.cncf.notary.verificationPlugin'] = 'com.amazonaws.signer.notation.plugin'),
      /"io.cncf.notary.verificationPlugin" must be a critical attribute/,
    ],
  ];
  it.each(cases)('%s', async (_name, change, message) => {
    const envelope = withHeader(change);
    for (const level of ['strict', 'permissive', 'audit']) {
      const outcome = await verifyTest(envelope, { policy: policyFor({ level, trustStores: ['ca:test'], trustedIdentities: ['*'] }), trustStoreDir });
      if (message) {
        expect({ level, ...summarize(outcome, 'verificationPlugin') }).toEqual({ level, verdict: 'fail', failedCheck: 'verificationPlugin', verificationPlugin: 'fail' });
        expect(checkNamed(outcome, 'verificationPlugin').message).toMatch(message);
      } else {
        expect({ level, verdict: outcome.verdict }).toEqual({ level, verdict: 'pass' });
      }
    }
  });
});

describe('builder output', () => {
  it('writes alg, cty, crit and standard base64 x5c as the specification requires', async () => {
    const envelope = JSON.parse((await signTestEnvelope({ chain, expiry: new Date('2099-01-01T00:00:00Z'), signingTime: new Date('2025-06-01T10:00:00.750Z') })).toString());
    expect(Object.keys(envelope).sort()).toEqual(['header', 'payload', 'protected', 'signature']);
    expect(JSON.parse(Buffer.from(envelope.protected, 'base64url').toString())).toEqual({
      alg: 'ES384',
      cty: PAYLOAD_TYPE,
      crit: ['io.cncf.notary.signingScheme', 'io.cncf.notary.expiry'],
      'io.cncf.notary.signingScheme': 'notary.x509',
      'io.cncf.notary.signingTime': '2025-06-01T10:00:00Z',
      'io.cncf.notary.expiry': '2099-01-01T00:00:00Z',
    });
    expect(envelope.header.x5c).toEqual(x5c);
    expect(envelope.payload).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(envelope.signature).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(envelope.signature, 'base64url')).toHaveLength(96);
  });
});
