/**
 * Trust store directories, read by drydock and by the real `notation verify`: one signed image, one policy, and for
 * each store layout below both verifiers conclude the same (pass or fail), which the test states. The signature is
 * notation-sign's (local key), whose chain is the everyday test PKI: RSA root, RSA intermediate, P-384 leaf. Nothing is
 * doubled here.
 */
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { signingMaterial } from '../../actions/notation-sign/support/harness.js';
import { describeWithTestbed, uniqueRepository } from '../../oci/integration/testbed.js';
import { tempDir } from '../../support/temp-dir.js';
import { codeSigningLeaf, keyPem, rootCa } from '../support/test-pki.js';
import { bothVerdicts, notationHome, peerPolicy, signedImage } from './support/verifiers.js';

type Verdict = 'pass' | 'fail';
/** File name to content; `null` makes a subdirectory, `{ link }` a symbolic link to that file outside the store. */
type Layout = Record<string, string | Buffer | null | { link: string }>;

describeWithTestbed('trust store layouts: verify-signature and `notation verify` conclude the same', () => {
  const material = signingMaterial();
  const { root, intermediate, leaf } = material.chain;
  const other = rootCa('CN=Other Root,O=Elsewhere,ST=WA,C=US', 'other-root-p384');
  const selfSigned = codeSigningLeaf('CN=Self Signer,O=Drydock,ST=WA,C=US', 'leaf-p256', undefined);
  const crlf = (pem: string) => pem.replace(/\n/g, '\r\n');

  const CASES: ReadonlyArray<readonly [name: string, drydock: Verdict, notation: Verdict, layout: Layout]> = [
    ['the root, PEM', 'pass', 'pass', { 'root.pem': root.pem }],
    ['the root, DER', 'pass', 'pass', { 'root.crt': root.der }],
    ['the root with CRLF line ends', 'pass', 'pass', { 'root.pem': crlf(root.pem) }],
    ['the root with text before and after it', 'pass', 'pass', { 'root.pem': `issued for the build farm\n${root.pem}kept by ops\n` }],
    ['the root twice', 'pass', 'pass', { 'a.pem': root.pem, 'b.pem': root.pem }],
    ['the intermediate only', 'pass', 'pass', { 'intermediate.pem': intermediate.pem }],
    ['the root and another root, one file', 'pass', 'pass', { 'roots.pem': root.pem + other.pem }],
    ['the root and a self-signed signing certificate', 'pass', 'pass', { 'root.pem': root.pem, 'self.pem': selfSigned.pem }],
    ['another root only', 'fail', 'fail', { 'other.pem': other.pem }],
    ['the leaf only (neither CA nor self-signed)', 'fail', 'fail', { 'leaf.pem': leaf.pem }],
    ['the root and a text file', 'fail', 'fail', { 'root.pem': root.pem, 'README.txt': 'the build farm root\n' }],
    ['the root and an empty file', 'fail', 'fail', { 'root.pem': root.pem, 'empty.pem': '' }],
    ['the root and a hidden file', 'fail', 'fail', { 'root.pem': root.pem, '.keep': '' }],
    ['the root and its private key, one file', 'fail', 'fail', { 'root.pem': root.pem + keyPem('root-rsa4096') }],
    ['the root and a subdirectory', 'fail', 'fail', { 'root.pem': root.pem, nested: null }],
    ['the root as a symbolic link', 'fail', 'fail', { 'root.pem': { link: 'root.pem' } }],
    ['nothing', 'fail', 'fail', {}],
  ];

  const repository = uniqueRepository('trust-store-layouts');
  const policy = peerPolicy(repository, ['ca:layout'], ['x509.subject:CN=Drydock Test Signer,O=Drydock,ST=WA,C=US']);
  let home: string;
  let ours: string;
  let outside: string;
  let image: string;

  beforeAll(async () => {
    home = notationHome();
    ours = tempDir('layout-store');
    outside = tempDir('layout-outside');
    writeFileSync(path.join(outside, 'root.pem'), root.pem);
    image = await signedImage(material.work, repository, 'v1', 'signing.key', 'chain.pem');
  });

  /** Writes `layout` as store ca:layout under both trust store roots, replacing what the case before left. */
  function writeLayout(layout: Layout): void {
    for (const store of [path.join(home, 'notation', 'truststore', 'x509', 'ca', 'layout'), path.join(ours, 'x509', 'ca', 'layout')]) {
      rmSync(store, { recursive: true, force: true });
      mkdirSync(store, { recursive: true });
      for (const [name, content] of Object.entries(layout)) {
        const file = path.join(store, name);
        if (content === null) mkdirSync(file);
        else if (typeof content === 'object' && 'link' in content) symlinkSync(path.join(outside, content.link), file);
        else writeFileSync(file, content);
      }
    }
  }

  test.each(CASES)('%s: drydock %s, notation %s', async (_name, drydock, notation, layout) => {
    writeLayout(layout);
    const verdicts = await bothVerdicts(material.work, home, image, policy, ours);
    expect({ drydock: verdicts.drydock, notation: verdicts.notation }).toEqual({ drydock, notation });
    if (drydock === 'fail') expect(verdicts.message).toMatch(/ca:layout|not produced by a trusted signer/);
  });
});
