/**
 * RFC 3161 timestamps from a real TSA: `notation sign --timestamp-url` timestamps its signature at OpenSSL's TSA
 * (`openssl ts -reply` on loopback, test/support/openssl-tsa.ts), and verify-signature and `notation verify` judge the
 * result with the same policies: a tsa store holding the TSA's root, none, another root, and verifyTimestamp
 * afterCertExpiry. Both conclude the same, which the test states. Nothing is doubled here.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pushImageWith, signingMaterial } from '../../actions/notation-sign/support/harness.js';
import { describeWithTestbed, httpRegistryClient, need, testbed, uniqueRepository } from '../../oci/integration/testbed.js';
import { startOpensslTsa, type OpensslTsa } from '../../support/openssl-tsa.js';
import { tempDir } from '../../support/temp-dir.js';
import { EKU, issueCertificate, keyPem, rootCa } from '../support/test-pki.js';
import { bothVerdicts, notationHome, notationSign, notationTrustStore, peerPolicy, writeStore } from './support/verifiers.js';

type Verdict = 'pass' | 'fail';

describeWithTestbed('RFC 3161 timestamps from OpenSSL\'s TSA: verify-signature and `notation verify` conclude the same', () => {
  const material = signingMaterial();
  const tsaRoot = rootCa('CN=Interop TSA Root,O=Drydock,ST=WA,C=US', 'tsa-root-p384');
  const tsaLeaf = issueCertificate({
    subject: 'CN=Interop TSA,O=Drydock,ST=WA,C=US',
    key: 'tsa-leaf-p256',
    issuer: tsaRoot,
    basicConstraints: { ca: false },
    keyUsage: { usages: ['digitalSignature'] },
    extendedKeyUsage: [EKU.timeStamping],
    extendedKeyUsageCritical: true,
  });
  const other = rootCa('CN=Other Root,O=Elsewhere,ST=WA,C=US', 'other-root-p384');
  const repository = uniqueRepository('timestamped');

  const CASES: ReadonlyArray<readonly [name: string, verdict: Verdict, tsaStore: string | undefined, verifyTimestamp: string | undefined]> = [
    ["a tsa store with the TSA's root", 'pass', tsaRoot.pem, undefined],
    ['no tsa store', 'pass', undefined, undefined],
    ['a tsa store with another root', 'fail', other.pem, undefined],
    ["the TSA's root, verifyTimestamp afterCertExpiry", 'pass', tsaRoot.pem, 'afterCertExpiry'],
  ];

  let tsa: OpensslTsa;
  let home: string;
  let ours: string;
  let image: string;

  beforeAll(async () => {
    tsa = await startOpensslTsa({ certificatePem: tsaLeaf.pem, keyPem: keyPem('tsa-leaf-p256'), chainPem: tsaLeaf.pem + tsaRoot.pem });
    home = notationHome();
    ours = tempDir('timestamp-store');
    const tsaRootFile = path.join(home, 'tsa-root.pem');
    writeFileSync(tsaRootFile, tsaRoot.pem);
    const pushed = await pushImageWith(httpRegistryClient(), repository, 'v1');
    image = `${need(testbed).http}/${repository}@${pushed.digest}`;
    await notationSign(home, image, { keyPath: path.join(material.work, 'signing.key'), certPath: path.join(material.work, 'chain.pem') }, [
      '--timestamp-url',
      tsa.url,
      '--timestamp-root-cert',
      tsaRootFile,
    ]);
  });
  afterAll(() => tsa?.close());

  test('notation asked the TSA for the timestamp', () => {
    expect(tsa.answered()).toBe(1);
  });

  test.each(CASES)('%s: %s for both', async (_name, verdict, tsaStore, verifyTimestamp) => {
    for (const base of [notationTrustStore(home), ours]) {
      writeStore(base, 'ca', 'signer', material.chain.root.pem);
      if (tsaStore) writeStore(base, 'tsa', 'timestamps', tsaStore);
    }
    const policy = peerPolicy(
      repository,
      tsaStore ? ['ca:signer', 'tsa:timestamps'] : ['ca:signer'],
      ['x509.subject:CN=Drydock Test Signer,O=Drydock,ST=WA,C=US'],
      { level: 'strict', ...(verifyTimestamp ? { verifyTimestamp } : {}) },
    );
    const { drydock, notation, message } = await bothVerdicts(material.work, home, image, policy, ours);
    expect({ drydock, notation }).toEqual({ drydock: verdict, notation: verdict });
    if (verdict === 'fail') expect(message).toContain('authenticTimestamp check failed: timestamp verification failed');
  });
});
