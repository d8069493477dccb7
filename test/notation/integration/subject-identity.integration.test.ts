/**
 * `x509.subject:` trusted identities, read by drydock and by the real `notation` CLI (Debian's notation, unpacked by the
 * testbed): for each distinguished name below, verify-signature and `notation verify` judge the same signed image with
 * the same trust policy, and the test states what each must conclude. They agree on every name, except where drydock
 * refuses, when it reads the policy, a name notation accepts but can never match (lower-case attribute types, raw
 * characters RFC 4514 requires escaped): there both fail the image, drydock earlier and with the fix in its message.
 * Nothing is doubled here.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { signingMaterial } from '../../actions/notation-sign/support/harness.js';
import { describeWithTestbed, uniqueRepository } from '../../oci/integration/testbed.js';
import { codeSigningLeaf, keyPem } from '../support/test-pki.js';
import { drydockVerify, notationHome, notationTrustStore, notationVerify, peerPolicy, signedImage, writeStore } from './support/verifiers.js';

/** What a verifier concluded: the image passed, its signer's subject did not match, or the policy was refused. */
type Outcome = 'pass' | 'identity' | 'policy';

// The everyday test leaf is CN=Drydock Test Signer,O=Drydock,L=Seattle,ST=WA,C=US.
const CASES: ReadonlyArray<readonly [dn: string, drydock: Outcome, notation: Outcome, why: string]> = [
  ['CN=Drydock Test Signer,O=Drydock,ST=WA,C=US', 'pass', 'pass', 'the leaf itself'],
  ['O=Drydock,ST=WA,C=US', 'pass', 'pass', 'a subset of the leaf'],
  [' O = Drydock ,ST=WA, C=US', 'pass', 'pass', 'spaces around types and values do not count'],
  ['O=Drydock;ST=WA;C=US', 'pass', 'pass', "';' separates RDNs too"],
  ['CN=Drydock\\20Test Signer,O=Drydock,ST=WA,C=US', 'pass', 'pass', 'a hex-escaped byte'],
  ['O=Drydock,S=WA,C=US', 'pass', 'pass', 'S is an alias of ST'],
  ['OU=,O=Drydock,ST=WA,C=US', 'pass', 'pass', 'an empty value matches an attribute the leaf lacks'],
  ['L=,O=Drydock,ST=WA,C=US', 'identity', 'identity', 'an empty value does not match one the leaf has'],
  ['O=Drydock\t,ST=WA,C=US', 'identity', 'identity', 'a tab is part of the value'],
  ['2.5.4.10=Drydock,O=Drydock,ST=WA,C=US', 'identity', 'identity', 'a dotted type is not the leaf\'s "O"'],
  ['O=Drydock,ST=WA,C=US,OU=Other', 'identity', 'identity', 'an attribute the leaf has not'],
  ['o=Drydock,st=WA,c=US', 'policy', 'policy', 'types are case-sensitive, so C, ST and O are missing'],
  ['CN=Drydock Test Signer,O=Drydock,ST=WA,S=WA,C=US', 'policy', 'policy', 'S and ST are the same attribute twice'],
  ['CN=Drydock\\aTest Signer,O=Drydock,ST=WA,C=US', 'policy', 'policy', 'an escape that is neither special nor hex'],
  ['CN=#0c0158,O=Drydock,ST=WA,C=US', 'policy', 'policy', 'hex values are not supported'],
  ['O=Drydock,ST=WA,C=US,cn=Drydock Test Signer', 'policy', 'identity', 'a lower-case type never matches: drydock says so'],
  ['CN="Drydock Test Signer",O=Drydock,ST=WA,C=US', 'policy', 'identity', 'quotes have no meaning: drydock asks for them escaped'],
];

describeWithTestbed('x509.subject identities: verify-signature and the notation CLI conclude the same', () => {
  const material = signingMaterial();
  const repository = uniqueRepository('subject-identity');
  let home: string;
  let signed: string;
  let mailSigned: string;

  beforeAll(async () => {
    home = notationHome();
    writeStore(notationTrustStore(home), 'ca', 'drydock-test', material.chain.root.pem);
    signed = await signedImage(material.work, repository, 'v1', 'signing.key', 'chain.pem');
    // A leaf whose subject also has an emailAddress, which Go writes as "1.2.840.113549.1.9.1=#...".
    const mailLeaf = codeSigningLeaf('CN=Mail Signer,O=Drydock,ST=WA,C=US,E=ops@example.com', 'leaf-p256', material.chain.intermediate);
    writeFileSync(path.join(material.work, 'mail.key'), keyPem('leaf-p256'), { mode: 0o600 });
    writeFileSync(path.join(material.work, 'mail-chain.pem'), [mailLeaf, material.chain.intermediate, material.chain.root].map((c) => c.pem).join(''));
    mailSigned = await signedImage(material.work, repository, 'mail', 'mail.key', 'mail-chain.pem');
  });

  const policyFor = (identity: string) => peerPolicy(repository, ['ca:drydock-test'], [identity]);

  async function drydockOutcome(image: string, identity: string): Promise<{ outcome: Outcome; message: string }> {
    const { code, message } = await drydockVerify(material.work, image, policyFor(identity));
    if (code === 0) return { outcome: 'pass', message };
    return { outcome: /invalid distinguished name/.test(message) ? 'policy' : 'identity', message };
  }

  async function notationOutcome(image: string, identity: string): Promise<{ outcome: Outcome; message: string }> {
    const { passed, stderr } = await notationVerify(home, image, policyFor(identity));
    if (passed) return { outcome: 'pass', message: '' };
    return { outcome: /with invalid identity value/.test(stderr) ? 'policy' : 'identity', message: stderr };
  }

  test.each(CASES)('%j: drydock %s, notation %s (%s)', async (dn, drydock, notation) => {
    const [ours, theirs] = [await drydockOutcome(signed, `x509.subject:${dn}`), await notationOutcome(signed, `x509.subject:${dn}`)];
    expect({ dn, drydock: ours.outcome, notation: theirs.outcome }).toEqual({ dn, drydock, notation });
    if (drydock === 'identity') expect(ours.message).toContain('does not match the trusted identities');
  });

  test('a leaf whose subject has an attribute Go has no name for (emailAddress) matches no identity in either', async () => {
    const identity = 'x509.subject:CN=Mail Signer,O=Drydock,ST=WA,C=US';
    const [ours, theirs] = [await drydockOutcome(mailSigned, identity), await notationOutcome(mailSigned, identity)];
    expect([ours.outcome, theirs.outcome]).toEqual(['identity', 'identity']);
    expect(theirs.message).toContain('signature verification failed');
    expect(ours.message).toContain('the signing certificate subject cannot be matched: it has the attribute 1.2.840.113549.1.9.1 (emailAddress)');
    // The same image passes both when the policy trusts any identity from the store, so the subject is all that differs.
    const [anyOurs, anyTheirs] = [await drydockOutcome(mailSigned, '*'), await notationOutcome(mailSigned, '*')];
    expect([anyOurs.outcome, anyTheirs.outcome]).toEqual(['pass', 'pass']);
  });
});
