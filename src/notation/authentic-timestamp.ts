import { ConfigurationError } from '../core/errors.js';
import { isValidAt, type ParsedCertificate } from './certificates.js';
import type { JwsEnvelope } from './envelope-jws.js';
import { TimestampError, verifyTimestampToken } from './timestamp.js';
import type { TrustPolicyStatement } from './trust-policy.js';
import { loadTrustStoresOfType, type TrustStoreLoader } from './trust-store.js';
import { chainRevocation, type RevocationFetchers } from './x509-revocation.js';

/**
 * The authentic-timestamp check: was every certificate of the signing chain valid when the signature was made, by a
 * time the verifier can trust?
 * - notary.x509.signingAuthority: the authority vouches for authenticSigningTime, so the chain must be valid then
 *   (AWS Signer leaves live about three days; their intermediates may have expired since).
 * - notary.x509 with a tsa store in the statement: an RFC 3161 timestamp proves the time (with verifyTimestamp
 *   "afterCertExpiry", only once a chain certificate has expired).
 * - notary.x509 otherwise: signingTime is only the signer's claim, so the chain must be valid now.
 */
export interface TimestampCheckResult {
  readonly passed: boolean;
  readonly message: string;
}

export interface AuthenticTimestampInput {
  readonly envelope: JwsEnvelope;
  readonly chain: readonly ParsedCertificate[];
  readonly statement: TrustPolicyStatement;
  readonly trustStoreDir: string;
  /** How stores are read (a run's TrustStoreCache); by default afresh. */
  readonly loadStore?: TrustStoreLoader;
  readonly verifyAt: Date;
  /** How the TSA chain's CRLs and OCSP responders are reached; without fetchers its status is unknown. */
  readonly fetchers?: RevocationFetchers;
}

const iso = (instant: Date) => instant.toISOString();
const validity = (certificate: ParsedCertificate) => `valid from ${iso(certificate.notBefore)} to ${iso(certificate.notAfter)}`;

export async function checkAuthenticTimestamp(input: AuthenticTimestampInput): Promise<TimestampCheckResult> {
  const { envelope, chain, statement, verifyAt } = input;
  if (envelope.signingScheme === 'notary.x509.signingAuthority') {
    const invalid = chain.find((certificate) => !isValidAt(certificate, envelope.signingTime));
    return invalid
      ? {
          passed: false,
          message: `certificate "${invalid.subject}" was not valid when the signature was produced at ${iso(envelope.signingTime)} (${validity(invalid)})`,
        }
      : { passed: true, message: `every certificate of the chain was valid at the authentic signing time ${iso(envelope.signingTime)}` };
  }

  const tsaConfigured = statement.trustStores.some((store) => store.type === 'tsa');
  const chainExpired = chain.some((certificate) => verifyAt.getTime() > certificate.notAfter.getTime());
  const needsTimestamp = tsaConfigured && (statement.verifyTimestamp === 'always' || chainExpired);
  if (!needsTimestamp) {
    const invalid = chain.find((certificate) => !isValidAt(certificate, verifyAt));
    if (invalid) {
      const hint = tsaConfigured
        ? ''
        : '; a notary.x509 signature outlives its certificates only with a timestamp verified against a tsa trust store';
      return {
        passed: false,
        message: `certificate "${invalid.subject}" is not valid at verification time ${iso(verifyAt)} (${validity(invalid)})${hint}`,
      };
    }
    return { passed: true, message: `every certificate of the chain is valid at verification time ${iso(verifyAt)}` };
  }

  if (!envelope.timestampToken) {
    return {
      passed: false,
      message:
        'no timestamp countersignature was found in the signature envelope, but the trust policy requires one (it lists a tsa trust store); sign with a timestamp authority (notation sign --timestamp-url) or remove the tsa store from the statement',
    };
  }
  let trustedTsaCertificates: ParsedCertificate[];
  try {
    trustedTsaCertificates = await loadTrustStoresOfType(input.trustStoreDir, statement.trustStores, 'tsa', input.loadStore);
  } catch (error) {
    if (error instanceof ConfigurationError) return { passed: false, message: `failed to load tsa trust store: ${error.message}` };
    throw error;
  }
  let timestamp;
  try {
    timestamp = verifyTimestampToken(envelope.timestampToken, envelope.signature, trustedTsaCertificates);
  } catch (error) {
    if (error instanceof TimestampError) return { passed: false, message: `timestamp verification failed: ${error.message}` };
    throw error;
  }
  const range = `[${iso(timestamp.earliest)}, ${iso(timestamp.latest)}]`;
  // Only the chain's validity bounds the timestamp, as in notation: signingTime is the signer's claim, cut to whole
  // seconds, and a TSA's whole-second genTime minus its accuracy is usually earlier than it.
  for (const certificate of chain) {
    if (timestamp.earliest.getTime() < certificate.notBefore.getTime()) {
      return { passed: false, message: `timestamp ${range} can be before certificate "${certificate.subject}" validity period (${validity(certificate)})` };
    }
    if (timestamp.latest.getTime() > certificate.notAfter.getTime()) {
      return { passed: false, message: `timestamp ${range} can be after certificate "${certificate.subject}" validity period (${validity(certificate)})` };
    }
  }
  // notation checks the TSA chain's revocation too (unless revocation is skipped), with no signing time to weigh.
  if (statement.actions.revocation !== 'skip') {
    const revocation = await chainRevocation(timestamp.tsaChain, { ...input.fetchers, now: verifyAt, noun: 'timestamping certificate' });
    if (revocation.status === 'revoked') return { passed: false, message: `timestamp ${range} verified, but its ${revocation.message}` };
    if (revocation.status === 'unknown') {
      return {
        passed: false,
        message: `timestamp ${range} verified, but the ${revocation.message}; make the OCSP responder or CRL reachable and current, or override revocation to "skip" in the trust policy to accept it`,
      };
    }
  }
  return {
    passed: true,
    message: `timestamp ${range} from TSA "${timestamp.tsaChain[0]!.subject}" verified; every certificate of the chain was valid then`,
  };
}
