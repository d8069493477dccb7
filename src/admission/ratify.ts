import { ConfigurationError } from '../core/errors.js';
import { X509_SUBJECT_PREFIX, WILDCARD, type TrustPolicy } from '../notation/trust-policy.js';
import { trustPolicyDocument } from './policy-document.js';
import { drydockLabels, type KubeObject } from './resources.js';
import { storeObjectName, type TrustStoreBundle } from './trust-stores.js';

export interface RatifyOptions {
  readonly prefix: string;
  readonly policy: TrustPolicy;
  readonly stores: readonly TrustStoreBundle[];
}

/**
 * Ratify's notation verifier checks X.509 signatures against ca (and tsa) trust stores; it does not run Notation
 * verification plugins, so it cannot check AWS Signer signatures (signingAuthority stores, whose signatures name the
 * AWS Signer plugin as a critical verification plugin) or trust plugin identities such as signing profile ARNs. Such
 * a policy is refused here rather than rendered into a cluster policy that would deny every pod.
 */
export function checkRatifyCanVerify(policy: TrustPolicy): void {
  for (const statement of policy.statements) {
    if (statement.level === 'skip') continue;
    const signingAuthority = statement.trustStores.find((store) => store.type === 'signingAuthority');
    const pluginIdentity = statement.trustedIdentities.find((identity) => identity !== WILDCARD && !identity.startsWith(`${X509_SUBJECT_PREFIX}:`));
    if (signingAuthority || pluginIdentity) {
      const what = pluginIdentity ? `trusts '${pluginIdentity}'` : `uses trust store signingAuthority:${signingAuthority!.name}`;
      throw new ConfigurationError(
        `Input 'engine': ratify cannot enforce trust policy statement "${statement.name}", which ${what}: Ratify's notation verifier checks X.509 signatures only and runs no verification plugin, so AWS Signer signatures cannot be verified with it. Use engine: kyverno (kyverno-notation-aws runs the AWS Signer plugin), or trust x509.subject identities from ca trust stores.`,
      );
    }
  }
}

/**
 * Ratify (config.ratify.deislabs.io/v1beta1): one inline KeyManagementProvider per trust store with its certificates,
 * and a notation Verifier whose trust policy is the very document verify-signature applies in CI. Ratify's own
 * install (its Store and the Gatekeeper constraint) is left to its Helm chart.
 */
export function renderRatifyResources(options: RatifyOptions): KubeObject[] {
  checkRatifyCanVerify(options.policy);
  const labels = drydockLabels(options.prefix);
  const providers = options.stores.map((store) => ({
    store,
    object: {
      apiVersion: 'config.ratify.deislabs.io/v1beta1',
      kind: 'KeyManagementProvider',
      metadata: { name: storeObjectName(options.prefix, store), labels },
      spec: { type: 'inline', parameters: { contentType: 'certificate', value: store.pem } },
    } satisfies KubeObject,
  }));
  const certStores: Record<string, Record<string, string[]>> = {};
  for (const { store, object } of providers) {
    const byType = (certStores[store.type] ??= {});
    (byType[store.name] ??= []).push(object.metadata.name);
  }
  const verifier: KubeObject = {
    apiVersion: 'config.ratify.deislabs.io/v1beta1',
    kind: 'Verifier',
    metadata: { name: `${options.prefix}-notation`, labels },
    spec: {
      name: 'notation',
      artifactTypes: 'application/vnd.cncf.notary.signature',
      parameters: { verificationCertStores: certStores, trustPolicyDoc: trustPolicyDocument(options.policy) },
    },
  };
  return [...providers.map((provider) => provider.object), verifier];
}
