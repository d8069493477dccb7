import { ConfigurationError } from '../core/errors.js';
import type { TrustPolicy } from '../notation/trust-policy.js';
import { trustPolicyDocument } from './policy-document.js';
import { drydockLabels, type KubeObject } from './resources.js';
import { storeObjectName, type TrustStoreBundle } from './trust-stores.js';

/** Where the kyverno-notation-aws extension runs, as its install manifest sets it up. */
export const KYVERNO_NOTATION_AWS = {
  namespace: 'kyverno-notation-aws',
  serviceUrl: 'https://svc.kyverno-notation-aws/checkimages',
  tlsSecretPath: '/api/v1/namespaces/kyverno-notation-aws/secrets/svc.kyverno-notation-aws.svc.tls-pair',
} as const;

/** Namespaces whose pods are never checked unless named: the control plane's and the admission machinery's own. */
export const SYSTEM_NAMESPACES = ['kube-system', 'kyverno', 'kyverno-notation-aws'] as const;

export interface KyvernoOptions {
  readonly prefix: string;
  readonly policy: TrustPolicy;
  readonly stores: readonly TrustStoreBundle[];
  /** Namespaces to check; empty means every namespace but the system ones. */
  readonly namespaces: readonly string[];
}

/**
 * What kyverno-notation-aws's resources cannot say: a TrustStore's type is ca or signingAuthority only (no tsa), and a
 * TrustPolicy's signatureVerification holds level and override only (no verifyTimestamp, so the extension always
 * verifies timestamps). A policy that needs either would be enforced differently in the cluster than in CI.
 */
export function checkKyvernoCanEnforce(policy: TrustPolicy): void {
  for (const statement of policy.statements) {
    if (statement.level === 'skip') continue;
    const tsa = statement.trustStores.find((store) => store.type === 'tsa');
    const why = tsa
      ? `uses trust store tsa:${tsa.name}: kyverno-notation-aws has no TSA trust stores (a TrustStore's type is ca or signingAuthority)`
      : statement.verifyTimestamp !== 'always'
        ? `sets verifyTimestamp: ${statement.verifyTimestamp}: kyverno-notation-aws's TrustPolicy has no such field and always verifies timestamps`
        : undefined;
    if (why) {
      throw new ConfigurationError(
        `Input 'engine': kyverno cannot enforce trust policy statement "${statement.name}" as CI does, which ${why}. Use engine: ratify, or drop it from the policy.`,
      );
    }
  }
}

/**
 * Kyverno with the kyverno-notation-aws extension: the extension verifies with notation and the AWS Signer plugin,
 * configured by TrustPolicy and TrustStore resources (notation.nirmata.io/v1alpha1); a ClusterPolicy sends each pod's
 * images to the extension and replaces tags with the digests it verified (the request and the JSON patch are those of
 * the extension's sample policy, configs/samples/kyverno-policy.yaml). The TrustPolicy is the very document
 * verify-signature applies in CI.
 */
export function renderKyvernoResources(options: KyvernoOptions): KubeObject[] {
  checkKyvernoCanEnforce(options.policy);
  const labels = drydockLabels(options.prefix);
  const trustStores: KubeObject[] = options.stores.map((store) => ({
    apiVersion: 'notation.nirmata.io/v1alpha1',
    kind: 'TrustStore',
    metadata: { name: storeObjectName(options.prefix, store), labels },
    spec: { trustStoreName: store.name, type: store.type, caBundle: store.pem },
  }));
  // The extension files a TrustPolicy under spec.trustPolicyName, not its object name, and the ClusterPolicy's
  // request names the policy to verify with by that name: without it no policy answers to the request.
  const { version, trustPolicies } = trustPolicyDocument(options.policy);
  const trustPolicy: KubeObject = {
    apiVersion: 'notation.nirmata.io/v1alpha1',
    kind: 'TrustPolicy',
    metadata: { name: options.prefix, labels },
    spec: { version, trustPolicyName: options.prefix, trustPolicies },
  };
  const resources =
    options.namespaces.length > 0
      ? { kinds: ['Pod'], operations: ['CREATE', 'UPDATE'], namespaces: [...options.namespaces] }
      : { kinds: ['Pod'], operations: ['CREATE', 'UPDATE'] };
  const clusterPolicy: KubeObject = {
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: {
      name: `${options.prefix}-verify-images`,
      labels,
      annotations: { 'policies.kyverno.io/description': `Verifies Notary Project signatures with trust policy ${options.prefix} (kyverno-notation-aws), as drydock verify-signature does in CI.` },
    },
    spec: {
      validationFailureAction: 'Enforce',
      failurePolicy: 'Fail',
      webhookTimeoutSeconds: 30,
      schemaValidation: false,
      rules: [
        {
          name: 'verify-notation-signatures',
          match: { any: [{ resources }] },
          ...(options.namespaces.length > 0 ? {} : { exclude: { any: [{ resources: { namespaces: [...SYSTEM_NAMESPACES] } }] } }),
          context: [
            { name: 'tlscerts', apiCall: { urlPath: KYVERNO_NOTATION_AWS.tlsSecretPath, jmesPath: 'base64_decode( data."tls.crt" )' } },
            {
              name: 'response',
              apiCall: {
                method: 'POST',
                data: [
                  { key: 'images', value: '{{images}}' },
                  { key: 'trustPolicy', value: options.prefix },
                ],
                service: { url: KYVERNO_NOTATION_AWS.serviceUrl, caBundle: '{{ tlscerts }}' },
              },
            },
          ],
          mutate: {
            foreach: [
              {
                list: 'response.results',
                patchesJson6902: "- path: '{{ element.path }}'\n  op: '{{ element.op }}'\n  value: '{{ element.value }}'",
              },
            ],
          },
        },
      ],
    },
  };
  return [...trustStores, trustPolicy, clusterPolicy];
}
