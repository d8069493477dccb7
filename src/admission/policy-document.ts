import type { TrustPolicy, TrustPolicyDocument, TrustPolicyStatement, TrustPolicyStatementDocument } from '../notation/trust-policy.js';
import { VALIDATION_TYPES, VERIFICATION_LEVELS } from '../notation/verification-level.js';

/**
 * A validated trust policy written back as the Notary Project document (trustpolicy.json, version 1.0), which is what
 * both admission engines take. Only what differs from the level's defaults becomes an `override`, so a policy built
 * from trusted-identities reads the way a person would have written it; revocation-check lands here as an override.
 */
export function trustPolicyDocument(policy: TrustPolicy): TrustPolicyDocument {
  return { version: '1.0', trustPolicies: policy.statements.map(statementDocument) };
}

function statementDocument(statement: TrustPolicyStatement): TrustPolicyStatementDocument {
  const defaults = VERIFICATION_LEVELS[statement.level];
  const override = Object.fromEntries(VALIDATION_TYPES.filter((type) => statement.actions[type] !== defaults[type]).map((type) => [type, statement.actions[type]]));
  const skip = statement.level === 'skip';
  return {
    name: statement.name,
    registryScopes: [...statement.registryScopes],
    signatureVerification: {
      level: statement.level,
      ...(Object.keys(override).length > 0 ? { override } : {}),
      // notation's default; written only when the policy asked for the other behaviour.
      ...(statement.verifyTimestamp !== 'always' ? { verifyTimestamp: statement.verifyTimestamp } : {}),
    },
    ...(skip ? {} : { trustStores: statement.trustStores.map((store) => `${store.type}:${store.name}`) }),
    ...(skip ? {} : { trustedIdentities: [...statement.trustedIdentities] }),
  };
}
