import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../core/logger.js';
import { shortDigest } from '../oci/digest.js';
import type { Descriptor as OciDescriptor } from '../oci/manifest.js';
import type { ReferrersTagListing } from '../oci/referrers.js';
import type { RegistryClient } from '../oci/registry-client.js';
import type { ResolvedArtifact } from './artifact.js';
import { awsSignerProfilePolicy, signWithAwsSigner, type AwsSignerPayloadApi, type AwsSignerTrust } from './aws-signer-sign.js';
import type { SignerArn } from './aws-signer.js';
import { toPem } from './certificates.js';
import type { RevocationChecker } from './revocation.js';
import { signDescriptor, type LocalSigner } from './sign.js';
import { ensureInReferrersTag, storeSignature, type EmptyConfigUploads } from './storage.js';
import { validateTrustPolicy, type TrustPolicy } from './trust-policy.js';
import { TrustStoreCache } from './trust-store.js';
import { verifyImage } from './verify-image.js';
import type { VerificationOutcome } from './verify.js';

/**
 * Signing one image in a registry: look for a valid signature by the same signer first (signing again would only pile
 * up identical signatures), else sign the digest and store the signature next to the image. The two signers, AWS
 * Signer and a local key, differ only in how they sign and how they recognise their own signatures: that difference
 * is the ImageSigner object; everything else is shared.
 */
export interface ArtifactEnvelope {
  readonly envelope: Buffer;
  readonly mediaType: string;
  /** SHA-256 of each chain certificate, leaf first: the signature manifest's thumbprint annotation. */
  readonly certificateThumbprints: readonly string[];
  /**
   * The envelope's signingTime (or AWS Signer's authenticSigningTime): the signature manifest's creation time, as
   * notation writes it, so that the annotation and the signature agree.
   */
  readonly signingTime: Date;
  /** Extra signature manifest annotations. */
  readonly manifestAnnotations?: Readonly<Record<string, string>>;
}

export interface OwnSignatureRule {
  /** A policy under which exactly this signer's valid signatures pass. */
  readonly trustPolicy: TrustPolicy;
  readonly trustStoreDir: string;
  /** The signer's trust store, read once for the whole batch. */
  readonly trustStoreCache: TrustStoreCache;
  readonly revocation?: RevocationChecker;
  /** A further test on a passing signature (the very same key, for local signers). */
  readonly accept?: (outcome: VerificationOutcome) => string | undefined;
}

export interface ImageSigner {
  /** Who signs, in the words a summary shows: a signing profile ARN or a certificate subject. */
  readonly identity: string;
  sign(artifact: ResolvedArtifact, annotations: Readonly<Record<string, string>>, signingTime: Date): Promise<ArtifactEnvelope>;
  readonly ownSignatures: OwnSignatureRule;
}

/** The store name the local signer's root is written under, inside the run's own temporary trust store. */
const LOCAL_SIGNER_STORE = 'drydock-signing-key';

/**
 * A local key and certificate chain. Its own signatures are those that chain to its root, verify at strict level and
 * carry its very leaf certificate; revocation is not consulted (no OCSP/CRL queries from a signing step).
 */
export async function localImageSigner(signer: LocalSigner, trustStoreDir: string): Promise<ImageSigner> {
  const root = signer.chain[signer.chain.length - 1]!;
  const directory = path.join(trustStoreDir, 'x509', 'ca', LOCAL_SIGNER_STORE);
  mkdirSync(directory, { recursive: true });
  writeFileSync(path.join(directory, 'root.pem'), toPem(root));
  const leaf = signer.chain[0]!;
  return {
    identity: leaf.subject,
    sign: async (artifact, annotations, signingTime) => {
      const signed = await signDescriptor({ signer, descriptor: artifact.descriptor, annotations, signingTime });
      return { envelope: signed.envelope, mediaType: signed.mediaType, certificateThumbprints: signer.chain.map((c) => c.sha256), signingTime };
    },
    ownSignatures: {
      trustPolicy: validateTrustPolicy(
        {
          version: '1.0',
          trustPolicies: [
            {
              name: 'local-signing-key',
              registryScopes: ['*'],
              signatureVerification: { level: 'strict', override: { revocation: 'skip' } },
              trustStores: [`ca:${LOCAL_SIGNER_STORE}`],
              trustedIdentities: ['*'],
            },
          ],
        },
        'for the signing key',
      ),
      trustStoreDir,
      trustStoreCache: new TrustStoreCache(),
      accept: (outcome) =>
        outcome.signature?.certificateThumbprints[0] === leaf.sha256 ? undefined : `it was signed with another certificate, "${outcome.signature?.signer}"`,
    },
  };
}

export interface AwsImageSignerOptions {
  readonly api: AwsSignerPayloadApi;
  readonly profile: SignerArn;
  readonly trust: AwsSignerTrust;
  /** For recognising existing signatures: a revoked one does not count. Without it revocation is not consulted. */
  readonly revocation?: RevocationChecker;
}

/** AWS Signer: its own signatures are those of the same signing profile (any version) through the AWS Signer root. */
export function awsImageSigner(options: AwsImageSignerOptions): ImageSigner {
  const trustStoreCache = options.trust.trustStoreCache ?? new TrustStoreCache();
  const trust: AwsSignerTrust = { ...options.trust, trustStoreCache };
  return {
    identity: options.profile.arn,
    sign: async (artifact, annotations, signingTime) => {
      const signed = await signWithAwsSigner({ api: options.api, profile: options.profile, artifact, annotations, trust, verifyAt: signingTime });
      return {
        envelope: signed.envelope,
        mediaType: signed.mediaType,
        certificateThumbprints: signed.certificateThumbprints,
        signingTime: signed.signingTime,
        manifestAnnotations: signed.metadata,
      };
    },
    ownSignatures: {
      trustPolicy: awsSignerProfilePolicy(options.profile, trust, options.revocation ? 'enforce' : 'skip'),
      trustStoreDir: trust.trustStoreDir,
      trustStoreCache,
      ...(options.revocation ? { revocation: options.revocation } : {}),
    },
  };
}

export interface SignImageOptions {
  readonly client: RegistryClient;
  readonly artifact: ResolvedArtifact;
  readonly signer: ImageSigner;
  readonly annotations: Readonly<Record<string, string>>;
  /** Sign even when a valid signature by the same signer (with the same annotations) exists. */
  readonly force: boolean;
  readonly forceReferrersTag: boolean;
  /** The run's record of repositories holding the empty config blob (concurrent signing of one repository). */
  readonly emptyConfig?: EmptyConfigUploads;
  /**
   * The run's tag listing of the image's repository, when it signs several images of it: an image it shows without
   * referrers has no signature to look for, and its tag index is not read.
   */
  readonly referrersTags?: ReferrersTagListing;
  /** The image's signatures, listed while its digest was confirmed (listImageSignatures), for the existing-signature check. */
  readonly signatures?: Promise<readonly OciDescriptor[]>;
  readonly now: Date;
  readonly logger: Logger;
}

export interface ImageSigning {
  readonly artifact: ResolvedArtifact;
  /** `already-signed`: a valid signature by the same signer was found and nothing was written. */
  readonly status: 'signed' | 'already-signed';
  readonly signatureDigest: string;
  /** For new signatures: how readers find it. */
  readonly indexedBy: 'referrers-api' | 'referrers-tag' | undefined;
}

/** The signed annotations must be exactly the wanted ones: a signature with a key more says something else. */
function annotationsMatch(wanted: Readonly<Record<string, string>>) {
  return (outcome: VerificationOutcome): string | undefined => {
    const signed = outcome.signature?.targetArtifact.annotations ?? {};
    const keys = new Set([...Object.keys(wanted), ...Object.keys(signed)]);
    const differing = [...keys].filter((key) => signed[key] !== wanted[key]);
    return differing.length === 0 ? undefined : `its signed annotations differ (${differing.join(', ')})`;
  };
}

/**
 * Looks for an existing signature (unless the run's tag listing shows the image has no referrers), else signs and
 * stores a new one. The envelope's upload session is opened, and the run's empty config blob ensured, while the
 * envelope is signed (AWS Signer's SignPayload is a round trip of its own), so storing does not wait for them. Neither
 * starts before the check: a rerun over signed images would open and cancel an upload per image for nothing.
 */
export async function signImage(options: SignImageOptions): Promise<ImageSigning> {
  const { client, artifact, signer } = options;
  const repository = artifact.image.repository;
  if (!options.force && !(await options.referrersTags?.knownWithoutReferrers(repository, artifact.descriptor.digest))) {
    const existing = await findOwnSignature(options);
    if (existing) {
      if (options.forceReferrersTag) await ensureInReferrersTag(client, repository, artifact.descriptor.digest, existing.signatureDigest);
      return existing;
    }
  }
  // A session that could not be opened is not an error yet: storing opens its own, and reports why if that fails too.
  const session = client.openUpload(repository).catch(() => undefined);
  // The run's empty config upload starts now too, so the first signature manifest of a repository does not wait for
  // its check and upload after the envelope's. Storing waits for it (and, had it failed, tries again and reports that).
  const emptyConfigReady = options.emptyConfig?.ensure(repository).catch(() => undefined);
  let signed: ArtifactEnvelope;
  try {
    signed = await signer.sign(artifact, options.annotations, options.now);
  } catch (error) {
    // Nothing is left half-done: the envelope's session is cancelled, and the empty config upload finishes first (the
    // step ends as soon as it reports, which would cut it off between its POST and its PUT).
    const [unused] = await Promise.all([session, emptyConfigReady]);
    if (unused) await client.cancelUpload(repository, unused);
    throw error;
  }
  const uploadUrl = await session;
  const stored = await storeSignature({
    client,
    repository,
    subject: artifact.descriptor,
    envelope: signed.envelope,
    envelopeMediaType: signed.mediaType,
    certificateThumbprints: signed.certificateThumbprints,
    created: signed.signingTime,
    forceReferrersTag: options.forceReferrersTag,
    ...(uploadUrl ? { uploadUrl } : {}),
    ...(options.emptyConfig ? { emptyConfig: options.emptyConfig } : {}),
    ...(signed.manifestAnnotations ? { annotations: signed.manifestAnnotations } : {}),
  });
  options.logger.info(`${artifact.reference}: signed by ${signer.identity}, signature ${shortDigest(stored.descriptor.digest)}`);
  return { artifact, status: 'signed', signatureDigest: stored.descriptor.digest, indexedBy: stored.indexedBy };
}

/** A valid signature by the same signer with the same annotations, reported as `already-signed`; else undefined. */
async function findOwnSignature(options: SignImageOptions): Promise<ImageSigning | undefined> {
  const { artifact, signer, client } = options;
  const own = signer.ownSignatures;
  const sameAnnotations = annotationsMatch(options.annotations);
  const existing = await verifyImage({
    client,
    artifact,
    trustPolicy: own.trustPolicy,
    trustStoreDir: own.trustStoreDir,
    trustStoreCache: own.trustStoreCache,
    verifyAt: options.now,
    ...(own.revocation ? { revocation: own.revocation } : {}),
    accept: (outcome) => own.accept?.(outcome) ?? sameAnnotations(outcome),
    logger: options.logger,
    ...(options.signatures ? { signatures: options.signatures } : {}),
  });
  if (existing.verdict === 'pass' && existing.signature) {
    return { artifact, status: 'already-signed', signatureDigest: existing.signature.signatureDigest, indexedBy: undefined };
  }
  if (existing.attempts.length > 0) {
    options.logger.info(
      `${artifact.reference}: ${existing.attempts.length} existing signature(s), none a valid one by ${signer.identity} (${existing.failure?.message}); signing`,
    );
  }
  return undefined;
}
