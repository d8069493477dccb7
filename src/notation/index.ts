/**
 * Notary Project signatures, offline: payload and JWS envelope, certificate chains, trust policy and trust store,
 * the AWS Signer plugin's verification logic, local-key signing, and verifyEnvelope, the library entry point.
 *
 * Verifying one envelope (bytes as stored in the signature manifest's layer):
 *
 *   const outcome = await verifyEnvelope({
 *     envelope, mediaType: 'application/jose+json',
 *     descriptor: { mediaType, digest, size },          // the artifact as the registry resolved it
 *     reference: `${registry}/${repository}@${digest}`, // selects the trust policy statement
 *     trustPolicy: await loadTrustPolicyFile('trustpolicy.json'),
 *     trustStoreDir: '/path/to/truststore',              // holds x509/<ca|signingAuthority|tsa>/<name>/
 *     revocation: {                                      // optional; offline without it
 *       ...awsSignerRevocationChecker(new SignerClient({ region })), // AWS Signer's GetRevocationStatus
 *       fetchCrl: crlFetcher(),                          // the CRLs X.509 certificates name
 *       queryOcsp: ocspQuerier(),                        // and their OCSP responders
 *     },
 *     trustStoreCache,                                   // optional: one `new TrustStoreCache()` for a batch reads
 *   });                                                  // each store once; without it every call reads the files
 *   // outcome.verdict: 'pass' | 'fail'; outcome.checks: [{ name, result: pass|fail|logged|skipped, message }]
 *
 * Configuration mistakes (invalid policy, no applicable statement, reference without digest) throw
 * ConfigurationError; everything wrong with the signature itself is reported in `checks`.
 */
export { verifyEnvelope, CHECK_NAMES } from './verify.js';
export type {
  CheckName,
  CheckResult,
  SignatureSummary,
  VerificationCheck,
  VerificationOutcome,
  VerifyEnvelopeOptions,
} from './verify.js';

export { createLocalSigner, signDescriptor, DEFAULT_SIGNING_AGENT } from './sign.js';
export type { LocalSigner, LocalSignerInput, SignDescriptorOptions, SignedEnvelope } from './sign.js';

export {
  loadTrustPolicyFile,
  parseArtifactReference,
  parseTrustPolicy,
  selectTrustPolicyStatement,
  validateTrustPolicy,
} from './trust-policy.js';
export type {
  ArtifactReference,
  TrustPolicy,
  TrustPolicyDocument,
  TrustPolicyStatement,
  TrustPolicyStatementDocument,
  TrustStoreReference,
  TrustStoreType,
  VerifyTimestampOption,
} from './trust-policy.js';
export { VERIFICATION_LEVELS } from './verification-level.js';
export type { ValidationAction, ValidationActions, ValidationType, VerificationLevelName } from './verification-level.js';

export { loadTrustStore, trustStorePath, TrustStoreCache } from './trust-store.js';
export type { TrustStoreLoader } from './trust-store.js';

export { buildPayload, parsePayload, isSameArtifact, NOTARY_PAYLOAD_MEDIA_TYPE } from './payload.js';
export type { Descriptor, NotaryPayload } from './payload.js';

export { buildJwsEnvelope, parseJwsEnvelope, JWS_ENVELOPE_MEDIA_TYPE } from './envelope-jws.js';
export type { BuildJwsEnvelopeOptions, ExtendedAttribute, JwsEnvelope, JwsSigner, SigningScheme } from './envelope-jws.js';
export { verifyEnvelopeIntegrity } from './integrity.js';
export type { VerifiedEnvelope } from './integrity.js';

export { parseCertificate, readCertificates, toPem } from './certificates.js';
export type { ParsedCertificate } from './certificates.js';
export type { JwsAlgorithm } from './algorithms.js';

export {
  AWS_SIGNER_PLATFORM_ID,
  AWS_SIGNER_PLUGIN_NAME,
  awsSignerCertificateHashes,
  awsSignerRevocationChecker,
  matchAwsSignerIdentity,
  parseSignerArn,
} from './aws-signer.js';
export type { SignerArn } from './aws-signer.js';
export type { AwsSignerRevocationChecker, AwsSignerRevocationQuery, AwsSignerRevocationStatus, RevocationChecker } from './revocation.js';
export { crlFetcher, MAX_CRL_BYTES } from './crl-fetch.js';
export type { CrlFetch } from './crl-fetch.js';
export { ocspQuerier, MAX_OCSP_RESPONSE_BYTES } from './ocsp-fetch.js';
export type { OcspQuery } from './ocsp-fetch.js';
export {
  AWS_SIGNER_BUNDLED_TRUST_STORES,
  AWS_SIGNER_ROOT_COMMERCIAL,
  AWS_SIGNER_ROOT_GOVCLOUD,
  bundledAwsSignerTrustStore,
  writeBundledAwsSignerTrustStores,
} from './aws-signer-roots.js';
export type { BundledTrustStore } from './aws-signer-roots.js';
