import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '../../src/core/errors.js';
import { loadTrustStore, TrustStoreCache, trustStorePath, type TrustStoreReference } from '../../src/notation/index.js';
import { codeSigningLeaf, createTrustStoreDir, intermediateCa, rootCa } from './support/test-pki.js';

/** Trust store directories in Notation's layout (notes §3): formats, and each refusal with its exact message. */
const rootA = rootCa('CN=Store Root A,O=Drydock,ST=WA,C=US', 'root-p384');
const rootB = rootCa('CN=Store Root B,O=Drydock,ST=WA,C=US', 'root-rsa4096');
const selfSignedLeaf = codeSigningLeaf('CN=Self Signed Signer,O=Drydock,ST=WA,C=US', 'leaf-p256', undefined);
const issuedLeaf = codeSigningLeaf('CN=Issued Signer,O=Drydock,ST=WA,C=US', 'leaf-p384', rootA);
const ca = (name: string): TrustStoreReference => ({ type: 'ca', name });

async function load(dir: string, name: string) {
  return (await loadTrustStore(dir, ca(name))).map((certificate) => certificate.subject);
}

async function failure(dir: string, name: string): Promise<string> {
  try {
    await loadTrustStore(dir, ca(name));
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('expected the store to be refused');
}

describe('trust store loading', () => {
  it('reads PEM files with several certificates, DER files with concatenated certificates, any extension', async () => {
    const dir = createTrustStoreDir({
      ca: {
        mixed: {
          'two.pem': rootA.pem + rootB.pem,
          'one.der': rootA.der,
          'pair.cer': Buffer.concat([rootB.der, selfSignedLeaf.der]),
          'self.crt': selfSignedLeaf.pem,
        },
      },
    });
    // Files in name order: one.der, pair.cer, self.crt, two.pem.
    expect(await load(dir, 'mixed')).toEqual([
      'CN=Store Root A,O=Drydock,ST=WA,C=US',
      'CN=Store Root B,O=Drydock,ST=WA,C=US',
      'CN=Self Signed Signer,O=Drydock,ST=WA,C=US',
      'CN=Self Signed Signer,O=Drydock,ST=WA,C=US',
      'CN=Store Root A,O=Drydock,ST=WA,C=US',
      'CN=Store Root B,O=Drydock,ST=WA,C=US',
    ]);
  });

  it('refuses a subdirectory, as notation does', async () => {
    const dir = createTrustStoreDir({ ca: { store: { 'root.pem': rootA.pem } } });
    const storeDir = trustStorePath(dir, ca('store'));
    mkdirSync(path.join(storeDir, 'nested'));
    writeFileSync(path.join(storeDir, 'nested', 'root.pem'), rootB.pem);
    expect(await failure(dir, 'store')).toBe(
      `Trust store ca:store: ${path.join(storeDir, 'nested')} is a directory, which is not supported: a store holds only certificate files. Move its certificates into ${storeDir}, or remove it.`,
    );
  });

  it('refuses a missing store directory', async () => {
    const dir = createTrustStoreDir({});
    const storeDir = path.join(dir, 'x509', 'ca', 'acme');
    expect(await failure(dir, 'acme')).toBe(
      `Trust store ca:acme: directory ${storeDir} does not exist. Create it and put the trusted root certificate(s) in it, or fix the store name in the trust policy.`,
    );
  });

  it('refuses a symbolic link to a certificate file', async () => {
    const dir = createTrustStoreDir({ ca: { store: { 'root.pem': rootA.pem } } });
    const target = path.join(dir, 'elsewhere.pem');
    writeFileSync(target, rootB.pem);
    const link = path.join(trustStorePath(dir, ca('store')), 'linked.pem');
    symlinkSync(target, link);
    expect(await failure(dir, 'store')).toBe(
      `Trust store ca:store: ${link} is a symbolic link, which is not supported. Copy the certificate file into the store instead.`,
    );
  });

  it('refuses a store directory that is a symbolic link', async () => {
    const dir = createTrustStoreDir({ ca: { real: { 'root.pem': rootA.pem } } });
    const link = path.join(dir, 'x509', 'ca', 'linked');
    symlinkSync(path.join(dir, 'x509', 'ca', 'real'), link);
    expect(await failure(dir, 'linked')).toBe(`Trust store ca:linked: ${link} is a symbolic link, which is not supported. Replace it with a regular directory.`);
  });

  it('refuses a file without a certificate', async () => {
    const dir = createTrustStoreDir({ ca: { store: { 'root.pem': rootA.pem, 'notes.txt': 'remember to rotate the root' } } });
    const file = path.join(trustStorePath(dir, ca('store')), 'notes.txt');
    expect(await failure(dir, 'store')).toMatch(
      new RegExp(`^Trust store ca:store: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} holds no readable certificate \\(.+\\)\\. Every file in a trust store must hold PEM or DER certificates\\.$`),
    );
  });

  it('refuses a PEM file holding a private key', async () => {
    const dir = createTrustStoreDir({ ca: { store: { 'key.pem': '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n' } } });
    const file = path.join(trustStorePath(dir, ca('store')), 'key.pem');
    expect(await failure(dir, 'store')).toBe(
      `Trust store ca:store: ${file} holds no readable certificate (unexpected PEM block 'PRIVATE KEY' (only CERTIFICATE blocks are allowed)). Every file in a trust store must hold PEM or DER certificates.`,
    );
  });

  it('refuses an empty store', async () => {
    const dir = createTrustStoreDir({ ca: { empty: {} } });
    expect(await failure(dir, 'empty')).toBe(
      `Trust store ca:empty: ${trustStorePath(dir, ca('empty'))} has no certificates. Add the trusted root certificate(s) as PEM or DER files.`,
    );
  });

  it('refuses the whole store when one certificate is neither a CA nor self-signed', async () => {
    const dir = createTrustStoreDir({ ca: { store: { 'root.pem': rootA.pem, 'leaf.pem': issuedLeaf.pem } } });
    const file = path.join(trustStorePath(dir, ca('store')), 'leaf.pem');
    expect(await failure(dir, 'store')).toBe(
      `Trust store ca:store: certificate "CN=Issued Signer,O=Drydock,ST=WA,C=US" in ${file} is neither a CA certificate nor a self-signed signing certificate. Remove it: a trust store holds root, intermediate CA or self-signed certificates.`,
    );
  });

  it('takes only self-signed root CA certificates into a tsa store, as notation does', async () => {
    const intermediate = intermediateCa('CN=Store Intermediate,O=Drydock,ST=WA,C=US', 'root-p384', rootA);
    const tsa = (name: string): TrustStoreReference => ({ type: 'tsa', name });
    for (const [name, certificate, subject] of [
      ['self-signed-leaf', selfSignedLeaf, 'CN=Self Signed Signer,O=Drydock,ST=WA,C=US'],
      ['intermediate', intermediate, 'CN=Store Intermediate,O=Drydock,ST=WA,C=US'],
    ] as const) {
      const dir = createTrustStoreDir({ tsa: { [name]: { 'root.pem': rootA.pem, 'other.pem': certificate.pem } } });
      const file = path.join(trustStorePath(dir, tsa(name)), 'other.pem');
      await expect(loadTrustStore(dir, tsa(name))).rejects.toThrow(
        new ConfigurationError(
          `Trust store tsa:${name}: certificate "${subject}" in ${file} is not a root CA certificate. A tsa store holds only the self-signed root CA certificates of timestamping authorities: replace it with the root of its chain.`,
        ),
      );
      // The same certificates make a valid ca store (files in name order: other.pem, root.pem).
      const caDir = createTrustStoreDir({ ca: { [name]: { 'root.pem': rootA.pem, 'other.pem': certificate.pem } } });
      expect(await load(caDir, name)).toEqual([subject, 'CN=Store Root A,O=Drydock,ST=WA,C=US']);
    }
    const dir = createTrustStoreDir({ tsa: { roots: { 'a.pem': rootA.pem, 'b.pem': rootB.pem } } });
    expect((await loadTrustStore(dir, tsa('roots'))).map((certificate) => certificate.subject)).toEqual(['CN=Store Root A,O=Drydock,ST=WA,C=US', 'CN=Store Root B,O=Drydock,ST=WA,C=US']);
  });
});

describe('TrustStoreCache: the stores of one run, each read once', () => {
  const subjects = async (certificates: Promise<Array<{ subject: string }>>) => (await certificates).map((certificate) => certificate.subject);

  it('reads a store on first use and answers from memory afterwards; a new cache reads it again', async () => {
    const dir = createTrustStoreDir({ ca: { store: { 'a.pem': rootA.pem } } });
    const cache = new TrustStoreCache();
    const first = await cache.load(dir, ca('store'));
    expect(first.map((certificate) => certificate.subject)).toEqual(['CN=Store Root A,O=Drydock,ST=WA,C=US']);
    writeFileSync(path.join(trustStorePath(dir, ca('store')), 'b.pem'), rootB.pem);
    expect(await cache.load(dir, ca('store'))).toBe(first);
    expect(await subjects(new TrustStoreCache().load(dir, ca('store')))).toEqual(['CN=Store Root A,O=Drydock,ST=WA,C=US', 'CN=Store Root B,O=Drydock,ST=WA,C=US']);
  });

  it('keeps stores of different directories, names and types apart', async () => {
    const one = createTrustStoreDir({ ca: { store: { 'a.pem': rootA.pem } }, tsa: { store: { 'b.pem': rootB.pem } } });
    const two = createTrustStoreDir({ ca: { store: { 'b.pem': rootB.pem }, other: { 'a.pem': rootA.pem } } });
    const cache = new TrustStoreCache();
    expect(await subjects(cache.load(one, ca('store')))).toEqual(['CN=Store Root A,O=Drydock,ST=WA,C=US']);
    expect(await subjects(cache.load(one, { type: 'tsa', name: 'store' }))).toEqual(['CN=Store Root B,O=Drydock,ST=WA,C=US']);
    expect(await subjects(cache.load(two, ca('store')))).toEqual(['CN=Store Root B,O=Drydock,ST=WA,C=US']);
    expect(await subjects(cache.load(two, ca('other')))).toEqual(['CN=Store Root A,O=Drydock,ST=WA,C=US']);
  });

  it('fails a broken store the same way for the rest of the run', async () => {
    const dir = createTrustStoreDir({ ca: {} });
    const cache = new TrustStoreCache();
    const missing = `Trust store ca:late: directory ${trustStorePath(dir, ca('late'))} does not exist. Create it and put the trusted root certificate(s) in it, or fix the store name in the trust policy.`;
    await expect(cache.load(dir, ca('late'))).rejects.toThrow(missing);
    mkdirSync(trustStorePath(dir, ca('late')), { recursive: true });
    writeFileSync(path.join(trustStorePath(dir, ca('late')), 'a.pem'), rootA.pem);
    await expect(cache.load(dir, ca('late'))).rejects.toThrow(missing);
    expect(await load(dir, 'late')).toEqual(['CN=Store Root A,O=Drydock,ST=WA,C=US']);
  });

  it('prefetch reads the stores after the current turn, and a later load answers from what it read', async () => {
    const dir = createTrustStoreDir({ ca: { store: { 'a.pem': rootA.pem } } });
    const early = new TrustStoreCache();
    early.prefetch(dir, [ca('store')]);
    // Nothing is read before the turn ends (the requests a run just started go out first).
    const removed = createTrustStoreDir({ ca: { store: { 'a.pem': rootA.pem } } });
    const late = new TrustStoreCache();
    late.prefetch(removed, [ca('store')]);
    rmSync(trustStorePath(removed, ca('store')), { recursive: true });
    await new Promise((resolve) => setImmediate(resolve));
    await expect(late.load(removed, ca('store'))).rejects.toThrow(/^Trust store ca:store: directory .* does not exist\./);
    // Read by then: the store can leave the disk.
    rmSync(trustStorePath(dir, ca('store')), { recursive: true });
    expect(await subjects(early.load(dir, ca('store')))).toEqual(['CN=Store Root A,O=Drydock,ST=WA,C=US']);
  });

  it('prefetch answers when every store is read, or with the first store that failed', async () => {
    const dir = createTrustStoreDir({ ca: { store: { 'a.pem': rootA.pem } }, tsa: { store: { 'b.pem': rootB.pem } } });
    const cache = new TrustStoreCache();
    await expect(cache.prefetch(dir, [ca('store'), { type: 'tsa', name: 'store' }])).resolves.toBeUndefined();
    rmSync(trustStorePath(dir, ca('store')), { recursive: true });
    expect(await subjects(cache.load(dir, ca('store')))).toEqual(['CN=Store Root A,O=Drydock,ST=WA,C=US']);
    await expect(new TrustStoreCache().prefetch(dir, [{ type: 'tsa', name: 'store' }, ca('store')])).rejects.toThrow(
      `Trust store ca:store: directory ${trustStorePath(dir, ca('store'))} does not exist. Create it and put the trusted root certificate(s) in it, or fix the store name in the trust policy.`,
    );
    await expect(new TrustStoreCache().prefetch(dir, [])).resolves.toBeUndefined();
  });

  it('prefetch of a broken store raises nothing itself; the load that needs the store fails with its message', async () => {
    const dir = createTrustStoreDir({ ca: {} });
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const cache = new TrustStoreCache();
      cache.prefetch(dir, [ca('missing')]);
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setTimeout(resolve, 10));
      await expect(cache.load(dir, ca('missing'))).rejects.toThrow(/^Trust store ca:missing: directory .* does not exist\./);
    } finally {
      process.off('unhandledRejection', record);
    }
    expect(unhandled).toEqual([]);
  });

  it('is what loadTrustStore is not: loadTrustStore reads the directory on every call', async () => {
    const dir = createTrustStoreDir({ ca: { store: { 'a.pem': rootA.pem } } });
    expect(await load(dir, 'store')).toHaveLength(1);
    rmSync(trustStorePath(dir, ca('store')), { recursive: true });
    expect(await failure(dir, 'store')).toMatch(/^Trust store ca:store: directory .* does not exist\./);
  });
});
