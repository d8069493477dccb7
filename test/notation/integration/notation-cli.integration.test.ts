/**
 * Interoperability with the real `notation` CLI (Debian's notation, unpacked by the testbed), both ways, on the
 * testbed's registries: what `notation sign` stores verifies with verify-signature, what notation-sign stores passes
 * `notation verify`, and a tampered signature fails both. notation gets its own configuration directory (key, trust
 * store, trust policy) per run through XDG_CONFIG_HOME; registry credentials reach it through a docker config file,
 * never through argv. Nothing is doubled here.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { createNotationSign } from '../../../src/actions/notation-sign/main.js';
import { createVerifySignature } from '../../../src/actions/verify-signature/main.js';
import { listSignatures, readSignature, storeSignature } from '../../../src/notation/storage.js';
import { referrersTag } from '../../../src/oci/referrers.js';
import { pushImageWith, runAction, signingMaterial } from '../../actions/notation-sign/support/harness.js';
import { describeWithTestbed, httpRegistryClient, need, testbed, tlsRegistryClient, uniqueRepository } from '../../oci/integration/testbed.js';
import { tempDir } from '../../support/temp-dir.js';

const run = promisify(execFile);

interface NotationResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

describeWithTestbed('interoperability with the notation CLI', () => {
  const material = signingMaterial();
  let home: string;
  let registryHttp: string;
  let registryTls: string;

  /** notation's configuration: the test key as default signing key, the test root as trust store `ca:drydock-test`. */
  function configureNotation(scopes: string[]): void {
    const config = path.join(home, 'notation');
    mkdirSync(path.join(config, 'truststore', 'x509', 'ca', 'drydock-test'), { recursive: true });
    writeFileSync(path.join(config, 'truststore', 'x509', 'ca', 'drydock-test', 'root.pem'), material.chain.root.pem);
    writeFileSync(
      path.join(config, 'signingkeys.json'),
      JSON.stringify({
        default: 'drydock-test',
        keys: [{ name: 'drydock-test', keyPath: path.join(material.work, 'signing.key'), certPath: path.join(material.work, 'chain.pem') }],
      }),
    );
    writeFileSync(
      path.join(config, 'trustpolicy.json'), // this notation build reads trustpolicy.json only
      JSON.stringify({
        version: '1.0',
        trustPolicies: [
          {
            name: 'drydock-interop',
            registryScopes: scopes,
            signatureVerification: { level: 'strict' },
            trustStores: ['ca:drydock-test'],
            trustedIdentities: ['x509.subject:CN=Drydock Test Signer,O=Drydock,ST=WA,C=US'],
          },
        ],
      }),
    );
  }

  async function notation(args: string[]): Promise<NotationResult> {
    const bed = need(testbed);
    try {
      const { stdout, stderr } = await run(path.join(bed.peerBin, 'notation'), args, {
        env: { PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: home, DOCKER_CONFIG: path.join(home, 'docker'), SSL_CERT_FILE: bed.ca },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  const httpEndpoint = () => `http://${registryHttp}`;

  beforeAll(() => {
    const bed = need(testbed);
    registryHttp = bed.http;
    registryTls = bed.tls;
    home = tempDir('notation-home');
    // Credentials for the TLS registry, as `docker login` would have left them.
    mkdirSync(path.join(home, 'docker'));
    writeFileSync(
      path.join(home, 'docker', 'config.json'),
      JSON.stringify({ auths: { [registryTls]: { auth: Buffer.from(`${bed.user}:${bed.password}`).toString('base64') } } }),
      { mode: 0o600 },
    );
  });

  function verifyInputs(image: string, scope: string) {
    return { images: image, 'trust-policy': material.policy('strict', undefined, scope), 'trust-store': 'truststore', 'registry-endpoint': httpEndpoint() };
  }

  test('an image signed by `notation sign` verifies with verify-signature', async () => {
    const repository = uniqueRepository('notation-signed');
    const image = await pushImageWith(httpRegistryClient(), repository, 'v1');
    const reference = `${registryHttp}/${repository}@${image.digest}`;
    configureNotation([`${registryHttp}/${repository}`]);
    const signed = await notation(['sign', '--insecure-registry', '--user-metadata', 'org.example.build=7', reference]);
    expect(signed.stderr).toBe('');
    expect(signed.code).toBe(0);

    const verified = await runAction(createVerifySignature(), verifyInputs(`${registryHttp}/${repository}:v1`, `${registryHttp}/${repository}`), material.work);
    expect(verified.errors()).toEqual([]);
    expect(JSON.parse(verified.outputs.get('verified')!)).toEqual([
      expect.objectContaining({ digest: image.digest, identity: 'CN=Drydock Test Signer,O=Drydock,L=Seattle,ST=WA,C=US', level: 'strict' }),
    ]);
    // What notation stored is the spec's manifest: drydock's reader takes it as it is.
    const [descriptor] = await listSignatures(httpRegistryClient(), repository, image.digest);
    expect(descriptor?.annotations?.['io.cncf.notary.x509chain.thumbprint#S256']).toBe(JSON.stringify(material.chain.chain.map((c) => sha256Hex(c.der))));
  });

  test('an image signed by notation-sign (local key) passes `notation verify`', async () => {
    const repository = uniqueRepository('drydock-signed');
    const image = await pushImageWith(httpRegistryClient(), repository, 'v1');
    const signed = await runAction(
      createNotationSign(),
      { images: `${registryHttp}/${repository}:v1`, key: 'signing.key', 'certificate-chain': 'chain.pem', annotations: 'org.example.build=8', 'registry-endpoint': httpEndpoint() },
      material.work,
    );
    expect(signed.errors()).toEqual([]);
    configureNotation([`${registryHttp}/${repository}`]);
    const verified = await notation(['verify', '--insecure-registry', '--user-metadata', 'org.example.build=8', `${registryHttp}/${repository}@${image.digest}`]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain(`Successfully verified signature for ${registryHttp}/${repository}@${image.digest}`);
  });

  test('a tampered signature fails both `notation verify` and verify-signature', async () => {
    const repository = uniqueRepository('tampered');
    const client = httpRegistryClient();
    const image = await pushImageWith(client, repository, 'v1');
    const signed = await runAction(
      createNotationSign(),
      { images: `${registryHttp}/${repository}:v1`, key: 'signing.key', 'certificate-chain': 'chain.pem', 'registry-endpoint': httpEndpoint() },
      material.work,
    );
    expect(signed.code).toBe(0);
    // The attacker's move: replace the signature with a copy whose signed content changed (the payload now claims
    // other annotations), keeping the certificate chain, and point the referrers index at it alone.
    const [original] = await listSignatures(client, repository, image.digest);
    const stored = await readSignature(client, repository, original!);
    const envelope = JSON.parse(Buffer.from(stored.envelope).toString('utf8')) as { payload: string };
    const payload = JSON.parse(Buffer.from(envelope.payload, 'base64url').toString('utf8')) as { targetArtifact: Record<string, unknown> };
    payload.targetArtifact['annotations'] = { 'org.example.approved': 'true' };
    const forged = Buffer.from(JSON.stringify({ ...envelope, payload: Buffer.from(JSON.stringify(payload)).toString('base64url') }));
    const forgedSignature = await storeSignature({
      client,
      repository,
      subject: image,
      envelope: forged,
      envelopeMediaType: 'application/jose+json',
      certificateThumbprints: material.chain.chain.map((c) => sha256Hex(c.der)),
      created: new Date(),
    });
    await client.putManifest(repository, referrersTag(image.digest), {
      mediaType: 'application/vnd.oci.image.index.v1+json',
      bytes: new TextEncoder().encode(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [forgedSignature.descriptor] })),
    });

    configureNotation([`${registryHttp}/${repository}`]);
    const byNotation = await notation(['verify', '--insecure-registry', `${registryHttp}/${repository}@${image.digest}`]);
    expect(byNotation.code).not.toBe(0);
    expect(byNotation.stderr).toContain(`signature verification failed for all the signatures associated with ${registryHttp}/${repository}@${image.digest}`);

    const byDrydock = await runAction(createVerifySignature(), verifyInputs(`${registryHttp}/${repository}:v1`, `${registryHttp}/${repository}`), material.work);
    expect(byDrydock.code).toBe(1);
    expect(byDrydock.errors()[0]).toContain(
      "integrity check failed: the signature does not verify with the signing certificate's key: the envelope was modified after signing, or was not signed by that certificate.",
    );
  });

  test('an image notation signed with the same key counts as already signed: notation-sign adds no second signature', async () => {
    const repository = uniqueRepository('notation-first');
    const image = await pushImageWith(httpRegistryClient(), repository, 'v1');
    const reference = `${registryHttp}/${repository}@${image.digest}`;
    configureNotation([`${registryHttp}/${repository}`]);
    expect((await notation(['sign', '--insecure-registry', reference])).code).toBe(0);

    const again = await runAction(
      createNotationSign(),
      { images: `${registryHttp}/${repository}:v1`, key: 'signing.key', 'certificate-chain': 'chain.pem', 'registry-endpoint': httpEndpoint() },
      material.work,
    );
    expect(again.errors()).toEqual([]);
    expect(again.summary).toContain('already signed by this signer; not signed again');
    expect(await listSignatures(httpRegistryClient(), repository, image.digest)).toHaveLength(1);
  });

  test('an image notation signed in COSE format passes `notation verify` and fails verify-signature, which says to sign in JWS', async () => {
    const repository = uniqueRepository('notation-cose');
    const image = await pushImageWith(httpRegistryClient(), repository, 'v1');
    const reference = `${registryHttp}/${repository}@${image.digest}`;
    configureNotation([`${registryHttp}/${repository}`]);
    const signed = await notation(['sign', '--insecure-registry', '--signature-format', 'cose', reference]);
    expect(signed.code).toBe(0);
    expect((await notation(['verify', '--insecure-registry', reference])).code).toBe(0);

    const verified = await runAction(createVerifySignature(), verifyInputs(reference, `${registryHttp}/${repository}`), material.work);
    expect(verified.code).toBe(1);
    expect(verified.errors()[0]).toMatch(
      /integrity check failed: COSE signature envelopes \(application\/cose\) are not supported; sign with the JWS envelope \(application\/jose\+json\), which is what AWS Signer and notation produce by default\.$/,
    );
  });

  test('TLS registry with credentials from a docker config file: notation signs, drydock verifies through the ECR login flow', async () => {
    const repository = uniqueRepository('notation-tls');
    const image = await pushImageWith(tlsRegistryClient(), repository, 'v1');
    configureNotation([`${registryTls}/${repository}`]);
    const signed = await notation(['sign', `${registryTls}/${repository}@${image.digest}`]);
    expect(signed.stderr).toBe('');
    expect(signed.code).toBe(0);

    // The same registry seen as ECR: moto hands out the token the TLS registry's htpasswd accepts.
    const ecrImage = `123456789012.dkr.ecr.us-east-1.amazonaws.com/${repository}:v1`;
    const verified = await runAction(
      createVerifySignature(),
      {
        images: ecrImage,
        'trust-policy': material.policy('strict', undefined, `123456789012.dkr.ecr.us-east-1.amazonaws.com/${repository}`),
        'trust-store': 'truststore',
        'registry-endpoint': `https://${registryTls}`,
      },
      material.work,
      process.env,
    );
    expect(verified.errors()).toEqual([]);
    expect(JSON.parse(verified.outputs.get('digests')!)).toEqual([image.digest]);
    const token = Buffer.from(`AWS:${need(testbed).password}`).toString('base64');
    expect(verified.context.secrets.appearsIn(token)).toBe(true);
  });
});

const sha256Hex = (der: Buffer) => createHash('sha256').update(der).digest('hex');
