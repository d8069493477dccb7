/**
 * Verification levels and overrides, judged by drydock and by the real `notation verify` on the same signed image: for
 * a trusted signer, a signer of another identity, a signer no store trusts, an expired signature (notation's own,
 * `notation sign --expiry 1s`) and a signer whose certificate names a CRL no one answers for (revocation status
 * unknown: neither tool can fetch it), at strict, permissive and audit and with
 * overrides, both conclude the same, which the test states. Nothing is doubled here.
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { pushImageWith, signingMaterial } from '../../actions/notation-sign/support/harness.js';
import { describeWithTestbed, httpRegistryClient, need, testbed, uniqueRepository } from '../../oci/integration/testbed.js';
import { tempDir } from '../../support/temp-dir.js';
import { codeSigningLeaf, keyPem, rootCa } from '../support/test-pki.js';
import { bothVerdicts, notationHome, notationSign, notationTrustStore, peerPolicy, signedImage, writeStore } from './support/verifiers.js';
import { listenOnLoopback } from '../../support/loopback.js';

type Verdict = 'pass' | 'fail';
type Signer = 'trusted' | 'other identity' | 'untrusted root' | 'expired' | 'revocation unknown';

/** A loopback port nothing listens on: one the kernel just handed out, closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await listenOnLoopback(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const SIGNER_IDENTITY = 'x509.subject:CN=Drydock Test Signer,O=Drydock,ST=WA,C=US';
const OTHER_IDENTITY = 'x509.subject:CN=Someone Else,O=Drydock,ST=WA,C=US';

const CASES: ReadonlyArray<readonly [signer: Signer, level: string, override: Record<string, string> | undefined, verdict: Verdict]> = [
  ['trusted', 'strict', undefined, 'pass'],
  ['trusted', 'permissive', undefined, 'pass'],
  ['trusted', 'audit', undefined, 'pass'],
  ['other identity', 'strict', undefined, 'fail'],
  ['other identity', 'permissive', undefined, 'fail'],
  ['other identity', 'audit', undefined, 'pass'],
  ['other identity', 'strict', { authenticity: 'log' }, 'pass'],
  ['untrusted root', 'strict', undefined, 'fail'],
  ['untrusted root', 'permissive', undefined, 'fail'],
  ['untrusted root', 'audit', undefined, 'pass'],
  ['untrusted root', 'permissive', { authenticity: 'log' }, 'pass'],
  ['expired', 'strict', undefined, 'fail'],
  ['expired', 'permissive', undefined, 'pass'],
  ['expired', 'audit', undefined, 'pass'],
  ['expired', 'strict', { expiry: 'log' }, 'pass'],
  ['revocation unknown', 'strict', undefined, 'fail'],
  ['revocation unknown', 'permissive', undefined, 'pass'],
  ['revocation unknown', 'strict', { revocation: 'log' }, 'pass'],
  ['revocation unknown', 'strict', { revocation: 'skip' }, 'pass'],
];

describeWithTestbed('verification levels: verify-signature and `notation verify` conclude the same', () => {
  const material = signingMaterial();
  const repository = uniqueRepository('levels');
  const other = rootCa('CN=Other Root,O=Elsewhere,ST=WA,C=US', 'other-root-p384');
  let home: string;
  let ours: string;
  let image: string;
  let expired: string;
  let unknownRevocation: string;

  beforeAll(async () => {
    home = notationHome();
    ours = tempDir('levels-store');
    // Store "signer" holds the signer's root, store "other" a root that issued nothing here; both tools get the same.
    for (const base of [notationTrustStore(home), ours]) {
      writeStore(base, 'ca', 'signer', material.chain.root.pem);
      writeStore(base, 'ca', 'other', other.pem);
    }
    image = await signedImage(material.work, repository, 'v1', 'signing.key', 'chain.pem');
    // notation signs a second image with the same key, its signature valid for one second, then it is left to expire.
    expired = `${need(testbed).http}/${repository}@${(await pushImageWith(httpRegistryClient(), repository, 'short')).digest}`;
    await notationSign(home, expired, { keyPath: path.join(material.work, 'signing.key'), certPath: path.join(material.work, 'chain.pem') }, ['--expiry', '1s']);
    // A leaf whose CRL lives where nothing listens (a loopback port just given up): its revocation status cannot be known.
    const crlLeaf = codeSigningLeaf('CN=Drydock Test Signer,O=Drydock,ST=WA,C=US', 'leaf-p256', material.chain.intermediate, {
      crlDistributionPoint: `http://127.0.0.1:${await closedPort()}/leaf.crl`,
    });
    writeFileSync(path.join(material.work, 'crl.key'), keyPem('leaf-p256'), { mode: 0o600 });
    writeFileSync(path.join(material.work, 'crl-chain.pem'), [crlLeaf, material.chain.intermediate, material.chain.root].map((c) => c.pem).join(''));
    unknownRevocation = await signedImage(material.work, repository, 'crl', 'crl.key', 'crl-chain.pem');
    await new Promise((resolve) => setTimeout(resolve, 1500));
  });

  const policy = (signer: Signer, level: string, override: Record<string, string> | undefined) =>
    peerPolicy(repository, [signer === 'untrusted root' ? 'ca:other' : 'ca:signer'], [signer === 'other identity' ? OTHER_IDENTITY : SIGNER_IDENTITY], {
      level,
      ...(override ? { override } : {}),
    });

  test.each(CASES)('%s at %s, override %j: %s for both', async (signer, level, override, verdict) => {
    const subject = signer === 'expired' ? expired : signer === 'revocation unknown' ? unknownRevocation : image;
    const { drydock, notation } = await bothVerdicts(material.work, home, subject, policy(signer, level, override), ours);
    expect({ drydock, notation }).toEqual({ drydock: verdict, notation: verdict });
  });
});
