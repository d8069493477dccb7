import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '../../src/core/errors.js';
import {
  loadTrustPolicyFile,
  parseArtifactReference,
  parseTrustPolicy,
  selectTrustPolicyStatement,
  VERIFICATION_LEVELS,
} from '../../src/notation/index.js';
import { tempDir } from '../support/temp-dir.js';

/** Trust policy validation (notes §3): each bad document fails with the exact message a user sees. */
const SOURCE = 'trustpolicy.json';
const REPO = 'registry.acme-rockets.io/software/net-monitor';

const statement = (overrides: Record<string, unknown> = {}) => ({
  name: 'net-monitor',
  registryScopes: [REPO],
  signatureVerification: { level: 'strict' },
  trustStores: ['ca:acme-rockets'],
  trustedIdentities: ['x509.subject:CN=Builder,O=Acme Rockets,ST=WA,C=US'],
  ...overrides,
});
const doc = (...statements: unknown[]) => JSON.stringify({ version: '1.0', trustPolicies: statements });

const badPolicies: Array<[string, string, string]> = [
  [
    'malformed JSON',
    '{"version": "1.0", "trustPolicies": [',
    `Trust policy trustpolicy.json: is not valid JSON (Unexpected end of JSON input). Fix the JSON syntax; the format is described at https://notaryproject.dev/docs/user-guides/how-to/manage-trust-policy/.`,
  ],
  ['not an object', '[]', 'Trust policy trustpolicy.json: the document is not a JSON object. Write {"version": "1.0", "trustPolicies": [...]}.'],
  ['missing version', JSON.stringify({ trustPolicies: [statement()] }), 'Trust policy trustpolicy.json: "version" is missing. Set "version": "1.0".'],
  ['wrong version', JSON.stringify({ version: '2.0', trustPolicies: [statement()] }), 'Trust policy trustpolicy.json: version "2.0" is not supported. Set "version": "1.0".'],
  ['no statements', doc(), 'Trust policy trustpolicy.json: "trustPolicies" has no statements. Add at least one trust policy statement.'],
  ['statement without name', doc(statement({ name: '' })), 'Trust policy trustpolicy.json: trustPolicies[0] has no "name". Give every statement a unique name.'],
  [
    'duplicate statement names',
    doc(statement(), statement({ registryScopes: ['registry.acme-rockets.io/other'] })),
    'Trust policy trustpolicy.json: statement name "net-monitor" is used by more than one statement. Statement names must be unique; rename or remove the duplicate.',
  ],
  [
    'duplicate scopes across statements',
    doc(statement(), statement({ name: 'second' })),
    `Trust policy trustpolicy.json: registry scope "${REPO}" appears in statements "net-monitor" and "second". A scope can belong to one statement only; remove it from one of them.`,
  ],
  [
    'a scope listed twice in one statement',
    doc(statement({ registryScopes: [REPO, REPO] })),
    `Trust policy trustpolicy.json: statement "net-monitor" lists registry scope "${REPO}" more than once. List each scope once.`,
  ],
  [
    'the global scope listed twice in one statement',
    doc(statement({ registryScopes: ['*', '*'] })),
    `Trust policy trustpolicy.json: statement "net-monitor" lists registry scope "*" more than once. List each scope once.`,
  ],
  [
    'two global statements',
    doc(statement({ registryScopes: ['*'] }), statement({ name: 'second', registryScopes: ['*'] })),
    `Trust policy trustpolicy.json: statements "net-monitor" and "second" both use the global scope '*'. Keep one global statement.`,
  ],
  [
    'tagged reference in a scope',
    doc(statement({ registryScopes: [`${REPO}:v1.0`] })),
    `Trust policy trustpolicy.json: statement "net-monitor" has registry scope "${REPO}:v1.0", which names a tag or digest; scopes are repositories without tag or digest. Write scopes as <registry>/<repository> without scheme, tag or digest, e.g. "123456789012.dkr.ecr.us-east-1.amazonaws.com/app".`,
  ],
  [
    'tag-only reference in a scope',
    doc(statement({ registryScopes: ['net-monitor:v1'] })),
    `Trust policy trustpolicy.json: statement "net-monitor" has registry scope "net-monitor:v1", which is not fully qualified; it needs a registry host and a repository (an image name or tag alone is not a scope). Write scopes as <registry>/<repository> without scheme, tag or digest, e.g. "123456789012.dkr.ecr.us-east-1.amazonaws.com/app".`,
  ],
  [
    'digest in a scope',
    doc(statement({ registryScopes: [`${REPO}@sha256:${'a'.repeat(64)}`] })),
    `Trust policy trustpolicy.json: statement "net-monitor" has registry scope "${REPO}@sha256:${'a'.repeat(64)}", which names a tag or digest; scopes are repositories without tag or digest. Write scopes as <registry>/<repository> without scheme, tag or digest, e.g. "123456789012.dkr.ecr.us-east-1.amazonaws.com/app".`,
  ],
  [
    'wildcard inside a scope',
    doc(statement({ registryScopes: ['registry.acme-rockets.io/*'] })),
    `Trust policy trustpolicy.json: statement "net-monitor" has registry scope "registry.acme-rockets.io/*", which contains a wildcard; only the scope "*" on its own is allowed. Write scopes as <registry>/<repository> without scheme, tag or digest, e.g. "123456789012.dkr.ecr.us-east-1.amazonaws.com/app".`,
  ],
  [
    'wildcard scope mixed with others',
    doc(statement({ registryScopes: ['*', REPO] })),
    `Trust policy trustpolicy.json: statement "net-monitor" mixes the wildcard registry scope '*' with other scopes. Use '*' alone in its own statement.`,
  ],
  [
    'no registry scopes',
    doc(statement({ registryScopes: [] })),
    'Trust policy trustpolicy.json: statement "net-monitor" has no registry scopes. List fully qualified repositories (registry.example.com/team/app) or "*".',
  ],
  [
    'wildcard identity mixed with others',
    doc(statement({ trustedIdentities: ['*', 'x509.subject:CN=Builder,O=Acme Rockets,ST=WA,C=US'] })),
    `Trust policy trustpolicy.json: statement "net-monitor" mixes the wildcard trusted identity '*' with other values. Use '*' alone, or list specific identities.`,
  ],
  [
    'skip level with trust stores',
    doc(statement({ signatureVerification: { level: 'skip' } })),
    'Trust policy trustpolicy.json: statement "net-monitor" is set to skip signature verification but lists trust stores and/or trusted identities. Remove "trustStores" and "trustedIdentities", or choose another level.',
  ],
  [
    'unknown level',
    doc(statement({ signatureVerification: { level: 'paranoid' } })),
    'Trust policy trustpolicy.json: statement "net-monitor" has unknown signatureVerification level "paranoid". Use strict, permissive, audit or skip.',
  ],
  [
    'missing level',
    doc(statement({ signatureVerification: {} })),
    'Trust policy trustpolicy.json: statement "net-monitor" has no signatureVerification.level. Set "signatureVerification": {"level": "strict"} (or permissive, audit, skip).',
  ],
  [
    'override of integrity',
    doc(statement({ signatureVerification: { level: 'strict', override: { integrity: 'log' } } })),
    'Trust policy trustpolicy.json: statement "net-monitor": override cannot change "integrity", which is always enforced. Remove "integrity" from "override".',
  ],
  [
    'override skipping authenticity',
    doc(statement({ signatureVerification: { level: 'strict', override: { authenticity: 'skip' } } })),
    'Trust policy trustpolicy.json: statement "net-monitor": override cannot skip "authenticity"; only "revocation" may be skipped. Use enforce or log.',
  ],
  [
    'override with an unknown validation',
    doc(statement({ signatureVerification: { level: 'strict', override: { freshness: 'log' } } })),
    'Trust policy trustpolicy.json: statement "net-monitor": override names unknown validation "freshness". Overridable validations are authenticity, authenticTimestamp, expiry and revocation.',
  ],
  [
    'override with an unknown action',
    doc(statement({ signatureVerification: { level: 'strict', override: { revocation: 'ignore' } } })),
    'Trust policy trustpolicy.json: statement "net-monitor": override sets "revocation" to "ignore". Use enforce, log or skip.',
  ],
  [
    'override on the skip level',
    doc(statement({ signatureVerification: { level: 'skip', override: { revocation: 'log' } }, trustStores: undefined, trustedIdentities: undefined })),
    'Trust policy trustpolicy.json: statement "net-monitor": level "skip" cannot be customized with "override". Remove "override" or choose strict, permissive or audit.',
  ],
  [
    'bad verifyTimestamp',
    doc(statement({ signatureVerification: { level: 'strict', verifyTimestamp: 'never' } })),
    'Trust policy trustpolicy.json: statement "net-monitor" has signatureVerification.verifyTimestamp "never". Use "always" or "afterCertExpiry".',
  ],
  [
    'verifyTimestamp false',
    doc(statement({ signatureVerification: { level: 'strict', verifyTimestamp: false } })),
    'Trust policy trustpolicy.json: statement "net-monitor" has signatureVerification.verifyTimestamp false. Use "always" or "afterCertExpiry".',
  ],
  [
    'missing trust stores',
    doc(statement({ trustStores: [] })),
    'Trust policy trustpolicy.json: statement "net-monitor" is missing trust stores or trusted identities. Both "trustStores" and "trustedIdentities" must list at least one value.',
  ],
  [
    'malformed trust store value',
    doc(statement({ trustStores: ['acme-rockets'] })),
    'Trust policy trustpolicy.json: statement "net-monitor" has malformed trust store value "acme-rockets". Use <type>:<name>, e.g. "ca:acme-rockets" or "signingAuthority:aws-signer-ts".',
  ],
  [
    'unknown trust store type',
    doc(statement({ trustStores: ['root:acme-rockets'] })),
    'Trust policy trustpolicy.json: statement "net-monitor" uses unsupported trust store type "root" in "root:acme-rockets". Use ca, signingAuthority or tsa.',
  ],
  [
    'trust store name with a path',
    doc(statement({ trustStores: ['ca:../etc'] })),
    `Trust policy trustpolicy.json: statement "net-monitor" uses trust store name "../etc" in "ca:../etc", which is not allowed. Store names may use only letters, digits, '_', '.' and '-'.`,
  ],
  [
    // Letters, digits, '_', '.' and '-' only, yet ".." would make x509 itself a store of every type.
    'trust store name ..',
    doc(statement({ trustStores: ['signingAuthority:..'] })),
    'Trust policy trustpolicy.json: statement "net-monitor" uses trust store name ".." in "signingAuthority:..", which names no store directory. Use the name of a directory under x509/signingAuthority.',
  ],
  [
    'trust store name .',
    doc(statement({ trustStores: ['ca:.'] })),
    'Trust policy trustpolicy.json: statement "net-monitor" uses trust store name "." in "ca:.", which names no store directory. Use the name of a directory under x509/ca.',
  ],
  [
    'identity without a type prefix',
    doc(statement({ trustedIdentities: ['CN=Builder'] })),
    'Trust policy trustpolicy.json: statement "net-monitor" has trusted identity "CN=Builder" without a type prefix. Write "x509.subject:<DN>" or an AWS Signer signing profile ARN.',
  ],
  [
    'x509.subject without C, ST and O',
    doc(statement({ trustedIdentities: ['x509.subject:CN=Builder,O=Acme Rockets'] })),
    `Trust policy trustpolicy.json: statement "net-monitor" has trusted identity "x509.subject:CN=Builder,O=Acme Rockets" with an invalid distinguished name: distinguished name (DN) "CN=Builder,O=Acme Rockets" has no mandatory RDN attribute for "C", it must contain 'C', 'ST' (or 'S'), and 'O' RDN attributes at a minimum. Write an RFC 4514 DN with at least C, ST and O, e.g. "x509.subject:CN=Builder,O=Acme,ST=WA,C=US".`,
  ],
  [
    'x509.subject without ST',
    doc(statement({ trustedIdentities: ['x509.subject:CN=Builder,O=Acme Rockets,C=US'] })),
    `Trust policy trustpolicy.json: statement "net-monitor" has trusted identity "x509.subject:CN=Builder,O=Acme Rockets,C=US" with an invalid distinguished name: distinguished name (DN) "CN=Builder,O=Acme Rockets,C=US" has no mandatory RDN attribute for "ST", it must contain 'C', 'ST' (or 'S'), and 'O' RDN attributes at a minimum. Write an RFC 4514 DN with at least C, ST and O, e.g. "x509.subject:CN=Builder,O=Acme,ST=WA,C=US".`,
  ],
  [
    'x509.subject without O',
    doc(statement({ trustedIdentities: ['x509.subject:CN=Builder,ST=WA,C=US'] })),
    `Trust policy trustpolicy.json: statement "net-monitor" has trusted identity "x509.subject:CN=Builder,ST=WA,C=US" with an invalid distinguished name: distinguished name (DN) "CN=Builder,ST=WA,C=US" has no mandatory RDN attribute for "O", it must contain 'C', 'ST' (or 'S'), and 'O' RDN attributes at a minimum. Write an RFC 4514 DN with at least C, ST and O, e.g. "x509.subject:CN=Builder,O=Acme,ST=WA,C=US".`,
  ],
  [
    'x509.subject with a multi-valued RDN',
    doc(statement({ trustedIdentities: ['x509.subject:CN=Builder+OU=Team,O=Acme Rockets,ST=WA,C=US'] })),
    `Trust policy trustpolicy.json: statement "net-monitor" has trusted identity "x509.subject:CN=Builder+OU=Team,O=Acme Rockets,ST=WA,C=US" with an invalid distinguished name: distinguished name (DN) "CN=Builder+OU=Team,O=Acme Rockets,ST=WA,C=US" has multi-valued RDN attributes, remove multi-valued RDN attributes as they are not supported. Write an RFC 4514 DN with at least C, ST and O, e.g. "x509.subject:CN=Builder,O=Acme,ST=WA,C=US".`,
  ],
  [
    'overlapping x509 identities',
    doc(statement({ trustedIdentities: ['x509.subject:CN=Builder,O=Acme Rockets,ST=WA,C=US', 'x509.subject:O=Acme Rockets,ST=WA,C=US'] })),
    'Trust policy trustpolicy.json: statement "net-monitor" has overlapping x509 trusted identities "x509.subject:O=Acme Rockets,ST=WA,C=US" and "x509.subject:CN=Builder,O=Acme Rockets,ST=WA,C=US". Remove one of them: the broader one already trusts every signer the narrower one does.',
  ],
  [
    'malformed signing profile ARN',
    doc(statement({ trustedIdentities: ['arn:aws:signer:us-west-2:123:/signing-profiles/Release'] })),
    'Trust policy trustpolicy.json: statement "net-monitor" has trusted identity "arn:aws:signer:us-west-2:123:/signing-profiles/Release", which is not an AWS Signer ARN. Use arn:aws:signer:<region>:<account>:/signing-profiles/<name>, optionally followed by /<version>.',
  ],
  [
    'registryScopes that is not a list',
    doc(statement({ registryScopes: REPO })),
    'Trust policy trustpolicy.json: "registryScopes" of statement "net-monitor" must be a list of strings. Write it as a JSON array of strings.',
  ],
  [
    // A backtracking regular expression took exponential time on this: 64 letters and one bad character never returned.
    'a long repository name with a bad last character',
    doc(statement({ registryScopes: [`registry.example.com/${'a'.repeat(64)}A`] })),
    `Trust policy trustpolicy.json: statement "net-monitor" has registry scope "registry.example.com/${'a'.repeat(64)}A", which is not a valid <registry>/<repository>. Write scopes as <registry>/<repository> without scheme, tag or digest, e.g. "123456789012.dkr.ecr.us-east-1.amazonaws.com/app".`,
  ],
  [
    // notation matches keys case-insensitively, the last one winning: there this statement would be strict.
    'a signatureVerification key that differs from a known one only in case',
    doc(statement({ signatureVerification: { level: 'skip', Level: 'strict' }, trustStores: undefined, trustedIdentities: undefined })),
    'Trust policy trustpolicy.json: signatureVerification of statement "net-monitor" has the key "Level", which differs from "level" only in case. Spell it "level": keys are case-sensitive, and notation would read it as "level".',
  ],
  [
    'a statement key that differs from a known one only in case',
    doc({ ...statement({ trustStores: undefined }), TrustStores: ['ca:acme-rockets'] }),
    'Trust policy trustpolicy.json: trustPolicies[0] has the key "TrustStores", which differs from "trustStores" only in case. Spell it "trustStores": keys are case-sensitive, and notation would read it as "trustStores".',
  ],
  [
    'a document key that differs from a known one only in case',
    JSON.stringify({ version: '1.0', TrustPolicies: [statement()] }),
    'Trust policy trustpolicy.json: the document has the key "TrustPolicies", which differs from "trustPolicies" only in case. Spell it "trustPolicies": keys are case-sensitive, and notation would read it as "trustPolicies".',
  ],
];

describe('trust policy validation', () => {
  it.each(badPolicies)('%s', (_name, text, message) => {
    let thrown: unknown;
    try {
      parseTrustPolicy(text, SOURCE);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigurationError);
    expect((thrown as Error).message).toBe(message);
  });

  it('accepts a valid policy with ca, signingAuthority and tsa stores, ARN identities and a revocation override', () => {
    const policy = parseTrustPolicy(
      doc(
        statement({ trustStores: ['ca:acme-rockets', 'tsa:globalsign'], signatureVerification: { level: 'permissive', verifyTimestamp: 'afterCertExpiry' } }),
        {
          name: 'aws',
          registryScopes: ['123456789012.dkr.ecr.us-west-2.amazonaws.com/app', 'localhost:5000/app'],
          signatureVerification: { level: 'strict', override: { revocation: 'skip' } },
          trustStores: ['signingAuthority:aws-signer-ts'],
          trustedIdentities: ['arn:aws:signer:us-west-2:123456789012:/signing-profiles/Release'],
        },
        { name: 'everything-else', registryScopes: ['*'], signatureVerification: { level: 'skip' } },
      ),
      SOURCE,
    );
    expect(policy.statements.map((s) => [s.name, s.level, s.verifyTimestamp, s.trustStores.map((t) => `${t.type}:${t.name}`)])).toEqual([
      ['net-monitor', 'permissive', 'afterCertExpiry', ['ca:acme-rockets', 'tsa:globalsign']],
      ['aws', 'strict', 'always', ['signingAuthority:aws-signer-ts']],
      ['everything-else', 'skip', 'always', []],
    ]);
    expect(policy.statements[1]!.actions).toEqual({ ...VERIFICATION_LEVELS.strict, revocation: 'skip' });
  });

  it.each([[''], [null]])('reads verifyTimestamp %j as the default, "always", as notation does', (verifyTimestamp) => {
    const policy = parseTrustPolicy(doc(statement({ signatureVerification: { level: 'strict', verifyTimestamp } })), SOURCE);
    expect(policy.statements[0]!.verifyTimestamp).toBe('always');
  });

  it('reads a null override as no override, as notation does', () => {
    const policy = parseTrustPolicy(doc(statement({ signatureVerification: { level: 'strict', override: null } })), SOURCE);
    expect(policy.statements[0]!.actions).toEqual(VERIFICATION_LEVELS.strict);
  });

  it('accepts every separator of the repository grammar: dots, one or two underscores, any run of dashes', () => {
    const scopes = ['r.example.com/a.b', 'r.example.com/a_b', 'r.example.com/a__b', 'r.example.com/a-b', 'r.example.com/a---b/c', 'my-registry:5000/team/app'];
    expect(parseTrustPolicy(doc(statement({ registryScopes: scopes })), SOURCE).statements[0]!.registryScopes).toEqual(scopes);
    for (const bad of ['r.example.com/a___b', 'r.example.com/a-', 'r.example.com/-a', 'r.example.com/a..b', '-r.example.com/a', 'r-.example.com/a']) {
      expect(() => parseTrustPolicy(doc(statement({ registryScopes: [bad] })), SOURCE)).toThrow('which is not a valid <registry>/<repository>');
    }
  });
});

describe('statement selection', () => {
  const policy = parseTrustPolicy(doc(statement(), statement({ name: 'global', registryScopes: ['*'] })), SOURCE);
  const digest = `sha256:${'b'.repeat(64)}`;

  it('prefers the statement naming the repository over the global one', () => {
    expect(selectTrustPolicyStatement(policy, `${REPO}@${digest}`).name).toBe('net-monitor');
    expect(selectTrustPolicyStatement(policy, `registry.acme-rockets.io/other@${digest}`).name).toBe('global');
  });

  it('says when no statement applies', () => {
    const narrow = parseTrustPolicy(doc(statement()), SOURCE);
    expect(() => selectTrustPolicyStatement(narrow, `registry.acme-rockets.io/other@${digest}`)).toThrow(
      new ConfigurationError(
        `Trust policy trustpolicy.json: artifact "registry.acme-rockets.io/other@${digest}" has no applicable oci trust policy statement. Add a statement whose registryScopes include "registry.acme-rockets.io/other", or a statement with the global scope "*".`,
      ),
    );
  });

  it('needs a digest reference', () => {
    expect(() => parseArtifactReference(`${REPO}:v1`)).toThrow(
      new ConfigurationError(`Artifact reference "${REPO}:v1" has no digest. Verification needs <registry>/<repository>@<digest>; resolve the tag to its digest first.`),
    );
    expect(parseArtifactReference(`localhost:5000/app:v1@${digest}`)).toEqual({ repository: 'localhost:5000/app', digest });
  });

  it('refuses a long malformed repository in a reference at once', () => {
    // The same grammar checks references; a backtracking pattern never returned on this one.
    expect(() => parseArtifactReference(`registry.example.com/${'a'.repeat(64)}!@${digest}`)).toThrow(ConfigurationError);
  });
});

describe('statement selection matches scopes exactly', () => {
  const digest = `sha256:${'c'.repeat(64)}`;
  const policy = parseTrustPolicy(
    doc(
      { name: 'app-unverified', registryScopes: ['r.example/app'], signatureVerification: { level: 'skip' } },
      statement({ name: 'global-strict', registryScopes: ['*'] }),
    ),
    SOURCE,
  );

  it('a repository whose name only starts with a scope (r.example/app-evil, r.example/app/nested) gets the global statement', () => {
    expect(selectTrustPolicyStatement(policy, `r.example/app@${digest}`).name).toBe('app-unverified');
    expect(selectTrustPolicyStatement(policy, `r.example/app-evil@${digest}`).name).toBe('global-strict');
    expect(selectTrustPolicyStatement(policy, `r.example/app/nested@${digest}`).name).toBe('global-strict');
  });

  it('refuses a reference that is not fully qualified (app@sha256:...), even with a global statement', () => {
    const reference = `app@${digest}`;
    const refusal = new ConfigurationError(
      `Artifact reference "${reference}" is not a fully qualified <registry>/<repository>@<digest> reference. Write it like registry.example.com/app@sha256:<64 hex digits>.`,
    );
    expect(() => parseArtifactReference(reference)).toThrow(refusal);
    expect(() => selectTrustPolicyStatement(policy, reference)).toThrow(refusal);
  });
});

describe('trust policy files', () => {
  const dir = tempDir('policy');
  const valid = doc(statement());

  it('prefers trustpolicy.oci.json over trustpolicy.json in a configuration directory', async () => {
    const config = path.join(dir, 'config');
    mkdirSync(config);
    writeFileSync(path.join(config, 'trustpolicy.json'), doc(statement({ name: 'legacy' })));
    writeFileSync(path.join(config, 'trustpolicy.oci.json'), valid);
    const policy = await loadTrustPolicyFile(config);
    expect({ source: policy.source, names: policy.statements.map((s) => s.name) }).toEqual({
      source: path.join(config, 'trustpolicy.oci.json'),
      names: ['net-monitor'],
    });
  });

  it('names the file in validation errors', async () => {
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ version: '1.0', trustPolicies: [] }));
    await expect(loadTrustPolicyFile(file)).rejects.toThrow(
      new ConfigurationError(`Trust policy ${file}: "trustPolicies" has no statements. Add at least one trust policy statement.`),
    );
  });

  it('refuses a missing file, a symbolic link, and a directory without a policy', async () => {
    const missing = path.join(dir, 'missing.json');
    await expect(loadTrustPolicyFile(missing)).rejects.toThrow(
      new ConfigurationError(`Trust policy ${missing}: does not exist. Create it, or fix the path; see https://notaryproject.dev/docs/user-guides/how-to/manage-trust-policy/.`),
    );
    const target = path.join(dir, 'target.json');
    writeFileSync(target, valid);
    const link = path.join(dir, 'link.json');
    symlinkSync(target, link);
    await expect(loadTrustPolicyFile(link)).rejects.toThrow(
      new ConfigurationError(`Trust policy ${link}: is a symbolic link, which is not supported. Replace it with a regular file.`),
    );
    const empty = path.join(dir, 'empty');
    mkdirSync(empty);
    await expect(loadTrustPolicyFile(empty)).rejects.toThrow(
      new ConfigurationError(
        `Trust policy ${empty}: has neither trustpolicy.oci.json nor trustpolicy.json. Create one; see https://notaryproject.dev/docs/user-guides/how-to/manage-trust-policy/.`,
      ),
    );
  });
});
