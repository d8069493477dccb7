import { createHash } from 'node:crypto';
import { ConfigurationError } from '../core/errors.js';
import { AWS_SIGNER_BUNDLED_TRUST_STORES } from '../notation/aws-signer-roots.js';
import { toPem } from '../notation/certificates.js';
import type { TrustPolicy, TrustStoreReference } from '../notation/trust-policy.js';
import { loadTrustStore } from '../notation/trust-store.js';
import type { TrustStoreSource } from '../notation/trusted-identities.js';

/** One named trust store with the PEM certificates it anchors, ready to be put into a cluster resource. */
export interface TrustStoreBundle extends TrustStoreReference {
  readonly pem: string;
  readonly certificates: number;
}

/** Every store the policy's statements name, once each, in the order first named. */
export function referencedStores(policy: TrustPolicy): TrustStoreReference[] {
  const seen = new Map<string, TrustStoreReference>();
  for (const statement of policy.statements) {
    if (statement.level === 'skip') continue;
    for (const store of statement.trustStores) seen.set(`${store.type}:${store.name}`, store);
  }
  return [...seen.values()];
}

/**
 * The certificates of each referenced store: from the AWS Signer roots drydock bundles (the stores verify-signature
 * uses when trust-store is unset), or from the trust store directory, loaded with the same checks verification uses,
 * so the cluster is never handed a store CI would have refused.
 */
export async function collectTrustStores(policy: TrustPolicy, source: TrustStoreSource): Promise<TrustStoreBundle[]> {
  const bundles: TrustStoreBundle[] = [];
  for (const store of referencedStores(policy)) {
    if (source.kind === 'directory') {
      const certificates = await loadTrustStore(source.path, store);
      bundles.push({ ...store, pem: certificates.map(toPem).join(''), certificates: certificates.length });
      continue;
    }
    const bundled = AWS_SIGNER_BUNDLED_TRUST_STORES.find((candidate) => store.type === 'signingAuthority' && candidate.name === store.name);
    if (!bundled) {
      throw new ConfigurationError(
        `Trust store ${store.type}:${store.name} is not one drydock bundles (${AWS_SIGNER_BUNDLED_TRUST_STORES.map((b) => `signingAuthority:${b.name}`).join(', ')}). Set trust-store to the directory that holds x509/${store.type}/${store.name}/.`,
      );
    }
    bundles.push({ ...store, pem: bundled.pem.endsWith('\n') ? bundled.pem : `${bundled.pem}\n`, certificates: 1 });
  }
  return bundles;
}

/**
 * A Kubernetes object name (RFC 1123) for a store. Store names are case-sensitive and allow '_' and '.', which an
 * object name folds into '-' and lower case; so a name that needed folding gets 8 hex digits of a hash of the exact
 * name, and `corp_ca`, `Corp-CA` and `corp-ca` stay three objects.
 */
export function storeObjectName(prefix: string, store: TrustStoreReference): string {
  const base = `${prefix}-${store.type.toLowerCase()}`;
  if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(store.name)) return `${base}-${store.name}`.slice(0, 253);
  const folded = store.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const exact = createHash('sha256').update(store.name).digest('hex').slice(0, 8);
  return `${base}-${folded ? `${folded.slice(0, 200)}-` : ''}${exact}`;
}
