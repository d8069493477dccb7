/**
 * drydock as a library (`import { verifyEnvelope } from 'drydock'`; package.json `exports` points here, built into
 * lib/ by `npm run build`). The actions are the main product; this entry exposes the parts that are useful on their
 * own, chiefly Notary Project verification:
 *
 *   import { verifyEnvelope } from 'drydock';
 *   const { verdict, checks } = await verifyEnvelope({
 *     envelope,                                   // bytes of the signature manifest's layer
 *     mediaType: 'application/jose+json',
 *     descriptor: { mediaType, digest, size },    // the artifact as the registry resolved it
 *     reference: `${registry}/${repository}@${digest}`,
 *     trustPolicy,                                // a trust policy document (trustpolicy.json), validated here
 *     trustStoreDir,                              // holds x509/<ca|signingAuthority|tsa>/<name>/
 *     verifyAt: new Date('2026-01-01T00:00:00Z'), // optional: "now" for every time check
 *     revocation,                                 // optional: { ...awsSignerRevocationChecker(signerClient), fetchCrl: crlFetcher(), queryOcsp: ocspQuerier() }
 *   });
 *   // verdict: 'pass' | 'fail'; checks: [{ name, result: 'pass' | 'fail' | 'logged' | 'skipped', message }]
 *
 * Configuration mistakes (an invalid policy, no applicable statement, a reference without digest) throw a
 * ConfigurationError; everything wrong with the signature itself is reported in `checks`.
 *
 * Beyond one envelope: verifyImage (or resolveAndVerifyImage, from a reference) and signImage work on images in a
 * registry (RegistryClient), storeSignature and readSignature on signature manifests, buildTrustedIdentitiesPolicy
 * turns signing profile ARNs into a policy. A batch signing many images of one repository on a registry without the
 * referrers API can pass signImage one ReferrersTagListing, which replaces the per-image look for existing signatures
 * by one tag listing.
 */
export * from './notation/index.js';

export { ConfigurationError, RemoteError } from './core/errors.js';

export { resolveArtifact, ArtifactResolutionError } from './notation/artifact.js';
export type { ResolvedArtifact } from './notation/artifact.js';

export {
  buildSignatureManifest,
  listSignatures,
  readSignature,
  storeSignature,
  SignatureReadError,
  SIGNATURE_ARTIFACT_TYPE,
  THUMBPRINT_ANNOTATION,
  MAX_SIGNATURE_ENVELOPE_BYTES,
  MAX_SIGNATURE_MANIFEST_BYTES,
} from './notation/storage.js';
export type { SignatureManifest, SignatureManifestInput, StoreSignatureOptions, StoredEnvelope, StoredSignature } from './notation/storage.js';

export { listImageSignatures, resolveAndVerifyImage, verifyImage, DEFAULT_MAX_SIGNATURE_ATTEMPTS } from './notation/verify-image.js';
export type { FailedCheck, ImageFailure, ImageVerification, SignatureAttempt, VerifyImageOptions } from './notation/verify-image.js';

export { signImage, localImageSigner, awsImageSigner } from './notation/sign-image.js';
export type { ArtifactEnvelope, AwsImageSignerOptions, ImageSigner, ImageSigning, OwnSignatureRule, SignImageOptions } from './notation/sign-image.js';

export { signWithAwsSigner, awsSignerProfilePolicy, AWS_SIGNER_MAX_PAYLOAD_BYTES } from './notation/aws-signer-sign.js';
export type {
  AwsSignerPayloadApi,
  AwsSignerSignature,
  AwsSignerSignPayloadRequest,
  AwsSignerSignPayloadResponse,
  AwsSignerTrust,
  SignWithAwsSignerOptions,
} from './notation/aws-signer-sign.js';
export { regionalAwsSignerRevocationChecker } from './notation/aws-signer-regional.js';

export { buildTrustedIdentitiesPolicy } from './notation/trusted-identities.js';
export type { TrustedIdentitiesPolicyOptions, TrustStoreSource } from './notation/trusted-identities.js';

export { RegistryClient } from './oci/registry-client.js';
export { ReferrersTagListing } from './oci/referrers.js';
export type { RegistryClientOptions } from './oci/registry-client.js';
export { parseImageReference, formatImageReference } from './oci/reference.js';
export type { ImageReference } from './oci/reference.js';
