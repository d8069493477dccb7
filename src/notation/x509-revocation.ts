import type { ParsedCertificate } from './certificates.js';
import { certificateStatusInCrl, parseCrl, type CrlEntry } from './crl.js';
import type { CrlFetch } from './crl-fetch.js';
import { errorMessage } from '../core/errors.js';

/**
 * The revocation status of an X.509 chain (leaf first, root last), as notation decides it: every certificate but the
 * root is checked with its issuer; one revoked certificate makes the chain revoked, and one whose status cannot be
 * learned makes it unknown. A certificate that names no CRL or OCSP location cannot be revoked. drydock reads CRLs only:
 * a certificate naming an OCSP responder and no CRL has an unknown status (notation asks OCSP first and falls back to
 * the CRL, so with both named the two agree whenever the CA's responder and CRL do).
 */
export type ChainRevocation =
  | { readonly status: 'good'; readonly message: string }
  | { readonly status: 'revoked' | 'unknown'; readonly message: string; readonly certificate: ParsedCertificate };

export interface ChainRevocationOptions {
  /** Downloads a CRL; without it nothing is fetched and every certificate naming a CRL has an unknown status. */
  readonly fetchCrl: CrlFetch | undefined;
  readonly now: Date;
  /** See CrlCheckOptions.signingTime. */
  readonly signingTime?: Date;
  /** Why nothing is fetched, when fetchCrl is absent on purpose; "this verification ran offline" by default. */
  readonly offlineBecause?: string;
  /** What the messages call a certificate of this chain; "certificate" by default. */
  readonly noun?: string;
}

type CertificateRevocation = { status: 'good' | 'unchecked' } | { status: 'revoked'; url: string; entry: CrlEntry } | { status: 'unknown'; reason: string };

async function certificateRevocation(certificate: ParsedCertificate, issuer: ParsedCertificate, options: ChainRevocationOptions): Promise<CertificateRevocation> {
  if (!certificate.hasRevocationInfo) return { status: 'unchecked' };
  if (certificate.crlDistributionPoints.length === 0) return { status: 'unknown', reason: 'it names an OCSP responder and no CRL, and drydock does not query OCSP' };
  if (!options.fetchCrl) return { status: 'unknown', reason: `it names a CRL, and ${options.offlineBecause ?? 'this verification ran offline'}` };
  // Every distribution point is read (each may hold part of the CA's revocations); the first that fails ends the check.
  for (const url of certificate.crlDistributionPoints) {
    let verdict;
    try {
      verdict = certificateStatusInCrl(parseCrl(await options.fetchCrl(url)), certificate, issuer, options);
    } catch (error) {
      return { status: 'unknown', reason: `CRL ${url} could not be read: ${errorMessage(error)}` };
    }
    if (verdict.status === 'revoked') return { status: 'revoked', url, entry: verdict.entry };
    if (verdict.status === 'unknown') return { status: 'unknown', reason: `CRL ${url}: ${verdict.reason}` };
  }
  return { status: 'good' };
}

export async function chainRevocation(chain: readonly ParsedCertificate[], options: ChainRevocationOptions): Promise<ChainRevocation> {
  const noun = options.noun ?? 'certificate';
  const results = await Promise.all(chain.slice(0, -1).map((certificate, index) => certificateRevocation(certificate, chain[index + 1]!, options)));
  const revokedAt = results.findIndex((result) => result.status === 'revoked');
  if (revokedAt >= 0) {
    const { url, entry } = results[revokedAt] as Extract<CertificateRevocation, { status: 'revoked' }>;
    const certificate = chain[revokedAt]!;
    const reason = entry.reason ? `, reason ${entry.reason}` : '';
    return { status: 'revoked', certificate, message: `${noun} "${certificate.subject}" is revoked: CRL ${url} lists it as revoked on ${entry.revokedAt.toISOString()}${reason}` };
  }
  const unknownAt = results.findIndex((result) => result.status === 'unknown');
  if (unknownAt >= 0) {
    const certificate = chain[unknownAt]!;
    const { reason } = results[unknownAt] as Extract<CertificateRevocation, { status: 'unknown' }>;
    return { status: 'unknown', certificate, message: `revocation status of ${noun} "${certificate.subject}" is unknown: ${reason}` };
  }
  const checked = results.filter((result) => result.status === 'good').length;
  return {
    status: 'good',
    message: checked === 0 ? 'no certificate of the chain names a CRL or OCSP location, so none can be revoked' : `no certificate of the chain is revoked (${checked} checked against its CRL)`,
  };
}
