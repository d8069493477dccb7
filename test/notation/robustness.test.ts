import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { loadTrustStore, parseJwsEnvelope } from '../../src/notation/index.js';
import { TimestampError, verifyTimestampToken } from '../../src/notation/timestamp.js';
import { policyFor, signTestEnvelope, verifyTest } from './support/envelopes.js';
import { peerVectorsDir } from './support/paths.js';
import { standardChain } from './support/standard-pki.js';
import { createTrustStoreDir } from './support/test-pki.js';

/**
 * Envelopes and timestamp tokens are untrusted input: a corrupted one must produce a failed check (or a
 * TimestampError), never an exception escaping verification. Byte positions are spread evenly so runs are repeatable.
 */
function positions(length: number, count: number): number[] {
  return Array.from({ length: count }, (_, index) => Math.floor((index * length) / count));
}

function flipped(bytes: Buffer, position: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[position] = copy[position]! ^ 0x5a;
  return copy;
}

describe('corrupted input never escapes as an exception', () => {
  it('timestamp token: every flipped byte is a TimestampError or still verifies', async () => {
    const parsed = parseJwsEnvelope(readFileSync(path.join(peerVectorsDir, 'envelopes/notation-go/timestamp/jwsWithTimestamp.sig')));
    const trusted = await loadTrustStore(path.join(peerVectorsDir, 'truststore'), { type: 'tsa', name: 'test-timestamp' });
    const token = parsed.timestampToken!;
    let rejected = 0;
    for (const position of positions(token.length, 150)) {
      try {
        verifyTimestampToken(flipped(token, position), parsed.signature, trusted);
      } catch (error) {
        expect(error).toBeInstanceOf(TimestampError);
        rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(100);
  });

  it('certificate chain: every flipped x5c byte gives a failing verdict, not an exception', async () => {
    const { root, chain } = standardChain();
    const trustStoreDir = createTrustStoreDir({ ca: { test: { 'root.pem': root.pem } } });
    const document = JSON.parse((await signTestEnvelope({ chain })).toString());
    const leafDer = Buffer.from(document.header.x5c[0], 'base64');
    for (const position of positions(leafDer.length, 60)) {
      const corrupted = { ...document, header: { ...document.header, x5c: [flipped(leafDer, position).toString('base64'), ...document.header.x5c.slice(1)] } };
      const outcome = await verifyTest(Buffer.from(JSON.stringify(corrupted)), {
        policy: policyFor({ level: 'strict', trustStores: ['ca:test'], trustedIdentities: ['*'] }),
        trustStoreDir,
      });
      expect({ position, verdict: outcome.verdict }).toEqual({ position, verdict: 'fail' });
    }
  });

  it('envelope text: every replaced character gives a verdict, not an exception', async () => {
    const { root, chain } = standardChain();
    const trustStoreDir = createTrustStoreDir({ ca: { test: { 'root.pem': root.pem } } });
    const text = (await signTestEnvelope({ chain, expiry: new Date('2040-01-01T00:00:00Z') })).toString();
    const policy = policyFor({ level: 'strict', trustStores: ['ca:test'], trustedIdentities: ['*'] });
    for (const position of positions(text.length, 120)) {
      for (const replacement of ['"', 'A', '}']) {
        const corrupted = text.slice(0, position) + replacement + text.slice(position + 1);
        const outcome = await verifyTest(Buffer.from(corrupted), { policy, trustStoreDir });
        expect(['pass', 'fail']).toContain(outcome.verdict);
        if (corrupted !== text && outcome.verdict === 'pass') {
          // Only the unsigned, unprotected header may change without failing verification.
          expect(JSON.parse(corrupted).signature).toBe(JSON.parse(text).signature);
        }
      }
    }
  });
});

describe('parsed certificates are remembered by their bytes', () => {
  it('the same DER gives the same object; other bytes do not, and a bad certificate is refused every time', async () => {
    const { parseCertificate } = await import('../../src/notation/certificates.js');
    const { leaf: leafCertificate, root: rootCertificate } = standardChain();
    const [leaf, root] = [leafCertificate.der, rootCertificate.der];
    const first = parseCertificate(Buffer.from(leaf!));
    expect(parseCertificate(new Uint8Array(leaf!))).toBe(first);
    expect(parseCertificate(root!)).not.toBe(first);
    const broken = flipped(Buffer.from(leaf!), 4);
    expect(() => parseCertificate(broken)).toThrow('not a valid X.509 certificate');
    expect(() => parseCertificate(broken)).toThrow('not a valid X.509 certificate');
  });
});

describe('certificate signature checks are remembered per certificate and key', () => {
  it('verifies once per pair, and a different key is checked on its own', async () => {
    const { jest } = await import('@jest/globals');
    const { parseCertificate, signatureVerifiesWith } = await import('../../src/notation/certificates.js');
    const { leaf, intermediate, root } = standardChain();
    const child = parseCertificate(intermediate.der);
    const issuer = parseCertificate(root.der);
    const stranger = parseCertificate(leaf.der);
    const verify = jest.spyOn(child.x509, 'verify');
    try {
      expect(signatureVerifiesWith(child, issuer.publicKey)).toBe(true);
      expect(signatureVerifiesWith(child, issuer.publicKey)).toBe(true);
      expect(verify).toHaveBeenCalledTimes(1);
      expect(signatureVerifiesWith(child, stranger.publicKey)).toBe(false);
      expect(signatureVerifiesWith(child, stranger.publicKey)).toBe(false);
      expect(verify).toHaveBeenCalledTimes(2);
    } finally {
      verify.mockRestore();
    }
  });
});
