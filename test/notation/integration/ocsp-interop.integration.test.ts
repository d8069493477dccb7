/**
 * OCSP revocation checks, judged by drydock's verify-signature and by the real `notation verify` on the same signed
 * images. The responders are OpenSSL's (`openssl ocsp`, behind a node:http server on loopback), answering from a CA
 * index the test writes; the leaves name them in their Authority Information Access. States: good, revoked, unknown
 * to the responder, a response the issuer signed that carries the issuer's own certificate (Go refuses it), a response
 * without nextUpdate, a delegated responder (with and without the OCSPSigning EKU), a
 * responder that is down (with and without a CRL to fall back to), and a revoked answer while the CRL says good.
 * Both tools must conclude what the table says. Nothing is doubled.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describeWithTestbed, uniqueRepository } from '../../oci/integration/testbed.js';
import { startOpensslOcspResponder, type OcspIndexEntry, type OpensslOcspOptions, type OpensslOcspResponder } from '../../support/openssl-ocsp.js';
import { startStaticServer, type LoopbackServer } from '../../support/static-http.js';
import { tempDir } from '../../support/temp-dir.js';
import { codeSigningLeaf, EKU, intermediateCa, issueCrl, keyPem, ocspResponderCertificate, rootCa, type CertificateOptions } from '../support/test-pki.js';
import { bothVerdicts, notationHome, notationTrustStore, peerPolicy, signedImage, writeStore } from './support/verifiers.js';

type Verdict = 'pass' | 'fail';
type OcspState =
  | 'answers good'
  | 'carries its signer’s own certificate'
  | 'answers revoked'
  | 'does not know the certificate'
  | 'answers without nextUpdate'
  | 'delegates to an OCSPSigning responder'
  | 'delegates to a responder without OCSPSigning'
  | 'is down, and the CRL says good'
  | 'is down, and there is no CRL'
  | 'answers revoked, and the CRL says good';

/**
 * drydock's verdict at strict (at permissive both tools pass every state: revocation is only logged there), and
 * notation's at strict where it differs on purpose: golang.org/x/crypto/ocsp takes a response signed by a responder
 * certificate the issuer issued without checking that it holds the OCSPSigning EKU, which RFC 6960 §4.2.2.2 requires;
 * drydock refuses it (any certificate the CA issued, a code signing leaf included, could otherwise vouch for others).
 */
const CASES: ReadonlyArray<readonly [state: OcspState, strict: Verdict, notationStrict?: Verdict]> = [
  ['answers good', 'pass'],
  ['carries its signer’s own certificate', 'fail'],
  ['answers revoked', 'fail'],
  ['does not know the certificate', 'fail'],
  ['answers without nextUpdate', 'fail'],
  ['delegates to an OCSPSigning responder', 'pass'],
  ['delegates to a responder without OCSPSigning', 'fail', 'pass'],
  ['is down, and the CRL says good', 'pass'],
  ['is down, and there is no CRL', 'fail'],
  ['answers revoked, and the CRL says good', 'fail'],
];

const SIGNER = 'CN=Drydock OCSP Signer,O=Drydock,ST=WA,C=US';

describeWithTestbed('OCSP revocation: verify-signature and `notation verify` conclude the same', () => {
  const repository = uniqueRepository('ocsp');
  const work = tempDir('ocsp-interop');
  const responders: OpensslOcspResponder[] = [];
  const images = new Map<OcspState, string>();
  const crls = new Map<string, Buffer>();
  let crlServer: LoopbackServer | undefined;
  let home: string;
  let ours: string;

  beforeAll(async () => {
    const root = rootCa('CN=Drydock OCSP Root,O=Drydock,ST=WA,C=US', 'root-p384');
    const intermediate = intermediateCa('CN=Drydock OCSP Intermediate,O=Drydock,ST=WA,C=US', 'intermediate-p384', root);
    const delegate = (purposes: string[]) => ocspResponderCertificate('CN=Drydock OCSP Responder,O=Drydock,ST=WA,C=US', intermediate, purposes);
    const index: OcspIndexEntry[] = [];
    const responder = async (options: Partial<OpensslOcspOptions> = {}) => {
      const started = await startOpensslOcspResponder({
        issuerPem: intermediate.pem,
        signerPem: intermediate.pem,
        signerKeyPem: keyPem('intermediate-p384'),
        index,
        days: 1,
        noCerts: true,
        ...options,
      });
      responders.push(started);
      return started.url;
    };
    const byIssuer = await responder();
    const embeddingIssuer = await responder({ noCerts: false });
    const withoutNextUpdate = await responder({ days: undefined });
    const delegated = await responder({ signerPem: delegate([EKU.ocspSigning]).pem, signerKeyPem: keyPem('tsa-leaf-p256'), noCerts: false });
    const delegatedWithoutEku = await responder({ signerPem: delegate([EKU.codeSigning]).pem, signerKeyPem: keyPem('tsa-leaf-p256'), noCerts: false });
    const down = await responder();
    await responders.pop()!.close(); // its port now refuses connections

    crlServer = await startStaticServer(crls);
    const crlUrl = `${crlServer.url}/intermediate.crl`;
    crls.set('/intermediate.crl', issueCrl({ issuer: intermediate, thisUpdate: new Date(Date.now() - 3_600_000) }));

    home = notationHome();
    ours = tempDir('ocsp-store');
    for (const base of [notationTrustStore(home), ours]) writeStore(base, 'ca', 'ocsp', root.pem);
    writeFileSync(path.join(work, 'leaf.key'), keyPem('leaf-p256'), { mode: 0o600 });

    const setups: Record<OcspState, { leaf: Partial<CertificateOptions>; revoked?: true; unlisted?: true }> = {
      'answers good': { leaf: { ocspResponder: byIssuer } },
      'carries its signer’s own certificate': { leaf: { ocspResponder: embeddingIssuer } },
      'answers revoked': { leaf: { ocspResponder: byIssuer }, revoked: true },
      'does not know the certificate': { leaf: { ocspResponder: byIssuer }, unlisted: true },
      'answers without nextUpdate': { leaf: { ocspResponder: withoutNextUpdate } },
      'delegates to an OCSPSigning responder': { leaf: { ocspResponder: delegated } },
      'delegates to a responder without OCSPSigning': { leaf: { ocspResponder: delegatedWithoutEku } },
      'is down, and the CRL says good': { leaf: { ocspResponder: down, crlDistributionPoint: crlUrl } },
      'is down, and there is no CRL': { leaf: { ocspResponder: down } },
      'answers revoked, and the CRL says good': { leaf: { ocspResponder: byIssuer, crlDistributionPoint: crlUrl }, revoked: true },
    };
    for (const [number, [state]] of CASES.entries()) {
      const setup = setups[state];
      const leaf = codeSigningLeaf(SIGNER, 'leaf-p256', intermediate, setup.leaf);
      if (!setup.unlisted) index.push({ serialNumber: leaf.serialNumber, ...(setup.revoked ? { revoked: { at: new Date(Date.now() - 60_000), reason: 'keyCompromise' } } : {}) });
      const chainFile = `chain-${number}.pem`;
      writeFileSync(path.join(work, chainFile), [leaf, intermediate, root].map((certificate) => certificate.pem).join(''));
      images.set(state, await signedImage(work, repository, `case-${number}`, 'leaf.key', chainFile));
    }
  });

  afterAll(async () => {
    await Promise.all(responders.map((responder) => responder.close()));
    await crlServer?.close();
  });

  const policy = (level: string) => peerPolicy(repository, ['ca:ocsp'], [`x509.subject:${SIGNER}`], { level });
  const table = CASES.map(([state, strict, notationStrict]) => [state, strict, notationStrict ?? strict] as const);

  test.each(table)('a responder that %s: drydock %s at strict, notation %s; both pass at permissive', async (state, strict, notationStrict) => {
    const image = images.get(state)!;
    const atStrict = await bothVerdicts(work, home, image, policy('strict'), ours);
    expect({ drydock: atStrict.drydock, notation: atStrict.notation }).toEqual({ drydock: strict, notation: notationStrict });
    if (strict === 'fail') expect(atStrict.message).toMatch(/revocation status of certificate .* is unknown: OCSP responder|certificate .* is revoked: OCSP responder/);
    const atPermissive = await bothVerdicts(work, home, image, policy('permissive'), ours);
    expect({ drydock: atPermissive.drydock, notation: atPermissive.notation }).toEqual({ drydock: 'pass', notation: 'pass' });
  });
});
