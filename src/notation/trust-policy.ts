import { lstatSync, readFileSync, type Stats } from 'node:fs';
import path from 'node:path';
import { ConfigurationError, errorMessage } from '../core/errors.js';
import { caseVariantKey } from '../core/json-keys.js';
import { isRepositoryPath } from '../oci/reference.js';
import { parseSignerArn, signerArnRegionProblem } from './aws-signer.js';
import { DistinguishedNameError, isSubsetDistinguishedName, parseDistinguishedName, type DistinguishedName } from './distinguished-name.js';
import {
  isVerificationLevelName,
  LevelOverrideError,
  resolveValidationActions,
  type ValidationActions,
  type VerificationLevelName,
} from './verification-level.js';

/**
 * The OCI trust policy document of the Notary Project (trustpolicy.oci.json / trustpolicy.json, version 1.0), validated
 * with every rule the specification and notation apply. Validation errors are ConfigurationErrors naming the policy,
 * the statement, what is wrong and how to fix it.
 */

/** The document as written (JSON); see TrustPolicy for the validated form. */
export interface TrustPolicyDocument {
  readonly version: string;
  readonly trustPolicies: readonly TrustPolicyStatementDocument[];
}

export interface TrustPolicyStatementDocument {
  readonly name: string;
  readonly registryScopes: readonly string[];
  readonly signatureVerification: {
    readonly level: string;
    readonly override?: Readonly<Record<string, string>>;
    readonly verifyTimestamp?: string;
  };
  readonly trustStores?: readonly string[];
  readonly trustedIdentities?: readonly string[];
}

export type TrustStoreType = 'ca' | 'signingAuthority' | 'tsa';
export const TRUST_STORE_TYPES: readonly TrustStoreType[] = ['ca', 'signingAuthority', 'tsa'];

export interface TrustStoreReference {
  readonly type: TrustStoreType;
  readonly name: string;
}

/**
 * `always`: a notary.x509 signature with a tsa store configured must carry a verifiable timestamp.
 * `afterCertExpiry`: the timestamp is only needed once a chain certificate has expired.
 */
export type VerifyTimestampOption = 'always' | 'afterCertExpiry';

export interface TrustPolicyStatement {
  readonly name: string;
  readonly registryScopes: readonly string[];
  readonly level: VerificationLevelName;
  readonly actions: ValidationActions;
  readonly verifyTimestamp: VerifyTimestampOption;
  readonly trustStores: readonly TrustStoreReference[];
  /** As written: '*', 'x509.subject:<DN>', or plugin identities such as AWS Signer profile ARNs. */
  readonly trustedIdentities: readonly string[];
}

export interface TrustPolicy {
  /** Where the policy came from (a file path, or a description), used in every message about it. */
  readonly source: string;
  readonly statements: readonly TrustPolicyStatement[];
}

export const WILDCARD = '*';
export const X509_SUBJECT_PREFIX = 'x509.subject';
const STORE_NAME = /^[a-zA-Z0-9_.-]+$/;
const TRUST_POLICY_DOCS = 'https://notaryproject.dev/docs/user-guides/how-to/manage-trust-policy/';

// Registry grammar of the distribution reference (as notation uses it for scopes), written so that no string can be
// matched in two ways: JavaScript's backtracking engine takes exponential time on ambiguous patterns (Go's is linear,
// so notation never noticed). Repositories are checked by the image reference parser's own grammar (isRepositoryPath).
const DOMAIN = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?$/;

function policyError(source: string, problem: string, fix: string): ConfigurationError {
  return new ConfigurationError(`Trust policy ${source}: ${problem}. ${fix}.`);
}

/**
 * The policies validateTrustPolicy returned, and those derived from them: what verifyEnvelope uses without validating.
 * Membership, not shape: a JSON document with `source` and `statements` keys is still a document.
 */
const validatedPolicies = new WeakSet<TrustPolicy>();

function validated(policy: TrustPolicy): TrustPolicy {
  validatedPolicies.add(policy);
  return policy;
}

/** Whether `value` is a policy validateTrustPolicy returned (or mapTrustPolicyStatements derived from one). */
export function isValidatedTrustPolicy(value: unknown): value is TrustPolicy {
  return typeof value === 'object' && value !== null && validatedPolicies.has(value as TrustPolicy);
}

/** A validated policy with each statement replaced by `change(statement)`: for settings that override a policy's own. */
export function mapTrustPolicyStatements(policy: TrustPolicy, change: (statement: TrustPolicyStatement) => TrustPolicyStatement): TrustPolicy {
  if (!isValidatedTrustPolicy(policy)) throw new TypeError('mapTrustPolicyStatements: not a trust policy validateTrustPolicy returned');
  return validated({ ...policy, statements: policy.statements.map(change) });
}

/** Parses and validates trust policy JSON text. */
export function parseTrustPolicy(text: string, source: string): TrustPolicy {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw policyError(source, `is not valid JSON (${errorMessage(error)})`, `Fix the JSON syntax; the format is described at ${TRUST_POLICY_DOCS}`);
  }
  return validateTrustPolicy(document, source);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Refuses a key that differs from one of `keys` only in case: `{"level": "skip", "Level": "strict"}` is strict for notation. */
function refuseCaseVariants(object: Record<string, unknown>, keys: readonly string[], where: string, source: string): void {
  const variant = caseVariantKey(object, keys);
  if (variant) {
    const { key, meant } = variant;
    throw policyError(source, `${where} has the key "${key}", which differs from "${meant}" only in case`, `Spell it "${meant}": keys are case-sensitive, and notation would read it as "${meant}"`);
  }
}

function stringList(value: unknown, source: string, what: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string')) {
    throw policyError(source, `${what} must be a list of strings`, 'Write it as a JSON array of strings');
  }
  return value as string[];
}

/** notation's file names in its configuration directory, newest first. */
export const TRUST_POLICY_FILE_NAMES = ['trustpolicy.oci.json', 'trustpolicy.json'] as const;

/**
 * Reads and validates a trust policy file. A path to a directory means notation's configuration directory: its
 * trustpolicy.oci.json is used, else its trustpolicy.json. Symbolic links are refused, as notation refuses them (the
 * policy decides what is trusted; a link could point it somewhere its owner does not control). Read synchronously, as
 * trust stores are (trust-store.ts).
 */
export async function loadTrustPolicyFile(policyPath: string): Promise<TrustPolicy> {
  let file = policyPath;
  let stats = lstatOrUndefined(file);
  if (stats?.isDirectory()) {
    for (const name of TRUST_POLICY_FILE_NAMES) {
      const candidate = path.join(policyPath, name);
      const candidateStats = lstatOrUndefined(candidate);
      if (candidateStats) {
        file = candidate;
        stats = candidateStats;
        break;
      }
    }
    if (file === policyPath) {
      throw policyError(policyPath, `has neither ${TRUST_POLICY_FILE_NAMES.join(' nor ')}`, `Create one; see ${TRUST_POLICY_DOCS}`);
    }
  }
  if (!stats) throw policyError(file, 'does not exist', `Create it, or fix the path; see ${TRUST_POLICY_DOCS}`);
  if (stats.isSymbolicLink()) throw policyError(file, 'is a symbolic link, which is not supported', 'Replace it with a regular file');
  if (!stats.isFile()) throw policyError(file, 'is not a regular file', 'Point to the trust policy JSON file');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw policyError(file, `cannot be read (${(error as Error).message})`, 'Check its permissions');
  }
  return parseTrustPolicy(text, file);
}

/** The file's lstat, or undefined when it cannot be had (missing, or a path through something that is not a directory). */
function lstatOrUndefined(file: string): Stats | undefined {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
}

/** Validates a parsed trust policy document. */
export function validateTrustPolicy(document: unknown, source: string): TrustPolicy {
  if (!isObject(document)) {
    throw policyError(source, 'the document is not a JSON object', 'Write {"version": "1.0", "trustPolicies": [...]}');
  }
  refuseCaseVariants(document, ['version', 'trustPolicies'], 'the document', source);
  const version = document['version'];
  if (version === undefined || version === '') {
    throw policyError(source, '"version" is missing', 'Set "version": "1.0"');
  }
  if (version !== '1.0') {
    throw policyError(source, `version ${JSON.stringify(version)} is not supported`, 'Set "version": "1.0"');
  }
  const rawStatements = document['trustPolicies'];
  if (rawStatements !== undefined && !Array.isArray(rawStatements)) {
    throw policyError(source, '"trustPolicies" must be a list of statements', 'Write "trustPolicies": [ {...}, ... ]');
  }
  if (!rawStatements || rawStatements.length === 0) {
    throw policyError(source, '"trustPolicies" has no statements', 'Add at least one trust policy statement');
  }
  const names = new Set<string>();
  const statements = rawStatements.map((raw, index) => {
    const statement = validateStatement(raw, index, source);
    if (names.has(statement.name)) {
      throw policyError(
        source,
        `statement name "${statement.name}" is used by more than one statement`,
        'Statement names must be unique; rename or remove the duplicate',
      );
    }
    names.add(statement.name);
    return statement;
  });
  validateScopesAcrossStatements(statements, source);
  return validated({ source, statements });
}

function validateStatement(raw: unknown, index: number, source: string): TrustPolicyStatement {
  if (!isObject(raw)) {
    throw policyError(source, `trustPolicies[${index}] is not an object`, 'Each statement is an object with name, registryScopes, signatureVerification, trustStores and trustedIdentities');
  }
  refuseCaseVariants(raw, ['name', 'registryScopes', 'signatureVerification', 'trustStores', 'trustedIdentities'], `trustPolicies[${index}]`, source);
  const name = raw['name'];
  if (typeof name !== 'string' || name === '') {
    throw policyError(source, `trustPolicies[${index}] has no "name"`, 'Give every statement a unique name');
  }
  const label = `statement "${name}"`;
  const verification = raw['signatureVerification'];
  if (isObject(verification)) refuseCaseVariants(verification, ['level', 'override', 'verifyTimestamp'], `signatureVerification of ${label}`, source);
  if (!isObject(verification) || verification['level'] === undefined || verification['level'] === '') {
    throw policyError(source, `${label} has no signatureVerification.level`, 'Set "signatureVerification": {"level": "strict"} (or permissive, audit, skip)');
  }
  const level = verification['level'];
  if (!isVerificationLevelName(level)) {
    throw policyError(source, `${label} has unknown signatureVerification level ${JSON.stringify(level)}`, 'Use strict, permissive, audit or skip');
  }
  // null is no override, as it is for notation.
  const override = verification['override'] ?? undefined;
  if (override !== undefined && !isObject(override)) {
    throw policyError(source, `${label} has a signatureVerification.override that is not an object`, 'Write it as {"revocation": "skip"}');
  }
  let actions: ValidationActions;
  try {
    actions = resolveValidationActions(level, override);
  } catch (error) {
    if (error instanceof LevelOverrideError) throw policyError(source, `${label}: ${error.problem}`, error.fix);
    throw error;
  }
  // Absent, null or empty is the default, "always", as notation reads it.
  const timestampOption = verification['verifyTimestamp'];
  const verifyTimestamp = timestampOption === undefined || timestampOption === null || timestampOption === '' ? 'always' : timestampOption;
  if (verifyTimestamp !== 'always' && verifyTimestamp !== 'afterCertExpiry') {
    throw policyError(source, `${label} has signatureVerification.verifyTimestamp ${JSON.stringify(verifyTimestamp)}`, 'Use "always" or "afterCertExpiry"');
  }

  const rawStores = stringList(raw['trustStores'], source, `"trustStores" of ${label}`) ?? [];
  const identities = stringList(raw['trustedIdentities'], source, `"trustedIdentities" of ${label}`) ?? [];
  const scopes = stringList(raw['registryScopes'], source, `"registryScopes" of ${label}`) ?? [];

  let trustStores: TrustStoreReference[] = [];
  if (level === 'skip') {
    if (rawStores.length > 0 || identities.length > 0) {
      throw policyError(
        source,
        `${label} is set to skip signature verification but lists trust stores and/or trusted identities`,
        'Remove "trustStores" and "trustedIdentities", or choose another level',
      );
    }
  } else {
    if (rawStores.length === 0 || identities.length === 0) {
      throw policyError(
        source,
        `${label} is missing trust stores or trusted identities`,
        'Both "trustStores" and "trustedIdentities" must list at least one value',
      );
    }
    trustStores = rawStores.map((value) => parseTrustStoreReference(value, label, source));
    validateTrustedIdentities(identities, label, source);
  }
  validateScopes(scopes, label, source);
  return { name, registryScopes: scopes, level, actions, verifyTimestamp, trustStores, trustedIdentities: identities };
}

function parseTrustStoreReference(value: string, label: string, source: string): TrustStoreReference {
  const separator = value.indexOf(':');
  if (separator === -1) {
    throw policyError(source, `${label} has malformed trust store value "${value}"`, 'Use <type>:<name>, e.g. "ca:acme-rockets" or "signingAuthority:aws-signer-ts"');
  }
  const type = value.slice(0, separator);
  const name = value.slice(separator + 1);
  if (!(TRUST_STORE_TYPES as readonly string[]).includes(type)) {
    throw policyError(source, `${label} uses unsupported trust store type "${type}" in "${value}"`, 'Use ca, signingAuthority or tsa');
  }
  if (!STORE_NAME.test(name)) {
    throw policyError(source, `${label} uses trust store name "${name}" in "${value}", which is not allowed`, "Store names may use only letters, digits, '_', '.' and '-'");
  }
  if (name === '.' || name === '..') {
    // path.join would resolve them to x509/<type> or x509 itself: a store of every certificate file lying there.
    throw policyError(source, `${label} uses trust store name "${name}" in "${value}", which names no store directory`, `Use the name of a directory under x509/${type}`);
  }
  return { type: type as TrustStoreType, name };
}

function validateTrustedIdentities(identities: readonly string[], label: string, source: string): void {
  if (identities.length > 1 && identities.includes(WILDCARD)) {
    throw policyError(source, `${label} mixes the wildcard trusted identity '*' with other values`, "Use '*' alone, or list specific identities");
  }
  const subjects: Array<{ identity: string; dn: DistinguishedName }> = [];
  for (const identity of identities) {
    if (identity === '') {
      throw policyError(source, `${label} has an empty trusted identity`, 'Remove it, or write "x509.subject:<DN>" or a signing profile ARN');
    }
    if (identity === WILDCARD) continue;
    const separator = identity.indexOf(':');
    if (separator === -1) {
      throw policyError(source, `${label} has trusted identity "${identity}" without a type prefix`, 'Write "x509.subject:<DN>" or an AWS Signer signing profile ARN');
    }
    const prefix = identity.slice(0, separator);
    const value = identity.slice(separator + 1);
    if (prefix === X509_SUBJECT_PREFIX) {
      if (value === '') {
        throw policyError(source, `${label} has trusted identity "${identity}" without a distinguished name`, 'Write "x509.subject:CN=...,O=...,ST=...,C=..."');
      }
      try {
        subjects.push({ identity, dn: parseDistinguishedName(value) });
      } catch (error) {
        if (error instanceof DistinguishedNameError) {
          throw policyError(source, `${label} has trusted identity "${identity}" with an invalid distinguished name: ${error.message}`, 'Write an RFC 4514 DN with at least C, ST and O, e.g. "x509.subject:CN=Builder,O=Acme,ST=WA,C=US"');
        }
        throw error;
      }
    } else if (prefix === 'arn' && !parseSignerArn(identity)) {
      const region = signerArnRegionProblem(identity);
      throw policyError(source, `${label} has trusted identity "${identity}", which is not an AWS Signer ARN${region ? ` (${region})` : ''}`, 'Use arn:aws:signer:<region>:<account>:/signing-profiles/<name>, optionally followed by /<version>');
    }
  }
  for (const a of subjects) {
    for (const b of subjects) {
      if (a !== b && isSubsetDistinguishedName(a.dn, b.dn)) {
        throw policyError(source, `${label} has overlapping x509 trusted identities "${a.identity}" and "${b.identity}"`, 'Remove one of them: the broader one already trusts every signer the narrower one does');
      }
    }
  }
}

/** Checks one scope's grammar; returns the problem, or undefined when the scope is a fully qualified repository. */
function registryScopeProblem(scope: string): string | undefined {
  if (scope.includes('*')) return 'contains a wildcard; only the scope "*" on its own is allowed';
  const slash = scope.indexOf('/');
  const lastSegment = scope.slice(scope.lastIndexOf('/') + 1);
  if (scope.includes('@') || (slash !== -1 && lastSegment.includes(':'))) return 'names a tag or digest; scopes are repositories without tag or digest';
  if (slash === -1) return 'is not fully qualified; it needs a registry host and a repository (an image name or tag alone is not a scope)';
  const domain = scope.slice(0, slash);
  const repository = scope.slice(slash + 1);
  if (!DOMAIN.test(domain) || !isRepositoryPath(repository)) return 'is not a valid <registry>/<repository>';
  return undefined;
}

function validateScopes(scopes: readonly string[], label: string, source: string): void {
  if (scopes.length === 0) {
    throw policyError(source, `${label} has no registry scopes`, 'List fully qualified repositories (registry.example.com/team/app) or "*"');
  }
  // notation refuses a scope listed twice, in one statement as across statements.
  const repeated = scopes.find((scope, index) => scopes.indexOf(scope) !== index);
  if (repeated !== undefined) {
    throw policyError(source, `${label} lists registry scope "${repeated}" more than once`, 'List each scope once');
  }
  if (scopes.length > 1 && scopes.includes(WILDCARD)) {
    throw policyError(source, `${label} mixes the wildcard registry scope '*' with other scopes`, "Use '*' alone in its own statement");
  }
  for (const scope of scopes) {
    if (scope === WILDCARD) continue;
    const problem = registryScopeProblem(scope);
    if (problem) {
      throw policyError(source, `${label} has registry scope "${scope}", which ${problem}`, 'Write scopes as <registry>/<repository> without scheme, tag or digest, e.g. "123456789012.dkr.ecr.us-east-1.amazonaws.com/app"');
    }
  }
}

function validateScopesAcrossStatements(statements: readonly TrustPolicyStatement[], source: string): void {
  const owner = new Map<string, string>();
  for (const statement of statements) {
    for (const scope of statement.registryScopes) {
      const previous = owner.get(scope);
      if (previous !== undefined) {
        if (scope === WILDCARD) {
          throw policyError(source, `statements "${previous}" and "${statement.name}" both use the global scope '*'`, 'Keep one global statement');
        }
        throw policyError(source, `registry scope "${scope}" appears in statements "${previous}" and "${statement.name}"`, 'A scope can belong to one statement only; remove it from one of them');
      }
      owner.set(scope, statement.name);
    }
  }
}

export interface ArtifactReference {
  /** `<registry>/<repository>`, the part a registry scope names. */
  readonly repository: string;
  readonly digest: string;
}

/** Splits `registry/repository@sha256:...`; a tag-only reference is refused (verification needs the digest). */
export function parseArtifactReference(reference: string): ArtifactReference {
  const at = reference.lastIndexOf('@');
  if (at === -1) {
    throw new ConfigurationError(
      `Artifact reference "${reference}" has no digest. Verification needs <registry>/<repository>@<digest>; resolve the tag to its digest first.`,
    );
  }
  let repository = reference.slice(0, at);
  const digest = reference.slice(at + 1);
  // registry/repo:tag@digest names the digest; the tag is informational.
  const lastSegment = repository.slice(repository.lastIndexOf('/') + 1);
  if (lastSegment.includes(':')) repository = repository.slice(0, repository.length - lastSegment.length + lastSegment.indexOf(':'));
  if (!/^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(digest) || registryScopeProblem(repository)) {
    throw new ConfigurationError(
      `Artifact reference "${reference}" is not a fully qualified <registry>/<repository>@<digest> reference. Write it like registry.example.com/app@sha256:<64 hex digits>.`,
    );
  }
  return { repository, digest };
}

/** The statement that applies to a reference: the one naming its repository, else the global '*' statement. */
export function selectTrustPolicyStatement(policy: TrustPolicy, reference: string): TrustPolicyStatement {
  return requireStatementFor(policy, parseArtifactReference(reference).repository, `artifact "${reference}"`);
}

/**
 * The statement that applies to `repository` (`<registry>/<repository>`): the one whose scopes name it, else the one
 * with the global scope. Throws when none does, naming `what` (the artifact, or the image as the user wrote it), so an
 * action can refuse an image no statement covers before it fetches anything.
 */
export function requireStatementFor(policy: TrustPolicy, repository: string, what: string): TrustPolicyStatement {
  const exact = policy.statements.find((statement) => statement.registryScopes.includes(repository));
  const global = policy.statements.find((statement) => statement.registryScopes.includes(WILDCARD));
  const selected = exact ?? global;
  if (!selected) {
    throw policyError(
      policy.source,
      `${what} has no applicable oci trust policy statement`,
      `Add a statement whose registryScopes include "${repository}", or a statement with the global scope "*"`,
    );
  }
  return selected;
}
