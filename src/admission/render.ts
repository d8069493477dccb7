import { stringify } from 'yaml';
import type { TrustPolicy } from '../notation/trust-policy.js';
import type { TrustStoreSource } from '../notation/trusted-identities.js';
import { checkKyvernoCanEnforce, renderKyvernoResources } from './kyverno.js';
import { checkRatifyCanVerify, renderRatifyResources } from './ratify.js';
import type { KubeObject } from './resources.js';
import { collectTrustStores } from './trust-stores.js';

export const ADMISSION_ENGINES = ['kyverno', 'ratify'] as const;
export type AdmissionEngine = (typeof ADMISSION_ENGINES)[number];

export interface AdmissionPolicySettings {
  readonly engine: AdmissionEngine;
  /** The same validated policy verify-signature would apply (from trust-policy, or built from trusted-identities). */
  readonly trustPolicy: TrustPolicy;
  readonly trustStore: TrustStoreSource;
  /** Names of the rendered objects start with it. */
  readonly prefix: string;
  /** kyverno: namespaces whose pods are checked (empty: all but the system namespaces). */
  readonly namespaces: readonly string[];
}

/** The cluster resources that make the admission engine enforce the trust policy CI enforces. */
export async function renderAdmissionResources(settings: AdmissionPolicySettings): Promise<KubeObject[]> {
  if (settings.engine === 'ratify') checkRatifyCanVerify(settings.trustPolicy);
  else checkKyvernoCanEnforce(settings.trustPolicy);
  const stores = await collectTrustStores(settings.trustPolicy, settings.trustStore);
  return settings.engine === 'kyverno'
    ? renderKyvernoResources({ prefix: settings.prefix, policy: settings.trustPolicy, stores, namespaces: settings.namespaces })
    : renderRatifyResources({ prefix: settings.prefix, policy: settings.trustPolicy, stores });
}

/** A multi-document YAML file, with a header saying where it came from. */
export function renderYaml(objects: readonly KubeObject[], header: readonly string[]): string {
  const comments = header.map((line) => `# ${line}`).join('\n');
  return `${comments}\n${objects.map((object) => `---\n${stringify(object, { lineWidth: 0 })}`).join('')}`;
}
