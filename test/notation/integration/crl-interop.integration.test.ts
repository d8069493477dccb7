/**
 * CRL revocation checks, judged by drydock's verify-signature and by the real `notation verify` on the same signed
 * images: leaves (and an intermediate) whose certificates name a CRL served from loopback, in the states a CRL can be
 * in (listing nothing, listing the leaf or the intermediate, without nextUpdate, expired, signed by another key, missing,
 * listing the leaf with an invalidity date after the signature), at strict and at permissive. Each state has its own CRL URL, so
 * notation's CRL cache (in its HOME) never answers for another. Both tools must conclude what the table says. Nothing
 * is doubled: the CRLs come from the test PKI and are served by a node:http server, the images live in the testbed's
 * registry.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describeWithTestbed, uniqueRepository } from '../../oci/integration/testbed.js';
import { startStaticServer, type LoopbackServer } from '../../support/static-http.js';
import { tempDir } from '../../support/temp-dir.js';
import { codeSigningLeaf, intermediateCa, issueCrl, keyPem, rootCa, type CrlOptions, type IssuedCertificate } from '../support/test-pki.js';
import { bothVerdicts, notationHome, notationTrustStore, peerPolicy, signedImage, writeStore } from './support/verifiers.js';

type Verdict = 'pass' | 'fail';
type CrlState =
  | 'lists nothing'
  | 'lists another serial'
  | 'has no nextUpdate'
  | 'lists the leaf'
  | 'lists the intermediate'
  | 'expired'
  | 'is forged'
  | 'is missing'
  | 'names another issuer'
  | 'is a delta CRL'
  | 'lists the leaf, invalid after signing';

const HOUR = 3_600_000;
const SIGNER = 'CN=Drydock CRL Signer,O=Drydock,ST=WA,C=US';

/**
 * Each state with drydock's verdict at strict and at permissive, and notation's at strict where it differs on purpose.
 * Two do: notation (Go's x509) takes a CRL that names another issuer than the certificate's, if the issuer's key signed
 * it, and a delta CRL served as if it were complete. drydock takes neither (RFC 5280 §6.3.3: the CRL issuer must be the
 * certificate's, and a delta CRL lists only changes, so read as complete it would miss revocations): both are unknown.
 */
const CASES: ReadonlyArray<readonly [state: CrlState, strict: Verdict, permissive: Verdict, notationStrict?: Verdict]> = [
  ['lists nothing', 'pass', 'pass'],
  ['lists another serial', 'pass', 'pass'],
  ['has no nextUpdate', 'fail', 'pass'],
  ['lists the leaf', 'fail', 'pass'],
  ['lists the intermediate', 'fail', 'pass'],
  ['expired', 'fail', 'pass'],
  ['is forged', 'fail', 'pass'],
  ['is missing', 'fail', 'pass'],
  ['names another issuer', 'fail', 'pass', 'pass'],
  ['is a delta CRL', 'fail', 'pass', 'pass'],
  // notary.x509 signatures have no signing time an authority vouches for, so the invalidity date cannot save them.
  ['lists the leaf, invalid after signing', 'fail', 'pass'],
];

describeWithTestbed('CRL revocation: verify-signature and `notation verify` conclude the same', () => {
  const repository = uniqueRepository('crl');
  const work = tempDir('crl-interop');
  const crls = new Map<string, Buffer>();
  const images = new Map<CrlState, string>();
  let server: LoopbackServer | undefined;
  let home: string;
  let ours: string;

  beforeAll(async () => {
    server = await startStaticServer(crls);
    const base = server.url;

    const root = rootCa('CN=Drydock CRL Root,O=Drydock,ST=WA,C=US', 'root-p384');
    const current = (issuer: IssuedCertificate, options: Partial<CrlOptions> = {}) => issueCrl({ issuer, thisUpdate: new Date(Date.now() - HOUR), ...options });
    // Two intermediates: one in good standing, one its root's CRL revokes.
    const intermediate = intermediateCa('CN=Drydock CRL Intermediate,O=Drydock,ST=WA,C=US', 'intermediate-p384', root, { crlDistributionPoint: `${base}/root.crl` });
    const revokedIntermediate = intermediateCa('CN=Drydock Revoked Intermediate,O=Drydock,ST=WA,C=US', 'intermediate-p384', root, {
      crlDistributionPoint: `${base}/root-revoking.crl`,
    });
    crls.set('/root.crl', current(root));
    crls.set('/root-revoking.crl', current(root, { entries: [{ serialNumber: revokedIntermediate.serialNumber, reasonCode: 2 }] }));

    home = notationHome();
    ours = tempDir('crl-store');
    for (const base of [notationTrustStore(home), ours]) writeStore(base, 'ca', 'crl', root.pem);
    writeFileSync(path.join(work, 'leaf.key'), keyPem('leaf-p256'), { mode: 0o600 });

    for (const [index, [state]] of CASES.entries()) {
      const issuer = state === 'lists the intermediate' ? revokedIntermediate : intermediate;
      const file = `/leaf-${index}.crl`;
      const leaf = codeSigningLeaf(SIGNER, 'leaf-p256', issuer, { crlDistributionPoint: `${base}${file}` });
      const crl: Record<CrlState, () => Buffer | undefined> = {
        'lists nothing': () => current(issuer),
        'lists another serial': () => current(issuer, { entries: [{ serialNumber: leaf.serialNumber + 1n, reasonCode: 1 }] }),
        'has no nextUpdate': () => current(issuer, { nextUpdate: null }),
        'lists the leaf': () => current(issuer, { entries: [{ serialNumber: leaf.serialNumber, reasonCode: 1 }] }),
        'lists the intermediate': () => current(issuer),
        expired: () => current(issuer, { thisUpdate: new Date(Date.now() - 48 * HOUR), nextUpdate: new Date(Date.now() - 24 * HOUR) }),
        'is forged': () => current(issuer, { signingKey: 'other-root-p384' }),
        'is missing': () => undefined,
        // Signed by the right key, but naming another CA as its issuer.
        'names another issuer': () => current(issuer, { issuerName: 'CN=Someone Else,O=Drydock,ST=WA,C=US' }),
        'is a delta CRL': () => current(issuer, { extensions: [{ oid: '2.5.29.27', critical: true, value: Buffer.from('020101', 'hex') }] }),
        'lists the leaf, invalid after signing': () => current(issuer, { entries: [{ serialNumber: leaf.serialNumber, reasonCode: 1, invalidityDate: new Date(Date.now() + HOUR) }] }),
      };
      const bytes = crl[state]();
      if (bytes) crls.set(file, bytes);
      const chainFile = `chain-${index}.pem`;
      writeFileSync(path.join(work, chainFile), [leaf, issuer, root].map((certificate) => certificate.pem).join(''));
      images.set(state, await signedImage(work, repository, `case-${index}`, 'leaf.key', chainFile));
    }
  });

  afterAll(() => server?.close());

  const policy = (level: string) => peerPolicy(repository, ['ca:crl'], [`x509.subject:${SIGNER}`], { level });

  const table = CASES.map(([state, strict, permissive, notationStrict]) => [state, strict, permissive, notationStrict ?? strict] as const);
  test.each(table)('a CRL that %s: drydock %s at strict and %s at permissive; notation %s at strict', async (state, strict, permissive, notationStrict) => {
    const image = images.get(state)!;
    const atStrict = await bothVerdicts(work, home, image, policy('strict'), ours);
    expect({ drydock: atStrict.drydock, notation: atStrict.notation }).toEqual({ drydock: strict, notation: notationStrict });
    if (strict === 'fail') expect(atStrict.message).toMatch(/revocation status of certificate .* is unknown|certificate .* is revoked: CRL/);
    const atPermissive = await bothVerdicts(work, home, image, policy('permissive'), ours);
    expect({ drydock: atPermissive.drydock, notation: atPermissive.notation }).toEqual({ drydock: permissive, notation: permissive });
  });
});
