/**
 * Admission-time verification that mirrors CI: from the trust policy verify-signature applies (a policy file, or one
 * built from trusted identities such as AWS Signer signing profile ARNs), the resources that make Kyverno (with the
 * kyverno-notation-aws extension) or Ratify enforce the same policy in the cluster.
 */
export { ADMISSION_ENGINES, renderAdmissionResources, renderYaml, type AdmissionEngine, type AdmissionPolicySettings } from './render.js';
export { renderKyvernoResources, KYVERNO_NOTATION_AWS, SYSTEM_NAMESPACES, type KyvernoOptions } from './kyverno.js';
export { renderRatifyResources, checkRatifyCanVerify, type RatifyOptions } from './ratify.js';
export { trustPolicyDocument } from './policy-document.js';
export { collectTrustStores, referencedStores, storeObjectName, type TrustStoreBundle } from './trust-stores.js';
export { describeObject, drydockLabels, type KubeObject } from './resources.js';
