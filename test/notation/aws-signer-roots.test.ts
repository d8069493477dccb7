import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import {
  AWS_SIGNER_BUNDLED_TRUST_STORES,
  bundledAwsSignerTrustStore,
  loadTrustStore,
  readCertificates,
  writeBundledAwsSignerTrustStores,
} from '../../src/notation/index.js';
import { isSelfSigned } from '../../src/notation/certificates.js';
import { peerVectorsDir } from './support/paths.js';
import { createTrustStoreDir } from './support/test-pki.js';

/** The bundled AWS Signer roots must be exactly the published ones (fingerprints from peer-vectors/aws-signer). */
const roots: Array<{ file: string; subject: string; sha256: string; conventionalTrustStore: string }> = JSON.parse(
  readFileSync(path.join(peerVectorsDir, 'aws-signer/roots.json'), 'utf8'),
).roots;

describe('bundled AWS Signer roots', () => {
  it.each(roots.map((root) => [root.conventionalTrustStore, root] as const))('%s matches the published root', (_store, published) => {
    const bundled = AWS_SIGNER_BUNDLED_TRUST_STORES.find((store) => `signingAuthority:${store.name}` === published.conventionalTrustStore)!;
    const [certificate] = readCertificates(Buffer.from(bundled.pem));
    expect({ subject: certificate!.subject, sha256: certificate!.sha256 }).toEqual({ subject: published.subject, sha256: published.sha256 });
    expect({ subject: bundled.subject, sha256: bundled.sha256 }).toEqual({ subject: published.subject, sha256: published.sha256 });
    expect(certificate!.der).toEqual(readCertificates(readFileSync(path.join(peerVectorsDir, published.file)))[0]!.der);
    expect(isSelfSigned(certificate!)).toBe(true);
    expect(certificate!.basicConstraints).toEqual({ critical: true, ca: true, pathLength: undefined });
  });

  it('picks the store by partition', () => {
    expect(bundledAwsSignerTrustStore('aws')?.name).toBe('aws-signer-ts');
    expect(bundledAwsSignerTrustStore('aws-us-gov')?.name).toBe('aws-us-gov-signer-ts');
    expect(bundledAwsSignerTrustStore('aws-cn')).toBeUndefined();
  });

  it('writes the stores in Notation layout, loadable as signingAuthority stores', async () => {
    const dir = createTrustStoreDir({});
    await writeBundledAwsSignerTrustStores(dir);
    const loaded = await loadTrustStore(dir, { type: 'signingAuthority', name: 'aws-signer-ts' });
    expect(loaded.map((certificate) => certificate.sha256)).toEqual(['90a87d0543c3f094dbff9589b6649affe2f3d6e0f308799be2258461c686473f']);
    const gov = await loadTrustStore(dir, { type: 'signingAuthority', name: 'aws-us-gov-signer-ts' });
    expect(gov.map((certificate) => certificate.sha256)).toEqual(['673653ab76f41a10546cdeb4107ecd6df2c15c2c9a0d32ed97d271b4436fc3e8']);
  });
});
