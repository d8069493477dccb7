import type { SignerClient } from '@aws-sdk/client-signer';
import { errorMessage, RemoteError } from '../core/errors.js';
import { nodeCrypto } from '../core/node-crypto.js';
import { isAwsRegion } from '../core/inputs.js';
import type { ParsedCertificate } from './certificates.js';
import type { AwsSignerRevocationChecker, AwsSignerRevocationQuery, AwsSignerRevocationStatus } from './revocation.js';

/**
 * What the AWS Signer Notation plugin (aws/aws-signer-notation-plugin) does at verification time, implemented here so
 * that AWS Signer signatures verify without installing the plugin: its trusted-identity rules for signing profile
 * ARNs, and revocation through GetRevocationStatus with the certificate hashes it computes. AWS Signer marks its
 * signatures with the critical attribute io.cncf.notary.verificationPlugin naming this plugin.
 */
export const AWS_SIGNER_PLUGIN_NAME = 'com.amazonaws.signer.notation.plugin';
/** The plugin version whose behaviour is emulated; signatures demanding a newer minimum version are refused. */
export const AWS_SIGNER_PLUGIN_EMULATED_VERSION = '1.0.0';
export const AWS_SIGNER_PLATFORM_ID = 'Notation-OCI-SHA384-ECDSA';

export const AWS_SIGNER_ATTRIBUTE = {
  signingProfileVersion: 'com.amazonaws.signer.signingProfileVersion',
  signingJob: 'com.amazonaws.signer.signingJob',
  signingProfileAlias: 'com.amazonaws.signer.signingProfileAlias',
} as const;

/** The extended attributes the plugin reports as processed; any other extended attribute fails verification. */
export const AWS_SIGNER_PROCESSED_ATTRIBUTES: readonly string[] = Object.values(AWS_SIGNER_ATTRIBUTE);

export const WILDCARD_IDENTITY_MESSAGE =
  'The AWSSigner plugin does not support wildcard identity in the trust policy. List signing profile ARNs (arn:aws:signer:<region>:<account>:/signing-profiles/<name>) as trusted identities instead of "*"';
export const NO_MATCHING_IDENTITY_MESSAGE = "Signature publisher doesn't match any trusted identities.";

export type SignerArnKind = 'signingProfile' | 'signingProfileVersion' | 'alias' | 'aliasedSigningProfile';

export interface SignerArn {
  readonly arn: string;
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly kind: SignerArnKind;
  /** Profile (or alias) name. */
  readonly name: string;
  /** Version id, for profile-version ARNs. */
  readonly version: string | undefined;
}

/**
 * Parses an AWS Signer ARN: `arn:<partition>:signer:<region>:<account>:/signing-profiles/<name>[/<version>]`, or the
 * alias forms `/aliases/<alias>` and `/aliased-signing-profiles/...`. Returns undefined for anything else.
 */
export function parseSignerArn(arn: string): SignerArn | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || parts[2] !== 'signer') return undefined;
  const [, partition, , region, account] = parts as [string, string, string, string, string];
  const resource = parts.slice(5).join(':');
  if (!partition || !isAwsRegion(region) || !/^\d{12}$/.test(account)) return undefined;
  const segments = resource.split('/');
  // A resource starts with '/', so segments[0] is empty: ['', 'signing-profiles', name(, version)].
  if (segments[0] !== '' || segments.slice(2).some((segment) => !/^[A-Za-z0-9_.-]+$/.test(segment))) return undefined;
  const base = { arn, partition, region, account };
  switch (segments[1]) {
    case 'signing-profiles':
      if (segments.length === 3) return { ...base, kind: 'signingProfile', name: segments[2]!, version: undefined };
      if (segments.length === 4) return { ...base, kind: 'signingProfileVersion', name: segments[2]!, version: segments[3]! };
      return undefined;
    case 'aliases':
      return segments.length === 3 ? { ...base, kind: 'alias', name: segments[2]!, version: undefined } : undefined;
    case 'aliased-signing-profiles':
      return segments.length >= 3 ? { ...base, kind: 'aliasedSigningProfile', name: segments[2]!, version: segments[3] } : undefined;
    default:
      return undefined;
  }
}

/**
 * Why parseSignerArn refused `arn` when only its region is wrong (`REGION` left from a template, a stray space), for
 * messages that would otherwise only say it is not an AWS Signer ARN; undefined otherwise.
 */
export function signerArnRegionProblem(arn: string): string | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || parts[2] !== 'signer' || isAwsRegion(parts[3]!)) return undefined;
  return `its region ${JSON.stringify(parts[3])} is not an AWS region code such as us-east-1`;
}

export interface AwsSignerSignatureAttributes {
  /** com.amazonaws.signer.signingProfileVersion: the ARN of the profile version that signed. */
  readonly signingProfileVersion: string;
  readonly signingJob: string | undefined;
  readonly signingProfileAlias: string | undefined;
}

export type IdentityMatch = { readonly matched: true; readonly identity: string } | { readonly matched: false; readonly reason: string };

/**
 * The plugin's trusted-identity rules: a signing profile ARN matches every version of that profile (the signature's
 * profile version ARN minus its last `/segment`), a profile version ARN must equal the signature's, an alias ARN must
 * equal the signature's alias; all comparisons ignore case. Other identities (x509.subject, '*') never match here;
 * the wildcard is refused before matching (see WILDCARD_IDENTITY_MESSAGE).
 */
export function matchAwsSignerIdentity(trustedIdentities: readonly string[], signature: AwsSignerSignatureAttributes): IdentityMatch {
  const profileVersion = signature.signingProfileVersion.toLowerCase();
  const alias = signature.signingProfileAlias?.toLowerCase();
  for (const identity of trustedIdentities) {
    const parsed = parseSignerArn(identity);
    if (!parsed) continue;
    const wanted = identity.toLowerCase();
    let matched = false;
    switch (parsed.kind) {
      case 'alias':
        matched = alias !== undefined && alias === wanted;
        break;
      case 'aliasedSigningProfile':
      case 'signingProfileVersion':
        matched = profileVersion === wanted;
        break;
      case 'signingProfile': {
        const lastSlash = profileVersion.lastIndexOf('/');
        matched = lastSlash !== -1 && profileVersion.slice(0, lastSlash) === wanted;
        break;
      }
    }
    if (matched) return { matched: true, identity };
  }
  return { matched: false, reason: NO_MATCHING_IDENTITY_MESSAGE };
}

/**
 * certificateHashes as the plugin sends them: for each certificate, hex(SHA-384(its TBS)) followed by
 * hex(SHA-384(its issuer's TBS)); the root, being its own issuer, repeats its own hash.
 */
export function awsSignerCertificateHashes(chain: readonly Pick<ParsedCertificate, 'tbs'>[]): string[] {
  const hashes = chain.map((certificate) => nodeCrypto().createHash('sha384').update(certificate.tbs).digest('hex'));
  return hashes.map((hash, index) => hash + (hashes[index + 1] ?? hash));
}

/** The plugin's wording for a non-empty revokedEntities list. */
export function describeRevokedEntities(revokedEntities: readonly string[]): string {
  const resources = revokedEntities.filter((entity) => entity.startsWith('arn'));
  const certificatesRevoked = resources.length < revokedEntities.length;
  let reason = resources.length > 0 ? `Resource(s) ${resources.join(', ')} have been revoked.` : '';
  if (certificatesRevoked) reason += 'Certificate(s) have been revoked.';
  return reason;
}

/**
 * A RevocationChecker backed by AWS Signer's GetRevocationStatus. The client decides region and credentials; the
 * call fails closed (a RemoteError), and verification turns that into a revocation failure enforced or logged per
 * the trust policy level.
 */
export function awsSignerRevocationChecker(client: Pick<SignerClient, 'send'>): AwsSignerRevocationChecker {
  return {
    async awsSignerRevocationStatus(query: AwsSignerRevocationQuery): Promise<AwsSignerRevocationStatus> {
      try {
        // Loaded on first use: most verifications meet no AWS Signer signature, and the SDK adds to every cold start.
        const { GetRevocationStatusCommand } = await import('@aws-sdk/client-signer');
        const response = await client.send(
          new GetRevocationStatusCommand({
            signatureTimestamp: query.signatureTimestamp,
            platformId: query.platformId,
            profileVersionArn: query.profileVersionArn,
            jobArn: query.jobArn,
            certificateHashes: [...query.certificateHashes],
          }),
        );
        return { revokedEntities: response.revokedEntities ?? [] };
      } catch (error) {
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        throw new RemoteError(`AWS Signer GetRevocationStatus failed: ${errorMessage(error)}`, status, {
          cause: error,
        });
      }
    },
  };
}
