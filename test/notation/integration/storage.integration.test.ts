/**
 * Signature storage on real wire protocol: the testbed's docker-registry (distribution 2.8, no referrers API, so the
 * referrers tag schema) with oras as an independent reader, and the referrers-API fake (test/support/referrers-fake.ts,
 * on 127.0.0.1) standing in for registries that have the API, such as ECR. notation-sign runs through executeAction
 * against both.
 */
import { createNotationSign } from '../../../src/actions/notation-sign/main.js';
import { listSignatures, readSignature, storeSignature } from '../../../src/notation/storage.js';
import { referrersTag } from '../../../src/oci/referrers.js';
import { RegistryClient } from '../../../src/oci/registry-client.js';
import { pushImageWith, runAction, signingMaterial } from '../../actions/notation-sign/support/harness.js';
import { describeWithTestbed, httpRegistryClient, need, oras, testbed, uniqueRepository } from '../../oci/integration/testbed.js';
import { startReferrersFake, type ReferrersFake } from '../../support/referrers-fake.js';

const ENVELOPE = Buffer.from('{"payload":"e30","protected":"e30","header":{},"signature":"AA"}');
const SIGNATURE_TYPE = 'application/vnd.cncf.notary.signature';

describeWithTestbed('signature storage on docker-registry 2.8 (referrers tag schema)', () => {
  test('the signature is indexed under sha256-<hex>, oras discovers it, drydock reads it back', async () => {
    const bed = need(testbed);
    const client = httpRegistryClient();
    const repository = uniqueRepository('storage-tag');
    const image = await pushImageWith(client, repository, 'v1');
    const stored = await storeSignature({
      client,
      repository,
      subject: image,
      envelope: ENVELOPE,
      envelopeMediaType: 'application/jose+json',
      certificateThumbprints: ['ab'.repeat(32)],
      created: new Date('2026-03-04T05:06:07Z'),
    });
    expect(stored.indexedBy).toBe('referrers-tag');
    expect(await client.listTags(repository)).toEqual(expect.arrayContaining([referrersTag(image.digest)]));
    expect(await listSignatures(client, repository, image.digest)).toEqual([stored.descriptor]);
    expect(Buffer.from((await readSignature(client, repository, stored.descriptor)).envelope).equals(ENVELOPE)).toBe(true);

    const discovered = await oras(['discover', '--plain-http', '--distribution-spec', 'v1.1-referrers-tag', '--artifact-type', SIGNATURE_TYPE, '--format', 'json', `${bed.http}/${repository}@${image.digest}`]);
    if (discovered !== undefined) {
      const referrers = (JSON.parse(discovered) as { referrers?: Array<{ digest: string; artifactType: string }> }).referrers ?? [];
      expect(referrers.map((r) => [r.digest, r.artifactType])).toEqual([[stored.descriptor.digest, SIGNATURE_TYPE]]);
    }
  });
});

describeWithTestbed('signature storage on a registry with the referrers API (fake on 127.0.0.1)', () => {
  let fake: ReferrersFake;
  beforeAll(async () => {
    fake = await startReferrersFake({ referrersApi: true, sendSubjectHeader: true, applyArtifactTypeFilter: true });
  });
  afterAll(() => fake.close());

  const client = () => new RegistryClient({ registry: fake.host, insecureHttp: true, retry: { attempts: 1 } });

  test('the registry indexes the signature; no tag is written unless force-referrers-tag asks for it', async () => {
    const repository = 'team/api';
    const image = await pushImageWith(client(), repository, 'v1');
    const viaApi = await storeSignature({ client: client(), repository, subject: image, envelope: ENVELOPE, envelopeMediaType: 'application/jose+json', certificateThumbprints: [], created: new Date() });
    expect(viaApi.indexedBy).toBe('referrers-api');
    expect(fake.registry.tags(repository)).toEqual(['v1']);
    expect(await listSignatures(client(), repository, image.digest)).toEqual([expect.objectContaining({ digest: viaApi.descriptor.digest, artifactType: SIGNATURE_TYPE })]);

    const forced = await storeSignature({
      client: client(),
      repository,
      subject: image,
      envelope: Buffer.from(`${ENVELOPE.toString()} `),
      envelopeMediaType: 'application/jose+json',
      certificateThumbprints: [],
      created: new Date(),
      forceReferrersTag: true,
    });
    expect(forced.indexedBy).toBe('referrers-tag');
    expect(fake.registry.tags(repository)).toEqual([referrersTag(image.digest), 'v1']);
    expect((await listSignatures(client(), repository, image.digest)).map((d) => d.digest).sort()).toEqual([viaApi.descriptor.digest, forced.descriptor.digest].sort());
  });

  test('notation-sign through executeAction: the summary says the registry indexes it', async () => {
    const material = signingMaterial();
    const repository = uniqueRepository('api-sign');
    const image = await pushImageWith(client(), repository, 'v1');
    const signed = await runAction(
      createNotationSign(),
      { images: `${fake.host}/${repository}:v1`, key: 'signing.key', 'certificate-chain': 'chain.pem', 'registry-endpoint': `http://${fake.host}` },
      material.work,
    );
    expect(signed.errors()).toEqual([]);
    expect(signed.summary).toContain('signed; stored, indexed by the registry (referrers API)');
    expect((await listSignatures(client(), repository, image.digest)).map((d) => d.digest)).toEqual([signed.outputs.get('signature-digest')]);
  });
});
