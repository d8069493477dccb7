import { ConfigurationError, errorMessage } from '../core/errors.js';
import { checkAuthenticTimestamp } from './authentic-timestamp.js';
import {
  AWS_SIGNER_ATTRIBUTE,
  AWS_SIGNER_PLATFORM_ID,
  awsSignerCertificateHashes,
  describeRevokedEntities,
  matchAwsSignerIdentity,
  WILDCARD_IDENTITY_MESSAGE,
} from './aws-signer.js';
import { sameCertificate, type ParsedCertificate } from './certificates.js';
import {
  distinguishedNameOfCertificateName,
  DistinguishedNameError,
  isSubsetDistinguishedName,
  parseDistinguishedName,
} from './distinguished-name.js';
import type { JwsEnvelope, SigningScheme } from './envelope-jws.js';
import { evaluateExtendedAttributes } from './extended-attributes.js';
import { IntegrityError, verifyEnvelopeIntegrity, type IntegrityFault, type VerifiedEnvelope } from './integrity.js';
import { isSameArtifact, type Descriptor } from './payload.js';
import type { RevocationChecker } from './revocation.js';
import { chainRevocation, type RevocationFetchers } from './x509-revocation.js';
import {
  parseArtifactReference,
  selectTrustPolicyStatement,
  isValidatedTrustPolicy,
  validateTrustPolicy,
  WILDCARD,
  X509_SUBJECT_PREFIX,
  type TrustPolicy,
  type TrustPolicyDocument,
  type TrustPolicyStatement,
} from './trust-policy.js';
import { loadTrustStore, type TrustStoreCache, type TrustStoreLoader } from './trust-store.js';
import type { ValidationAction, VerificationLevelName } from './verification-level.js';

/**
 * verifyEnvelope: the offline verification of one signature envelope against a trust policy and trust store, in the
 * order and with the outcomes of the Notary Project trust policy specification (and notation, its reference):
 * integrity, verification plugin / extended attributes, authenticity, trusted identity, expiry, authentic timestamp,
 * revocation, and finally whether the signature is for the artifact being verified. Each check is enforced, logged or
 * skipped as the statement's level says; the first enforced failure ends verification.
 */

export type CheckName =
  | 'integrity'
  | 'verificationPlugin'
  | 'authenticity'
  | 'trustedIdentity'
  | 'expiry'
  | 'authenticTimestamp'
  | 'revocation'
  | 'descriptor';

export const CHECK_NAMES: readonly CheckName[] = [
  'integrity',
  'verificationPlugin',
  'authenticity',
  'trustedIdentity',
  'expiry',
  'authenticTimestamp',
  'revocation',
  'descriptor',
];

/**
 * pass: the check held. fail: it did not and the level enforces it (the verdict is fail). logged: it did not, and the
 * level only logs it. skipped: the level skips it, or an earlier enforced failure ended verification.
 */
export type CheckResult = 'pass' | 'fail' | 'logged' | 'skipped';

export interface VerificationCheck {
  readonly name: CheckName;
  readonly result: CheckResult;
  readonly message: string;
  /** Set on an integrity failure that is not damage to the signature: whose it is (see IntegrityFault). */
  readonly fault?: IntegrityFault;
}

/** What a verified (integrity-passing) signature says about itself. */
export interface SignatureSummary {
  readonly signingScheme: SigningScheme;
  /** signingTime (notary.x509) or authenticSigningTime (signingAuthority). */
  readonly signingTime: Date;
  readonly expiry: Date | undefined;
  /** Subject of the signing (leaf) certificate. */
  readonly signer: string;
  /** AWS Signer signatures: the profile version ARN that signed. */
  readonly signingProfileVersionArn: string | undefined;
  /** Lower-case hex SHA-256 of each x5c certificate, leaf first. */
  readonly certificateThumbprints: readonly string[];
  /** The signed descriptor, including the user annotations signed with it. */
  readonly targetArtifact: Descriptor;
}

export interface VerificationOutcome {
  readonly verdict: 'pass' | 'fail';
  /** Every check, in evaluation order. */
  readonly checks: readonly VerificationCheck[];
  /** The trust policy statement that applied. */
  readonly statement: string;
  readonly level: VerificationLevelName;
  /** Present when integrity passed. */
  readonly signature: SignatureSummary | undefined;
}

export interface VerifyEnvelopeOptions {
  /** The envelope bytes (or text) as stored in the registry. */
  readonly envelope: Uint8Array | string;
  /** The envelope media type (the signature manifest layer's mediaType): application/jose+json. */
  readonly mediaType: string;
  /** The artifact being verified, as the registry resolved it. */
  readonly descriptor: Descriptor;
  /** `<registry>/<repository>@<digest>`; selects the trust policy statement. Its digest must be the descriptor's. */
  readonly reference: string;
  /** A trust policy document (validated here) or an already validated policy (parseTrustPolicy). */
  readonly trustPolicy: TrustPolicyDocument | TrustPolicy;
  /** The directory holding `x509/<type>/<name>/`. */
  readonly trustStoreDir: string;
  /**
   * The run's trust stores, read once for a batch of signatures (one TrustStoreCache per run). Without it each call
   * reads the stores from trustStoreDir.
   */
  readonly trustStoreCache?: TrustStoreCache;
  /** The instant every time check uses as "now"; defaults to the current time. */
  readonly verifyAt?: Date;
  /**
   * Lookups that need a network: AWS Signer's GetRevocationStatus. Without it verification is offline and the
   * revocation check of an AWS Signer signature fails (enforced or logged per level).
   */
  readonly revocation?: RevocationChecker;
}

/** `always`: failures fail verification whatever the level (malformed or unverifiable signatures). */
type Enforcement = ValidationAction | 'always';

interface Finding {
  readonly passed: boolean;
  readonly message: string;
  /**
   * Set when the level does not decide: the AWS Signer plugin answers some requests with an error rather than a
   * result (wildcard identity, missing attributes), and notation fails those at every level.
   */
  readonly enforcement?: Enforcement;
  readonly fault?: IntegrityFault;
}

const pass = (message: string): Finding => ({ passed: true, message });
const failure = (message: string, enforcement?: Enforcement): Finding => ({ passed: false, message, enforcement });

/** Records check results and knows when an enforced failure ends verification. */
class CheckLog {
  private readonly results: VerificationCheck[] = [];
  private stoppedBy: CheckName | undefined;

  get stopped(): boolean {
    return this.stoppedBy !== undefined;
  }

  /** Records a finding; the finding's own enforcement, when it has one, wins over the level's. */
  record(name: CheckName, finding: Finding, levelEnforcement: Enforcement): void {
    const enforcement = finding.enforcement ?? levelEnforcement;
    let result: CheckResult;
    if (enforcement === 'skip') result = 'skipped';
    else if (finding.passed) result = 'pass';
    else if (enforcement === 'log') result = 'logged';
    else result = 'fail';
    this.results.push({ name, result, message: finding.message, ...(finding.fault ? { fault: finding.fault } : {}) });
    if (result === 'fail') this.stoppedBy = name;
  }

  finish(): { verdict: 'pass' | 'fail'; checks: VerificationCheck[] } {
    const done = new Set(this.results.map((check) => check.name));
    const remaining = CHECK_NAMES.filter((name) => !done.has(name)).map(
      (name): VerificationCheck => ({ name, result: 'skipped', message: `not evaluated: the ${this.stoppedBy} check failed` }),
    );
    return { verdict: this.stoppedBy ? 'fail' : 'pass', checks: [...this.results, ...remaining] };
  }
}

function stringAttribute(envelope: JwsEnvelope, key: string): string | undefined {
  const value = envelope.extendedAttributes.find((attribute) => attribute.key === key)?.value;
  return typeof value === 'string' ? value : undefined;
}

/** Verifies one envelope. Configuration mistakes (invalid policy, no applicable statement, bad reference) throw. */
export async function verifyEnvelope(options: VerifyEnvelopeOptions): Promise<VerificationOutcome> {
  const policy = isValidatedTrustPolicy(options.trustPolicy)
    ? options.trustPolicy
    : validateTrustPolicy(options.trustPolicy, '(inline document)');
  const { digest } = parseArtifactReference(options.reference);
  if (digest !== options.descriptor.digest) {
    throw new ConfigurationError(
      `Artifact reference "${options.reference}" names digest ${digest}, but the descriptor being verified has ${options.descriptor.digest}. Pass the descriptor the reference resolves to.`,
    );
  }
  const statement = selectTrustPolicyStatement(policy, options.reference);
  const verifyAt = options.verifyAt ?? new Date();
  const loadStore = options.trustStoreCache?.load ?? loadTrustStore;
  const log = new CheckLog();
  const outcome = (signature: SignatureSummary | undefined): VerificationOutcome => ({
    ...log.finish(),
    statement: statement.name,
    level: statement.level,
    signature,
  });

  if (statement.level === 'skip') {
    for (const name of CHECK_NAMES) {
      log.record(name, pass(`trust policy statement "${statement.name}" sets level skip: signatures are not verified`), 'skip');
    }
    return outcome(undefined);
  }

  let verified: VerifiedEnvelope;
  try {
    verified = verifyEnvelopeIntegrity(options.envelope, options.mediaType);
  } catch (error) {
    if (!(error instanceof IntegrityError)) throw error;
    log.record('integrity', { ...failure(error.message), ...(error.fault ? { fault: error.fault } : {}) }, 'always');
    return outcome(undefined);
  }
  const { envelope, chain, payload } = verified;
  log.record('integrity', pass(`signature verifies with the ${envelope.algorithm} key of "${chain[0]!.subject}"`), 'always');
  const extended = evaluateExtendedAttributes(envelope);
  const awsSigner = extended.ok && extended.plugin === 'awsSigner';
  const summary: SignatureSummary = {
    signingScheme: envelope.signingScheme,
    signingTime: envelope.signingTime,
    expiry: envelope.expiry,
    signer: chain[0]!.subject,
    // The com.amazonaws.signer attributes mean something only in a signature that names the AWS Signer plugin; in any
    // other they are unchecked claims and must not be reported as who signed.
    signingProfileVersionArn: awsSigner ? stringAttribute(envelope, AWS_SIGNER_ATTRIBUTE.signingProfileVersion) : undefined,
    certificateThumbprints: chain.map((certificate) => certificate.sha256),
    targetArtifact: payload.targetArtifact,
  };
  log.record('verificationPlugin', { passed: extended.ok, message: extended.message }, 'always');
  if (!extended.ok) return outcome(summary);
  const actions = statement.actions;

  const authenticity = await checkAuthenticity(envelope.signingScheme, chain, statement, options.trustStoreDir, loadStore);
  log.record('authenticity', authenticity, actions.authenticity);
  if (log.stopped) return outcome(summary);
  // The locations a certificate names are fetched only when a trusted root issued it: at audit level an untrusted chain
  // goes on to the revocation check, and its URLs are the signer's choice, so fetching them would let anyone who can
  // push a signature make this runner send requests where they like.
  const fetchers: RevocationFetchers = authenticity.passed
    ? { fetchCrl: options.revocation?.fetchCrl, queryOcsp: options.revocation?.queryOcsp }
    : { offlineBecause: 'the chain is not trusted, so the locations it names are not fetched' };

  // The reference records trusted-identity failures under authenticity, so they follow authenticity's action.
  const identity = awsSigner ? checkAwsSignerIdentity(envelope, statement) : checkX509Identity(chain[0]!, statement);
  log.record('trustedIdentity', identity, actions.authenticity);
  if (log.stopped) return outcome(summary);

  log.record('expiry', checkExpiry(envelope, verifyAt), actions.expiry);
  if (log.stopped) return outcome(summary);

  const timestamp = await checkAuthenticTimestamp({ envelope, chain, statement, trustStoreDir: options.trustStoreDir, loadStore, verifyAt, fetchers });
  log.record('authenticTimestamp', timestamp, actions.authenticTimestamp);
  if (log.stopped) return outcome(summary);

  if (actions.revocation === 'skip') {
    log.record('revocation', pass('revocation checking is skipped by the trust policy override'), 'skip');
  } else {
    const revocation = awsSigner ? await checkAwsSignerRevocation(envelope, chain, options.revocation) : await checkX509Revocation(envelope, chain, fetchers, verifyAt);
    log.record('revocation', revocation, actions.revocation);
    if (log.stopped) return outcome(summary);
  }

  const signed = payload.targetArtifact;
  const artifact = options.descriptor;
  log.record(
    'descriptor',
    isSameArtifact(signed, artifact)
      ? pass(`the signature is for ${artifact.digest}`)
      : failure(
          `content descriptor mismatch: the signature is for ${signed.mediaType} ${signed.digest} (${signed.size} bytes), not for the artifact being verified, ${artifact.mediaType} ${artifact.digest} (${artifact.size} bytes)`,
        ),
    'always',
  );
  return outcome(summary);
}

async function checkAuthenticity(
  scheme: SigningScheme,
  chain: readonly ParsedCertificate[],
  statement: TrustPolicyStatement,
  trustStoreDir: string,
  loadStore: TrustStoreLoader,
): Promise<Finding> {
  // A signing-authority signature is only trusted through signingAuthority stores, a notary.x509 one only through ca
  // stores: trusting a CA for one must not make it an authority for the other.
  const type = scheme === 'notary.x509.signingAuthority' ? 'signingAuthority' : 'ca';
  const stores = statement.trustStores.filter((store) => store.type === type);
  if (stores.length === 0) {
    return failure(
      `signature is not produced by a trusted signer: its ${scheme} scheme is only trusted through ${type} trust stores, and statement "${statement.name}" lists none`,
    );
  }
  // Every listed store must load before any is consulted: a broken store is a broken policy, even if another store
  // would have trusted the signature (notation fails the whole load too).
  const loaded: Array<{ label: string; certificates: ParsedCertificate[] }> = [];
  for (const store of stores) {
    try {
      loaded.push({ label: `${store.type}:${store.name}`, certificates: await loadStore(trustStoreDir, store) });
    } catch (error) {
      if (error instanceof ConfigurationError) return failure(`failed to load trust store: ${error.message}`);
      throw error;
    }
  }
  for (const { label, certificates } of loaded) {
    const trusted = chain.find((certificate) => certificates.some((candidate) => sameCertificate(candidate, certificate)));
    if (trusted) return pass(`the chain includes "${trusted.subject}" from trust store ${label}`);
  }
  return failure(
    `signature is not produced by a trusted signer: no certificate of its chain (root "${chain[chain.length - 1]!.subject}") is in trust store(s) ${loaded.map((store) => store.label).join(', ')}`,
  );
}

function checkX509Identity(leaf: ParsedCertificate, statement: TrustPolicyStatement): Finding {
  if (statement.trustedIdentities.includes(WILDCARD)) return pass('the trust policy trusts any identity ("*") from its trust stores');
  const identities = statement.trustedIdentities.filter((identity) => identity.startsWith(`${X509_SUBJECT_PREFIX}:`));
  if (identities.length === 0) {
    return failure(`no x509 trusted identities are configured in the trust policy statement "${statement.name}"; add "x509.subject:<DN>" identities`);
  }
  let leafName;
  try {
    leafName = distinguishedNameOfCertificateName(leaf.subjectName);
  } catch (error) {
    if (error instanceof DistinguishedNameError) return failure(`the signing certificate subject cannot be matched: ${error.message}`);
    throw error;
  }
  for (const identity of identities) {
    if (isSubsetDistinguishedName(parseDistinguishedName(identity.slice(X509_SUBJECT_PREFIX.length + 1)), leafName)) {
      return pass(`signing certificate subject "${leaf.subject}" matches trusted identity "${identity}"`);
    }
  }
  return failure(
    `signing certificate subject "${leaf.subject}" does not match the trusted identities of statement "${statement.name}" (${identities.join('; ')})`,
  );
}

function checkAwsSignerIdentity(envelope: JwsEnvelope, statement: TrustPolicyStatement): Finding {
  // The real plugin refuses these requests outright (an error, not a verification result), so they fail at any level.
  if (statement.trustedIdentities.includes(WILDCARD)) return failure(WILDCARD_IDENTITY_MESSAGE, 'always');
  const signingProfileVersion = stringAttribute(envelope, AWS_SIGNER_ATTRIBUTE.signingProfileVersion);
  if (!signingProfileVersion) {
    return failure(`unable to parse attribute "${AWS_SIGNER_ATTRIBUTE.signingProfileVersion}" of the AWS Signer signature`, 'always');
  }
  const match = matchAwsSignerIdentity(statement.trustedIdentities, {
    signingProfileVersion,
    signingJob: stringAttribute(envelope, AWS_SIGNER_ATTRIBUTE.signingJob),
    signingProfileAlias: stringAttribute(envelope, AWS_SIGNER_ATTRIBUTE.signingProfileAlias),
  });
  return match.matched
    ? pass(`Signature publisher matched "${match.identity}" trusted identity (signed by ${signingProfileVersion}).`)
    : failure(`${match.reason} The signature was made by ${signingProfileVersion}.`);
}

function checkExpiry(envelope: JwsEnvelope, verifyAt: Date): Finding {
  if (!envelope.expiry) return pass('the signature has no expiry');
  if (verifyAt.getTime() >= envelope.expiry.getTime()) {
    return failure(`digital signature has expired on ${envelope.expiry.toISOString()}; re-sign the artifact`);
  }
  return pass(`the signature is valid until ${envelope.expiry.toISOString()}`);
}

async function checkAwsSignerRevocation(
  envelope: JwsEnvelope,
  chain: readonly ParsedCertificate[],
  checker: RevocationChecker | undefined,
): Promise<Finding> {
  const profileVersionArn = stringAttribute(envelope, AWS_SIGNER_ATTRIBUTE.signingProfileVersion);
  const jobArn = stringAttribute(envelope, AWS_SIGNER_ATTRIBUTE.signingJob);
  if (!profileVersionArn || !jobArn) {
    const missing = profileVersionArn ? AWS_SIGNER_ATTRIBUTE.signingJob : AWS_SIGNER_ATTRIBUTE.signingProfileVersion;
    return failure(`unable to parse attribute "${missing}" of the AWS Signer signature`, 'always');
  }
  if (!checker?.awsSignerRevocationStatus) {
    return failure(
      'the revocation status of an AWS Signer signature comes from AWS Signer GetRevocationStatus, and this verification ran offline (no revocation checker); give one, or override revocation to "log" or "skip" in the trust policy',
    );
  }
  try {
    const status = await checker.awsSignerRevocationStatus({
      signatureTimestamp: envelope.signingTime,
      platformId: AWS_SIGNER_PLATFORM_ID,
      profileVersionArn,
      jobArn,
      certificateHashes: awsSignerCertificateHashes(chain),
    });
    if (status.revokedEntities.length > 0) {
      return failure(`the signature is revoked: ${describeRevokedEntities(status.revokedEntities)}`);
    }
    return pass('Signature is not revoked.');
  } catch (error) {
    return failure(`GetRevocationStatus call failed with error: ${errorMessage(error)}`);
  }
}

/** The chain's OCSP responders and CRLs, asked through `fetchers` (x509-revocation.ts); a signing authority's signing time counts. */
async function checkX509Revocation(envelope: JwsEnvelope, chain: readonly ParsedCertificate[], fetchers: RevocationFetchers, verifyAt: Date): Promise<Finding> {
  const result = await chainRevocation(chain, {
    ...fetchers,
    now: verifyAt,
    // notation compares invalidity dates with the signing time only when a signing authority vouches for it.
    ...(envelope.signingScheme === 'notary.x509.signingAuthority' ? { signingTime: envelope.signingTime } : {}),
  });
  if (result.status === 'good') return pass(result.message);
  if (result.status === 'revoked') return failure(`${result.message}; sign the artifact again with a certificate that is not revoked`);
  return failure(`${result.message}; make the OCSP responder or CRL reachable and current, or override revocation to "log" or "skip" in the trust policy to accept this`);
}
