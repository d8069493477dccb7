import type { ParsedCertificate } from './certificates.js';
import type { CrlFetch } from './crl-fetch.js';
import type { OcspQuery } from './ocsp-fetch.js';
import { errorMessage } from '../core/errors.js';

/**
 * The revocation status of an X.509 chain (leaf first, root last), as notation decides it: every certificate but the
 * root is checked with its issuer, by OCSP when it names a responder, falling back to its CRLs when OCSP leaves the
 * status unknown, and by its CRLs when it names no responder. One revoked certificate makes the chain revoked, and one
 * whose status cannot be learned makes it unknown. A certificate that names no responder or CRL cannot be revoked.
 * The CRL and OCSP readers are loaded on first use: most chains name neither, and every step that verifies would
 * otherwise compile them at start.
 */
export type ChainRevocation =
  | { readonly status: 'good'; readonly message: string }
  | { readonly status: 'revoked' | 'unknown'; readonly message: string; readonly certificate: ParsedCertificate };

/** How a chain's revocation locations are reached, or why they are not. */
export interface RevocationFetchers {
  /** Downloads a CRL; without it nothing is fetched and a certificate's CRLs cannot tell its status. */
  readonly fetchCrl?: CrlFetch | undefined;
  /** Asks an OCSP responder; without it no responder is asked. */
  readonly queryOcsp?: OcspQuery | undefined;
  /** Why nothing is fetched, when the fetchers are absent on purpose; "this verification ran offline" by default. */
  readonly offlineBecause?: string;
}

export interface ChainRevocationOptions extends RevocationFetchers {
  readonly now: Date;
  /** See CrlCheckOptions.signingTime. */
  readonly signingTime?: Date;
  /** What the messages call a certificate of this chain; "certificate" by default. */
  readonly noun?: string;
}

type CertificateRevocation =
  | { readonly status: 'good'; readonly by: 'OCSP' | 'CRL' }
  | { readonly status: 'unchecked' }
  /** `how`: who says so, and since when, as the message's end. */
  | { readonly status: 'revoked'; readonly how: string }
  | { readonly status: 'unknown'; readonly reason: string };

const revokedOn = (revokedAt: Date, reason: string | undefined) => `${revokedAt.toISOString()}${reason ? `, reason ${reason}` : ''}`;

async function crlRevocation(certificate: ParsedCertificate, issuer: ParsedCertificate, options: ChainRevocationOptions): Promise<CertificateRevocation> {
  if (!options.fetchCrl) return { status: 'unknown', reason: `it names a CRL, and ${options.offlineBecause ?? 'this verification ran offline'}` };
  const { certificateStatusInCrl, parseCrl } = await import('./crl.js');
  // Every distribution point is read (each may hold part of the CA's revocations); the first that fails ends the check.
  for (const url of certificate.crlDistributionPoints) {
    let verdict;
    try {
      verdict = certificateStatusInCrl(parseCrl(await options.fetchCrl(url)), certificate, issuer, options);
    } catch (error) {
      return { status: 'unknown', reason: `CRL ${url} could not be read: ${errorMessage(error)}` };
    }
    if (verdict.status === 'revoked') return { status: 'revoked', how: `CRL ${url} lists it as revoked on ${revokedOn(verdict.entry.revokedAt, verdict.entry.reason)}` };
    if (verdict.status === 'unknown') return { status: 'unknown', reason: `CRL ${url}: ${verdict.reason}` };
  }
  return { status: 'good', by: 'CRL' };
}

/** Each responder in turn until one gives an answer that counts (good, revoked, or "unknown" from the responder itself). */
async function ocspRevocation(certificate: ParsedCertificate, issuer: ParsedCertificate, options: ChainRevocationOptions): Promise<CertificateRevocation> {
  if (!options.queryOcsp) return { status: 'unknown', reason: `it names an OCSP responder, and ${options.offlineBecause ?? 'this verification ran offline'}` };
  const { buildOcspRequest, certificateStatusInOcsp, parseOcspResponse } = await import('./ocsp.js');
  const request = buildOcspRequest(certificate, issuer);
  let last: CertificateRevocation | undefined;
  for (const url of certificate.ocspServers) {
    let verdict;
    try {
      verdict = certificateStatusInOcsp(parseOcspResponse(await options.queryOcsp(url, request)), certificate, issuer, options);
    } catch (error) {
      last = { status: 'unknown', reason: `OCSP responder ${url} could not be asked: ${errorMessage(error)}` };
      continue;
    }
    if (verdict.status === 'good') return { status: 'good', by: 'OCSP' };
    if (verdict.status === 'revoked') return { status: 'revoked', how: `OCSP responder ${url} answers that it was revoked on ${revokedOn(verdict.revokedAt, verdict.reason)}` };
    last = { status: 'unknown', reason: `OCSP responder ${url}: ${verdict.reason}` };
    if (verdict.responderUnknown) break;
  }
  return last!;
}

async function certificateRevocation(certificate: ParsedCertificate, issuer: ParsedCertificate, options: ChainRevocationOptions): Promise<CertificateRevocation> {
  const hasCrl = certificate.crlDistributionPoints.length > 0;
  if (certificate.ocspServers.length === 0) return hasCrl ? crlRevocation(certificate, issuer, options) : { status: 'unchecked' };
  const ocsp = await ocspRevocation(certificate, issuer, options);
  if (ocsp.status !== 'unknown' || !hasCrl) return ocsp;
  const crl = await crlRevocation(certificate, issuer, options);
  return crl.status === 'unknown' ? { status: 'unknown', reason: `${ocsp.reason}; ${crl.reason}` } : crl;
}

export async function chainRevocation(chain: readonly ParsedCertificate[], options: ChainRevocationOptions): Promise<ChainRevocation> {
  const noun = options.noun ?? 'certificate';
  const results = await Promise.all(chain.slice(0, -1).map((certificate, index) => certificateRevocation(certificate, chain[index + 1]!, options)));
  const revokedAt = results.findIndex((result) => result.status === 'revoked');
  if (revokedAt >= 0) {
    const { how } = results[revokedAt] as Extract<CertificateRevocation, { status: 'revoked' }>;
    const certificate = chain[revokedAt]!;
    return { status: 'revoked', certificate, message: `${noun} "${certificate.subject}" is revoked: ${how}` };
  }
  const unknownAt = results.findIndex((result) => result.status === 'unknown');
  if (unknownAt >= 0) {
    const certificate = chain[unknownAt]!;
    const { reason } = results[unknownAt] as Extract<CertificateRevocation, { status: 'unknown' }>;
    return { status: 'unknown', certificate, message: `revocation status of ${noun} "${certificate.subject}" is unknown: ${reason}` };
  }
  const checked = results.filter((result) => result.status === 'good');
  if (checked.length === 0) return { status: 'good', message: 'no certificate of the chain names an OCSP responder or a CRL, so none can be revoked' };
  const by = [...new Set(checked.map((result) => (result as { by: string }).by))].sort().join(' and ');
  return { status: 'good', message: `no certificate of the chain is revoked (${checked.length} checked, by ${by})` };
}
