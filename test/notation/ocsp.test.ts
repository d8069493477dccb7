// OCSP (src/notation/ocsp.ts, and OCSP in x509-revocation.ts), on responses made by OpenSSL's own responder logic
// (`openssl ocsp`) from a CA index the tests write; the HTTP side is in ocsp-fetch.test.ts, and the whole against
// notation in the OCSP interop test.
import { sign } from 'node:crypto';
import { describe, expect, test } from '@jest/globals';
import { parseCertificate, type ParsedCertificate } from '../../src/notation/certificates.js';
import { childrenOf, readSingleElement } from '../../src/notation/der.js';
import { buildOcspRequest, certificateStatusInOcsp, OcspParseError, parseOcspResponse } from '../../src/notation/ocsp.js';
import { chainRevocation } from '../../src/notation/x509-revocation.js';
import { opensslOcspResponse, type OcspIndexEntry, type OpensslOcspOptions } from '../support/openssl-ocsp.js';
import { tlv } from './support/der-writer.js';
import { codeSigningLeaf, EKU, intermediateCa, issueCrl, keyPem, ocspResponderCertificate, privateKeyOf, rootCa } from './support/test-pki.js';

const DAY = 86_400_000;
const OCSP_URL = 'http://ocsp.test/intermediate';
const SECOND_URL = 'http://ocsp-backup.test/intermediate';
const CRL_URL = 'http://crl.test/intermediate.crl';

const root = rootCa('CN=OCSP Test Root,O=Drydock,C=US', 'root-p384');
const intermediate = intermediateCa('CN=OCSP Test Intermediate,O=Drydock,C=US', 'intermediate-p384', root);
const leaf = codeSigningLeaf('CN=OCSP Test Signer,O=Drydock,C=US', 'leaf-p256', intermediate, { ocspResponder: OCSP_URL });
const other = codeSigningLeaf('CN=Another Signer,O=Drydock,C=US', 'leaf-p256', intermediate);
const delegate = (purposes: string[], issuer = intermediate) => ocspResponderCertificate('CN=OCSP Responder,O=Drydock,C=US', issuer, purposes);

const [leafCert, intermediateCert, rootCert] = [leaf, intermediate, root].map((certificate) => parseCertificate(certificate.der)) as [ParsedCertificate, ParsedCertificate, ParsedCertificate];
const good: OcspIndexEntry[] = [{ serialNumber: leaf.serialNumber }];
const byIssuer = (index: readonly OcspIndexEntry[], extra: Partial<OpensslOcspOptions> = {}): OpensslOcspOptions => ({
  issuerPem: intermediate.pem,
  signerPem: intermediate.pem,
  signerKeyPem: keyPem('intermediate-p384'),
  index,
  days: 1,
  noCerts: true,
  ...extra,
});

/** OpenSSL's answer to drydock's request about the leaf, judged for the leaf at `now`. */
function leafStatus(options: OpensslOcspOptions, check: { now?: Date; signingTime?: Date; about?: ParsedCertificate } = {}) {
  const response = opensslOcspResponse(buildOcspRequest(check.about ?? leafCert, intermediateCert), options);
  return certificateStatusInOcsp(parseOcspResponse(response), leafCert, intermediateCert, { now: check.now ?? new Date(), ...(check.signingTime ? { signingTime: check.signingTime } : {}) });
}

describe('certificateStatusInOcsp on OpenSSL responses to drydock requests', () => {
  test('good: the responder found the certificate in good standing (so it read the request drydock built)', () => {
    expect(leafStatus(byIssuer(good))).toEqual({ status: 'good' });
  });

  test('revoked, with the time and reason the responder gives', () => {
    const at = new Date('2026-02-03T04:05:06Z');
    expect(leafStatus(byIssuer([{ serialNumber: leaf.serialNumber, revoked: { at, reason: 'keyCompromise' } }]))).toEqual({ status: 'revoked', revokedAt: at, reason: 'keyCompromise' });
  });

  test('a certificate the responder does not know: unknown, from the responder itself', () => {
    expect(leafStatus(byIssuer([{ serialNumber: leaf.serialNumber + 1n }]))).toEqual({ status: 'unknown', reason: 'the responder does not know the certificate', responderUnknown: true });
  });

  test('signed by a responder certificate the issuer delegated to (OCSPSigning)', () => {
    const responder = delegate([EKU.ocspSigning]);
    expect(leafStatus(byIssuer(good, { signerPem: responder.pem, signerKeyPem: keyPem('tsa-leaf-p256'), noCerts: false }))).toEqual({ status: 'good' });
  });

  test('signed by the issuer, with no certificate in the response', () => {
    expect(leafStatus(byIssuer(good, { noCerts: true }))).toEqual({ status: 'good' });
  });

  test('signed by the issuer, carrying the issuer’s own certificate: unknown, as in notation (Go)', () => {
    expect(leafStatus(byIssuer(good, { noCerts: false }))).toEqual({
      status: 'unknown',
      reason: "the response cannot be trusted: it carries its issuer's own certificate as the responder's, which notation refuses too",
      responderUnknown: false,
    });
  });

  test.each<[string, () => ReturnType<typeof leafStatus>, string]>([
    ['a delegated responder without OCSPSigning', () => leafStatus(byIssuer(good, { signerPem: delegate([EKU.codeSigning]).pem, signerKeyPem: keyPem('tsa-leaf-p256'), noCerts: false })), 'its responder certificate "CN=OCSP Responder,O=Drydock,C=US" lacks the OCSPSigning extended key usage'],
    [
      'a responder certificate another CA issued',
      () => leafStatus(byIssuer(good, { signerPem: delegate([EKU.ocspSigning], rootCa('CN=Other Root,O=Drydock,C=US', 'other-root-p384')).pem, signerKeyPem: keyPem('tsa-leaf-p256'), noCerts: false })),
      'its responder certificate "CN=OCSP Responder,O=Drydock,C=US" was not issued by "CN=OCSP Test Intermediate,O=Drydock,C=US"',
    ],
    ['a delegated responder that left its certificate out', () => leafStatus(byIssuer(good, { signerPem: delegate([EKU.ocspSigning]).pem, signerKeyPem: keyPem('tsa-leaf-p256'), noCerts: true })), "the response's signature does not verify"],
    ['a response without nextUpdate', () => leafStatus(byIssuer(good, { days: undefined })), 'the response has no nextUpdate, so it cannot be known to be current'],
    ['a response past its nextUpdate', () => leafStatus(byIssuer(good), { now: new Date(Date.now() + 2 * DAY) }), 'the response expired: its nextUpdate'],
    ['a response about another certificate', () => leafStatus(byIssuer([{ serialNumber: other.serialNumber }]), { about: parseCertificate(other.der) }), 'the response is not about this certificate'],
  ])('%s: unknown', (_, status, reason) => {
    expect(status()).toEqual({ status: 'unknown', reason: expect.stringContaining(reason), responderUnknown: false });
  });

  test('a response whose signature was changed: unknown', () => {
    const response = opensslOcspResponse(buildOcspRequest(leafCert, intermediateCert), byIssuer(good));
    // With no certificate in it, the signature BIT STRING ends the BasicOCSPResponse: flip its last byte.
    const tampered = Buffer.from(response);
    tampered[tampered.length - 1]! ^= 0x01;
    expect(certificateStatusInOcsp(parseOcspResponse(response), leafCert, intermediateCert, { now: new Date() }).status).toBe('good');
    expect(certificateStatusInOcsp(parseOcspResponse(tampered), leafCert, intermediateCert, { now: new Date() })).toMatchObject({ status: 'unknown', reason: "the response's signature does not verify" });
  });

  test('a root that signs its own responses and carries its own certificate: good, as in notation (Go)', () => {
    const response = opensslOcspResponse(buildOcspRequest(intermediateCert, rootCert), {
      issuerPem: root.pem,
      signerPem: root.pem,
      signerKeyPem: keyPem('root-p384'),
      index: [{ serialNumber: intermediate.serialNumber }],
      days: 1,
    });
    expect(certificateStatusInOcsp(parseOcspResponse(response), intermediateCert, rootCert, { now: new Date() })).toEqual({ status: 'good' });
  });

  describe('single extensions (a response built here, signed by the issuer)', () => {
    const signedResponse = (singleExtensions: Buffer[]) => {
      // SingleResponse { CertID (from drydock's own request), good, thisUpdate, [0] nextUpdate, [1] extensions }
      const certId = childrenOf(childrenOf(childrenOf(childrenOf(readSingleElement(buildOcspRequest(leafCert, intermediateCert)))[0]!)[0]!)[0]!)[0]!.encoded;
      const time = (offset: number) => tlv(0x18, Buffer.from(new Date(Date.now() + offset).toISOString().replace(/[-:T]|\.\d{3}/g, ''), 'latin1'));
      const single = tlv(0x30, certId, tlv(0x80), time(-60_000), tlv(0xa0, time(DAY)), ...(singleExtensions.length ? [tlv(0xa1, tlv(0x30, ...singleExtensions))] : []));
      const responseData = tlv(0x30, tlv(0xa2, tlv(0x04, Buffer.alloc(20))), time(0), tlv(0x30, single));
      const algorithm = tlv(0x30, tlv(0x06, Buffer.from('2a8648ce3d040303', 'hex'))); // ecdsa-with-SHA384
      const signature = sign('sha384', responseData, privateKeyOf('intermediate-p384'));
      const basic = tlv(0x30, responseData, algorithm, tlv(0x03, Buffer.from([0]), signature));
      return tlv(0x30, tlv(0x0a, Buffer.from([0])), tlv(0xa0, tlv(0x30, tlv(0x06, Buffer.from('2b0601050507300101', 'hex')), tlv(0x04, basic))));
    };
    const extension = (oid: string, critical: boolean) => tlv(0x30, tlv(0x06, Buffer.from(oid, 'hex')), ...(critical ? [tlv(0x01, Buffer.from([0xff]))] : []), tlv(0x04, tlv(0x05)));

    test('the builder makes a response drydock takes as good', () => {
      expect(certificateStatusInOcsp(parseOcspResponse(signedResponse([])), leafCert, intermediateCert, { now: new Date() })).toEqual({ status: 'good' });
    });

    test('a non-critical extension it does not know is passed over', () => {
      expect(certificateStatusInOcsp(parseOcspResponse(signedResponse([extension('2a0304', false)])), leafCert, intermediateCert, { now: new Date() }).status).toBe('good');
    });

    test('a critical one makes the status unknown, as Go refuses it', () => {
      expect(certificateStatusInOcsp(parseOcspResponse(signedResponse([extension('2a0304', true)])), leafCert, intermediateCert, { now: new Date() })).toEqual({
        status: 'unknown',
        reason: 'the response has an unsupported critical extension 1.2.3.4',
        responderUnknown: false,
      });
    });
  });

  test('a refusal (malformedRequest) is unknown, naming it', () => {
    const refusal = Buffer.from('30030a0101', 'hex');
    expect(certificateStatusInOcsp(parseOcspResponse(refusal), leafCert, intermediateCert, { now: new Date() })).toEqual({ status: 'unknown', reason: 'the responder refused: malformedRequest', responderUnknown: false });
  });

  test.each([
    ['bytes that are no DER', Buffer.from('<html>')],
    ['a CRL', issueCrl({ issuer: intermediate })],
  ])('parseOcspResponse refuses %s', (_, bytes) => {
    expect(() => parseOcspResponse(bytes)).toThrow(OcspParseError);
  });
});

describe('chainRevocation with OCSP', () => {
  const responses = new Map<string, (request: Buffer) => Buffer>();
  const asked: string[] = [];
  const queryOcsp = async (url: string, request: Uint8Array) => {
    asked.push(url);
    const answer = responses.get(url);
    if (!answer) throw new Error('connection refused');
    return answer(Buffer.from(request));
  };
  /** OpenSSL answering each request from `index`. */
  const answering = (index: readonly OcspIndexEntry[]) => (request: Buffer) => opensslOcspResponse(request, byIssuer(index));
  const chainWith = (overrides: Parameters<typeof codeSigningLeaf>[3]) => {
    const certificate = codeSigningLeaf('CN=OCSP Test Signer,O=Drydock,C=US', 'leaf-p256', intermediate, overrides);
    return { certificate, chain: [parseCertificate(certificate.der), intermediateCert, rootCert] };
  };
  const run = (chain: ParsedCertificate[], crls: Record<string, Buffer> = {}) => {
    asked.length = 0;
    return chainRevocation(chain, {
      queryOcsp,
      fetchCrl: async (url) => crls[url] ?? Promise.reject(new Error('connection refused')),
      now: new Date(),
    });
  };

  test('a good answer makes the certificate good, by OCSP', async () => {
    responses.clear();
    responses.set(OCSP_URL, answering(good));
    expect(await run([leafCert, intermediateCert, rootCert])).toEqual({ status: 'good', message: 'no certificate of the chain is revoked (1 checked, by OCSP)' });
  });

  test('a revoked answer makes the chain revoked, naming the responder, the time and the reason', async () => {
    responses.clear();
    responses.set(OCSP_URL, answering([{ serialNumber: leaf.serialNumber, revoked: { at: new Date('2026-02-03T04:05:06Z'), reason: 'keyCompromise' } }]));
    expect(await run([leafCert, intermediateCert, rootCert])).toMatchObject({
      status: 'revoked',
      message: `certificate "CN=OCSP Test Signer,O=Drydock,C=US" is revoked: OCSP responder ${OCSP_URL} answers that it was revoked on 2026-02-03T04:05:06.000Z, reason keyCompromise`,
    });
  });

  test('an unreachable responder leaves the status unknown when there is no CRL', async () => {
    responses.clear();
    expect(await run([leafCert, intermediateCert, rootCert])).toMatchObject({
      status: 'unknown',
      message: `revocation status of certificate "CN=OCSP Test Signer,O=Drydock,C=US" is unknown: OCSP responder ${OCSP_URL} could not be asked: connection refused`,
    });
  });

  test('an unreachable responder falls back to the CRL, as notation does', async () => {
    responses.clear();
    const { certificate, chain } = chainWith({ ocspResponder: OCSP_URL, crlDistributionPoint: CRL_URL });
    const crl = issueCrl({ issuer: intermediate, thisUpdate: new Date(Date.now() - 3_600_000), entries: [{ serialNumber: certificate.serialNumber, reasonCode: 1 }] });
    expect(await run(chain, { [CRL_URL]: crl })).toMatchObject({ status: 'revoked', message: expect.stringContaining(`CRL ${CRL_URL} lists it as revoked`) });
    const clean = issueCrl({ issuer: intermediate, thisUpdate: new Date(Date.now() - 3_600_000) });
    expect(await run(chain, { [CRL_URL]: clean })).toEqual({ status: 'good', message: 'no certificate of the chain is revoked (1 checked, by CRL)' });
  });

  test('with neither answering, both reasons are given', async () => {
    responses.clear();
    const { chain } = chainWith({ ocspResponder: OCSP_URL, crlDistributionPoint: CRL_URL });
    expect((await run(chain)).message).toBe(
      `revocation status of certificate "CN=OCSP Test Signer,O=Drydock,C=US" is unknown: OCSP responder ${OCSP_URL} could not be asked: connection refused; CRL ${CRL_URL} could not be read: connection refused`,
    );
  });

  describe('a certificate naming two responders', () => {
    test('the second is asked when the first cannot be', async () => {
      responses.clear();
      const { certificate, chain } = chainWith({ ocspResponder: [OCSP_URL, SECOND_URL] });
      responses.set(SECOND_URL, answering([{ serialNumber: certificate.serialNumber }]));
      expect((await run(chain)).status).toBe('good');
      expect(asked).toEqual([OCSP_URL, SECOND_URL]);
    });

    test('the second is not asked when the first answers "unknown"', async () => {
      responses.clear();
      const { chain } = chainWith({ ocspResponder: [OCSP_URL, SECOND_URL] });
      responses.set(OCSP_URL, answering([]));
      expect(await run(chain)).toMatchObject({ status: 'unknown', message: expect.stringContaining('the responder does not know the certificate') });
      expect(asked).toEqual([OCSP_URL]);
    });
  });
});
