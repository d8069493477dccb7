/**
 * notation-sign end to end on the loopback testbed, through executeAction as a runner runs it: moto answers ECR's
 * GetAuthorizationToken, the TLS registry with htpasswd stands in for the ECR registry and accepts moto's token, and
 * the image references keep the ECR host (registry-endpoint only changes where requests go). AWS Signer's SignPayload
 * and GetRevocationStatus are doubled with aws-sdk-client-mock (moto has neither); the rest is real.
 */
import { createNotationSign, defaultNotationSignClients } from '../../../src/actions/notation-sign/main.js';
import { createVerifySignature } from '../../../src/actions/verify-signature/main.js';
import { listSignatures } from '../../../src/notation/storage.js';
import { emptyIndex } from '../../../src/oci/manifest.js';
import { MediaType } from '../../../src/oci/media-types.js';
import { referrersTag } from '../../../src/oci/referrers.js';
import { RegistryClient, type RegistryClientOptions } from '../../../src/oci/registry-client.js';
import { describeWithTestbed, httpRegistryClient, need, testbed, tlsRegistryClient, uniqueRepository } from '../../oci/integration/testbed.js';
import { mockAwsSigner, PROFILE_ARN, PROFILE_VERSION_ARN, writeSignerTrustStore } from './support/aws-signer-double.js';
import { pushImageWith, runAction, signingMaterial } from './support/harness.js';
import { tempDir } from '../../support/temp-dir.js';

const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

describeWithTestbed('notation-sign against moto and the TLS registry', () => {
  const material = signingMaterial();
  const endpoint = () => `https://${need(testbed).tls}`;
  const env = () => ({ ...process.env, GITHUB_STEP_SUMMARY: '' });

  test('local key: signs through the ECR login, the token is masked, a second run is a no-op', async () => {
    const repository = uniqueRepository('sign-ecr');
    const image = await pushImageWith(tlsRegistryClient(), repository, 'v1');
    const inputs = { images: `${ECR}/${repository}:v1`, key: 'signing.key', 'certificate-chain': 'chain.pem', 'registry-endpoint': endpoint() };
    const first = await runAction(createNotationSign(), inputs, material.work, env());
    expect(first.errors()).toEqual([]);
    expect(JSON.parse(first.outputs.get('signatures')!)).toEqual([
      { image: `${ECR}/${repository}:v1`, reference: `${ECR}/${repository}@${image.digest}`, digest: image.digest, signatureDigest: first.outputs.get('signature-digest') },
    ]);
    const token = Buffer.from(`AWS:${need(testbed).password}`).toString('base64');
    expect(first.context.secrets.appearsIn(token)).toBe(true);
    expect(first.lines.some((line) => line.message.includes(token))).toBe(false);
    expect(await tlsRegistryClient().listTags(repository)).toEqual(expect.arrayContaining([referrersTag(image.digest)]));

    const second = await runAction(createNotationSign(), inputs, material.work, env());
    expect(second.outputs.get('signature-digest')).toBe(first.outputs.get('signature-digest'));
    expect(second.summary).toContain('already signed by this signer');
    expect(await listSignatures(tlsRegistryClient(), repository, image.digest)).toHaveLength(1);
  });

  test('a signature whose referrers tag entry was lost (another run wrote the tag over it) is signed again, as the README says', async () => {
    const repository = uniqueRepository('sign-lost');
    const client = tlsRegistryClient();
    const image = await pushImageWith(client, repository, 'v1');
    const inputs = { images: `${ECR}/${repository}:v1`, key: 'signing.key', 'certificate-chain': 'chain.pem', 'registry-endpoint': endpoint() };
    const first = await runAction(createNotationSign(), inputs, material.work, env());
    expect(first.errors()).toEqual([]);
    // The other writer's index: read before this signature was added, written after it.
    await client.putManifest(repository, referrersTag(image.digest), { mediaType: MediaType.ociIndex, bytes: new TextEncoder().encode(JSON.stringify(emptyIndex())) });
    expect(await listSignatures(client, repository, image.digest)).toEqual([]);

    const second = await runAction(createNotationSign(), inputs, material.work, env());
    expect(second.errors()).toEqual([]);
    expect(second.summary).not.toContain('already signed by this signer');
    const signatures = await listSignatures(client, repository, image.digest);
    expect(signatures.map((signature) => signature.digest)).toEqual([second.outputs.get('signature-digest')]);
    expect(second.outputs.get('signature-digest')).not.toBe(first.outputs.get('signature-digest'));
  });

  test('20 images of one repository signed at once on docker-registry (no race on the shared empty config blob); a rerun finds every one', async () => {
    const repository = uniqueRepository('sign-many');
    const client = tlsRegistryClient();
    const images = await Promise.all(Array.from({ length: 20 }, (_, i) => pushImageWith(client, repository, `v${i}`)));
    const inputs = { images: images.map((_, i) => `${ECR}/${repository}:v${i}`).join('\n'), key: 'signing.key', 'certificate-chain': 'chain.pem', 'registry-endpoint': endpoint(), concurrency: '20' };
    const run = await runAction(createNotationSign(), inputs, material.work, env());
    expect(run.errors()).toEqual([]);
    const signatures = JSON.parse(run.outputs.get('signatures')!) as Array<{ signatureDigest: string }>;
    expect(signatures).toHaveLength(20);
    // An ECR host is never listed (see the next test): the rerun reads each image's referrers tag index and finds it.
    const rerun = await runAction(createNotationSign(), inputs, material.work, env());
    expect(rerun.errors()).toEqual([]);
    expect((JSON.parse(rerun.outputs.get('signatures')!) as Array<{ signatureDigest: string }>).map((s) => s.signatureDigest)).toEqual(signatures.map((s) => s.signatureDigest));
    expect(rerun.summary.match(/already signed by this signer/g)).toHaveLength(20);
  });

  test('images of one repository on plain docker-registry: one tag listing instead of the index reads, signed images still found', async () => {
    const repository = uniqueRepository('sign-listing');
    const registry = need(testbed).http;
    const images = await Promise.all([0, 1, 2].map((i) => pushImageWith(httpRegistryClient(), repository, `v${i}`)));
    const seen: string[] = [];
    // The action's own clients, with a transport that notes each request (global fetch, to the real docker-registry).
    const clients = {
      ...defaultNotationSignClients,
      registry: (options: RegistryClientOptions) =>
        new RegistryClient({
          ...options,
          fetch: async (url: string, init: RequestInit) => {
            seen.push(`${init.method ?? 'GET'} ${new URL(url).pathname}`);
            return fetch(url, init);
          },
        }),
    };
    const sign = (tags: number[]) =>
      runAction(createNotationSign(clients), { images: tags.map((i) => `${registry}/${repository}:v${i}`).join('\n'), key: 'signing.key', 'certificate-chain': 'chain.pem', 'registry-endpoint': `http://${registry}` }, material.work, env());
    expect((await sign([0])).errors()).toEqual([]);
    seen.length = 0;
    const run = await sign([0, 1, 2]);
    expect(run.errors()).toEqual([]);
    expect(run.summary.match(/already signed by this signer/g)).toHaveLength(1);
    // docker-registry sends every tag whatever `n` asks, with no Link: the listing is complete. v0 has a referrers tag,
    // so its index is read to find its signature; v1 and v2 have none, and theirs is read only before it is extended.
    expect(seen.filter((line) => line.endsWith('/tags/list'))).toHaveLength(1);
    for (const image of images) expect(seen.filter((line) => line === `GET /v2/${repository}/manifests/${referrersTag(image.digest)}`)).toHaveLength(1);
    for (const image of images) expect(await listSignatures(httpRegistryClient(), repository, image.digest)).toHaveLength(1);
  });

  test('AWS Signer: signs, then verify-signature with only the profile ARN passes and outputs the digest', async () => {
    const repository = uniqueRepository('sign-aws');
    const image = await pushImageWith(tlsRegistryClient(), repository, 'v1');
    const signer = mockAwsSigner(() => new Date());
    try {
      const signed = await runAction(
        createNotationSign({ ...defaultNotationSignClients, awsSignerTrust: async (_profile, dir) => writeSignerTrustStore(dir) }),
        { images: `${ECR}/${repository}:v1`, 'signing-profile-arn': PROFILE_ARN, 'registry-endpoint': endpoint() },
        material.work,
        env(),
      );
      expect(signed.errors()).toEqual([]);

      const store = writeSignerTrustStore(tempDir('signer-root'), 'test-aws-signer');
      const verified = await runAction(
        createVerifySignature(),
        { images: `${ECR}/${repository}:v1`, 'trusted-identities': PROFILE_ARN, 'trust-store': store.trustStoreDir, 'registry-endpoint': endpoint() },
        material.work,
        env(),
      );
      expect(verified.errors()).toEqual([]);
      expect(JSON.parse(verified.outputs.get('verified')!)).toEqual([
        expect.objectContaining({ image: `${ECR}/${repository}:v1`, reference: `${ECR}/${repository}@${image.digest}`, identity: PROFILE_VERSION_ARN, level: 'strict' }),
      ]);
      expect(JSON.parse(verified.outputs.get('digests')!)).toEqual([image.digest]);
    } finally {
      signer.restore();
    }
  });
});
