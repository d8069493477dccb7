import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { verifyEnvelope, type TrustPolicyDocument } from '../../src/notation/index.js';
import { mapTrustPolicyStatements, parseTrustPolicy } from '../../src/notation/trust-policy.js';
import { peerVectorsDir } from './support/paths.js';

/** The verdict table of shared/peer-vectors, written from notation-go's tests and code (see its README). */
interface PeerCase {
  id: string;
  envelopeFile: string;
  envelopeMediaType: string;
  targetDescriptor: { mediaType: string; digest: string; size: number };
  reference: string;
  trustPolicy: TrustPolicyDocument;
  trustStoreDir: string;
  verifyAt: string;
  expected: { verdict: 'pass' | 'fail'; level: string; failedCheck?: string };
  atCurrentDate: { verifyAt: string; verdict: 'pass' | 'fail'; failedCheck?: string };
}

const cases: PeerCase[] = JSON.parse(readFileSync(path.join(peerVectorsDir, 'cases.json'), 'utf8'));

function verifyCase(peerCase: PeerCase, verifyAt: string, envelopeFile = peerCase.envelopeFile) {
  return verifyEnvelope({
    envelope: readFileSync(path.join(peerVectorsDir, envelopeFile)),
    mediaType: peerCase.envelopeMediaType,
    descriptor: peerCase.targetDescriptor,
    reference: peerCase.reference,
    trustPolicy: peerCase.trustPolicy,
    trustStoreDir: path.join(peerVectorsDir, peerCase.trustStoreDir),
    verifyAt: new Date(verifyAt),
  });
}

function firstFailure(checks: readonly { name: string; result: string }[]): string | undefined {
  return checks.find((check) => check.result === 'fail')?.name;
}

describe('peer vectors (cases.json)', () => {
  it('has the case table', () => {
    expect(cases.length).toBeGreaterThanOrEqual(49);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s: expected verdict and failing check', async (_id, peerCase) => {
    const outcome = await verifyCase(peerCase, peerCase.verifyAt);
    expect({ verdict: outcome.verdict, failedCheck: firstFailure(outcome.checks), level: outcome.level }).toEqual({
      verdict: peerCase.expected.verdict,
      failedCheck: peerCase.expected.failedCheck,
      level: peerCase.expected.level,
    });
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s: verdict at the current-date instant', async (_id, peerCase) => {
    const outcome = await verifyCase(peerCase, peerCase.atCurrentDate.verifyAt);
    expect({ verdict: outcome.verdict, failedCheck: firstFailure(outcome.checks) }).toEqual({
      verdict: peerCase.atCurrentDate.verdict,
      failedCheck: peerCase.atCurrentDate.failedCheck,
    });
  });
});

describe('tampered envelopes', () => {
  const tampered: Array<[string, string]> = [
    ['tampered/sa_valid_sig_env.signature-flipped.json', 'sa-valid-strict'],
    ['tampered/ca_valid_sig_env.payload-flipped.json', 'ca-valid-strict'],
    ['tampered/sa_valid_sig_env.protected-flipped.json', 'sa-valid-strict'],
  ];
  it.each(tampered)('%s fails integrity at every level', async (file, baseCaseId) => {
    const base = cases.find((c) => c.id === baseCaseId)!;
    for (const level of ['strict', 'permissive', 'audit']) {
      const trustPolicy = {
        ...base.trustPolicy,
        trustPolicies: base.trustPolicy.trustPolicies.map((s) => ({ ...s, signatureVerification: { level } })),
      };
      const outcome = await verifyCase({ ...base, trustPolicy }, base.verifyAt, file);
      expect(outcome.verdict).toBe('fail');
      expect(firstFailure(outcome.checks)).toBe('integrity');
    }
  });
});

describe('a trust policy given as a document is always validated', () => {
  // verifyEnvelope takes a document or a policy parseTrustPolicy returned. A document shaped like the parsed form
  // (`source` and `statements`, here with a version notation refuses and authenticity only logged) must not pass as
  // already validated: notation ignores those keys and would reject the document, so drydock must too.
  const base = () => cases.find((c) => c.id === 'ca-untrusted-root-strict')!;
  const statement = { name: 'x', registryScopes: ['*'], level: 'strict', verifyTimestamp: 'always', trustStores: [], trustedIdentities: ['*'] };
  const lookalike = {
    version: '9.9',
    trustPolicies: [],
    source: 'x',
    statements: [{ ...statement, actions: { integrity: 'enforce', authenticity: 'log', authenticTimestamp: 'log', expiry: 'log', revocation: 'skip' } }],
  };

  it('a look-alike of a parsed policy is refused as the document it is', async () => {
    const peerCase = base();
    await expect(verifyCase({ ...peerCase, trustPolicy: lookalike as unknown as TrustPolicyDocument }, peerCase.verifyAt)).rejects.toThrow(
      'version "9.9" is not supported',
    );
  });

  it('a parsed policy, and one derived from it, are used as they are', async () => {
    const peerCase = base();
    const parsed = parseTrustPolicy(JSON.stringify(peerCase.trustPolicy), 'test');
    const derived = mapTrustPolicyStatements(parsed, (s) => ({ ...s, actions: { ...s.actions, revocation: 'skip' } }));
    for (const trustPolicy of [parsed, derived]) {
      const outcome = await verifyEnvelope({
        envelope: readFileSync(path.join(peerVectorsDir, peerCase.envelopeFile)),
        mediaType: peerCase.envelopeMediaType,
        descriptor: peerCase.targetDescriptor,
        reference: peerCase.reference,
        trustPolicy,
        trustStoreDir: path.join(peerVectorsDir, peerCase.trustStoreDir),
        verifyAt: new Date(peerCase.verifyAt),
      });
      expect([outcome.verdict, firstFailure(outcome.checks)]).toEqual(['fail', 'authenticity']);
    }
  });

  it('only a validated policy can be derived from', () => {
    expect(() => mapTrustPolicyStatements(lookalike as never, (s) => s)).toThrow('not a trust policy validateTrustPolicy returned');
  });
});
