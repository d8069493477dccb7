import { existsSync, lstatSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigurationError, invalidInput } from '../../core/errors.js';
import { readInputFile, type InputReader } from '../../core/inputs.js';
import { AWS_SIGNER_BUNDLED_TRUST_STORES } from '../../notation/aws-signer-roots.js';
import { mapTrustPolicyStatements, parseTrustPolicy, requireStatementFor, TRUST_POLICY_FILE_NAMES, type TrustPolicy } from '../../notation/trust-policy.js';
import { buildTrustedIdentitiesPolicy, type TrustStoreSource } from '../../notation/trusted-identities.js';
import { trustStorePath } from '../../notation/trust-store.js';
import type { ValidationAction } from '../../notation/verification-level.js';
import { parseImages, parseRegistryEndpoint, type ImageInput } from '../shared/image-registries.js';
import type { ImageVerificationSettings } from '../shared/image-verification.js';

/** Everything verify-signature does, decided from its inputs before anything remote happens. */
export interface VerifySignatureSettings extends ImageVerificationSettings {
  readonly images: readonly ImageInput[];
  readonly registryEndpoint?: URL;
  readonly concurrency: number;
}

const TRUST_POLICY_DOCS = 'https://notaryproject.dev/docs/user-guides/how-to/manage-trust-policy/';

/**
 * `trust-policy`: inline JSON, a trustpolicy(.oci).json file, or notation's configuration directory (its
 * trustpolicy.oci.json, else trustpolicy.json). Symbolic links are refused, as notation refuses them.
 */
function readTrustPolicy(inputs: InputReader): TrustPolicy | undefined {
  const value = inputs.optional('trust-policy');
  if (value === undefined) return undefined;
  if (/^[[{]/.test(value)) return parseTrustPolicy(value, "from input 'trust-policy'");
  const given = path.resolve(inputs.baseDir, value);
  let file = given;
  // A symbolic link counts as there even when it leads nowhere, so that it is refused below rather than passed over
  // (a dangling trustpolicy.oci.json must not quietly hand the decision to trustpolicy.json; notation refuses it too).
  const present = (candidate: string) => lstatSync(candidate, { throwIfNoEntry: false }) !== undefined;
  if (!present(file)) {
    throw invalidInput('trust-policy', value, 'is neither inline JSON nor an existing file', `Give the policy JSON, or the path of trustpolicy.json; relative paths start at ${inputs.baseDir}`);
  }
  if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) {
    const found = TRUST_POLICY_FILE_NAMES.map((name) => path.join(file, name)).find(present);
    if (!found) {
      throw invalidInput('trust-policy', value, `is a directory with neither ${TRUST_POLICY_FILE_NAMES.join(' nor ')}`, `Name the policy file, or write one (see ${TRUST_POLICY_DOCS})`);
    }
    file = found;
  }
  if (lstatSync(file).isSymbolicLink()) {
    if (file !== given) {
      throw invalidInput('trust-policy', value, `holds ${path.basename(file)} as a symbolic link, which is not supported for trust policies`, 'Replace the link with the policy file itself');
    }
    throw invalidInput('trust-policy', value, 'is a symbolic link, which is not supported for trust policies', 'Point to the policy file itself');
  }
  return parseTrustPolicy(readInputFile('trust-policy', file, value), file);
}

/** `trust-store`: the directory that holds x509/ (notation's truststore directory). */
function readTrustStore(inputs: InputReader): TrustStoreSource {
  const value = inputs.optional('trust-store');
  if (value === undefined) return { kind: 'bundled' };
  const directory = inputs.existingPath('trust-store', 'directory')!;
  if (path.basename(directory) === 'x509') {
    throw invalidInput('trust-store', value, 'is the x509 directory itself', `Name the directory that holds it: '${path.dirname(value)}'`);
  }
  if (!existsSync(path.join(directory, 'x509'))) {
    if (existsSync(path.join(directory, 'truststore', 'x509'))) {
      throw invalidInput('trust-store', value, "is notation's configuration directory", `Name its trust store: '${path.join(value, 'truststore')}'`);
    }
    throw invalidInput('trust-store', value, 'has no x509 directory', 'Name the directory that holds x509/<ca|signingAuthority|tsa>/<store name>/');
  }
  return { kind: 'directory', path: directory };
}

/** `trusted-identities`: one identity per line; DNs contain commas, so lines are the only separator. */
function readTrustedIdentities(inputs: InputReader): string[] | undefined {
  const identities = inputs.lines('trusted-identities');
  return identities.length ? [...new Set(identities)] : undefined;
}

/** Every store a policy names must be there: bundled ones without trust-store, directories of the given one otherwise. */
function checkPolicyStores(policy: TrustPolicy, trustStore: TrustStoreSource): void {
  const bundled = new Set(AWS_SIGNER_BUNDLED_TRUST_STORES.map((store) => `signingAuthority:${store.name}`));
  for (const statement of policy.statements) {
    for (const store of statement.trustStores) {
      const label = `${store.type}:${store.name}`;
      if (trustStore.kind === 'bundled' && !bundled.has(label)) {
        throw new ConfigurationError(
          `Input 'trust-store' is not set, and trust policy statement "${statement.name}" names trust store ${label}, which is not one drydock bundles (${[...bundled].join(', ')}). Set trust-store to the directory that holds x509/${store.type}/${store.name}/.`,
        );
      }
      if (trustStore.kind === 'directory' && !existsSync(trustStorePath(trustStore.path, store))) {
        throw invalidInput(
          'trust-store',
          trustStore.path,
          `has no x509/${store.type}/${store.name}/ directory, which trust policy statement "${statement.name}" names`,
          'Add that store, or fix the store name in the policy',
        );
      }
    }
  }
}

/** Applies revocation-check to every statement that verifies (a skip statement verifies nothing to override). */
function withRevocation(policy: TrustPolicy, revocation: ValidationAction | undefined): TrustPolicy {
  if (revocation === undefined) return policy;
  return mapTrustPolicyStatements(policy, (statement) => (statement.level === 'skip' ? statement : { ...statement, actions: { ...statement.actions, revocation } }));
}

export function parseVerifySignatureInputs(inputs: InputReader): VerifySignatureSettings {
  const images = parseImages(inputs);
  const fromFile = readTrustPolicy(inputs);
  const identities = readTrustedIdentities(inputs);
  const trustStore = readTrustStore(inputs);
  const level = inputs.oneOf('verification-level', ['strict', 'permissive', 'audit'] as const);
  const revocationCheck = inputs.oneOf('revocation-check', ['enforce', 'log', 'skip'] as const);
  const registryEndpoint = parseRegistryEndpoint(inputs, images);
  const concurrency = inputs.integer('concurrency', 8, 1, 32);

  if (fromFile && identities) {
    throw new ConfigurationError(
      "Inputs 'trust-policy' and 'trusted-identities' are both set. Use one: trusted-identities builds a policy for the listed signers, trust-policy is a complete policy.",
    );
  }
  let trustPolicy: TrustPolicy;
  if (fromFile) {
    if (level !== undefined) {
      throw new ConfigurationError(
        "Input 'verification-level' applies to trusted-identities only; with trust-policy the policy's statements set the level. Remove verification-level, or change signatureVerification.level in the policy.",
      );
    }
    checkPolicyStores(fromFile, trustStore);
    trustPolicy = withRevocation(fromFile, revocationCheck);
  } else if (identities) {
    trustPolicy = buildTrustedIdentitiesPolicy({
      identities,
      level: level ?? 'strict',
      ...(revocationCheck ? { revocation: revocationCheck } : {}),
      trustStore,
      inputName: 'trusted-identities',
      trustStoreInputName: 'trust-store',
    });
  } else {
    throw new ConfigurationError(
      "Input 'trusted-identities' or 'trust-policy' is required. List the signing profile ARNs to trust in trusted-identities, or give a Notation trust policy in trust-policy.",
    );
  }
  return {
    images,
    trustPolicy,
    trustStore,
    revocationCheck,
    concurrency,
    ...(registryEndpoint ? { registryEndpoint } : {}),
  };
}

/**
 * verify-signature's inputs: those above, and a statement of the policy for every image, so an image none covers is
 * refused as the configuration mistake it is before anything is fetched. (deploy-aks-or-eks and admission-policy read
 * the trust inputs through parseVerifySignatureInputs with images of their own.)
 */
export function parseVerifySignatureActionInputs(inputs: InputReader): VerifySignatureSettings {
  const settings = parseVerifySignatureInputs(inputs);
  for (const image of settings.images) {
    requireStatementFor(settings.trustPolicy, `${image.reference.registry}/${image.reference.repository}`, `image "${image.text}"`);
  }
  return settings;
}
