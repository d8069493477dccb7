/**
 * Trust policy validation, drydock's parseTrustPolicy against the real `notation policy import` (Debian's notation,
 * unpacked by the testbed), document by document: both accept or both refuse, and the test states which. The one kind
 * of difference kept on purpose: drydock refuses an identity notation accepts but can never match (an `arn:` identity
 * that is no AWS Signer ARN, which the AWS Signer plugin only rejects at verification). Nothing is doubled here.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseTrustPolicy } from '../../../src/notation/trust-policy.js';
import { describeWithTestbed, need, testbed } from '../../oci/integration/testbed.js';
import { tempDir } from '../../support/temp-dir.js';

const run = promisify(execFile);

type Verdict = 'accepts' | 'refuses';
type Statement = Record<string, unknown>;

const statement = (patch: Statement = {}, verification?: Statement): Statement => ({
  name: 'app',
  registryScopes: ['registry.example/app'],
  signatureVerification: { level: 'strict', ...verification },
  trustStores: ['ca:acme'],
  trustedIdentities: ['x509.subject:CN=Builder,O=Acme,ST=WA,C=US'],
  ...patch,
});
const doc = (...statements: Statement[]) => ({ version: '1.0', trustPolicies: statements.length ? statements : [statement()] });

const CASES: ReadonlyArray<readonly [name: string, drydock: Verdict, notation: Verdict, document: unknown]> = [
  ['a plain strict statement', 'accepts', 'accepts', doc()],
  ['verifyTimestamp "" (the default)', 'accepts', 'accepts', doc(statement({}, { verifyTimestamp: '' }))],
  ['verifyTimestamp afterCertExpiry', 'accepts', 'accepts', doc(statement({}, { verifyTimestamp: 'afterCertExpiry' }))],
  ['verifyTimestamp never', 'refuses', 'refuses', doc(statement({}, { verifyTimestamp: 'never' }))],
  ['level "Strict"', 'refuses', 'refuses', doc(statement({}, { level: 'Strict' }))],
  ['no level', 'refuses', 'refuses', doc(statement({ signatureVerification: {} }))],
  ['an integrity override', 'refuses', 'refuses', doc(statement({}, { override: { integrity: 'log' } }))],
  ['an authenticity override to log', 'accepts', 'accepts', doc(statement({}, { override: { authenticity: 'log' } }))],
  ['an override of an unknown check', 'refuses', 'refuses', doc(statement({}, { override: { provenance: 'log' } }))],
  ['an override at level skip', 'refuses', 'refuses', doc(statement({ trustStores: [], trustedIdentities: [] }, { level: 'skip', override: { expiry: 'log' } }))],
  ['skip with trust stores', 'refuses', 'refuses', doc(statement({}, { level: 'skip' }))],
  ['skip without stores or identities', 'accepts', 'accepts', doc(statement({ trustStores: [], trustedIdentities: [] }, { level: 'skip' }))],
  ['strict without identities', 'refuses', 'refuses', doc(statement({ trustedIdentities: [] }))],
  ['a store without its type', 'refuses', 'refuses', doc(statement({ trustStores: ['acme'] }))],
  ['a store of an unknown type', 'refuses', 'refuses', doc(statement({ trustStores: ['x509:acme'] }))],
  ['a store name with a space', 'refuses', 'refuses', doc(statement({ trustStores: ['ca:ac me'] }))],
  ['a store name with a dot', 'accepts', 'accepts', doc(statement({ trustStores: ['ca:acme.prod'] }))],
  ['the same identity twice', 'refuses', 'refuses', doc(statement({ trustedIdentities: ['x509.subject:CN=B,O=A,ST=WA,C=US', 'x509.subject:CN=B,O=A,ST=WA,C=US'] }))],
  ['overlapping identities', 'refuses', 'refuses', doc(statement({ trustedIdentities: ['x509.subject:CN=B,O=A,ST=WA,C=US', 'x509.subject:O=A,ST=WA,C=US'] }))],
  ["'*' with another identity", 'refuses', 'refuses', doc(statement({ trustedIdentities: ['*', 'x509.subject:CN=B,O=A,ST=WA,C=US'] }))],
  ['an identity of an unknown type', 'accepts', 'accepts', doc(statement({ trustedIdentities: ['example:builder'] }))],
  ['an identity without a type', 'refuses', 'refuses', doc(statement({ trustedIdentities: ['builder'] }))],
  ['an AWS Signer profile ARN', 'accepts', 'accepts', doc(statement({ trustStores: ['signingAuthority:aws'], trustedIdentities: ['arn:aws:signer:us-east-1:123456789012:/signing-profiles/release'] }))],
  ['an arn: identity that is no AWS Signer ARN', 'refuses', 'accepts', doc(statement({ trustedIdentities: ['arn:aws:iam::123456789012:role/x'] }))],
  ['the scope "*"', 'accepts', 'accepts', doc(statement({ registryScopes: ['*'] }))],
  ['"*" with another scope', 'refuses', 'refuses', doc(statement({ registryScopes: ['*', 'registry.example/app'] }))],
  ['a scope with a tag', 'refuses', 'refuses', doc(statement({ registryScopes: ['registry.example/app:v1'] }))],
  ['a scope without a repository', 'refuses', 'refuses', doc(statement({ registryScopes: ['registry.example'] }))],
  ['a scope with a port', 'accepts', 'accepts', doc(statement({ registryScopes: ['localhost:5000/app'] }))],
  ['an upper-case repository', 'refuses', 'refuses', doc(statement({ registryScopes: ['registry.example/App'] }))],
  ['an upper-case host', 'accepts', 'accepts', doc(statement({ registryScopes: ['Registry.example/app'] }))],
  ['a partial wildcard', 'refuses', 'refuses', doc(statement({ registryScopes: ['registry.example/*'] }))],
  ['an IPv6 host', 'refuses', 'refuses', doc(statement({ registryScopes: ['[::1]:5000/app'] }))],
  ['"__" in a repository', 'accepts', 'accepts', doc(statement({ registryScopes: ['registry.example/a__b'] }))],
  ['"___" in a repository', 'refuses', 'refuses', doc(statement({ registryScopes: ['registry.example/a___b'] }))],
  ['".." in a repository', 'refuses', 'refuses', doc(statement({ registryScopes: ['registry.example/a..b'] }))],
  ['one scope in two statements', 'refuses', 'refuses', doc(statement(), statement({ name: 'other' }))],
  ['two statements of one name', 'refuses', 'refuses', doc(statement(), statement({ registryScopes: ['registry.example/other'] }))],
  ['version 1.1', 'refuses', 'refuses', { ...doc(), version: '1.1' }],
  ['no statements', 'refuses', 'refuses', { version: '1.0', trustPolicies: [] }],
  ['an unknown key', 'accepts', 'accepts', { ...doc(), comment: 'kept' }],
  ['registryScopes as a string', 'refuses', 'refuses', doc(statement({ registryScopes: 'registry.example/app' }))],
];

describeWithTestbed('trust policy validation: parseTrustPolicy and `notation policy import` accept and refuse the same documents', () => {
  let home: string;
  beforeAll(() => {
    home = tempDir('policy-home');
    mkdirSync(path.join(home, 'notation'));
  });

  async function notationVerdict(text: string): Promise<{ verdict: Verdict; message: string }> {
    const file = path.join(home, 'trustpolicy.json');
    writeFileSync(file, text);
    try {
      await run(path.join(need(testbed).peerBin, 'notation'), ['policy', 'import', file, '--force'], {
        env: { PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: home },
      });
      return { verdict: 'accepts', message: '' };
    } catch (error) {
      return { verdict: 'refuses', message: String((error as { stderr?: string }).stderr) };
    }
  }

  function drydockVerdict(text: string): Verdict {
    try {
      parseTrustPolicy(text, 'trustpolicy.json');
      return 'accepts';
    } catch {
      return 'refuses';
    }
  }

  test.each(CASES)('%s: drydock %s, notation %s', async (_name, drydock, notation, document) => {
    const text = JSON.stringify(document);
    const theirs = await notationVerdict(text);
    if (theirs.verdict === 'refuses') expect(theirs.message).toMatch(/trust policy/);
    expect({ drydock: drydockVerdict(text), notation: theirs.verdict }).toEqual({ drydock, notation });
  });
});
