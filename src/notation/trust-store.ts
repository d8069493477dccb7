import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigurationError } from '../core/errors.js';
import { remembered } from '../core/lru.js';
import { CertificateParseError, isSelfSigned, readCertificates, signatureVerifiesWith, type ParsedCertificate } from './certificates.js';
import type { TrustStoreReference, TrustStoreType } from './trust-policy.js';

/**
 * Trust stores in Notation's layout: `<trustStoreDir>/x509/<ca|signingAuthority|tsa>/<name>/<files>`, each file PEM or
 * DER holding one or more certificates. Symbolic links are refused (a link could silently widen trust to a directory
 * someone else controls), and so are subdirectories, as notation refuses them. A store holding a certificate that is
 * neither a CA nor self-signed is refused as a whole, as notation does: such a certificate can never anchor a chain
 * and its presence means the store was filled by mistake. A tsa store may hold only self-signed root CA certificates,
 * again as notation requires: a timestamp must chain to a TSA's root, not stop at whatever certificate was put there.
 *
 * A store is a few small local files, read once per run: synchronously, which is quicker than the thread pool for so
 * little and keeps node:fs/promises out of a step's start.
 */

function storeLabel(reference: TrustStoreReference): string {
  return `Trust store ${reference.type}:${reference.name}`;
}

export function trustStorePath(trustStoreDir: string, reference: TrustStoreReference): string {
  return path.join(trustStoreDir, 'x509', reference.type, reference.name);
}

/** Loads one named store; throws ConfigurationError naming the store, the file and the fix. */
export async function loadTrustStore(trustStoreDir: string, reference: TrustStoreReference): Promise<ParsedCertificate[]> {
  const label = storeLabel(reference);
  const directory = trustStorePath(trustStoreDir, reference);
  let stats;
  try {
    stats = lstatSync(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ConfigurationError(
        `${label}: directory ${directory} does not exist. Create it and put the trusted root certificate(s) in it, or fix the store name in the trust policy.`,
      );
    }
    throw new ConfigurationError(`${label}: cannot read ${directory} (${(error as Error).message}). Check the path and its permissions.`);
  }
  if (stats.isSymbolicLink()) {
    throw new ConfigurationError(`${label}: ${directory} is a symbolic link, which is not supported. Replace it with a regular directory.`);
  }
  if (!stats.isDirectory()) {
    throw new ConfigurationError(`${label}: ${directory} is not a directory. A named store is a directory of certificate files.`);
  }

  const entries = readdirSync(directory, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  const certificates: ParsedCertificate[] = [];
  for (const entry of entries) {
    const file = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      // notation refuses a store with a directory in it too ("not a regular file").
      throw new ConfigurationError(`${label}: ${file} is a directory, which is not supported: a store holds only certificate files. Move its certificates into ${directory}, or remove it.`);
    }
    if (entry.isSymbolicLink()) {
      throw new ConfigurationError(`${label}: ${file} is a symbolic link, which is not supported. Copy the certificate file into the store instead.`);
    }
    if (!entry.isFile()) {
      throw new ConfigurationError(`${label}: ${file} is not a regular file. Keep only certificate files in the store.`);
    }
    let fileCertificates: ParsedCertificate[];
    try {
      fileCertificates = readCertificates(readFileSync(file));
    } catch (error) {
      if (error instanceof CertificateParseError) {
        throw new ConfigurationError(
          `${label}: ${file} holds no readable certificate (${error.message}). Every file in a trust store must hold PEM or DER certificates.`,
        );
      }
      throw error;
    }
    for (const certificate of fileCertificates) {
      if (reference.type === 'tsa' && !(certificate.basicConstraints?.ca && isSelfSigned(certificate))) {
        throw new ConfigurationError(
          `${label}: certificate "${certificate.subject}" in ${file} is not a root CA certificate. A tsa store holds only the self-signed root CA certificates of timestamping authorities: replace it with the root of its chain.`,
        );
      }
      if (!certificate.basicConstraints?.ca && !signatureVerifiesWith(certificate, certificate.publicKey)) {
        throw new ConfigurationError(
          `${label}: certificate "${certificate.subject}" in ${file} is neither a CA certificate nor a self-signed signing certificate. Remove it: a trust store holds root, intermediate CA or self-signed certificates.`,
        );
      }
    }
    certificates.push(...fileCertificates);
  }
  if (certificates.length === 0) {
    throw new ConfigurationError(`${label}: ${directory} has no certificates. Add the trusted root certificate(s) as PEM or DER files.`);
  }
  return certificates;
}

/** Loads one named store of a trust store directory; `loadTrustStore` reads it afresh, a TrustStoreCache once. */
export type TrustStoreLoader = (trustStoreDir: string, reference: TrustStoreReference) => Promise<ParsedCertificate[]>;

/**
 * The stores of one run, each read and parsed once. A batch verifies every image against the same stores; reading the
 * directory again for each signature was a tenth of a 20-image verify. A store that fails to load fails the same way
 * for every image of the run. Keep one cache per run: a long-lived one would not see files added to the stores later.
 */
export class TrustStoreCache {
  private readonly loads = new Map<string, Promise<ParsedCertificate[]>>();

  readonly load: TrustStoreLoader = (trustStoreDir, reference) =>
    remembered(this.loads, trustStorePath(path.resolve(trustStoreDir), reference), () => loadTrustStore(trustStoreDir, reference));

  /**
   * Starts loading `references` once the current turn of the event loop is over: after the requests a run has just
   * started are on the wire, so the stores are read and parsed while the registry answers them rather than when the
   * first signature is checked. A store that fails to load fails the verification that needs it, as without this.
   * Returns when every store is loaded, or rejects with the first store's failure: a caller that awaits it can fail a
   * whole run on a broken store; one that does not leaves no unhandled rejection behind.
   */
  prefetch(trustStoreDir: string, references: readonly TrustStoreReference[]): Promise<void> {
    const loaded = new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        Promise.all(references.map((reference) => this.load(trustStoreDir, reference))).then(() => resolve(), reject);
      });
    });
    loaded.catch(() => undefined);
    return loaded;
  }
}

/** Loads every store of `type` among `references` (each once) and returns their certificates together. */
export async function loadTrustStoresOfType(
  trustStoreDir: string,
  references: readonly TrustStoreReference[],
  type: TrustStoreType,
  load: TrustStoreLoader = loadTrustStore,
): Promise<ParsedCertificate[]> {
  const wanted = references.filter((reference) => reference.type === type);
  const unique = [...new Map(wanted.map((reference) => [reference.name, reference])).values()];
  const loaded = await Promise.all(unique.map((reference) => load(trustStoreDir, reference)));
  return loaded.flat();
}
