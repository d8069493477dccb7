import { readdirSync } from 'node:fs';
import path from 'node:path';
import { invalidInput } from '../core/errors.js';
import { bundledAwsSignerTrustStore } from './aws-signer-roots.js';
import { parseSignerArn, signerArnRegionProblem } from './aws-signer.js';
import { validateTrustPolicy, WILDCARD, X509_SUBJECT_PREFIX, type TrustPolicy, type TrustPolicyDocument } from './trust-policy.js';

/**
 * The `trusted-identities` shortcut: a list of signing profile ARNs and `x509.subject:` lines becomes one strict (or
 * the chosen level's) global trust policy statement, so that a user who only names a signing profile needs no policy
 * file and no trust store. AWS Signer identities are anchored in the bundled AWS Signer roots of their partitions
 * (or, when a trust store directory is given, its signingAuthority stores); x509 identities in the given store's ca
 * stores, since there is no root drydock could bundle for them.
 */
export type TrustStoreSource = { readonly kind: 'bundled' } | { readonly kind: 'directory'; readonly path: string };

export interface TrustedIdentitiesPolicyOptions {
  /** One identity per entry, as written (profile ARN, profile version ARN, alias ARN or `x509.subject: <DN>`). */
  readonly identities: readonly string[];
  readonly level: 'strict' | 'permissive' | 'audit';
  /** `revocation` override; undefined keeps the level's own action. */
  readonly revocation?: 'enforce' | 'log' | 'skip';
  readonly trustStore: TrustStoreSource;
  /** Input names for error messages. */
  readonly inputName: string;
  readonly trustStoreInputName: string;
}

export const TRUSTED_IDENTITIES_STATEMENT = 'drydock-trusted-identities';

/** The named stores of one type in a trust store directory (subdirectories of x509/<type>/). */
export function storeNamesOfType(trustStoreDir: string, type: 'ca' | 'signingAuthority' | 'tsa'): string[] {
  try {
    return readdirSync(path.join(trustStoreDir, 'x509', type), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}

export function buildTrustedIdentitiesPolicy(options: TrustedIdentitiesPolicyOptions): TrustPolicy {
  const { inputName, trustStore } = options;
  const signingAuthorityStores = new Set<string>();
  const caStores = new Set<string>();
  const withSubjects = options.identities.some((identity) => identity.startsWith(`${X509_SUBJECT_PREFIX}:`));
  for (const identity of options.identities) {
    if (identity === WILDCARD) {
      throw invalidInput(inputName, identity, 'would trust every signer', 'List signing profile ARNs or x509.subject: lines, or write a trust-policy');
    }
    if (identity.startsWith('arn:')) {
      const arn = parseSignerArn(identity);
      if (!arn) {
        const region = signerArnRegionProblem(identity);
        throw invalidInput(
          inputName,
          identity,
          `is not an AWS Signer signing profile ARN${region ? `: ${region}` : ''}`,
          'Use arn:aws:signer:<region>:<account>:/signing-profiles/<name>, optionally followed by /<version>',
        );
      }
      if (trustStore.kind === 'directory') {
        const names = storeNamesOfType(trustStore.path, 'signingAuthority');
        if (names.length === 0) {
          throw invalidInput(
            options.trustStoreInputName,
            trustStore.path,
            `has no x509/signingAuthority/<name>/ store, which the AWS Signer identity '${identity}' needs`,
            withSubjects
              ? `Put the AWS Signer root certificate there: the x509.subject identities need ${options.trustStoreInputName}, and the AWS Signer roots drydock bundles are used only without it`
              : `Put the AWS Signer root certificate there, or leave ${options.trustStoreInputName} unset to use the AWS Signer roots drydock bundles`,
          );
        }
        names.forEach((name) => signingAuthorityStores.add(name));
      } else {
        const bundled = bundledAwsSignerTrustStore(arn.partition);
        if (!bundled) {
          throw invalidInput(
            inputName,
            identity,
            `is in partition ${arn.partition}, for which drydock bundles no AWS Signer root`,
            `Set ${options.trustStoreInputName} to a directory holding that partition's AWS Signer root under x509/signingAuthority/<name>/`,
          );
        }
        signingAuthorityStores.add(bundled.name);
      }
      continue;
    }
    if (identity.startsWith(`${X509_SUBJECT_PREFIX}:`)) {
      if (trustStore.kind !== 'directory') {
        throw invalidInput(
          inputName,
          identity,
          `needs the root certificate of its signer, and ${options.trustStoreInputName} is not set`,
          `Set ${options.trustStoreInputName} to a directory holding that root under x509/ca/<name>/`,
        );
      }
      const names = storeNamesOfType(trustStore.path, 'ca');
      if (names.length === 0) {
        throw invalidInput(
          options.trustStoreInputName,
          trustStore.path,
          `has no x509/ca/<name>/ store, which the identity '${identity}' needs`,
          "Put the signer's root certificate under x509/ca/<name>/",
        );
      }
      names.forEach((name) => caStores.add(name));
      continue;
    }
    throw invalidInput(
      inputName,
      identity,
      'is neither a signing profile ARN nor an x509.subject: identity',
      'Write arn:aws:signer:<region>:<account>:/signing-profiles/<name> or x509.subject: CN=<name>,O=<organization>,ST=<state>,C=<country>',
    );
  }
  const document: TrustPolicyDocument = {
    version: '1.0',
    trustPolicies: [
      {
        name: TRUSTED_IDENTITIES_STATEMENT,
        registryScopes: [WILDCARD],
        signatureVerification: { level: options.level, ...(options.revocation ? { override: { revocation: options.revocation } } : {}) },
        trustStores: [...[...signingAuthorityStores].map((name) => `signingAuthority:${name}`), ...[...caStores].map((name) => `ca:${name}`)],
        trustedIdentities: [...new Set(options.identities)],
      },
    ],
  };
  return validateTrustPolicy(document, `built from input '${inputName}'`);
}
