/**
 * verify-signature through executeAction against the in-memory registry: local-key signatures made by the library,
 * AWS Signer-like signatures from the double (GetRevocationStatus answered by aws-sdk-client-mock, as no AWS Signer
 * runs here). Every failure row must say which check failed, why, and what to do.
 */
import { GetRevocationStatusCommand, SignerClient } from '@aws-sdk/client-signer';
import { mockClient } from 'aws-sdk-client-mock';
import { cpSync, mkdtempSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createVerifySignature } from '../../../src/actions/verify-signature/main.js';
import { createLocalSigner, signDescriptor } from '../../../src/notation/sign.js';
import { storeSignature } from '../../../src/notation/storage.js';
import type { Descriptor } from '../../../src/notation/payload.js';
import { RegistryClient } from '../../../src/oci/registry-client.js';
import type { InMemoryRegistry } from '../../support/referrers-fake.js';
import { awsSignerEnvelope, OTHER_PROFILE_VERSION_ARN, PROFILE_ARN, PROFILE_VERSION_ARN, signerIntermediate, signerLeaf, signerRoot, writeSignerTrustStore } from '../notation-sign/support/aws-signer-double.js';
import { inMemoryRegistry, mockedSignerClient, pushTestImage, REGISTRY, REPOSITORY, registryClients, runAction, signingMaterial } from '../notation-sign/support/harness.js';
import { tempDir } from '../../support/temp-dir.js';
import { signTestEnvelope } from '../../notation/support/envelopes.js';
import { codeSigningLeaf, intermediateCa, rootCa } from '../../notation/support/test-pki.js';

const NOW = new Date('2026-01-01T00:00:00Z'); // the FakeClock's start
const DAY = 24 * 60 * 60 * 1000;
const IMAGE = `${REGISTRY}/${REPOSITORY}`;
const material = signingMaterial();
const localSigner = createLocalSigner({ privateKeyPem: material.keyPem, certificateChainPem: material.chainPem });
const awsStore = writeSignerTrustStore(tempDir('aws-store'), 'test-aws-signer');

const signerMock = mockClient(SignerClient);
beforeEach(() => {
  signerMock.reset();
  signerMock.on(GetRevocationStatusCommand).resolves({ revokedEntities: [] });
});
afterAll(() => signerMock.restore());

async function store(registry: InMemoryRegistry, subject: Descriptor, envelope: Buffer, thumbprints: string[] = [], envelopeMediaType = 'application/jose+json') {
  const client = new RegistryClient({ registry: REGISTRY, fetch: registry.fetch });
  return storeSignature({ client, repository: REPOSITORY, subject, envelope, envelopeMediaType, certificateThumbprints: thumbprints, created: NOW });
}

async function signLocally(registry: InMemoryRegistry, subject: Descriptor, options: { expiry?: Date; signingTime?: Date } = {}) {
  const signed = await signDescriptor({ signer: localSigner, descriptor: subject, signingTime: options.signingTime ?? NOW, ...(options.expiry ? { expiry: options.expiry } : {}) });
  return store(registry, subject, signed.envelope, localSigner.chain.map((c) => c.sha256));
}

/** The same envelope with one character of its signature changed. */
function tamper(envelope: Buffer): Buffer {
  const json = JSON.parse(envelope.toString('utf8')) as { signature: string };
  const flipped = json.signature[10] === 'A' ? 'B' : 'A';
  return Buffer.from(JSON.stringify({ ...json, signature: json.signature.slice(0, 10) + flipped + json.signature.slice(11) }));
}

/** The envelope with its protected header changed by `change` (the signature no longer matters: the header is read first). */
function withProtectedHeader(envelope: Buffer, change: (header: Record<string, unknown>) => void): Buffer {
  const json = JSON.parse(envelope.toString('utf8')) as { protected: string };
  const header = JSON.parse(Buffer.from(json.protected, 'base64url').toString('utf8')) as Record<string, unknown>;
  change(header);
  return Buffer.from(JSON.stringify({ ...json, protected: Buffer.from(JSON.stringify(header)).toString('base64url') }));
}

function verify(registry: InMemoryRegistry, inputs: Record<string, string>) {
  return runAction(createVerifySignature({ ...registryClients(registry), signer: mockedSignerClient }), inputs, material.work);
}

const localInputs = (images: string, level = 'strict') => ({ images, 'trust-policy': material.policy(level), 'trust-store': 'truststore' });

describe('verify-signature, local-key signatures and a trust policy', () => {
  test('passes a signed image, resolves the tag, outputs the digest and the identity', async () => {
    const registry = inMemoryRegistry();
    const image = await pushTestImage(registry, 'v1');
    await signLocally(registry, image);
    const run = await verify(registry, localInputs(`${IMAGE}:v1`));
    expect(run.errors()).toEqual([]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.outputs.get('verified')!)).toEqual([
      {
        image: `${IMAGE}:v1`,
        reference: `${IMAGE}@${image.digest}`,
        digest: image.digest,
        identity: 'CN=Drydock Test Signer,O=Drydock,L=Seattle,ST=WA,C=US',
        signingTime: NOW.toISOString(),
        level: 'strict',
      },
    ]);
    expect(JSON.parse(run.outputs.get('digests')!)).toEqual([image.digest]);
    expect(run.summary).toContain('verified (strict)');
    expect(run.summary).toContain('tag v1 resolved to this digest');
    expect(run.summary).toContain(`* ${IMAGE}:v1 → ${IMAGE}@${image.digest}`);
    expect(signerMock.commandCalls(GetRevocationStatusCommand)).toHaveLength(0); // not an AWS Signer signature
  });

  test('fails closed on an unsigned image, naming the check, the reason and the fix', async () => {
    const registry = inMemoryRegistry();
    const image = await pushTestImage(registry, 'v1');
    const run = await verify(registry, localInputs(`${IMAGE}:v1`));
    expect(run.code).toBe(1);
    expect(run.errors()).toEqual([
      `1 of 1 image(s) failed signature verification. ${IMAGE}:v1: signature check failed: no signature is associated with "${IMAGE}@${image.digest}", make sure the artifact was signed successfully. Sign the image (notation-sign) and check that the signature was pushed to the same repository as the image.`,
    ]);
    expect(JSON.parse(run.outputs.get('verified')!)).toEqual([]);
    expect(run.summary).toContain('failed: signature');
    expect(run.summary).toContain(
      `signature check failed: no signature is associated with "${IMAGE}@${image.digest}", make sure the artifact was signed successfully. Sign the image (notation-sign)`,
    );
  });

  /** Stores a local signature whose protected header `change` altered (its signature then no longer matters). */
  const signedWithHeader = (change: (header: Record<string, unknown>) => void) => async (registry: InMemoryRegistry, image: Descriptor) => {
    const signed = await signDescriptor({ signer: localSigner, descriptor: image, signingTime: NOW });
    return store(registry, image, withProtectedHeader(signed.envelope, change));
  };
  const failures: Array<[string, (registry: InMemoryRegistry, image: Descriptor) => Promise<unknown>, Record<string, string> | undefined, string, RegExp]> = [
    [
      'a tampered signature',
      async (registry, image) => {
        const signed = await signDescriptor({ signer: localSigner, descriptor: image, signingTime: NOW });
        return store(registry, image, tamper(signed.envelope));
      },
      undefined,
      'integrity',
      /integrity check failed: the signature does not verify with the signing certificate's key: the envelope was modified after signing, or was not signed by that certificate\. The signature is damaged or was changed after signing: sign the image again\.$/,
    ],
    [
      // notation sign --signature-format cose: nothing is damaged, so the fix is the message's own, not "sign again".
      'a COSE signature',
      (registry, image) => store(registry, image, Buffer.from([0xd2, 0x84]), [], 'application/cose'),
      undefined,
      'integrity',
      /integrity check failed: COSE signature envelopes \(application\/cose\) are not supported; sign with the JWS envelope \(application\/jose\+json\), which is what AWS Signer and notation produce by default\.$/,
    ],
    [
      // A well-formed JWS in a form drydock does not read: again nothing is damaged, so no "sign again".
      'a signature with an algorithm drydock does not read',
      signedWithHeader((header) => (header['alg'] = 'RS256')),
      undefined,
      'integrity',
      /integrity check failed: unsupported signature envelope: signature algorithm "RS256" is not supported \(allowed: PS256, PS384, PS512, ES256, ES384, ES512\)\.$/,
    ],
    [
      'a signature with a signing scheme drydock does not read',
      signedWithHeader((header) => (header['io.cncf.notary.signingScheme'] = 'notary.x509.other')),
      undefined,
      'integrity',
      /integrity check failed: unsupported signature envelope: unsupported signing scheme "notary\.x509\.other" \(expected notary\.x509 or notary\.x509\.signingAuthority\)\.$/,
    ],
    [
      // The leaf's key usage breaks a chain rule: signing again with it would fail the same way, so the fix says so.
      'a signature whose leaf certificate lacks the digitalSignature key usage',
      async (registry, image) => {
        const root = rootCa('CN=Probe Root,O=Drydock,ST=WA,C=US', 'root-rsa4096');
        const intermediate = intermediateCa('CN=Probe CA,O=Drydock,ST=WA,C=US', 'intermediate-rsa3072', root);
        const leaf = codeSigningLeaf('CN=Probe Leaf,O=Drydock,ST=WA,C=US', 'leaf-p384', intermediate, { keyUsage: { usages: ['keyEncipherment'] } });
        return store(registry, image, await signTestEnvelope({ chain: [leaf, intermediate, root], descriptor: image, signingTime: NOW }));
      },
      undefined,
      'integrity',
      /integrity check failed: certificate chain is invalid: certificate "CN=Probe Leaf,O=Drydock,ST=WA,C=US": the key usage must have the bit positions for "Digital Signature" set\. The signer's certificate chain or key breaks the Notary Project rules named above, and signing again with them would fail the same way: sign the image again with a key and chain that meet them\.$/,
    ],
    [
      'a signer the policy does not name',
      (registry, image) => signLocally(registry, image),
      { 'trust-policy': material.policy('strict', 'x509.subject:CN=Someone Else,O=Drydock,ST=WA,C=US') },
      'trustedIdentity',
      /trustedIdentity check failed: signing certificate subject "CN=Drydock Test Signer,O=Drydock,L=Seattle,ST=WA,C=US" does not match the trusted identities of statement "test-images" \(x509\.subject:CN=Someone Else,O=Drydock,ST=WA,C=US\)\. Add the signer to trusted-identities/,
    ],
    [
      'an expired signature',
      (registry, image) => signLocally(registry, image, { signingTime: new Date(NOW.getTime() - 2 * DAY), expiry: new Date(NOW.getTime() - DAY) }),
      undefined,
      'expiry',
      /expiry check failed: digital signature has expired on 2025-12-31T00:00:00\.000Z; re-sign the artifact\. The signature has expired: sign the image again\.$/,
    ],
  ];
  test.each(failures)('fails %s', async (_title, prepare, extraInputs, check, message) => {
    const registry = inMemoryRegistry();
    const image = await pushTestImage(registry, 'v1');
    await prepare(registry, image);
    const run = await verify(registry, { ...localInputs(`${IMAGE}@${image.digest}`), ...extraInputs });
    expect(run.code).toBe(1);
    expect(run.errors()).toHaveLength(1);
    expect(run.errors()[0]).toMatch(message);
    expect(run.summary).toContain(`failed: ${check}`);
    // The summary row's details column carries the same reason and fix as the error line.
    const reason = run.errors()[0]!.slice(run.errors()[0]!.indexOf(`${IMAGE}@${image.digest}: `) + `${IMAGE}@${image.digest}: `.length);
    expect(reason).toMatch(new RegExp(`^${check} check failed: `));
    expect(run.summary).toContain(reason);
  });

  test('an expired signature passes at permissive level, with the logged failure in the summary', async () => {
    const registry = inMemoryRegistry();
    const image = await pushTestImage(registry, 'v1');
    await signLocally(registry, image, { signingTime: new Date(NOW.getTime() - 2 * DAY), expiry: new Date(NOW.getTime() - DAY) });
    const run = await verify(registry, localInputs(`${IMAGE}:v1`, 'permissive'));
    expect(run.code).toBe(0);
    expect(run.summary).toContain('verified (permissive)');
    expect(run.summary).toContain('logged, not enforced at level permissive: expiry: digital signature has expired on 2025-12-31T00:00:00.000Z; re-sign the artifact');
  });

  test('tries signatures until one passes: a tampered one first does not hide a good one', async () => {
    const registry = inMemoryRegistry();
    const image = await pushTestImage(registry, 'v1');
    const signed = await signDescriptor({ signer: localSigner, descriptor: image, signingTime: NOW });
    await store(registry, image, tamper(signed.envelope));
    const good = await signLocally(registry, image);
    const run = await verify(registry, localInputs(`${IMAGE}:v1`));
    expect(run.code).toBe(0);
    expect(run.lines).toContainEqual({ level: 'info', message: `${IMAGE}:v1: verified, ${IMAGE}@${image.digest}` });
    expect(good.indexedBy).toBe('referrers-tag');
  });

  test('one failing image fails the step; the passing ones are still in the outputs', async () => {
    const registry = inMemoryRegistry();
    const v1 = await pushTestImage(registry, 'v1');
    await pushTestImage(registry, 'v2');
    await signLocally(registry, v1);
    const run = await verify(registry, localInputs(`${IMAGE}:v1,${IMAGE}:v2,${IMAGE}:v3`));
    expect(run.code).toBe(1);
    expect(run.errors()[0]).toMatch(/^2 of 3 image\(s\) failed signature verification\. .*:v2: signature check failed: .*; registry\.example\/team\/app:v3: could not be resolved: the registry has no manifest tagged v3 in team\/app; push the image first or fix the reference$/);
    expect(JSON.parse(run.outputs.get('digests')!)).toEqual([v1.digest]);
    expect(run.summary).toContain('failed: image');
  });

  test('reads the trust store once per run: images verified after it left the disk still pass', async () => {
    const registry = inMemoryRegistry();
    for (const tag of ['v1', 'v2']) await signLocally(registry, await pushTestImage(registry, tag));
    const trustStore = mkdtempSync(path.join(tmpdir(), 'drydock-once-store-'));
    cpSync(path.join(material.work, 'truststore'), trustStore, { recursive: true });
    // One image at a time: the store is removed when the second image is resolved, after the first was verified.
    const fetch = registry.fetch;
    const removing: typeof fetch = (url, init) => {
      if (String(url).endsWith('/manifests/v2')) rmSync(trustStore, { recursive: true, force: true });
      return fetch(url, init);
    };
    const run = await runAction(
      createVerifySignature({ ...registryClients({ ...registry, fetch: removing } as InMemoryRegistry), signer: mockedSignerClient }),
      { ...localInputs(`${IMAGE}:v1\n${IMAGE}:v2`), 'trust-store': trustStore, concurrency: '1' },
      material.work,
    );
    expect(run.errors()).toEqual([]);
    expect(JSON.parse(run.outputs.get('digests')!)).toHaveLength(2);
  });

  test('reads the trust policy\'s stores while the first image resolves, not when its signature is checked', async () => {
    const registry = inMemoryRegistry();
    await signLocally(registry, await pushTestImage(registry, 'v1'));
    const trustStore = mkdtempSync(path.join(tmpdir(), 'drydock-prefetch-store-'));
    cpSync(path.join(material.work, 'truststore'), trustStore, { recursive: true });
    // The store leaves the disk when the image's signature manifest is fetched, before any signature is checked. The
    // in-memory registry answers a little later, as a real one does, so the run's first turn ends before that.
    const fetch = registry.fetch;
    const removing: typeof fetch = async (url, init) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (/\/manifests\/sha256:/.test(String(url))) rmSync(trustStore, { recursive: true, force: true });
      return fetch(url, init);
    };
    const run = await runAction(
      createVerifySignature({ ...registryClients({ ...registry, fetch: removing } as InMemoryRegistry), signer: mockedSignerClient }),
      { ...localInputs(`${IMAGE}:v1`), 'trust-store': trustStore },
      material.work,
    );
    expect(run.errors()).toEqual([]);
    expect(JSON.parse(run.outputs.get('digests')!)).toHaveLength(1);
  });

  test('a store that cannot be used fails the run once, as a trust-store mistake, and stops the batch', async () => {
    const registry = inMemoryRegistry();
    for (const tag of ['v1', 'v2', 'v3']) await signLocally(registry, await pushTestImage(registry, tag));
    const trustStore = tempDir('linked-store');
    cpSync(path.join(material.work, 'truststore'), trustStore, { recursive: true });
    const storeDir = path.join(trustStore, 'x509', 'ca', 'drydock-test');
    const outside = path.join(material.work, 'root-outside.pem');
    renameSync(path.join(storeDir, 'root.pem'), outside);
    symlinkSync(outside, path.join(storeDir, 'root.pem'));
    const fetched: string[] = [];
    const fetch = registry.fetch;
    const recording: typeof fetch = async (url, init) => {
      fetched.push(String(url));
      await new Promise((resolve) => setTimeout(resolve, 5));
      return fetch(url, init);
    };
    const run = await runAction(
      createVerifySignature({ ...registryClients({ ...registry, fetch: recording } as InMemoryRegistry), signer: mockedSignerClient }),
      { ...localInputs(`${IMAGE}:v1\n${IMAGE}:v2\n${IMAGE}:v3`), 'trust-store': trustStore, concurrency: '1' },
      material.work,
    );
    expect(run.code).toBe(1);
    expect(run.errors()).toEqual([
      `Input 'trust-store': Trust store ca:drydock-test: ${path.join(storeDir, 'root.pem')} is a symbolic link, which is not supported. Copy the certificate file into the store instead.`,
    ]);
    expect(run.outputs.get('verified')).toBeUndefined();
    expect(run.outputs.get('digests')).toBeUndefined();
    // The store failed while the first image resolved: the others never started.
    expect(fetched.filter((url) => /\/manifests\/v[23]$/.test(url))).toEqual([]);
  });

  test('an image no statement covers is a configuration mistake, refused before anything is fetched', async () => {
    const registry = inMemoryRegistry();
    await pushTestImage(registry, 'v1', 'other', 'other/app');
    const pushed = registry.log.length;
    const run = await verify(registry, localInputs(`${IMAGE}:v1\n${REGISTRY}/other/app:v1`));
    expect(run.code).toBe(1);
    expect(run.errors()).toEqual([
      `Trust policy from input 'trust-policy': image "${REGISTRY}/other/app:v1" has no applicable oci trust policy statement. Add a statement whose registryScopes include "${REGISTRY}/other/app", or a statement with the global scope "*".`,
    ]);
    expect(registry.log.length).toBe(pushed);
  });

  test('a statement with level skip passes without reading signatures, and says so', async () => {
    const registry = inMemoryRegistry();
    await pushTestImage(registry, 'v1');
    const policy = JSON.stringify({ version: '1.0', trustPolicies: [{ name: 'no-checks', registryScopes: ['*'], signatureVerification: { level: 'skip' } }] });
    const run = await verify(registry, { images: `${IMAGE}:v1`, 'trust-policy': policy, 'trust-store': 'truststore' });
    expect(run.code).toBe(0);
    expect(run.summary).toContain('not verified (statement "no-checks" sets level skip)');
    expect(JSON.parse(run.outputs.get('verified')!)[0]).toMatchObject({ identity: null, level: 'skip' });
    const reference = JSON.parse(run.outputs.get('verified')!)[0].reference as string;
    expect(run.lines.filter((line) => line.level === 'warning').map((line) => line.message)).toEqual([
      `${IMAGE}:v1: not verified: trust policy statement "no-checks" sets level skip, so ${reference} passes without any signature check`,
    ]);
    expect(run.lines.filter((line) => line.message.includes(': verified'))).toEqual([]);
  });
});

describe('verify-signature, AWS Signer signatures and trusted-identities', () => {
  const awsInputs = (images: string, extra: Record<string, string> = {}) => ({ images, 'trusted-identities': PROFILE_ARN, 'trust-store': awsStore.trustStoreDir, ...extra });

  async function awsSigned(registry: InMemoryRegistry, profileVersion = PROFILE_VERSION_ARN) {
    const image = await pushTestImage(registry, 'v1');
    await store(registry, image, await awsSignerEnvelope(image, new Date(NOW.getTime() - DAY), { profileVersion }));
    return image;
  }

  test('a profile ARN is all it takes: strict policy, revocation checked in the profile\'s region', async () => {
    const registry = inMemoryRegistry({ referrersApi: true, sendSubjectHeader: true });
    const image = await awsSigned(registry);
    const run = await verify(registry, awsInputs(`${IMAGE}:v1`));
    expect(run.errors()).toEqual([]);
    expect(JSON.parse(run.outputs.get('verified')!)[0]).toMatchObject({ identity: PROFILE_VERSION_ARN, level: 'strict', digest: image.digest });
    const calls = signerMock.commandCalls(GetRevocationStatusCommand);
    expect(calls).toHaveLength(1);
    expect(await calls[0]!.thisValue.config.region()).toBe('us-west-2');
    expect(calls[0]!.args[0].input).toMatchObject({ profileVersionArn: PROFILE_VERSION_ARN, platformId: 'Notation-OCI-SHA384-ECDSA' });
  });

  test('a profile version ARN must match exactly', async () => {
    const registry = inMemoryRegistry();
    await awsSigned(registry);
    expect((await verify(registry, awsInputs(`${IMAGE}:v1`, { 'trusted-identities': PROFILE_VERSION_ARN }))).code).toBe(0);
    const other = await verify(registry, awsInputs(`${IMAGE}:v1`, { 'trusted-identities': `${PROFILE_ARN}/zzz999` }));
    expect(other.code).toBe(1);
    expect(other.errors()[0]).toContain(`trustedIdentity check failed: Signature publisher doesn't match any trusted identities. The signature was made by ${PROFILE_VERSION_ARN}. Add the signer to trusted-identities`);
  });

  test('a signature of another profile fails the identity check', async () => {
    const registry = inMemoryRegistry();
    await awsSigned(registry, OTHER_PROFILE_VERSION_ARN);
    const run = await verify(registry, awsInputs(`${IMAGE}:v1`));
    expect(run.code).toBe(1);
    expect(run.summary).toContain('failed: trustedIdentity');
  });

  test('a revoked signature fails with AWS Signer\'s reason', async () => {
    const registry = inMemoryRegistry();
    await awsSigned(registry);
    signerMock.on(GetRevocationStatusCommand).resolves({ revokedEntities: [PROFILE_VERSION_ARN] });
    const run = await verify(registry, awsInputs(`${IMAGE}:v1`));
    expect(run.code).toBe(1);
    expect(run.errors()[0]).toContain(
      `revocation check failed: the signature is revoked: Resource(s) ${PROFILE_VERSION_ARN} have been revoked. If the signature, signing profile or certificate was revoked, sign again`,
    );
  });

  test.each([
    ['enforce', 1, 'revocation check failed: GetRevocationStatus call failed with error: AWS Signer GetRevocationStatus failed: no network here'],
    ['log', 0, 'logged, not enforced at level strict: revocation: GetRevocationStatus call failed with error'],
  ] as const)('GetRevocationStatus failing with revocation-check %s', async (revocationCheck, code, text) => {
    const registry = inMemoryRegistry();
    await awsSigned(registry);
    signerMock.on(GetRevocationStatusCommand).rejects(new Error('no network here'));
    const run = await verify(registry, awsInputs(`${IMAGE}:v1`, { 'revocation-check': revocationCheck }));
    expect(run.code).toBe(code);
    expect(code === 1 ? run.errors()[0] : run.summary).toContain(text);
  });

  test('revocation-check skip never calls AWS Signer', async () => {
    const registry = inMemoryRegistry();
    await awsSigned(registry);
    const run = await verify(registry, awsInputs(`${IMAGE}:v1`, { 'revocation-check': 'skip' }));
    expect(run.code).toBe(0);
    expect(signerMock.commandCalls(GetRevocationStatusCommand)).toHaveLength(0);
  });

  test('without trust-store the bundled AWS Signer roots are used, so a test CA is not trusted', async () => {
    const registry = inMemoryRegistry();
    await awsSigned(registry);
    const run = await verify(registry, { images: `${IMAGE}:v1`, 'trusted-identities': PROFILE_ARN });
    expect(run.code).toBe(1);
    expect(run.errors()[0]).toContain(
      `authenticity check failed: signature is not produced by a trusted signer: no certificate of its chain (root "${signerRoot.subject}") is in trust store(s) signingAuthority:aws-signer-ts.`,
    );
  });

  test('the leaf valid only three days around signing still verifies later (authentic signing time)', async () => {
    const registry = inMemoryRegistry();
    const image = await pushTestImage(registry, 'v1');
    const signedAt = new Date(NOW.getTime() - 30 * DAY);
    await store(registry, image, await awsSignerEnvelope(image, signedAt, { chain: [signerLeaf(signedAt), signerIntermediate, signerRoot] }));
    expect((await verify(registry, awsInputs(`${IMAGE}:v1`))).code).toBe(0);
  });
});
